// Recruitment: no more hires than open posts, and candidate ids that never repeat or meet an
// initial agent's.
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <array>
#include <set>
#include <vector>

#include "model/recruitment.h"
#include "model/simulation.h"
#include "scenario/scenario.h"
#include <cmath>
#include "model/personal_traits.h"
#include "model/place_valuation.h"
#include "process_harness.h"

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

// The rule on a small hand-made population (process_harness.h):
// The rules of recruitment (docs/ODD.md 7.10): each open post is offered once a month and filled
// at the county type's fill probability, never beyond the open posts; candidates come from the
// pools in their shares; acceptance rises with the acceptance lever and with a better package.

using namespace kunlun;
using namespace kunlun::testing;

namespace {

struct RecruitmentBench {
  ProcessHarness h{kRulesScenario};
  int capital = h.county("capital"), town = h.county("town"), remote = h.county("remote");

  // The acceptance rules on their own: pools so large they never run short, unless a test says.
  RecruitmentBench() { h.scenario.behaviour.recruitment.supply_per_year = {1e7, 1e7, 1e7}; }

  // `holders` post holders in a county x field whose job capacity is `capacity`.
  void posts(int county, int field, int capacity, int holders) {
    h.job_capacity[h.cf(county, field)] = capacity;
    AgentRecord r = h.typical(0);
    r.county = static_cast<std::uint16_t>(county);
    r.field = static_cast<std::uint8_t>(field);
    h.add(r, holders);
  }
  // A lever on every class of a county.
  void lever(Lever l, int county, float amount) {
    for (int k = 0; k < h.levers.classes(); ++k) h.levers.add(l, county, k, amount);
  }
  // The month's place valuation (the first month's references without levers), then recruitment;
  // the recruits by county x field, and their ids.
  std::vector<int> recruit(std::set<std::uint64_t>* ids = nullptr) {
    PlaceValuation valuation;
    h.run(valuation);
    const std::size_t before = h.agents.size();
    Recruitment process;
    h.run(process);
    std::vector<int> hired(h.job_capacity.size(), 0);
    for (std::size_t i = before; i < h.agents.size(); ++i) {
      ++hired[h.cf(h.agents.county[i], h.agents.field[i])];
      EXPECT_EQ(h.agents.entry_month[i], h.date.index());
      EXPECT_EQ(h.agents.months_in_county[i], 0);
      EXPECT_EQ(h.agents.bond_until[i], 0);
      if (ids) ids->insert(h.agents.id[i]);
    }
    return hired;
  }
};

}  // namespace

TEST(RecruitmentRule, OpenPostsAreFilledAtTheFillProbabilityAndNeverBeyondThem) {
  RecruitmentBench b;
  const RecruitmentParams& rp = b.h.scenario.behaviour.recruitment;
  b.posts(b.capital, 0, 20000, 5000);  // 15,000 open posts
  b.posts(b.remote, 0, 10000, 0);      // 10,000
  b.posts(b.town, 1, 200, 300);        // more holders than posts: none open
  const std::vector<int> hired = b.recruit();
  // Without levers a county's package equals its type's reference (one county per type), so a
  // post is filled with the type's probability: binomial counts within six standard deviations
  // (56 and 27).
  const double f_capital = rp.monthly_fill_probability[static_cast<std::size_t>(county_type_index(RegionType::capital_district))];
  const double f_remote = rp.monthly_fill_probability[static_cast<std::size_t>(county_type_index(RegionType::grassroots))];
  EXPECT_NEAR(hired[b.h.cf(b.capital, 0)], 15000 * f_capital, 6 * binomial_sd(15000, f_capital));
  EXPECT_NEAR(hired[b.h.cf(b.remote, 0)], 10000 * f_remote, 6 * binomial_sd(10000, f_remote));
  EXPECT_EQ(hired[b.h.cf(b.town, 1)], 0);
  // Every recruit is an inflow with its pool as entry source; graduates in their share.
  int inflow = 0, entries = 0;
  for (int cell = 0; cell < b.h.cells.size(); ++cell) inflow += b.h.flows.get(Flow::inflow, cell);
  for (int c = 0; c < b.h.regions.county_count(); ++c)
    for (int s = 0; s < 3; ++s) entries += b.h.flows.entry(c, static_cast<EntrySource>(s));
  int total = 0;
  for (int n : hired) total += n;
  EXPECT_EQ(inflow, total);
  EXPECT_EQ(entries, total);
  const int n = hired[b.h.cf(b.capital, 0)];
  const double g = rp.source_shares[0];
  EXPECT_NEAR(b.h.flows.entry(b.capital, EntrySource::graduate), n * g, 6 * binomial_sd(n, g));
}

