// The title reform: a grassroots track shortens the time to promotion there; a reform that changes
// nothing is refused.
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <utility>

#include "model/simulation.h"
#include "scenario/scenario.h"
#include "testing/scenario_run_testing.h"

using namespace kunlun;
using kunlun::testing::small_variant;
namespace fs = std::filesystem;

namespace {
const std::string kData = KUNLUN_TEST_DATA;

// Promotions at grassroots counties over a run, and the mean years in title at promotion.
struct Promotions {
  long count = 0;
  double years_in_title = 0;
};
Promotions grassroots_promotions(const fs::path& file) {
  const auto state = InitialState::prepare(load_scenario(file));
  Simulation sim(state, 0);
  Promotions out;
  std::map<std::uint64_t, std::pair<int, int>> before;  // id -> (title, months in title)
  const auto snapshot = [&] {
    before.clear();
    const AgentStore& a = sim.agents();
    for (std::size_t i = 0; i < a.size(); ++i) before[a.id[i]] = {a.title[i], a.months_in_title[i]};
  };
  snapshot();
  while (!sim.finished()) {
    sim.step();
    const AgentStore& a = sim.agents();
    for (std::size_t i = 0; i < a.size(); ++i) {
      const auto it = before.find(a.id[i]);
      if (it == before.end() || a.title[i] <= it->second.first) continue;
      if (sim.regions().county(a.county[i]).type != RegionType::grassroots) continue;
      ++out.count;
      out.years_in_title += (it->second.second + 1) / 12.0;  // aged a month before the evaluation
    }
    snapshot();
  }
  if (out.count > 0) out.years_in_title /= static_cast<double>(out.count);
  return out;
}
}  // namespace

TEST(TitleReform, ShortensTimeToPromotionAtTheGrassroots) {
  const std::string base = kData + "/sim/controlled.yaml";
  const Promotions before = grassroots_promotions(base);
  const Promotions after = grassroots_promotions(small_variant("grassroots-track", base, R"(policies:
  grassroots_track:
    type: title_reform
    target: {county_types: [grassroots]}
    min_years_cut: 2
    paper_waived: true
)"));
  ASSERT_GT(before.count, 20);  // two evaluations at 2% of the grassroots stock
  // Two years off the minimum and no paper test admit candidates the baseline holds back: more
  // promotions, after fewer years in title on average.
  EXPECT_GT(after.count, before.count * 5 / 4);
  EXPECT_LT(after.years_in_title, before.years_in_title - 0.5);
}

TEST(TitleReform, RejectsAReformThatChangesNothing) {
  const fs::path file = small_variant("empty-reform", kData + "/sim/small.yaml", R"(policies:
  nothing:
    type: title_reform
)");
  try {
    InitialState::prepare(load_scenario(file));
    FAIL() << "expected an error";
  } catch (const InputError& e) {
    EXPECT_EQ(e.key(), "policies.nothing");
    EXPECT_NE(std::string(e.what()).find("changes nothing"), std::string::npos);
  }
}
