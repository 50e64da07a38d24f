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

double felt_income(double gross, double housing, double grant_monthly, double support, double threshold) {
  const double unfelt = std::clamp(support, 0.0, std::max(threshold, 0.0));
  return std::max(gross - housing + grant_monthly - unfelt, 0.2 * gross);
}

void Pay::prepare(StepContext& ctx) {
  const std::size_t cells = ctx.basis.headcount.size();
  heads_.resize(static_cast<std::size_t>(ctx.tallies.threads()));
  for (auto& part : heads_) part.assign(2 * cells, 0);
  // Gross pay before top-ups by county x title x employer, and market rent by county, once a
  // month (adding the top-up, or taking the benefits, later gives the same bits).
  const PayParams& pay = ctx.scenario.behaviour.pay;
  const int counties = ctx.regions.county_count();
  gross_before_top_up_.resize(static_cast<std::size_t>(counties) * kTitles * kEmployers);
  rent_.resize(static_cast<std::size_t>(counties));
  for (int c = 0; c < counties; ++c) {
    const Region& region = ctx.regions.county(c);
    for (int t = 0; t < kTitles; ++t)
      for (int e = 0; e < kEmployers; ++e)
        gross_before_top_up_[(static_cast<std::size_t>(c) * kTitles + t) * kEmployers + e] =
            gross_pay(pay, region, static_cast<Title>(t), static_cast<Employer>(e), 0.0f);
    rent_[static_cast<std::size_t>(c)] = housing_cost(pay, region, 0.0f, 0.0f);
  }
}

void Pay::visit(StepContext& ctx, AgentBlock block) {
  AgentStore& a = ctx.agents;
  const auto& risk = ctx.scenario.behaviour.utility.income_risk_by_employer;
  const LeverTable& levers = ctx.levers;
  const ClassLayout layout = levers.layout();
  const int today = ctx.date.index();
  const double threshold_share = ctx.scenario.behaviour.utility.support_threshold_share;
  const float* top_up = levers.data(Lever::pay_top_up_cny);
  const float* benefit = levers.data(Lever::housing_benefit_cny);
  const float* discount = levers.data(Lever::apartment_discount_cny);
  const std::size_t cells = ctx.basis.headcount.size();
  std::int32_t* heads = heads_[static_cast<std::size_t>(block.thread)].data();
  std::int32_t* at_risk = heads + cells;
  for (std::int64_t i = block.begin; i < block.end; ++i) {
    if (a.status[i] != AgentStatus::active) continue;
    const int county = a.county[i];
    const int title = a.title[i], employer = a.employer[i];
    const std::size_t cell = layout.cell(county, a.field[i], a.level[i], title, a.origin[i]);
    const double base = gross_before_top_up_[(static_cast<std::size_t>(county) * kTitles + title) * kEmployers + employer];
    const double gross = base + top_up[cell];
    const float housed = (a.flags[i] & agent_flag::apartment) ? discount[cell] : 0.0f;
    const double housing = rent_[static_cast<std::size_t>(county)] - benefit[cell] - housed;
    double grant = 0.0;
    if (a.grant_cny[i] > 0 && today - a.grant_month[i] < a.grant_vesting_months[i])
      grant = grant_monthly_value(a.grant_cny[i], a.grant_vesting_months[i]);
    // Without support the felt income is the net income (bit for bit: nothing is subtracted).
    const double support = static_cast<double>(top_up[cell]) + benefit[cell] + housed + grant;
    a.net_income[i] = static_cast<float>(support > 0 && threshold_share > 0
                                             ? felt_income(gross, housing, grant, support, threshold_share * base)
                                             : net_income(gross, housing, grant));
    ++heads[cell];
    if (risk[static_cast<std::size_t>(employer)] > 0) ++at_risk[cell];
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

// The factory its line in the schedule names (model/schedule.cpp).
std::unique_ptr<Process> make_pay() { return std::make_unique<Pay>(); }

}  // namespace kunlun
