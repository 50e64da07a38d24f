// Policies of several types at once: every amount at zero changes nothing and costs nothing.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "model/simulation.h"
#include "policy/policy_registry.h"
#include "scenario/scenario.h"
#include "testing/policy_testing.h"
#include "testing/scenario_run_testing.h"

using namespace kunlun;
using kunlun::testing::run;
using kunlun::testing::baseline;
using kunlun::testing::expect_identical;
namespace fs = std::filesystem;

namespace {

const std::string kSmall = std::string(KUNLUN_TEST_DATA) + "/sim/small.yaml";

// A scenario file extending the small test scenario with `extra` top-level text (behaviour
// overrides) and `policies` text.
fs::path variant(const std::string& name, const std::string& policies, const std::string& extra = "") {
  return kunlun::testing::scenario_variant("kunlun-housing-test", name, extra + "policies:\n" + policies);
}

}  // namespace

TEST(HousingPolicies, EveryAmountZeroIsByteIdenticalToTheBaselineAndCostsNothing) {
  // Each type with its amount at 0 and every other key at a working value, so that only the zero
  // amount keeps it from acting; plus a grant nobody takes up and apartments without a discount.
  const fs::path file = variant("zero", R"(  rent:
    type: housing_rent_subsidy
    monthly_cny: 0
  buy:
    type: housing_purchase_subsidy
    target: {regions: [xining]}
    grant_cny: 0
    vesting_years: 5
    clawback_share: 0.5
    annual_uptake: 0.3
  buy_unclaimed:
    type: housing_purchase_subsidy
    target: {regions: [haidong]}
    grant_cny: 100000
    vesting_years: 5
    clawback_share: 0.5
    annual_uptake: 0
  flats:
    type: talent_apartments
    target: {regions: [xining]}
    units: 0
    rent_discount_cny: 800
    priority: level
  flats_full_rent:
    type: talent_apartments
    target: {regions: [haidong]}
    units: 500
    rent_discount_cny: 0
  top:
    type: hardship_allowance
    monthly_cny: 0
  top_by_class:
    type: hardship_allowance
    monthly_cny_by_class: {class_1: 0, class_6: 0}
)");
  const auto base = run(kSmall);
  const auto policy = run(file);
  ASSERT_EQ(base.size(), policy.size());
  for (std::size_t m = 0; m < base.size(); ++m) {
    ASSERT_EQ(base[m].stock, policy[m].stock) << "month " << m;
    ASSERT_EQ(base[m].flows.counts, policy[m].flows.counts) << "month " << m;
    ASSERT_EQ(policy[m].costs.policies(), 7);
    for (int p = 0; p < policy[m].costs.policies(); ++p) ASSERT_EQ(policy[m].costs.policy_total(p), 0.0) << "month " << m;
  }
}

TEST(FinancePolicies, ZeroAmountsAreByteIdenticalToTheBaseline) {
  const fs::path file = kunlun::testing::scenario_variant("kunlun-finance-test", "finance_zero", R"(policies:
  loan:
    type: talent_loan
    target: {regions: [yushu]}
    amount_cny: 0
    interest_discount: 0.5
    default_rate: 0.05
    government_loss_share: 0.8
    term_years: 3
  insure:
    type: talent_insurance
    premium_subsidy_cny: 0
    risk_relief: 0
)");
  const auto out = run(file);
  expect_identical(out, baseline());
  for (const StepResult& s : out) EXPECT_EQ(s.costs.policy_total(0) + s.costs.policy_total(1), 0.0);
}
