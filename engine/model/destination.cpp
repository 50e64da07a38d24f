#include "model/destination.h"

#include <cmath>
#include <vector>

#include "model/cohort_departure.h"
#include "model/place_valuation.h"

namespace kunlun {

std::int64_t grant_clawback_cny(std::int32_t grant_cny, int months_held, int vesting_months, float clawback_share) {
  if (grant_cny <= 0 || vesting_months <= 0 || months_held >= vesting_months || clawback_share <= 0.0f) return 0;
  // Linear vesting: the unvested part is what remains of the vesting period.
  const double unvested = 1.0 - static_cast<double>(months_held) / vesting_months;
  return std::llround(static_cast<double>(clawback_share) * grant_cny * unvested);
}

void Destination::prepare(StepContext& ctx) {
  weights_.resize(static_cast<std::size_t>(ctx.tallies.threads()));
  for (auto& w : weights_) w.resize(static_cast<std::size_t>(ctx.places.layout.counties + ctx.places.outside));
}

void Destination::visit(StepContext& ctx, AgentBlock block) {
  AgentStore& a = ctx.agents;
  const PlaceValues& v = ctx.places;
  const RegionTable& regions = ctx.regions;
  const CellLayout cells = ctx.cells;
  const double home_factor = std::exp(ctx.scenario.behaviour.utility.hometown);
  const int counties = v.layout.counties, places = v.layout.counties + v.outside;
  const int today = ctx.date.index(), run_start = ctx.scenario.start.index();
  std::int64_t* clawed = ctx.basis.clawed_back_cny.data();

  {
    FlowTally& tally = ctx.tallies.local(block.thread);
    std::vector<double>& weight = weights_[static_cast<std::size_t>(block.thread)];
    for (std::int64_t i = block.begin; i < block.end; ++i) {
      if (a.status[i] != AgentStatus::moving) continue;
      const int from = a.county[i];
      const int field = a.field[i], level = a.level[i], title = a.title[i];
      const int cls = ClassLayout::encode(field, level, title, a.origin[i]);
      const std::uint8_t home = a.home_prefecture[i];
      // Weights e^(attraction + friction + hometown) as products of the month's exponentials.
      const double* friction = v.friction_factor.data() + static_cast<std::size_t>(from) * places;
      const double* attraction = v.destination_weight.data() + cls;
      const auto classes = static_cast<std::size_t>(v.layout.classes());
      double total = 0;
      for (int d = 0; d < places; ++d) {
        double w = friction[d] * attraction[static_cast<std::size_t>(d) * classes];
        if (d < counties && home == regions.prefecture_slot_of_county(d)) w *= home_factor;
        total += w;
        weight[static_cast<std::size_t>(d)] = total;  // cumulative
      }
      const double u = ctx.rng.uniform(a.id[i], ctx.step, Purpose::destination) * total;
      int to = places - 1;
      for (int d = 0; d < places; ++d)
        if (u < weight[static_cast<std::size_t>(d)]) {
          to = d;
          break;
        }
      const std::int64_t recovered =
          grant_clawback_cny(a.grant_cny[i], today - a.grant_month[i], a.grant_vesting_months[i], a.grant_clawback_share[i]);
      if (recovered > 0) {
#pragma omp atomic
        clawed[v.at(from, cls)] += recovered;
      }
      a.grant_vesting_months[i] = 0;  // settled: nothing more vests after leaving
      tally.add_move(from, to);
      count_cohort_departure(tally, a, static_cast<std::size_t>(i), today, run_start, to >= counties);
      if (to < counties) {
        tally.add(Flow::outflow_internal, cells.index(from, field, level));
        tally.add(Flow::inflow_internal, cells.index(to, field, level));
        a.county[i] = static_cast<std::uint16_t>(to);
        a.months_in_county[i] = 0;
        a.flags[i] = static_cast<std::uint8_t>(a.flags[i] & ~agent_flag::apartment);
        a.status[i] = AgentStatus::active;
      } else {
        tally.add(Flow::outflow_external, cells.index(from, field, level));
        a.status[i] = AgentStatus::left_province;
      }
    }
  }
}

// The factory its line in the schedule names (model/schedule.cpp).
std::unique_ptr<Process> make_destination() { return std::make_unique<Destination>(); }

}  // namespace kunlun
