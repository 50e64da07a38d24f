// The `talent_insurance` policy (人才保险): a subsidised income insurance for targeted enterprise and
// venture talents, which removes a share of the income risk they weigh when deciding to stay.
#include "policy/policy_parameters.h"
#include "policy/policy_registry.h"
#include "scenario/schema.h"

namespace kunlun {

namespace {

class TalentInsurance final : public Policy {
 public:
  TalentInsurance(const PolicyEntry& e, double premium_cny, double relief)
      : Policy(e.common), premium_(premium_cny), relief_(relief) {}

  void write_levers(LeverTable& levers, YearMonth) const override {
    if (relief_ > 0) target().add_to(levers, Lever::income_risk_relief, static_cast<float>(relief_));
  }

  // The premium is paid for every insured talent each month the policy runs; the at-risk
  // headcount is counted every month, so an ended policy must check that it is still active.
  void book_costs(const CostBasis& basis, CostLedger& ledger, YearMonth month) const override {
    if (!active(month)) return;
    book_per_unit(basis.at_risk_headcount, basis, premium_, ledger);
  }

 private:
  double premium_, relief_;
};

double required_in(const ConfigReader& entry, const char* name, double lo, double hi, const std::string& hint) {
  return policy_number(entry, name, {lo, hi}, hint,
                       "a talent_insurance needs premium_subsidy_cny and risk_relief");
}

}  // namespace

PolicyType talent_insurance_type() {
  return {"talent_insurance",
          "subsidises an income insurance for targeted enterprise and venture talents, removing a share of "
          "the income-risk weight in their decision to stay",
          {"premium_subsidy_cny", "risk_relief"},
          [](const PolicyEntry& e) -> std::unique_ptr<Policy> {
            const ConfigReader entry(e.spec.params, e.key);
            const double premium = required_in(entry, "premium_subsidy_cny", 0, 100000,
                                               "premium_subsidy_cny is the monthly premium subsidy, CNY, per "
                                               "insured talent");
            const double relief = required_in(entry, "risk_relief", 0, 1,
                                              "risk_relief is the share of the income-risk weight the insurance "
                                              "removes, 0 to 1 (1: as secure as an institution post)");
            return std::make_unique<TalentInsurance>(e, premium, relief);
          }};
}

}  // namespace kunlun
