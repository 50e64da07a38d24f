#include "model/pay.h"

#include <algorithm>

namespace kunlun {

double gross_pay(const PayParams& pay, const Region& county, Title title, Employer employer, float top_up) {
  return pay.base_monthly_cny[static_cast<std::size_t>(title)] *
             pay.employer_factor[static_cast<std::size_t>(employer)] * county.wage_level +
         pay.hardship_allowance_cny[static_cast<std::size_t>(county.hardship_class)] + top_up;
}

double housing_cost(const PayParams& pay, const Region& county, float benefit, float apartment_discount) {
  return pay.market_rent_cny * county.housing_cost_level - benefit - apartment_discount;
}

double grant_monthly_value(double grant_cny, double vesting_months) {
  return grant_cny > 0 ? grant_cny / std::max(vesting_months, 1.0) : 0.0;
}

double net_income(double gross, double housing, double grant_monthly) {
  return std::max(gross - housing + grant_monthly, 0.2 * gross);
}

void Pay::prepare(StepContext& ctx) {
  const std::size_t cells = ctx.basis.headcount.size();
  heads_.resize(static_cast<std::size_t>(ctx.tallies.threads()));
  for (auto& part : heads_) part.assign(2 * cells, 0);
}

void Pay::visit(StepContext& ctx, AgentBlock block) {
  AgentStore& a = ctx.agents;
  const PayParams& pay = ctx.scenario.behaviour.pay;
  const auto& risk = ctx.scenario.behaviour.utility.income_risk_by_employer;
  const RegionTable& regions = ctx.regions;
  const LeverTable& levers = ctx.levers;
  const int classes = levers.classes();
  const int today = ctx.date.index();
  const float* top_up = levers.data(Lever::pay_top_up_cny);
  const float* benefit = levers.data(Lever::housing_benefit_cny);
  const float* discount = levers.data(Lever::apartment_discount_cny);
  const std::size_t cells = ctx.basis.headcount.size();
  std::vector<std::int32_t>& mine = heads_[static_cast<std::size_t>(block.thread)];
  for (std::int64_t i = block.begin; i < block.end; ++i) {
    if (a.status[i] != AgentStatus::active) continue;
    const int county = a.county[i];
    const int cls = agent_class(a.field[i], a.level[i], a.title[i], a.origin[i]);
    const std::size_t cell = static_cast<std::size_t>(county) * classes + cls;
    const Region& region = regions.county(county);
    const auto employer = static_cast<Employer>(a.employer[i]);
    const double gross = gross_pay(pay, region, static_cast<Title>(a.title[i]), employer, top_up[cell]);
    const float housed = a.has(i, agent_flag::apartment) ? discount[cell] : 0.0f;
    const double housing = housing_cost(pay, region, benefit[cell], housed);
    const bool vesting = a.grant_cny[i] > 0 && today - a.grant_month[i] < a.grant_vesting_months[i];
    const double grant = vesting ? grant_monthly_value(a.grant_cny[i], a.grant_vesting_months[i]) : 0.0;
    a.net_income[i] = static_cast<float>(net_income(gross, housing, grant));
    ++mine[cell];
    if (risk[static_cast<std::size_t>(employer)] > 0) ++mine[cells + cell];
  }
}

void Pay::finish(StepContext& ctx) {
  CostBasis& basis = ctx.basis;
  const std::size_t cells = basis.headcount.size();
  for (const auto& part : heads_)
    for (std::size_t k = 0; k < cells; ++k) {
      basis.headcount[k] += part[k];
      basis.at_risk_headcount[k] += part[cells + k];
    }
}

}  // namespace kunlun
