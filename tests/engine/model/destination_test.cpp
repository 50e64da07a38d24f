// Destination: what a leaver who holds a home-purchase grant pays back.
#include <gtest/gtest.h>

#include "model/destination.h"
#include <cmath>
#include <numbers>
#include <vector>
#include "model/place_valuation.h"
#include "process_harness.h"

using namespace kunlun;

TEST(HousingPurchaseSubsidy, ClawbackIsTheSharedUnvestedPartAndNothingOnceVested) {
  // 60 months' vesting, 12 held: 48/60 unvested, half of it recovered = 0.5 x 100000 x 0.8.
  EXPECT_EQ(grant_clawback_cny(100000, 12, 60, 0.5f), 40000);
  EXPECT_EQ(grant_clawback_cny(100000, 0, 60, 0.5f), 50000);
  EXPECT_EQ(grant_clawback_cny(100000, 59, 60, 0.5f), 833);  // 0.5 x 100000 / 60 = 833.3
  EXPECT_EQ(grant_clawback_cny(100000, 60, 60, 0.5f), 0);
  EXPECT_EQ(grant_clawback_cny(100000, 200, 60, 0.5f), 0);
  EXPECT_EQ(grant_clawback_cny(100000, 12, 60, 0.0f), 0);
  EXPECT_EQ(grant_clawback_cny(100000, 12, 60, 1.0f), 80000);
  EXPECT_EQ(grant_clawback_cny(100000, 0, 0, 1.0f), 0);  // no vesting: earned at once
  EXPECT_EQ(grant_clawback_cny(0, 0, 60, 1.0f), 0);
}

// The rule on a small hand-made population (process_harness.h):
// The rule of destination choice (docs/ODD.md 7.7) on hand-made movers: the shares going to each
// county and outside region follow the documented logit (attraction, distance, hometown), counties
// without an open post get no one, a better-paid county draws more, and a move settles the
// mover's county, flows and grant claw-back as documented.

using namespace kunlun;
using namespace kunlun::testing;

namespace {

double haversine_km(const Region& a, const Region& b) {
  const double r = std::numbers::pi / 180.0;
  const double s1 = std::sin((b.lat - a.lat) * r / 2), s2 = std::sin((b.lon - a.lon) * r / 2);
  return 2 * 6371.0 * std::asin(std::sqrt(s1 * s1 + std::cos(a.lat * r) * std::cos(b.lat * r) * s2 * s2));
}

// The documented choice probabilities of a mover of class k from county `from` over every place
// (counties, then outside regions), from this month's attractions and outside values.
std::vector<double> documented_shares(const ProcessHarness& h, int from, int k, std::uint8_t home) {
  const PlaceValues& v = h.places;
  const BehaviourParams& b = h.scenario.behaviour;
  const int counties = h.regions.county_count();
  const int title = (k / kOrigins) % kTitles;
  std::vector<double> w;
  double total = 0;
  for (int d = 0; d < counties + v.outside; ++d) {
    const Region& to = d < counties ? h.regions.county(d) : h.regions.region(h.regions.outside()[static_cast<std::size_t>(d - counties)]);
    double utility = b.destination.distance_per_100km * haversine_km(h.regions.county(from), to) / 100;
    double weight = 0;
    if (d < counties) {
      const double attraction = v.attraction[v.at(d, k)];
      const bool at_home = h.regions.prefecture_slot_of_county(d) == home;
      if (d != from && std::isfinite(attraction)) weight = std::exp(utility + attraction + (at_home ? b.utility.hometown : 0.0));
    } else {
      weight = std::exp(utility + v.outside_value[static_cast<std::size_t>(d - counties) * kTitles + static_cast<std::size_t>(title)]);
    }
    w.push_back(weight);
    total += weight;
  }
  for (double& x : w) x /= total;
  return w;
}

struct DestinationBench {
  ProcessHarness h{kRulesScenario};
  int capital = h.county("capital"), town = h.county("town"), remote = h.county("remote");
  std::vector<int> places = std::vector<int>(static_cast<std::size_t>(h.regions.county_count()) + h.regions.outside().size());

