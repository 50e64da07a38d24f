#include "model/open_posts.h"

#include <cmath>

#include "model/census.h"

namespace kunlun {

std::vector<std::int32_t> open_posts(const StepContext& ctx) {
  const Census& census = ctx.census;
  const double per_venture = ctx.scenario.behaviour.entrepreneurship.jobs_per_venture;
  std::vector<std::int32_t> open(census.holders.size());
  for (std::size_t cf = 0; cf < open.size(); ++cf) {
    const std::int32_t ventures = census.ventures[cf];
    const auto opened = static_cast<std::int32_t>(std::lround(per_venture * (ventures - ctx.initial_ventures[cf])));
    // Owners hold a post of their own venture, so they count among the holders.
    open[cf] = ctx.job_capacity[cf] + opened - census.holders[cf] - ventures;
  }
  return open;
}

}  // namespace kunlun
