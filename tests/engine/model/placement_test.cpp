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
#include <cmath>
#include <vector>
#include "model/placement.h"
#include "process_harness.h"

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

// The rule on a small hand-made population (process_harness.h):
// The rules of placement (docs/ODD.md 7.9): paired cadres arrive in the arrival month, only in
// paired prefectures, for their term; flexible talents are engaged evenly over the year, in
// counties and fields by job capacity; policy orders place exactly the talents they order.

using namespace kunlun;
using namespace kunlun::testing;

namespace {

// Runs one month of placement and returns the indices of the agents it added.
std::vector<std::size_t> place(ProcessHarness& h) {
  const std::size_t before = h.agents.size();
  Placement process;
  h.run(process);
  std::vector<std::size_t> added;
  for (std::size_t i = before; i < h.agents.size(); ++i) added.push_back(i);
  return added;
}

int with_origin(const ProcessHarness& h, const std::vector<std::size_t>& added, Origin origin) {
  int n = 0;
  for (std::size_t i : added) n += h.agents.origin[i] == static_cast<std::uint8_t>(origin);
  return n;
}

}  // namespace

TEST(PlacementRule, PairedCadresArriveInTheArrivalMonthInPairedPrefecturesForTheirTerm) {
  ProcessHarness h(kRulesScenario);
  const PairedRotationParams& paired = h.scenario.behaviour.recruitment.paired_rotation;
  ASSERT_EQ(paired.arrival_month, 7);
  h.set_step(5);  // June: no rotation
  EXPECT_EQ(with_origin(h, place(h), Origin::paired_cadre), 0);

  h.set_step(6);  // July
  const std::vector<std::size_t> added = place(h);
  const int expected = static_cast<int>(std::lround(paired.cadres_per_year * h.scenario.population.scale));  // 70
  EXPECT_EQ(with_origin(h, added, Origin::paired_cadre), expected);
  const int today = h.date.index();
  // Only the uplands prefecture has a paired province (tests/data/rules/regions.csv).
  const int capital = h.county("capital");
  int by_county[3] = {0, 0, 0};
  for (std::size_t i : added) {
    if (h.agents.origin[i] != static_cast<std::uint8_t>(Origin::paired_cadre)) continue;
    EXPECT_NE(h.agents.county[i], capital);
    ++by_county[h.agents.county[i]];
    EXPECT_EQ(h.agents.bond_until[i], today + paired.term_months);
    EXPECT_EQ(h.agents.entry_month[i], today);
    EXPECT_EQ(h.agents.months_in_county[i], 0);
    EXPECT_EQ(h.agents.home_prefecture[i], AgentStore::kNoHome);
    EXPECT_EQ(h.agents.employer[i], static_cast<std::uint8_t>(Employer::institution));
  }
  int entries = 0;
  for (int c = 0; c < h.regions.county_count(); ++c) {
    EXPECT_EQ(h.flows.entry(c, EntrySource::paired_assistance), by_county[c]);
    entries += h.flows.entry(c, EntrySource::paired_assistance);
  }
  EXPECT_EQ(entries, expected);
}

TEST(PlacementRule, FlexibleTalentsAreEngagedEvenlyOverTheYearByJobCapacity) {
  ProcessHarness h(kRulesScenario);
  const FlexibleParams& flexible = h.scenario.behaviour.recruitment.flexible;
  const double per_year = flexible.engagements_per_year * h.scenario.population.scale;  // 10,000
  std::vector<std::size_t> all;
  for (std::uint32_t step = 0; step < 12; ++step) {
    h.set_step(step);
    const std::vector<std::size_t> added = place(h);
    // The yearly number spread evenly, the fractions carried: floor((s+1) n/12) - floor(s n/12).
    const int expected = static_cast<int>(std::floor((step + 1) * per_year / 12 + 1e-9) - std::floor(step * per_year / 12 + 1e-9));
    EXPECT_EQ(with_origin(h, added, Origin::flexible), expected) << "step " << step;
    for (std::size_t i : added)
      if (h.agents.origin[i] == static_cast<std::uint8_t>(Origin::flexible)) {
        EXPECT_EQ(h.agents.bond_until[i], h.date.index() + flexible.term_months);
        all.push_back(i);
      }
  }
  ASSERT_EQ(static_cast<double>(all.size()), per_year);
  // Counties by their share of all job capacity (capital 1,800 of 2,390), and fields by the
  // county's capacity (capital: health 1,000 of 1,800): binomial counts within 6 sd.
  const int capital = h.county("capital");
  double jobs = 0;
  for (int v : h.job_capacity) jobs += v;
  const double capital_share = (h.job_capacity[h.cf(capital, 0)] + h.job_capacity[h.cf(capital, 1)]) / jobs;
  const double health_share = h.job_capacity[h.cf(capital, 0)] / (h.job_capacity[h.cf(capital, 0)] + h.job_capacity[h.cf(capital, 1)] + 0.0);
  int in_capital = 0, capital_health = 0;
  for (std::size_t i : all) {
    if (h.agents.county[i] != capital) continue;
    ++in_capital;
    capital_health += h.agents.field[i] == 0;
  }
  const double n = static_cast<double>(all.size());
  EXPECT_NEAR(in_capital, n * capital_share, 6 * binomial_sd(n, capital_share));
  EXPECT_NEAR(capital_health, in_capital * health_share, 6 * binomial_sd(in_capital, health_share));
}

