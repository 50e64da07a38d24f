// Drawing Morris trajectories and keeping the most spread of them.
#include "sensitivity/morris_design.h"

#include <algorithm>
#include <cmath>

#include "core/errors.h"
#include "sensitivity/keyed_stream.h"

namespace kunlun::sensitivity {

namespace {

inline constexpr std::size_t kMaxTrajectories = 10000, kMaxCandidates = 1000;

struct Trajectory {
  DesignMatrix points;  // (parameters + 1) x parameters
  std::vector<std::size_t> changed;
  std::vector<int> direction;
};

// Draw numbers of candidate `c`: 0..d-1 start levels, d..2d-1 directions, 2d.. the order.
Trajectory draw(const KeyedStream& stream, std::size_t c, std::size_t d, std::size_t levels, double delta) {
  const double step = 1.0 / static_cast<double>(levels - 1);
  // Start levels from which +delta stays on the grid: the lower half of the levels.
  const std::size_t starts = levels / 2;
  std::vector<double> x(d);
  std::vector<int> dir(d);
  for (std::size_t i = 0; i < d; ++i) {
    x[i] = static_cast<double>(stream.below(starts, c, static_cast<std::uint32_t>(i))) * step;
    dir[i] = stream.below(2, c, static_cast<std::uint32_t>(d + i)) == 0 ? 1 : -1;
    if (dir[i] < 0) x[i] += delta;  // start at the top of the step and go down
  }
  // A random order of the parameters (Fisher-Yates).
  std::vector<std::size_t> order(d);
  for (std::size_t i = 0; i < d; ++i) order[i] = i;
  for (std::size_t i = d; i-- > 1;) {
    const std::size_t j = stream.below(i + 1, c, static_cast<std::uint32_t>(2 * d + i));
    std::swap(order[i], order[j]);
  }
  Trajectory t;
  t.points.resize(static_cast<Eigen::Index>(d + 1), static_cast<Eigen::Index>(d));
  t.changed.assign(d + 1, kNoParameter);
  t.direction.assign(d + 1, 0);
  for (std::size_t i = 0; i < d; ++i) t.points(0, static_cast<Eigen::Index>(i)) = x[i];
  for (std::size_t k = 0; k < d; ++k) {
    const std::size_t i = order[k];
    x[i] += dir[i] * delta;
    // Grid values exactly: round off the sums' last bits, so a point is a grid point.
    x[i] = std::round(x[i] / step) * step;
    for (std::size_t j = 0; j < d; ++j) t.points(static_cast<Eigen::Index>(k + 1), static_cast<Eigen::Index>(j)) = x[j];
    t.changed[k + 1] = i;
    t.direction[k + 1] = dir[i];
  }
  return t;
}

double distance(const Trajectory& a, const Trajectory& b) {
  double sum = 0;
  for (Eigen::Index p = 0; p < a.points.rows(); ++p)
    for (Eigen::Index q = 0; q < b.points.rows(); ++q) sum += (a.points.row(p) - b.points.row(q)).norm();
  return sum;
}

}  // namespace

MorrisDesign make_morris_design(std::size_t trajectories, std::size_t parameters, std::uint64_t seed,
                                std::size_t levels, std::size_t candidates) {
  if (trajectories < 2 || trajectories > kMaxTrajectories)
    throw InputError({.argument = "trajectories"}, "",
                     std::to_string(trajectories) + " trajectories: give 2 to " + std::to_string(kMaxTrajectories),
                     "10 to 20 usually rank the parameters (Campolongo et al. 2007)");
  if (parameters < 1 || parameters > kMaxParameters)
    throw InputError({.argument = "bounds"}, "",
                     std::to_string(parameters) + " parameters: a design has 1 to " + std::to_string(kMaxParameters),
                     "give one (low, high) per parameter");
  if (levels < 2 || levels % 2 != 0 || levels > 100)
    throw InputError({.argument = "levels"}, "", std::to_string(levels) + " levels: give an even number, 2 to 100",
                     "4 is the usual choice (Morris 1991)");
  if (candidates == 0) candidates = std::max(trajectories, std::min<std::size_t>(4 * trajectories, 100));
  if (candidates < trajectories || candidates > kMaxCandidates)
    throw InputError({.argument = "candidates"}, "",
                     std::to_string(candidates) + " candidates for " + std::to_string(trajectories) + " trajectories",
                     "give at least as many candidates as trajectories, at most " + std::to_string(kMaxCandidates));
  if (trajectories * (parameters + 1) * parameters > (std::size_t{1} << 29))
    throw InputError({.argument = "trajectories"}, "", "the design would hold more numbers than fit in memory",
                     "screen fewer parameters at a time, or use fewer trajectories");
  const double delta = static_cast<double>(levels) / (2.0 * static_cast<double>(levels - 1));
  const KeyedStream stream(seed, Stream::morris_candidate);
  std::vector<Trajectory> pool(candidates);
#pragma omp parallel for schedule(static)
  for (std::size_t c = 0; c < candidates; ++c) pool[c] = draw(stream, c, parameters, levels, delta);

  // Pairwise distances once; then drop, one at a time, the candidate whose removal leaves the
  // largest sum of squared distances among the rest (Ruano et al. 2012).
  std::vector<double> d2(candidates * candidates, 0.0);
#pragma omp parallel for schedule(dynamic)
  for (std::size_t a = 0; a < candidates; ++a)
    for (std::size_t b = a + 1; b < candidates; ++b) {
      const double dist = distance(pool[a], pool[b]);
      d2[a * candidates + b] = d2[b * candidates + a] = dist * dist;
    }
  std::vector<bool> kept(candidates, true);
  std::vector<double> contribution(candidates, 0.0);  // sum of squared distances to the kept others
  for (std::size_t a = 0; a < candidates; ++a)
    for (std::size_t b = 0; b < candidates; ++b) contribution[a] += d2[a * candidates + b];
  for (std::size_t left = candidates; left > trajectories; --left) {
    // Removing a drops the total by its contribution: drop the smallest (the first such, for ties).
    std::size_t worst = candidates;
    for (std::size_t a = 0; a < candidates; ++a)
      if (kept[a] && (worst == candidates || contribution[a] < contribution[worst])) worst = a;
    kept[worst] = false;
    for (std::size_t a = 0; a < candidates; ++a)
      if (kept[a]) contribution[a] -= d2[a * candidates + worst];
  }

  MorrisDesign design;
  design.trajectories = trajectories;
  design.parameters = parameters;
  design.levels = levels;
  design.seed = seed;
  design.delta = delta;
  design.unit.resize(static_cast<Eigen::Index>(design.rows()), static_cast<Eigen::Index>(parameters));
  std::size_t row = 0;
  for (std::size_t c = 0; c < candidates; ++c) {
    if (!kept[c]) continue;
    design.unit.middleRows(static_cast<Eigen::Index>(row), static_cast<Eigen::Index>(parameters + 1)) = pool[c].points;
    design.changed.insert(design.changed.end(), pool[c].changed.begin(), pool[c].changed.end());
    design.direction.insert(design.direction.end(), pool[c].direction.begin(), pool[c].direction.end());
    row += parameters + 1;
  }
  return design;
}

double morris_spread(const MorrisDesign& design) {
  const auto per = static_cast<Eigen::Index>(design.parameters + 1);
  double sum = 0;
  for (std::size_t a = 0; a < design.trajectories; ++a)
    for (std::size_t b = a + 1; b < design.trajectories; ++b) {
      double dist = 0;
      for (Eigen::Index p = 0; p < per; ++p)
        for (Eigen::Index q = 0; q < per; ++q)
          dist += (design.unit.row(static_cast<Eigen::Index>(a) * per + p) -
                   design.unit.row(static_cast<Eigen::Index>(b) * per + q))
                      .norm();
      sum += dist * dist;
    }
  return std::sqrt(sum);
}

}  // namespace kunlun::sensitivity
