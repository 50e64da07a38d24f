// Placement: paired-assistance cadres arrive in their month, serve in paired prefectures only and
// leave at the end of their term.
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>

#include "model/simulation.h"
#include "scenario/scenario.h"
#include "testing/scenario_run_testing.h"

using namespace kunlun;
using kunlun::testing::small_variant;
namespace fs = std::filesystem;

namespace {
const std::string kData = KUNLUN_TEST_DATA;
}  // namespace

TEST(PairedRotation, CadresArriveInTheirMonthAndLeaveAtTheEndOfTheirTerm) {
  const fs::path file = small_variant("rotation", kData + "/sim/small.yaml",
                                      "behaviour: {recruitment: {paired_rotation: {cadres_per_year: 2000, "
                                      "arrival_month: 3, term_months: 12}}}\n");
  const auto state = InitialState::prepare(load_scenario(file));
  Simulation sim(state, 0);
  std::map<std::uint64_t, int> arrived;  // new cadre id -> month index of arrival
  std::size_t left_on_time = 0, left_early = 0;
  while (!sim.finished()) {
    const YearMonth month = sim.date();
    std::map<std::uint64_t, bool> present;
    sim.step();
    const AgentStore& a = sim.agents();
    for (std::size_t i = 0; i < a.size(); ++i) {
      if (a.origin[i] != static_cast<std::uint8_t>(Origin::paired_cadre) || a.entry_month[i] < state->scenario.start.index())
        continue;
      present[a.id[i]] = true;
      if (!arrived.count(a.id[i])) {
        EXPECT_EQ(month.month(), 3);
        const Region& pref = sim.regions().region(sim.regions().county(a.county[i]).parent);
        EXPECT_GE(pref.paired_region, 0) << "cadres serve in paired prefectures only";
        arrived[a.id[i]] = month.index();
      }
    }
    for (const auto& [id, when] : arrived) {
      if (present.count(id) || when < 0) continue;
      (month.index() == when + 12 ? left_on_time : left_early) += 1;
      arrived[id] = -1;
    }
  }
  // 2000 a year at 2% scale: 40 cadres in March 2026, who go home in March 2027.
  EXPECT_EQ(left_on_time, 40u);
  EXPECT_EQ(left_early, 0u);
}
