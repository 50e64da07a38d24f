#include "model/entrepreneurship.h"

#include <omp.h>

#include <cmath>

#include "model/personal_traits.h"
#include "model/selection.h"

namespace kunlun {

void Entrepreneurship::run(StepContext& ctx) {
  AgentStore& a = ctx.agents;
  const EntrepreneurshipParams& p = ctx.scenario.behaviour.entrepreneurship;
  const LeverTable& levers = ctx.levers;
  const int classes = levers.classes();
  const int today = ctx.date.index();
  const float* loan_amount = levers.data(Lever::loan_amount_cny);
  const float* loan_term = levers.data(Lever::loan_term_months);
  const float* failure_shift = levers.data(Lever::venture_failure_log_odds);
  const double start_base = log_odds(monthly_probability(p.annual_start_rate));
  const double failure_base = log_odds(monthly_probability(p.annual_failure_rate));
  const int min_age = static_cast<int>(std::lround(p.min_age_years * 12)),
            max_age = static_cast<int>(std::lround(p.max_age_years * 12));
  std::int64_t* balance = ctx.basis.loan_balance_cny.data();

  // Equity funds pick this month's investments among ventures in their targets not yet funded.
  for (const SelectionOrder& order : levers.selections) {
    if (order.kind != SelectionOrder::Kind::invest) continue;
    const auto chosen = select_for_order(ctx, order, [&](std::int64_t i) {
      return a.employer[i] == static_cast<std::uint8_t>(Employer::venture) && !a.has(i, agent_flag::funded);
    });
    for (std::int64_t i : chosen) a.flags[i] |= agent_flag::funded;
  }

  const std::int64_t n = static_cast<std::int64_t>(a.size());
#pragma omp parallel for schedule(static)
  for (std::int64_t i = 0; i < n; ++i) {
    if (a.status[i] != AgentStatus::active) continue;
    const auto origin = static_cast<Origin>(a.origin[i]);
    if (origin == Origin::paired_cadre || origin == Origin::flexible) continue;
    const std::size_t cell = static_cast<std::size_t>(a.county[i]) * classes +
                             agent_class(a.field[i], a.level[i], a.title[i], a.origin[i]);
    if (a.employer[i] == static_cast<std::uint8_t>(Employer::venture)) {
      const double x = failure_base + (a.has(i, agent_flag::funded) ? failure_shift[cell] : 0.0f);
      if (ctx.rng.uniform(a.id[i], ctx.step, Purpose::venture_failure) < logistic(x)) {
        // Back to employment; an outstanding loan is written off (its expected loss is booked
        // monthly by the lending policy while it runs).
        a.employer[i] = static_cast<std::uint8_t>(Employer::enterprise);
        a.flags[i] = static_cast<std::uint8_t>(a.flags[i] & ~(agent_flag::loan | agent_flag::funded));
        a.loan_cny[i] = 0;
        continue;
      }
      if (a.has(i, agent_flag::loan) && today >= a.loan_until[i]) {
        a.flags[i] = static_cast<std::uint8_t>(a.flags[i] & ~agent_flag::loan);
        a.loan_cny[i] = 0;
      }
    } else if (today >= a.bond_until[i] && a.age_months[i] >= min_age && a.age_months[i] < max_age) {
      const double loan = loan_amount[cell];
      const double x = start_base + p.loan_log_odds_per_ln_100k * std::log1p(loan / 100000.0);
      if (ctx.rng.uniform(a.id[i], ctx.step, Purpose::venture_start) < logistic(x)) {
        a.employer[i] = static_cast<std::uint8_t>(Employer::venture);
        a.venture_month[i] = today;
        if (loan > 0) {
          a.flags[i] |= agent_flag::loan;
          a.loan_cny[i] = static_cast<std::int32_t>(std::lround(loan));
          a.loan_until[i] = today + static_cast<int>(std::lround(loan_term[cell]));
        }
      }
    }
    if (a.has(i, agent_flag::loan)) {
#pragma omp atomic
      balance[cell] += a.loan_cny[i];
    }
  }
}

}  // namespace kunlun
