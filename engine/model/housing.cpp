#include "model/housing.h"

#include <omp.h>

#include <algorithm>
#include <cmath>
#include <tuple>

#include "model/personal_traits.h"

namespace kunlun {

namespace {

bool any_units(const LeverTable& levers) {
  for (int c = 0; c < levers.counties(); ++c)
    if (levers.county_value(CountyLever::apartment_units, c) > 0) return true;
  return false;
}

// Returns the number of agents housed.
std::int64_t allocate_apartments(StepContext& ctx) {
  AgentStore& a = ctx.agents;
  const LeverTable& levers = ctx.levers;
  const ClassLayout layout = levers.layout();
  const float* discount = levers.data(Lever::apartment_discount_cny);
  const float* priority = levers.data(Lever::apartment_priority);
  // Everyone eligible or housed, by county; sorted so the first `units` of each county are housed.
  struct Claim {
    int county;
    bool housed;
    float priority;
    std::uint16_t tenure;
    std::uint64_t id;
    std::int64_t index;
  };
  const std::int64_t n = static_cast<std::int64_t>(a.size());
  std::vector<std::vector<Claim>> per_thread(static_cast<std::size_t>(omp_get_max_threads()));
  const bool units = any_units(levers);
#pragma omp parallel
  {
    auto& mine = per_thread[static_cast<std::size_t>(omp_get_thread_num())];
#pragma omp for schedule(static)
    for (std::int64_t i = 0; i < n; ++i) {
      const bool housed = a.has(static_cast<std::size_t>(i), agent_flag::apartment);
      if (a.status[i] != AgentStatus::active || (!housed && !units)) continue;
      const std::size_t cell = layout.cell(a.county[i], a.field[i], a.level[i], a.title[i], a.origin[i]);
      if (discount[cell] <= 0.0f) {
        if (housed) a.flags[i] = static_cast<std::uint8_t>(a.flags[i] & ~agent_flag::apartment);  // no longer eligible
        continue;
      }
      mine.push_back({a.county[i], housed, priority[cell], a.months_in_county[i], a.id[i], i});
    }
  }
  std::vector<Claim> all;
  for (auto& part : per_thread) all.insert(all.end(), part.begin(), part.end());
  // Sitting tenants keep their unit while the county has units for them; then the queue: higher
  // priority first, then the longest in the county, then the id (a fixed, thread-independent order).
  std::sort(all.begin(), all.end(), [](const Claim& x, const Claim& y) {
    return std::tie(x.county, y.housed, y.priority, y.tenure, x.id) <
           std::tie(y.county, x.housed, x.priority, x.tenure, y.id);
  });
  std::int64_t housed_total = 0;
  std::size_t k = 0;
  while (k < all.size()) {
    const int county = all[k].county;
    const auto units = static_cast<std::int64_t>(std::floor(levers.county_value(CountyLever::apartment_units, county)));
    std::int64_t given = 0;
    for (; k < all.size() && all[k].county == county; ++k) {
      const Claim& c = all[k];
      const bool house = given < units;
      if (house) {
        ++given;
        ++housed_total;
        a.flags[c.index] |= agent_flag::apartment;
        const std::size_t cell = layout.cell(county, a.field[c.index], a.level[c.index], a.title[c.index], a.origin[c.index]);
        ++ctx.basis.apartment_tenants[cell];
      } else {
        a.flags[c.index] = static_cast<std::uint8_t>(a.flags[c.index] & ~agent_flag::apartment);
      }
    }
  }
  return housed_total;
}

}  // namespace

bool Housing::acts_on_population(const StepContext& ctx) const {
  return may_have_tenants_ || any_units(ctx.levers);
}

void Housing::act_on_population(StepContext& ctx) { may_have_tenants_ = allocate_apartments(ctx) > 0; }

bool Housing::visits_agents(const StepContext& ctx) const { return !ctx.levers.is_neutral(Lever::purchase_grant_cny); }

void Housing::visit(StepContext& ctx, AgentBlock block) {
  AgentStore& a = ctx.agents;
  const LeverTable& levers = ctx.levers;
  const ClassLayout layout = levers.layout();
  const int today = ctx.date.index();
  const float* grant = levers.data(Lever::purchase_grant_cny);
  const float* uptake = levers.data(Lever::purchase_uptake);
  const float* vesting = levers.data(Lever::purchase_vesting_months);
  const float* clawback = levers.data(Lever::purchase_clawback_share);
  std::int64_t* paid = ctx.basis.grants_paid_cny.data();
  for (std::int64_t i = block.begin; i < block.end; ++i) {
    if (a.status[i] != AgentStatus::active || a.grant_cny[i] > 0) continue;  // one grant per agent
    const std::size_t cell = layout.cell(a.county[i], a.field[i], a.level[i], a.title[i], a.origin[i]);
    if (grant[cell] <= 0.0f || uptake[cell] <= 0.0f) continue;
    if (ctx.rng.uniform(a.id[i], ctx.step, Purpose::housing_purchase) >= monthly_probability(uptake[cell])) continue;
    const auto amount = static_cast<std::int32_t>(std::lround(grant[cell]));
    a.grant_cny[i] = amount;
    a.grant_month[i] = today;
    a.grant_vesting_months[i] = static_cast<std::uint16_t>(std::lround(vesting[cell]));
    a.grant_clawback_share[i] = clawback[cell];
#pragma omp atomic
    paid[cell] += amount;
  }
}

// The factory its line in the schedule names (model/schedule.cpp).
std::unique_ptr<Process> make_housing() { return std::make_unique<Housing>(); }

}  // namespace kunlun
