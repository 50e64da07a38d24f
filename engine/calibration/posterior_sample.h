// A posterior sample as `kunlun calibrate` writes it (posterior.csv): parameter sets with
// weights. A run given one draws a set for each replication from its seed and the replication
// number, so that runs stay reproducible and independent of the thread count, and the baseline
// and variants of a comparison share each replication's set.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "parameters/parameter.h"
#include "scenario/scenario.h"

namespace kunlun {

struct PosteriorSample {
  std::filesystem::path file;
  std::vector<std::string> keys;                     // the parameters, as the columns name them
  std::vector<std::vector<ParameterValue>> sets;     // [set][parameter]
  std::vector<int> lines;                            // the file line of each set
  std::vector<double> cumulative_weight;             // normalised: the last is 1

  // The set replication `replication` of a run with seed `seed` uses: drawn with probability
  // its weight, by Random123's Philox keyed by the seed.
  std::size_t draw(std::uint64_t seed, std::uint32_t replication) const;
  // The values of set `s` as (key, value) pairs.
  std::vector<std::pair<std::string, ParameterValue>> values(std::size_t s) const;
};

// Reads posterior.csv: columns set, weight, replication, then the parameters up to the column
// implausibility (what follows are the targets' values, not read). Every parameter must be
// declared by `scenario` and every value valid for it; errors name the file, line and column.
PosteriorSample read_posterior(const std::filesystem::path& file, const Scenario& scenario);

// The posterior a run of `scenario` uses: `given` (a file, or "none" for none), else the
// scenario's own `posterior:` file, else none.
std::shared_ptr<const PosteriorSample> resolve_posterior(const Scenario& scenario, const std::string& given);

// `scenario` with set `s` of the posterior in force (the values checked as for a design point).
Scenario scenario_with_posterior_set(const Scenario& scenario, const PosteriorSample& posterior, std::size_t s);

}  // namespace kunlun
