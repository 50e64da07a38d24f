// The `housing_rent_subsidy` policy (住房租赁补贴): a monthly rent subsidy for every targeted talent,
// paid with the salary while the policy runs; it lowers the housing cost the pay process charges.
#include "policy/policy_registry.h"
#include "scenario/schema.h"

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
          {"monthly_cny"},
          [](const PolicyEntry& e) -> std::unique_ptr<Policy> {
            const ConfigReader entry(e.spec.params, e.key);
            const std::string hint =
                "monthly_cny is the subsidy per targeted talent and month, CNY, 0 to 100000 "
                "(market rent at housing-cost level 1 is " +
                format_number(e.scenario.behaviour.pay.market_rent_cny) + ")";
            if (!entry.find("monthly_cny"))
              throw InputError(entry.key_where("monthly_cny"), entry.key("monthly_cny"), "missing required key", hint);
            const double v = entry.number("monthly_cny");
            if (v < 0 || v > 100000)
              throw InputError(entry.get("monthly_cny").where(), entry.key("monthly_cny"),
                               format_number(v) + " is out of range: must be between 0 and 100000", hint);
            return std::make_unique<HousingRentSubsidy>(e, v);
          }};
}

}  // namespace kunlun
