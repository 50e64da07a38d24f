// The `housing_purchase_subsidy` policy (购房补贴): a lump sum towards buying a home, claimed by a
// yearly share of targeted talents, earned linearly over a vesting period and partly recovered
// from those who leave their county before it ends.
#include <cmath>

#include "policy/policy_registry.h"

namespace kunlun {

namespace {

class HousingPurchaseSubsidy final : public Policy {
 public:
  HousingPurchaseSubsidy(const PolicyEntry& e, double grant_cny, double vesting_months, double clawback_share,
                         double annual_uptake)
      : Policy(e.common),
        grant_(grant_cny),
        vesting_months_(vesting_months),
        clawback_(clawback_share),
        uptake_(annual_uptake) {}

  void write_levers(LeverTable& levers, YearMonth) const override {
    // A grant of 0, or one nobody takes up, changes nothing: write nothing, so that the run stays
    // byte-identical to the baseline whatever the other keys say.
    if (grant_ <= 0 || uptake_ <= 0) return;
    target().add_to(levers, Lever::purchase_grant_cny, static_cast<float>(grant_));
    target().add_to(levers, Lever::purchase_vesting_months, static_cast<float>(vesting_months_));
    target().add_to(levers, Lever::purchase_clawback_share, static_cast<float>(clawback_));
    target().add_to(levers, Lever::purchase_uptake, static_cast<float>(uptake_));
  }

  // Grants are paid when claimed (only while the policy runs), clawbacks come in whenever a
  // grant holder leaves early (also after the policy ended): book both every month, net.
  void book_costs(const CostBasis& basis, CostLedger& ledger, YearMonth) const override {
    for (int c = 0; c < basis.layout.counties; ++c) {
      if (!target().county[static_cast<std::size_t>(c)]) continue;
      std::int64_t net = 0;
      for (int k = 0; k < basis.layout.classes(); ++k)
        if (target().reaches_class(k)) {
          const std::size_t cell = basis.index(c, k);
          net += basis.grants_paid_cny[cell] - basis.clawed_back_cny[cell];
        }
      if (net != 0) ledger.book(position(), c, static_cast<double>(net));
    }
  }

  // Grants are found by cell: two purchase policies reaching one cell could not be told apart.
  bool holds_agent_state() const override { return true; }

 private:
  double grant_, vesting_months_, clawback_, uptake_;
};

}  // namespace

PolicyType housing_purchase_subsidy_type() {
  return {"housing_purchase_subsidy",
          "a lump sum towards buying a home for targeted talents, vesting linearly, partly recovered from "
          "early leavers",
          {{.key = "grant_cny",
            .unit = "CNY",
            .min = 0,
            .max = 1e7,
            .meaning = "the lump sum paid once to a talent who buys a home; 0: the policy changes nothing",
            .evidence = kPolicyDesign},
           // The grant's worth to a talent is spread over its vesting period (docs/ODD.md), so the
           // period must be at least a month.
           {.key = "vesting_years",
            .unit = "years",
            .min = 0.1,
            .max = 30,
            .meaning = "how long a talent must stay in its county to earn the whole grant, earned linearly and "
                       "rounded to whole months (0.1 is about a month); the grant's monthly worth to a talent is the "
                       "grant spread over this period",
            .evidence = kPolicyDesign},
           {.key = "clawback_share",
            .unit = "share",
            .min = 0,
            .max = 1,
            .meaning = "the share of the unearned part recovered from a talent who leaves its county early (0: nothing, 1: "
                       "all of it)",
            .evidence = kPolicyDesign},
           {.key = "annual_uptake",
            .unit = "share a year",
            .min = 0,
            .max = 1,
            .meaning = "the yearly share of targeted talents without a grant who buy a home and claim it "
                       "(0.05: 5% a year); 0: the policy changes nothing",
            .evidence = kAssumption,
            .uncertainty = times_value(log_uniform(0.5, 2, "no uptake of purchase grants was found; half to twice the written uptake"))}},
          [](const PolicyEntry& e) -> std::unique_ptr<Policy> {
            const PolicyValues& v = e.values;
            return std::make_unique<HousingPurchaseSubsidy>(e, v.number("grant_cny"),
                                                            std::round(v.number("vesting_years") * 12.0),
                                                            v.number("clawback_share"), v.number("annual_uptake"));
          }};
}

}  // namespace kunlun
