// Recruitment: no more hires than open posts, and candidate ids that never repeat or meet an
// initial agent's.
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <set>
#include <vector>

#include "model/recruitment.h"
#include "model/simulation.h"
#include "scenario/scenario.h"

using namespace kunlun;
namespace fs = std::filesystem;

TEST(Recruitment, FillsNoMoreThanTheOpenPosts) {
  // Without ventures, rotations or engagements, the posts of a county and field are its capacity;
  // recruitment is the last process of a month, so wherever it hired, the post holders (everyone
  // but flexible talents) are within the capacity at the end of the month.
  const fs::path file = fs::temp_directory_path() / "kunlun-recruitment-open-posts.yaml";
  std::ofstream(file) << "extends: " << KUNLUN_TEST_DATA << "/sim/controlled.yaml\nname: open-posts\n"
                      << "behaviour: {recruitment: {paired_rotation: {cadres_per_year: 0},"
                      << " flexible: {engagements_per_year: 0}}}\n";
  const auto state = InitialState::prepare(load_scenario(file));
  Simulation sim(state, 0);
  const CellLayout& cells = state->cells;
  long hired = 0;
  while (!sim.finished()) {
    const StepResult& s = sim.step();
    std::vector<long> holders(static_cast<std::size_t>(cells.counties * cells.fields), 0);
    const AgentStore& a = sim.agents();
    for (std::size_t i = 0; i < a.size(); ++i)
      if (a.origin[i] != static_cast<std::uint8_t>(Origin::flexible)) ++holders[a.county[i] * static_cast<std::size_t>(cells.fields) + a.field[i]];
    for (int c = 0; c < cells.counties; ++c)
      for (int f = 0; f < cells.fields; ++f) {
        long inflow = 0;
        for (int l = 0; l < kLevels; ++l) inflow += s.flows.get(Flow::inflow, cells.index(c, f, l));
        if (inflow == 0) continue;
        const std::size_t cf = static_cast<std::size_t>(c * cells.fields + f);
        ASSERT_LE(holders[cf], state->job_capacity[cf]) << "county " << c << " field " << f << " at " << s.date.str();
        hired += inflow;
      }
  }
  EXPECT_GT(hired, 0);
}

TEST(Recruitment, CandidateIdsAreUniqueAndNeverAnInitialAgentsId) {
  std::set<std::uint64_t> ids;
  for (std::uint32_t step = 0; step < 3; ++step)
    for (int c = 0; c < 3; ++c)
      for (int f = 0; f < 10; ++f)
        for (std::uint32_t s = 0; s < 50; ++s) ids.insert(candidate_id(step, c, f, s));
  EXPECT_EQ(ids.size(), 3u * 3u * 10u * 50u);
  EXPECT_TRUE(candidate_id(0, 0, 0, 0) >> 63);
}