TEST(PlacementRule, PolicyOrdersPlaceExactlyTheOrderedTalents) {
  ProcessHarness h(kRulesScenario);
  h.set_step(2);
  const int today = h.date.index(), remote = h.county("remote");
  PlacementOrder programme;
  programme.payer = 1;
  programme.county = remote;
  programme.field = 1;
  programme.level = static_cast<int>(Level::high_end);
  programme.title = static_cast<int>(Title::senior);
  programme.education = static_cast<int>(Education::doctorate);
  programme.origin = static_cast<int>(Origin::outsider);
  programme.count = 12;
  programme.bond_months = 60;
  programme.source = EntrySource::programme;
  programme.min_age_years = 30;
  programme.max_age_years = 40;
  PlacementOrder order_class = programme;
  order_class.payer = 3;
  order_class.level = static_cast<int>(Level::junior);
  order_class.title = static_cast<int>(Title::none);
  order_class.education = static_cast<int>(Education::bachelor);
  order_class.origin = static_cast<int>(Origin::local);
  order_class.count = 25;
  order_class.bond_months = 72;
  order_class.source = EntrySource::order_class;
  order_class.min_age_years = 22;
  order_class.max_age_years = 23;
  h.levers.placements = {programme, order_class};
  const std::vector<std::size_t> added = place(h);

  int programmes = 0, orders = 0;
  for (std::size_t i : added) {
    const auto& a = h.agents;
    if (a.origin[i] == static_cast<std::uint8_t>(Origin::outsider)) {
      ++programmes;
      EXPECT_EQ(a.level[i], static_cast<std::uint8_t>(Level::high_end));
      EXPECT_EQ(a.title[i], static_cast<std::uint8_t>(Title::senior));
      EXPECT_EQ(a.education[i], static_cast<std::uint8_t>(Education::doctorate));
      EXPECT_EQ(a.bond_until[i], today + 60);
      EXPECT_EQ(a.home_prefecture[i], AgentStore::kNoHome);  // outsiders have no hometown here
      EXPECT_GE(a.age_months[i], 30 * 12);
      EXPECT_LT(a.age_months[i], 40 * 12);
    } else if (a.origin[i] == static_cast<std::uint8_t>(Origin::local)) {
      ++orders;
      EXPECT_EQ(a.title[i], static_cast<std::uint8_t>(Title::none));
      EXPECT_EQ(a.bond_until[i], today + 72);
      EXPECT_EQ(a.home_prefecture[i], h.regions.prefecture_slot_of_county(remote));
      EXPECT_GE(a.age_months[i], 22 * 12);
      EXPECT_LT(a.age_months[i], 23 * 12);
    } else {
      continue;  // this month's flexible engagements
    }
    EXPECT_EQ(a.county[i], remote);
    EXPECT_EQ(a.field[i], 1);
    EXPECT_EQ(a.entry_month[i], today);
  }
  EXPECT_EQ(programmes, 12);
  EXPECT_EQ(orders, 25);
  EXPECT_EQ(h.flows.entry(remote, EntrySource::programme), 12);
  EXPECT_EQ(h.flows.entry(remote, EntrySource::order_class), 25);
  EXPECT_EQ(h.basis.placed[h.basis.order_index(1, remote)], 12);
  EXPECT_EQ(h.basis.placed[h.basis.order_index(3, remote)], 25);
}
