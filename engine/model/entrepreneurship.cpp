#include "model/entrepreneurship.h"

#include <cmath>

#include "model/personal_traits.h"
#include "model/selection.h"

namespace kunlun {

bool Entrepreneurship::acts_on_population(const StepContext& ctx) const {
  for (const SelectionOrder& order : ctx.levers.selections)
    if (order.kind == SelectionOrder::Kind::invest) return true;
  return false;
}

void Entrepreneurship::act_on_population(StepContext& ctx) {
  // Equity funds pick this month's investments among ventures in their targets not yet funded.
  AgentStore& a = ctx.agents;
  for (const SelectionOrder& order : ctx.levers.selections) {
    if (order.kind != SelectionOrder::Kind::invest) continue;
    const auto chosen = select_for_order(ctx, order, [&](std::int64_t i) {
      return a.employer[i] == static_cast<std::uint8_t>(Employer::venture) && !a.has(i, agent_flag::funded);
    });
    for (std::int64_t i : chosen) a.flags[i] |= agent_flag::funded;
  }
}

void Entrepreneurship::prepare(StepContext& ctx) {
  const EntrepreneurshipParams& p = ctx.scenario.behaviour.entrepreneurship;
  const LeverTable& levers = ctx.levers;
  const double start_base = log_odds(monthly_probability(p.annual_start_rate));
  const double failure_base = log_odds(monthly_probability(p.annual_failure_rate));
  const std::size_t cells = levers.layout().cells();
  const float* loan_amount = levers.data(Lever::loan_amount_cny);
  const float* failure_shift = levers.data(Lever::venture_failure_log_odds);
  // Cells without a lever share the base chance: only targeted cells need their own logistic.
  const double start = logistic(start_base), failure = logistic(failure_base);
  start_chance_.assign(cells, start);
  failure_chance_.assign(cells, failure);
  funded_failure_chance_.assign(cells, failure);
  for (std::size_t k = 0; k < cells; ++k) {
    if (loan_amount[k] != 0.0f)
      start_chance_[k] = logistic(start_base + p.loan_log_odds_per_ln_100k * std::log1p(loan_amount[k] / 100000.0));
    if (failure_shift[k] != 0.0f) funded_failure_chance_[k] = logistic(failure_base + failure_shift[k]);
  }
}

void Entrepreneurship::visit(StepContext& ctx, AgentBlock block) {
  AgentStore& a = ctx.agents;
  const EntrepreneurshipParams& p = ctx.scenario.behaviour.entrepreneurship;
  const LeverTable& levers = ctx.levers;
  const ClassLayout layout = levers.layout();
  const int today = ctx.date.index();
  const float* loan_amount = levers.data(Lever::loan_amount_cny);
  const float* loan_term = levers.data(Lever::loan_term_months);
  const int min_age = static_cast<int>(std::lround(p.min_age_years * 12)),
            max_age = static_cast<int>(std::lround(p.max_age_years * 12));
  std::int64_t* balance = ctx.basis.loan_balance_cny.data();
  // One draw per agent, in a batch: a failure draw for an owner, a start draw for the others.
  const auto n = static_cast<std::size_t>(block.end - block.begin);
  std::uint32_t tags[kBlockAgents], draw[kBlockAgents];
  const std::uint32_t failure_tag = KeyedRng::tag(Purpose::venture_failure), start_tag = KeyedRng::tag(Purpose::venture_start);
  const std::uint8_t* employer = a.employer.data() + block.begin;
  for (std::size_t k = 0; k < n; ++k)
    tags[k] = employer[k] == static_cast<std::uint8_t>(Employer::venture) ? failure_tag : start_tag;
  ctx.rng.first_words(a.id.data() + block.begin, ctx.step, tags, 0, draw, n);
  for (std::int64_t i = block.begin; i < block.end; ++i) {
    if (a.status[i] != AgentStatus::active) continue;
    const auto origin = static_cast<Origin>(a.origin[i]);
    if (origin == Origin::paired_cadre || origin == Origin::flexible) continue;
    const std::size_t cell = layout.cell(a.county[i], a.field[i], a.level[i], a.title[i], a.origin[i]);
    if (a.employer[i] == static_cast<std::uint8_t>(Employer::venture)) {
      const double chance = a.has(i, agent_flag::funded) ? funded_failure_chance_[cell] : failure_chance_[cell];
      if (KeyedRng::to_unit(draw[i - block.begin]) < chance) {
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
      if (KeyedRng::to_unit(draw[i - block.begin]) < start_chance_[cell]) {
        const double loan = loan_amount[cell];
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

// The factory its line in the schedule names (model/schedule.cpp).
std::unique_ptr<Process> make_entrepreneurship() { return std::make_unique<Entrepreneurship>(); }

}  // namespace kunlun
