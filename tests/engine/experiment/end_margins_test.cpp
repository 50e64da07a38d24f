// end_margins.csv: counting the starting population by its own margins gives the margins back;
// the file a run writes is a margins file a scenario can start from, whose starting population
// then has the composition the run ended with.
#include "experiment/end_margins.h"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>

#include "core/categories.h"
#include "experiment/scenario_run.h"
#include "testing/file_testing.h"
#include "testing/scenario_run_testing.h"

namespace kunlun {
namespace {

namespace fs = std::filesystem;

// The share of each row of margin `name` in `counts` (within the condition when conditional).
std::vector<double> shares_of(const InitialState& initial, const MarginCounts& counts, const std::string& name) {
  for (std::size_t k = 0; k < initial.margins.margins.size(); ++k) {
    const Margin& m = initial.margins.margins[k];
    if (m.dimensions.size() != 1 || m.dimensions[0] != name) continue;
    std::int64_t total = 0;
    for (const auto n : counts[k]) total += n;
    std::vector<double> out;
    for (const auto n : counts[k]) out.push_back(static_cast<double>(n) / static_cast<double>(total));
    return out;
  }
  throw std::logic_error("no margin " + name);
}

const Margin& margin_named(const InitialState& initial, const std::string& name) {
  for (const Margin& m : initial.margins.margins)
    if (m.dimensions.size() == 1 && m.dimensions[0] == name) return m;
  throw std::logic_error("no margin " + name);
}

TEST(EndMargins, TheStartingPopulationCountedByItsMarginsGivesThemBack) {
  const auto initial = InitialState::prepare(load_scenario(testing::kSmallScenario));
  const MarginCounts counts = count_margins(*initial, initial->population());
  ASSERT_EQ(counts.size(), initial->margins.margins.size());
  const double agents = static_cast<double>(initial->population().size());
  // The core margins are fitted jointly and rounded to whole agents: each share within a few agents.
  for (const char* name : {"prefecture", "field", "level", "title", "education"}) {
    const auto got = shares_of(*initial, counts, name);
    const Margin& m = margin_named(*initial, name);
    for (std::size_t r = 0; r < got.size(); ++r) EXPECT_NEAR(got[r], m.shares[r], 3.0 / agents) << name << " row " << r;
  }
  // Every margin counts every agent once.
  for (const auto& rows : counts) {
    std::int64_t total = 0;
    for (const auto n : rows) total += n;
    EXPECT_EQ(total, static_cast<std::int64_t>(initial->population().size()));
  }
}

TEST(EndMargins, AScenarioStartedFromARunsEndMarginsStartsWithItsComposition) {
  const fs::path dir = testing::process_temp_dir("kunlun-end-margins-test");
  fs::remove_all(dir);
  RunOptions options;
  options.threads = 2;
  const Scenario first = load_scenario(testing::kSmallScenario);
  run_scenario(first, dir / "first", options);
  const std::string csv = testing::slurp(dir / "first" / "end_margins.csv");
  // The mean stock at the horizon is written for the next scenario's population.total.
  const std::size_t at = csv.find("# Mean stock at the horizon (full population): ");
  ASSERT_NE(at, std::string::npos);
  const double stock = std::stod(csv.substr(csv.find(": ", at) + 2));
  EXPECT_GT(stock, 0.5 * first.population.total);

  const fs::path next = testing::scenario_variant(
      "kunlun-end-margins-test", "next",
      "horizon: {start: 2028-01, end: 2028-12}\npopulation:\n  margins: " + (dir / "first" / "end_margins.csv").string() +
          "\n  total: " + std::to_string(std::llround(stock)) + "\n");
  const auto initial = InitialState::prepare(load_scenario(next));
  // Its titles as the run ended with them (the file's shares), to within rounding.
  const Margin& titles = margin_named(*initial, "title");
  const auto got = shares_of(*initial, count_margins(*initial, initial->population()), "title");
  const double agents = static_cast<double>(initial->population().size());
  for (std::size_t t = 0; t < got.size(); ++t) EXPECT_NEAR(got[t], titles.shares[t], 3.0 / agents) << kTitleNames[t];
  // ...which are not the first scenario's: two years of promotions and departures moved them.
  const auto start = InitialState::prepare(first);
  double moved = 0;
  for (std::size_t t = 0; t < got.size(); ++t) moved += std::abs(margin_named(*start, "title").shares[t] - titles.shares[t]);
  EXPECT_GT(moved, 0.005);
  EXPECT_NEAR(static_cast<double>(initial->population().size()), stock * first.population.scale, 1.0);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace kunlun