TEST(RecruitmentRule, ACertainFillTakesEveryOpenPostAndNoMore) {
  RecruitmentBench b;
  const auto town_type = static_cast<std::size_t>(county_type_index(RegionType::county_town));
  b.h.scenario.behaviour.recruitment.monthly_fill_probability[town_type] = 1.0;
  b.posts(b.town, 0, 300, 120);  // 180 open posts
  std::vector<int> hired = b.recruit();
  EXPECT_EQ(hired[b.h.cf(b.town, 0)], 180);
  // The next month the posts are all held: no one more.
  b.h.set_step(1);
  hired = b.recruit();
  EXPECT_EQ(hired[b.h.cf(b.town, 0)], 0);
}

TEST(RecruitmentRule, AcceptanceRisesWithTheAcceptanceLeverAndWithTheCountysPackage) {
  // The same candidates (ids from the vacancy slot) in three runs: without levers, with an
  // acceptance lever of +1 and with a pay top-up of 2,000 CNY in the capital district. Acceptance
  // rises for every candidate in both, so everyone hired without levers is hired with them.
  const auto run = [](Lever lever, float amount, std::set<std::uint64_t>& ids) {
    RecruitmentBench b;
    b.posts(b.capital, 0, 20000, 5000);
    if (amount != 0) b.lever(lever, b.capital, amount);
    return b.recruit(&ids)[b.h.cf(b.capital, 0)];
  };
  std::set<std::uint64_t> none, accepting, paid;
  const int base = run(Lever::acceptance_log_odds, 0, none);
  const int with_lever = run(Lever::acceptance_log_odds, 1.0f, accepting);
  const int with_pay = run(Lever::pay_top_up_cny, 2000.0f, paid);
  for (std::uint64_t id : none) {
    EXPECT_TRUE(accepting.count(id)) << id;
    EXPECT_TRUE(paid.count(id)) << id;
  }
  // logit(0.3) + 1: 0.538 of 15,000 (6 sd = 366), against 0.3 without.
  const double p = logistic(log_odds(0.3) + 1.0);
  EXPECT_NEAR(with_lever, 15000 * p, 6 * binomial_sd(15000, p));
  EXPECT_GT(with_pay, base + 6 * binomial_sd(15000, 0.3));
}

TEST(RecruitmentPools, TheBestOffersAreTakenTiesToTheLowerIndex) {
  EXPECT_EQ(offers_taken({1, 3, 2, 3}, 2), (std::vector<std::size_t>{1, 3}));
  EXPECT_EQ(offers_taken({1, 3, 2, 3}, 3), (std::vector<std::size_t>{1, 2, 3}));
  EXPECT_EQ(offers_taken({1, 3, 2, 3}, 10), (std::vector<std::size_t>{0, 1, 2, 3}));
  EXPECT_TRUE(offers_taken({1, 3}, 0).empty());
}

// A pool that runs short: 2,000 offers accepted (every post at a fill of 1) for the 100 graduates
// of the month (600 a year, 50 a month, and as many again waiting at the steady state of an
// attrition of 0.5). The candidates take the offers they value most: a 20,000 CNY top-up in the
// remote county (about 2.3 utility of income, less its worse place terms) draws most. The other posts
// stay open, and the next month only that month's 50 come.
TEST(RecruitmentPools, AShortPoolFillsTheMostValuedPostsAndLeavesTheRestOpen) {
  RecruitmentBench b;
  RecruitmentParams& rp = b.h.scenario.behaviour.recruitment;
  rp.source_shares = {1.0, 0.0, 0.0};
  rp.supply_per_year = {600, 0, 0};
  ASSERT_EQ(rp.supply_monthly_attrition, 0.5);
  for (RegionType t : {RegionType::capital_district, RegionType::grassroots})
    rp.monthly_fill_probability[static_cast<std::size_t>(county_type_index(t))] = 1.0;
  b.posts(b.capital, 0, 1000, 0);
  b.posts(b.remote, 0, 1000, 0);
  b.lever(Lever::pay_top_up_cny, b.remote, 20000.0f);
  // One process across both months, as a simulation keeps it: the pool carries over.
  PlaceValuation valuation;
  Recruitment process;
  const auto month = [&] {
    b.h.run(valuation);
    const std::size_t before = b.h.agents.size();
    b.h.run(process);
    std::array<int, 2> hired{};
    for (std::size_t i = before; i < b.h.agents.size(); ++i) ++hired[b.h.agents.county[i] == b.remote ? 1 : 0];
    return hired;
  };
  const std::array<int, 2> first = month();
  EXPECT_EQ(first[0] + first[1], 100);
  EXPECT_GT(first[1], 60);  // most (79 when written); without the top-up the capital would draw more
  b.h.set_step(1);
  const std::array<int, 2> second = month();
  EXPECT_EQ(second[0] + second[1], 50);
}
