#include "model/open_posts.h"

#include <algorithm>
#include <cmath>

#include "model/census.h"

namespace kunlun {

std::vector<std::int32_t> posts(const StepContext& ctx) {
  const Census& census = ctx.census;
  const double per_venture = ctx.scenario.behaviour.entrepreneurship.jobs_per_venture;
  std::vector<std::int32_t> out(census.holders.size());
  for (std::size_t cf = 0; cf < out.size(); ++cf) {
    const auto opened = static_cast<std::int32_t>(std::lround(per_venture * (census.ventures[cf] - ctx.initial_ventures[cf])));
    // Failed initial ventures take their posts with them, but a county keeps no fewer than none.
    out[cf] = std::max(0, ctx.job_capacity[cf] + opened);
  }
  return out;
}

std::vector<std::int32_t> open_posts(const StepContext& ctx) {
  const Census& census = ctx.census;
  std::vector<std::int32_t> open = posts(ctx);
  // Owners hold a post of their own venture, so they count among the holders.
  for (std::size_t cf = 0; cf < open.size(); ++cf) open[cf] -= census.holders[cf] + census.ventures[cf];
  return open;
}

}  // namespace kunlun