  // Values the places (the month's place valuation), marks [first, first + n) as movers and runs
  // destination choice; counts where they went.
  std::vector<int> move(std::size_t first, int n) {
    PlaceValuation valuation;
    h.run(valuation);
    for (std::size_t i = first; i < first + static_cast<std::size_t>(n); ++i) h.agents.status[i] = AgentStatus::moving;
    const std::vector<int> from = std::vector<int>(h.agents.county.begin() + static_cast<std::ptrdiff_t>(first),
                                                   h.agents.county.begin() + static_cast<std::ptrdiff_t>(first) + n);
    Destination destination;
    h.run(destination);
    std::vector<int> counts(places.size(), 0);
    for (std::size_t i = first; i < first + static_cast<std::size_t>(n); ++i) {
      const AgentStatus s = h.agents.status[i];
      EXPECT_TRUE(s == AgentStatus::active || s == AgentStatus::left_province);
      if (s == AgentStatus::active) {
        EXPECT_NE(h.agents.county[i], from[i - first]);
        ++counts[h.agents.county[i]];
      }
    }
    // Leavers by outside region, from the move tally (county x place).
    for (std::size_t o = 0; o < h.regions.outside().size(); ++o) {
      const int place = h.regions.county_count() + static_cast<int>(o);
      for (int c = 0; c < h.regions.county_count(); ++c) counts[static_cast<std::size_t>(place)] += h.flows.move(c, place);
    }
    return counts;
  }
};

void expect_shares(const std::vector<int>& counts, const std::vector<double>& shares, int n) {
  for (std::size_t d = 0; d < counts.size(); ++d) {
    // Each place's count is binomial (n, share): within six standard deviations.
    EXPECT_NEAR(counts[d], n * shares[d], 6 * binomial_sd(n, shares[d]) + 1e-9) << "place " << d;
  }
}

}  // namespace

TEST(DestinationRule, MoversChooseByTheDocumentedLogitOverCountiesAndOutsideRegions) {
  DestinationBench b;
  AgentRecord r = b.h.typical(0);
  r.county = static_cast<std::uint16_t>(b.capital);
  // 50,000 movers: a place's count is within 6 sd (at most 670) of its expectation, so a shift of
  // two percent of the movers (1,000) from one place to others shows.
  constexpr int kN = 50000;
  const std::size_t first = b.h.add(r, kN);
  const std::vector<int> counts = b.move(first, kN);
  const std::vector<double> shares =
      documented_shares(b.h, b.capital, ClassLayout::encode(r.field, r.level, r.title, r.origin), AgentStore::kNoHome);
  EXPECT_EQ(counts[static_cast<std::size_t>(b.capital)], 0);
  // Every place but the origin draws a visible share, so the comparison means something.
  for (std::size_t d = 0; d < shares.size(); ++d)
    if (static_cast<int>(d) != b.capital) { EXPECT_GT(shares[d], 0.01) << "place " << d; }
  expect_shares(counts, shares, kN);
}

TEST(DestinationRule, ReturneesPreferTheirHomePrefecture) {
  DestinationBench b;
  AgentRecord r = b.h.typical(0);
  r.county = static_cast<std::uint16_t>(b.capital);
  r.origin = static_cast<std::uint8_t>(Origin::returnee);
  r.home_prefecture = static_cast<std::uint8_t>(b.h.regions.prefecture_slot_of_county(b.remote));  // uplands: town and remote
  constexpr int kN = 20000;
  const std::size_t first = b.h.add(r, kN);
  const std::vector<int> counts = b.move(first, kN);
  const int k = ClassLayout::encode(r.field, r.level, r.title, r.origin);
  const std::vector<double> home = documented_shares(b.h, b.capital, k, r.home_prefecture);
  const std::vector<double> away = documented_shares(b.h, b.capital, k, AgentStore::kNoHome);
  ASSERT_GT(home[static_cast<std::size_t>(b.town)], away[static_cast<std::size_t>(b.town)] * 1.3);
  expect_shares(counts, home, kN);
}

