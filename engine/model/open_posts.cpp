#include "model/open_posts.h"

#include <cmath>

#include "core/agent_counts.h"

namespace kunlun {

std::vector<std::int32_t> open_posts(const StepContext& ctx) {
  const AgentStore& a = ctx.agents;
  const int counties = ctx.regions.county_count(), fields = ctx.regions.field_count();
  const std::size_t cells = static_cast<std::size_t>(counties) * static_cast<std::size_t>(fields);
  // Bins 0..cells-1: post holders; cells..2*cells-1: ventures; the last bin: flexible talents.
  const std::vector<std::int32_t> counts = count_active_by(a, 2 * cells + 1, [&](std::int64_t i) {
    if (a.origin[i] == static_cast<std::uint8_t>(Origin::flexible)) return 2 * cells;
    const std::size_t cf = static_cast<std::size_t>(a.county[i]) * fields + a.field[i];
    return a.employer[i] == static_cast<std::uint8_t>(Employer::venture) ? cells + cf : cf;
  });
  const double per_venture = ctx.scenario.behaviour.entrepreneurship.jobs_per_venture;
  std::vector<std::int32_t> open(cells);
  for (std::size_t cf = 0; cf < cells; ++cf) {
    const std::int32_t ventures = counts[cells + cf];
    const auto opened = static_cast<std::int32_t>(std::lround(per_venture * (ventures - ctx.initial_ventures[cf])));
    // Owners hold a post of their own venture, so they count among the holders.
    open[cf] = ctx.job_capacity[cf] + opened - counts[cf] - ventures;
  }
  return open;
}

}  // namespace kunlun
