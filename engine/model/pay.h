// Process 4, pay: each agent's monthly income from its title, employer, county wage level,
// hardship-allowance class and policy top-ups, net of housing cost and housing benefits. Also
// counts who was paid, the basis of per-head policy costs.
#pragma once

#include <cstdint>
#include <vector>

#include "model/process.h"

namespace kunlun {

// Gross monthly pay, CNY, before housing.
double gross_pay(const PayParams& pay, const Region& county, Title title, Employer employer, float top_up);
// Monthly housing cost net of the rent subsidy and of an apartment discount when housed there.
double housing_cost(const PayParams& pay, const Region& county, float benefit, float apartment_discount);
// Monthly value of a vesting home-purchase grant: the grant spread over its vesting months.
double grant_monthly_value(double grant_cny, double vesting_months);
// Net income is floored at a fifth of gross pay (a talent never pays more than it earns for a
// home: it would rent a cheaper one).
double net_income(double gross, double housing, double grant_monthly);
// The income a talent weighs: net income less the part of its policy support (top-ups, housing
// benefits, apartment discounts and the monthly value of a grant, all in `support`) that is not
// felt, at most `threshold` (support_threshold_share x base pay); floored as net income is.
double felt_income(double gross, double housing, double grant_monthly, double support, double threshold);

class Pay final : public Process {
 public:
  std::string_view name() const override { return "pay"; }
  bool visits_agents(const StepContext&) const override { return true; }
  void prepare(StepContext& ctx) override;
  void visit(StepContext& ctx, AgentBlock block) override;
  void finish(StepContext& ctx) override;

 private:
  // Per thread: headcount and at-risk headcount by county x class, summed in finish.
  std::vector<std::vector<std::int32_t>> heads_;
  // This month, by county x title x employer: gross pay before top-ups; by county: market rent.
  std::vector<double> gross_before_top_up_, rent_;
};

}  // namespace kunlun
