// Recruitment programmes: talents introduced and cultivated in the arrival month, with grants and
// cultivation booked; zero talents change nothing; input errors.
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "model/placement.h"
#include "model/simulation.h"
#include "policy/policy_registry.h"
#include "scenario/scenario.h"
#include "testing/policy_testing.h"
#include "testing/scenario_run_testing.h"

using namespace kunlun;
using kunlun::testing::by_id;
using kunlun::testing::expect_split_by_capacity;
using kunlun::testing::placed_ids;
using kunlun::testing::run;
using kunlun::testing::scenario_variant;
namespace fs = std::filesystem;

namespace {
const std::string kSmall = std::string(KUNLUN_TEST_DATA) + "/sim/small.yaml";

fs::path variant(const std::string& name, const std::string& text) {
  return scenario_variant("kunlun-programme-test", name, text);
}
}  // namespace

TEST(RecruitmentProgramme, IntroducesAndCultivatesInTheArrivalMonthAndBooksGrantsAndCultivation) {
  // 1000 introduced and 1500 cultivated a year at full scale are 20 and 30 at 2%.
  const fs::path file = variant("programme", R"(policies:
  high_end:
    type: recruitment_programme
    target: {regions: [xining, haixi], fields: [health, education, new_energy], levels: [mid, high_end]}
    introduced_per_year: 1000
    cultivated_per_year: 1500
    settling_grant_cny: 500000
    cultivation_cny: 100000
    service_years: 2
    arrival_month: 5
)");
  const auto state = InitialState::prepare(load_scenario(file));
  const Policy& programme = *state->policies.at(0);
  const int fields = state->regions.field_count();
  std::map<std::uint64_t, std::size_t> before = by_id(state->population());
  AgentStore previous = state->population();
  std::vector<std::pair<std::uint64_t, int>> introduced;  // id, county on arrival
  int arrivals = 0;
  run(file, [&](const Simulation& sim, const StepResult& s) {
    const AgentStore& a = sim.agents();
    const CostBasis& basis = sim.cost_basis();
    const std::uint32_t step = sim.steps_done() - 1;
    long placed = 0, selected = 0;
    for (int c = 0; c < basis.layout.counties; ++c) {
      const std::size_t at = basis.order_index(0, c);
      placed += basis.placed[at];
      selected += basis.selected[at];
      ASSERT_DOUBLE_EQ(s.costs.at(0, c), basis.placed[at] * 500000.0 + basis.selected[at] * 100000.0) << s.date.str();
    }
    const auto now = by_id(a);
    if (s.date.month() != 5) {
      EXPECT_EQ(placed + selected, 0) << s.date.str();
      EXPECT_EQ(s.costs.policy_total(0), 0.0) << s.date.str();
    } else {
      ++arrivals;
      EXPECT_EQ(placed, 20);
      EXPECT_EQ(selected, 30);  // hundreds of mid-level talents with good performance qualify
      EXPECT_DOUBLE_EQ(s.costs.policy_total(0), 20 * 500000.0 + 30 * 100000.0);
      // Introduced: all present (they arrive after this month's moves), with the programme profile.
      std::map<int, int> where;
      for (std::uint64_t id : placed_ids(0, step, 20)) {
        const auto it = now.find(id);
        ASSERT_NE(it, now.end()) << s.date.str();
        const std::size_t i = it->second;
        EXPECT_TRUE(programme.target().county[a.county[i]]);
        EXPECT_TRUE(programme.target().field[a.field[i]]);
        EXPECT_EQ(a.level[i], static_cast<int>(Level::high_end));
        EXPECT_EQ(a.title[i], static_cast<int>(Title::associate_senior));
        EXPECT_EQ(a.education[i], static_cast<int>(Education::doctorate));
        EXPECT_EQ(a.origin[i], static_cast<int>(Origin::outsider));
        EXPECT_GE(a.age_months[i], 35 * 12);
        EXPECT_LT(a.age_months[i], 50 * 12);
        EXPECT_EQ(a.entry_month[i], s.date.index());
        EXPECT_EQ(a.bond_until[i], s.date.index() + 24);
        ++where[a.county[i] * fields + a.field[i]];
        introduced.emplace_back(id, a.county[i]);
      }
      expect_split_by_capacity(*state, programme, where, 20);
      // Cultivated: mid-level talents of the target raised to high-end. Cultivation comes before
      // the month's moves, so the county before the step is where they were chosen. One may
      // leave in the same month (about 1% a month each: 0.3 expected of 30), hence <= and >= 28.
      int raised = 0;
      for (const auto& [id, i] : now) {
        const auto was = before.find(id);
        if (was == before.end() || previous.level[was->second] != static_cast<int>(Level::mid) ||
            a.level[i] != static_cast<int>(Level::high_end))
          continue;
        ++raised;
        EXPECT_TRUE(programme.target().county[previous.county[was->second]]);
        EXPECT_TRUE(programme.target().field[a.field[i]]);
        EXPECT_GT(previous.performance[was->second], 0);
      }
      EXPECT_LE(raised, 30);
      EXPECT_GE(raised, 28);
    }
    // No placed talent of the programme arrives in any other month.
    for (const auto& [id, i] : now) {
      const bool ordered =
          (id >> 62) == 3 && ((id >> 58) & 0xf) == static_cast<std::uint64_t>(PlacementKind::policy_order);
      if (ordered && !before.count(id)) {
        EXPECT_EQ(s.date.month(), 5) << "placed in " << s.date.str();
      }
    }
    before = now;
    previous = a;
  });
  EXPECT_EQ(arrivals, 2);
  // Bonded for two years from arrival (past the horizon): every introduced talent is still in
  // the county it arrived in (none reaches retirement age, 60 or more, by then).
  ASSERT_EQ(introduced.size(), 40u);
  for (const auto& [id, county] : introduced) {
    const auto it = before.find(id);
    ASSERT_NE(it, before.end());
    EXPECT_EQ(previous.county[it->second], county);
  }
}

