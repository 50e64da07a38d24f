// The `talent_insurance` policy (人才保险): a subsidised income insurance for targeted enterprise and
// venture talents, which removes a share of the income risk they weigh when deciding to stay.
#include "policy/policy_registry.h"

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

}  // namespace

PolicyType talent_insurance_type() {
  return {"talent_insurance",
          "subsidises an income insurance for targeted enterprise and venture talents, removing a share of "
          "the income-risk weight in their decision to stay",
          {{.key = "premium_subsidy_cny",
            .unit = "CNY a month",
            .min = 0,
            .max = 100000,
            .meaning = "the premium the government pays per insured talent and month",
            .evidence = kPolicyDesign},
           {.key = "risk_relief",
            .unit = "share",
            .min = 0,
            .max = 1,
            .meaning = "the share of the income-risk weight the insurance removes (1: as secure as an "
                       "institution post)",
            .evidence = kAssumption,
            .uncertainty = uniform(0, 1, "how much of the income risk an insurance removes is not measured: anything from none to all")}},
          [](const PolicyEntry& e) -> std::unique_ptr<Policy> {
            return std::make_unique<TalentInsurance>(e, e.values.number("premium_subsidy_cny"),
                                                     e.values.number("risk_relief"));
          }};
}

}  // namespace kunlun
