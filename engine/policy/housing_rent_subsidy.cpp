// The `housing_rent_subsidy` policy (住房租赁补贴): a monthly rent subsidy for every targeted talent,
// paid with the salary while the policy runs; it lowers the housing cost the pay process charges.
#include "policy/policy_registry.h"

namespace kunlun {

namespace {

class HousingRentSubsidy final : public Policy {
 public:
  HousingRentSubsidy(const PolicyEntry& e, double monthly_cny) : Policy(e.common), monthly_(monthly_cny) {}

  void write_levers(LeverTable& levers, YearMonth) const override {
    // Nothing at all for a zero subsidy: the run stays byte-identical to the baseline.
    if (monthly_ <= 0) return;
    target().add_to(levers, Lever::housing_benefit_cny, static_cast<float>(monthly_));
  }

  // Paid to every targeted talent the pay process paid this month. The headcount is counted every
  // month whether the policy runs or not, so the dates decide.
  void book_costs(const CostBasis& basis, CostLedger& ledger, YearMonth month) const override {
    if (!active(month)) return;
    book_per_unit(basis.headcount, basis, monthly_, ledger);
  }

 private:
  double monthly_;
};

}  // namespace

PolicyType housing_rent_subsidy_type() {
  return {"housing_rent_subsidy",
          "a monthly rent subsidy, CNY, for every targeted talent while the policy runs",
          {{.key = "monthly_cny",
            .unit = "CNY a month",
            .min = 0,
            .max = 100000,
            .meaning = "the subsidy per targeted talent and month, subtracted from the housing cost (compare "
                       "behaviour.pay.market_rent_cny); 0: the policy changes nothing",
            .evidence = kPolicyDesign}},
          [](const PolicyEntry& e) -> std::unique_ptr<Policy> {
            return std::make_unique<HousingRentSubsidy>(e, e.values.number("monthly_cny"));
          }};
}

}  // namespace kunlun