TEST(RecruitmentProgramme, ZeroTalentsAreByteIdenticalToTheBaseline) {
  const fs::path file = variant("programme_zero", R"(policies:
  high_end:
    type: recruitment_programme
    target: {regions: [xining]}
    introduced_per_year: 0
    cultivated_per_year: 0
    settling_grant_cny: 500000
    cultivation_cny: 100000
    service_years: 5
)");
  const auto base = run(kSmall);
  const auto out = run(file);
  ASSERT_EQ(base.size(), out.size());
  for (std::size_t m = 0; m < base.size(); ++m) {
    EXPECT_EQ(base[m].stock, out[m].stock) << "month " << m;
    EXPECT_EQ(base[m].flows.counts, out[m].flows.counts) << "month " << m;
    EXPECT_EQ(base[m].service_days, out[m].service_days) << "month " << m;
    EXPECT_EQ(out[m].costs.policy_total(0), 0.0);
  }
}

namespace {
using ProgrammeErrorCase = kunlun::testing::ScenarioErrorCase;
class RecruitmentProgrammeErrors : public ::testing::TestWithParam<ProgrammeErrorCase> {};

const std::string kProgramme = "  p:\n    type: recruitment_programme\n";  // lines 4 and 5 of the variant
}  // namespace

TEST_P(RecruitmentProgrammeErrors, NameTheFileLineAndKey) {
  const auto& c = GetParam();
  const fs::path file = variant("err_" + c.name, "policies:\n" + c.yaml);
  kunlun::testing::expect_prepare_error(file, c.expected);
}

INSTANTIATE_TEST_SUITE_P(
    Programmes, RecruitmentProgrammeErrors,
    ::testing::Values(
        ProgrammeErrorCase{"grant_negative",
                           kProgramme + "    introduced_per_year: 86\n    cultivated_per_year: 124\n"
                                        "    settling_grant_cny: -1\n    cultivation_cny: 50000\n",
                           "8: policies.p.settling_grant_cny: -1 is out of range: must be between 0 and"},
        ProgrammeErrorCase{"arrival_month",
                           kProgramme + "    introduced_per_year: 86\n    cultivated_per_year: 124\n"
                                        "    settling_grant_cny: 1\n    cultivation_cny: 1\n    arrival_month: 13\n",
                           "10: policies.p.arrival_month: 13 is out of range: must be between 1 and 12"},
        ProgrammeErrorCase{"cultivation_without_mid",
                           kProgramme + "    target: {levels: [high_end]}\n    introduced_per_year: 86\n"
                                        "    cultivated_per_year: 124\n    settling_grant_cny: 1\n"
                                        "    cultivation_cny: 1\n",
                           "8: policies.p.cultivated_per_year: cultivation raises mid-level talents to high-end, "
                           "but the target's levels leave out mid (add mid to target.levels"}),
    kunlun::testing::case_name);