TEST(DestinationRule, CountiesWithoutAnOpenPostInTheFieldGetNoMovers) {
  DestinationBench b;
  // The remote county's education posts (field 1, capacity 40) are all held.
  AgentRecord holder = b.h.typical(0);
  holder.county = static_cast<std::uint16_t>(b.remote);
  holder.field = 1;
  b.h.add(holder, 40);
  AgentRecord r = b.h.typical(0);
  r.county = static_cast<std::uint16_t>(b.capital);
  r.field = 1;
  const std::size_t first = b.h.add(r, 5000);
  const std::vector<int> counts = b.move(first, 5000);
  EXPECT_EQ(counts[static_cast<std::size_t>(b.remote)], 0);
  EXPECT_GT(counts[static_cast<std::size_t>(b.town)], 0);
}

TEST(DestinationRule, AHigherUtilityCountyDrawsMoreMovers) {
  // The same movers, once without and once with a pay top-up of 3,000 CNY in the remote county:
  // its weight rises by (11,400 / 8,400)^2 = 1.84 (log-income weight 2), so well more go there.
  const auto to_remote = [](float top_up) {
    DestinationBench b;
    AgentRecord r = b.h.typical(0);
    r.county = static_cast<std::uint16_t>(b.capital);
    const int k = ClassLayout::encode(r.field, r.level, r.title, r.origin);
    b.h.levers.add(Lever::pay_top_up_cny, b.remote, k, top_up);
    constexpr int kN = 20000;
    const std::size_t first = b.h.add(r, kN);
    const std::vector<int> counts = b.move(first, kN);
    expect_shares(counts, documented_shares(b.h, b.capital, k, AgentStore::kNoHome), kN);
    return counts[static_cast<std::size_t>(b.remote)];
  };
  const int before = to_remote(0.0f), after = to_remote(3000.0f);
  ASSERT_GT(before, 100);
  EXPECT_GT(after, before * 3 / 2);
}

TEST(DestinationRule, AMoveSettlesCountyFlowsApartmentAndGrant) {
  DestinationBench b;
  const int today = b.h.date.index();
  AgentRecord r = b.h.typical(0);
  r.county = static_cast<std::uint16_t>(b.capital);
  r.flags = agent_flag::apartment;
  r.months_in_county = 77;
  // A 120,000 CNY grant vesting over 60 months, 20 months held, half clawed back on leaving:
  // 0.5 x 120,000 x (1 - 20/60) = 40,000 CNY.
  r.grant_cny = 120000;
  r.grant_month = today - 20;
  r.grant_vesting_months = 60;
  r.grant_clawback_share = 0.5f;
  constexpr int kN = 2000;
  const std::size_t first = b.h.add(r, kN);
  b.move(first, kN);
  const int cell = b.h.cells.index(b.capital, 0, r.level);
  int internal = 0, external = 0;
  for (std::size_t i = first; i < first + kN; ++i) {
    EXPECT_EQ(b.h.agents.grant_vesting_months[i], 0);  // settled: nothing vests after leaving
    if (b.h.agents.status[i] == AgentStatus::active) {
      ++internal;
      EXPECT_EQ(b.h.agents.months_in_county[i], 0);
      EXPECT_FALSE(b.h.agents.has(i, agent_flag::apartment));
    } else {
      ++external;
    }
  }
  ASSERT_GT(internal, 0);
  ASSERT_GT(external, 0);
  EXPECT_EQ(b.h.flows.get(Flow::outflow_internal, cell), internal);
  EXPECT_EQ(b.h.flows.get(Flow::outflow_external, cell), external);
  EXPECT_EQ(b.h.flows.get(Flow::inflow_internal, b.h.cells.index(b.town, 0, r.level)) +
                b.h.flows.get(Flow::inflow_internal, b.h.cells.index(b.remote, 0, r.level)),
            internal);
  const int k = ClassLayout::encode(r.field, r.level, r.title, r.origin);
  EXPECT_EQ(b.h.basis.clawed_back_cny[b.h.basis.index(b.capital, k)], 40000LL * kN);
}
