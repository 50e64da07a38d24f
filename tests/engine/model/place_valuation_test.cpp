// Place valuation: the value of the alternatives is the log-sum over every other place.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "model/place_valuation.h"
#include "model/simulation.h"
#include "scenario/scenario.h"
#include <limits>
#include <numbers>
#include "process_harness.h"

using namespace kunlun;

namespace {
const std::string kData = KUNLUN_TEST_DATA;
}  // namespace

TEST(PlaceValuation, AlternativesAreTheLogSumOverOtherPlaces) {
  const auto state = InitialState::prepare(load_scenario(kData + "/sim/small.yaml"));
  const RegionTable& regions = state->regions;
  const LeverTable levers(ClassLayout{regions.county_count(), regions.field_count()});
  std::vector<std::int32_t> open(static_cast<std::size_t>(regions.county_count()) * regions.field_count(), 10);
  open[3] = 0;  // county 0, field 3: no open post
  std::vector<std::int32_t> heads(static_cast<std::size_t>(regions.county_count()) * levers.classes(), 1);
  PlaceValues v;
  value_places(state->scenario, regions, levers, open, heads, v);
  const int k = ClassLayout::encode(3, static_cast<int>(Level::mid), static_cast<int>(Title::intermediate), 0);
  EXPECT_TRUE(std::isinf(v.attraction[v.at(0, k)]));  // no post, no destination
  // Direct sum for county 1 over every other county and outside region.
  const int places = v.layout.counties + v.outside;
  double sum = 0;
  for (int d = 0; d < places; ++d) {
    if (d == 1) continue;
    const double friction = v.friction[static_cast<std::size_t>(1) * places + d];
    const double a = d < v.layout.counties ? v.attraction[v.at(d, k)]
                                    : v.outside_value[static_cast<std::size_t>(d - v.layout.counties) * kTitles + 2];
    sum += std::exp(a + friction);
  }
  EXPECT_NEAR(v.alternatives[v.at(1, k)], std::log(sum), 1e-4);
}

// The rule on a small hand-made population (process_harness.h):
// The rule of place valuation (docs/ODD.md 7.5) in a two-county case: the values, attractions,
// outside values, log-sums of alternatives and the first month's references, each computed here
// from the documented formulas and the region table (tests/data/rules/two_counties.csv).

using namespace kunlun;
using namespace kunlun::testing;

namespace {

double logistic_of(double x) { return 1.0 / (1.0 + std::exp(-x)); }

// Great-circle distance between seats on a sphere of radius 6371 km (haversine).
double haversine_km(const Region& a, const Region& b) {
  const double r = std::numbers::pi / 180.0;
  const double s1 = std::sin((b.lat - a.lat) * r / 2), s2 = std::sin((b.lon - a.lon) * r / 2);
  return 2 * 6371.0 * std::asin(std::sqrt(s1 * s1 + std::cos(a.lat * r) * std::cos(b.lat * r) * s2 * s2));
}

// Levers of one county x class the hand computation takes into account.
struct Levers {
  double top_up = 0, benefit = 0, title_log_odds = 0;
  double discount = 0, apartment_chance = 0;  // talent-apartment discount, chance of a unit
  double grant = 0, vesting = 0;              // purchase grant (at uptake 1: see the test)
  bool special_posts = false;                  // promoted beyond the post structure
};

// The terms of 7.5 for the reference agent (institution, bachelor's degree) of title t.
struct Documented {
  double net, other, value;
};
Documented county_value(const BehaviourParams& b, const Region& c, Title t, const Levers& l) {
  const auto ti = static_cast<std::size_t>(t);
  const double gross = b.pay.base_monthly_cny[ti] * b.pay.employer_factor[0] * c.wage_level +
                       b.pay.hardship_allowance_cny[static_cast<std::size_t>(c.hardship_class)] + l.top_up;
  const double housing = b.pay.market_rent_cny * c.housing_cost_level - l.benefit - l.apartment_chance * l.discount;
  const double grant = l.grant > 0 ? l.grant / std::max(1.0, l.vesting) : 0.0;
  const double net = std::max(gross - housing + grant, 0.2 * gross);
  // T(c,k): half the minimum wait plus the mean wait once eligible, for the next title.
  double years = 0;
  if (t != Title::senior) {
    const bool grassroots = c.type == RegionType::grassroots;
    const double n_min = b.titles.min_years[ti][static_cast<std::size_t>(Education::bachelor)] -
                         (grassroots ? b.titles.grassroots_min_years_cut : 0.0);
    const double lambda = b.titles.log_odds[ti] + l.title_log_odds + (grassroots ? b.titles.grassroots_log_odds : 0.0);
    const double paper = ti + 1 >= static_cast<std::size_t>(Title::associate_senior) ? b.titles.paper_pass_share : 1.0;
    // The room the structure leaves above the title: the next title's share over this one's.
    const auto& share = b.titles.post_share[static_cast<std::size_t>(county_type_index(c.type))];
    const double room = l.special_posts ? 1.0 : std::min(1.0, share[ti] / (ti == 0 ? 1.0 : share[ti - 1]));
    years = 0.5 * std::max(0.0, n_min) + 1.0 / std::max(1.0 / 40, logistic_of(lambda) * paper * room);
  }
  const UtilityParams& u = b.utility;
  const double other = u.amenity * c.amenity_index + u.altitude_per_km * std::max(0.0, c.altitude_m - 2000) / 1000 +
                       u.remoteness * c.remoteness + u.years_to_next_title * years +
                       u.income_risk * u.income_risk_by_employer[0];
  return {net, other, u.log_income * std::log(net) + other};
}

double outside_value(const BehaviourParams& b, const Region& o, Title t) {
  const auto ti = static_cast<std::size_t>(t);
  const double gross = b.pay.base_monthly_cny[ti] * o.wage_level;
  const double net = std::max(gross - b.pay.market_rent_cny * o.housing_cost_level, 0.2 * gross);
  double years = 0;
  if (t != Title::senior) {
    const double paper = ti + 1 >= static_cast<std::size_t>(Title::associate_senior) ? b.titles.paper_pass_share : 1.0;
    const auto& share = b.titles.post_share[0];  // capital district
    const double room = std::min(1.0, share[ti] / (ti == 0 ? 1.0 : share[ti - 1]));
    years = 0.5 * b.titles.min_years[ti][static_cast<std::size_t>(Education::bachelor)] +
            1.0 / std::max(1.0 / 40, logistic_of(b.titles.log_odds[ti]) * paper * room);
  }
  const UtilityParams& u = b.utility;
  const int kind = static_cast<int>(o.type) - static_cast<int>(RegionType::paired_province);
  return u.log_income * std::log(net) + u.years_to_next_title * years + u.amenity * o.amenity_index +
         u.altitude_per_km * std::max(0.0, o.altitude_m - 2000) / 1000 + u.remoteness * o.remoteness +
         b.destination.leave_province + b.destination.outside_by_type[static_cast<std::size_t>(kind)];
}

struct ValuationBench {
  ProcessHarness h{kTwoCountiesScenario};
  int capital = h.county("capital"), remote = h.county("remote");
  const Region& east = h.regions.region(h.regions.outside()[0]);
  const BehaviourParams& b = h.scenario.behaviour;
  // The class valued: health, mid level, intermediate title, local.
  int cls = ClassLayout::encode(0, static_cast<int>(Level::mid), static_cast<int>(Title::intermediate), static_cast<int>(Origin::local));

  // Job capacity 1000 (capital) and 200 (remote) at scale 1; hand-made post holders leave open
  // posts P = capacity - holders.
  void hold_posts(int county, int holders) {
    AgentRecord r = h.typical(0);
    r.county = static_cast<std::uint16_t>(county);
    h.add(r, holders);
  }
  double open_term(int open) const { return b.utility.job_openings * std::log1p(open / h.scenario.population.scale); }
  double friction(int from, const Region& to) const {
    return std::exp(b.destination.distance_per_100km * haversine_km(h.regions.county(from), to) / 100);
  }
  void run() {
    PlaceValuation process;
    h.run(process);
  }
};

constexpr double kTolerance = 1e-4;  // values of order 10, stored as floats

}  // namespace

TEST(PlaceValuationRule, ValuesFollowTheDocumentedFormulaInATwoCountyCase) {
  ValuationBench v;
  v.h.scenario.population.scale = 0.5;  // open posts count at full scale: P / 0.5
  ASSERT_EQ(v.h.regions.county_count(), 2);
  ASSERT_EQ(v.h.regions.outside().size(), 1u);
  v.hold_posts(v.capital, 400);  // P = 600
  v.hold_posts(v.remote, 150);   // P = 50
  v.run();
  const PlaceValues& p = v.h.places;
  const Region &cap = v.h.regions.county(v.capital), &rem = v.h.regions.county(v.remote);
  const Documented dc = county_value(v.b, cap, Title::intermediate, {});
  const Documented dr = county_value(v.b, rem, Title::intermediate, {});
  // By hand: capital net 7000 x 1.2 - 1500 x 1.4 = 6300, remote 7000 x 1.1 + 1600 - 900 = 8400.
  EXPECT_NEAR(dc.net, 6300, 1e-9);
  EXPECT_NEAR(dr.net, 8400, 1e-9);
  EXPECT_NEAR(p.net_income[p.at(v.capital, v.cls)], dc.net, 1e-3);
  EXPECT_NEAR(p.net_income[p.at(v.remote, v.cls)], dr.net, 1e-3);
  EXPECT_NEAR(p.other_terms[p.at(v.capital, v.cls)], dc.other, kTolerance);
  EXPECT_NEAR(p.other_terms[p.at(v.remote, v.cls)], dr.other, kTolerance);
  EXPECT_NEAR(p.value[p.at(v.capital, v.cls)], dc.value, kTolerance);
  EXPECT_NEAR(p.value[p.at(v.remote, v.cls)], dr.value, kTolerance);
  const double wc = dc.value + v.open_term(600), wr = dr.value + v.open_term(50);
  EXPECT_NEAR(p.attraction[p.at(v.capital, v.cls)], wc, kTolerance);
  EXPECT_NEAR(p.attraction[p.at(v.remote, v.cls)], wr, kTolerance);
  const double out = outside_value(v.b, v.east, Title::intermediate);
  EXPECT_NEAR(p.outside_value[static_cast<std::size_t>(Title::intermediate)], out, kTolerance);
  // The alternatives to a county: the other county and the outside region, with distance friction.
  const double ac = std::log(v.friction(v.capital, rem) * std::exp(wr) + v.friction(v.capital, v.east) * std::exp(out));
  const double ar = std::log(v.friction(v.remote, cap) * std::exp(wc) + v.friction(v.remote, v.east) * std::exp(out));
  EXPECT_NEAR(p.alternatives[p.at(v.capital, v.cls)], ac, kTolerance);
  EXPECT_NEAR(p.alternatives[p.at(v.remote, v.cls)], ar, kTolerance);
  // The first month's references: the jobs-weighted mean gap (jobs 1000 and 200), and the value
  // of each county type (one county each).
  ASSERT_TRUE(p.has_reference);
  EXPECT_NEAR(p.gap_reference[static_cast<std::size_t>(v.cls)], (1000 * (ac - dc.value) + 200 * (ar - dr.value)) / 1200,
              kTolerance);
  const auto type_ref = [&](RegionType t) {
    return p.value_reference[static_cast<std::size_t>(county_type_index(t)) * static_cast<std::size_t>(p.layout.classes()) +
                             static_cast<std::size_t>(v.cls)];
  };
  EXPECT_NEAR(type_ref(RegionType::capital_district), dc.value, kTolerance);
  EXPECT_NEAR(type_ref(RegionType::grassroots), dr.value, kTolerance);
}

// Careers are valued by the room the post structure leaves above a title: fewer associate-senior
// posts for intermediates at the remote county mean a longer wait and a place worth less, while
// special posts set aside restore the wait of free posts.
TEST(PlaceValuationRule, AScarcerPostStructureSlowsTheCareerTermUnlessSpecialPostsAreSetAside) {
  ValuationBench v;
  v.hold_posts(v.capital, 400);
  v.hold_posts(v.remote, 150);
  TitleParams& t = v.h.scenario.behaviour.titles;
  const auto remote_type = static_cast<std::size_t>(county_type_index(v.h.regions.county(v.remote).type));
  const int cls_special =
      ClassLayout::encode(0, static_cast<int>(Level::mid), static_cast<int>(Title::intermediate), static_cast<int>(Origin::returnee));
  v.h.levers.add(Lever::title_special_posts, v.remote, cls_special, 1.0f);
  const Region& rem = v.h.regions.county(v.remote);
  const double before = county_value(v.b, rem, Title::intermediate, {}).other;
  t.post_share[remote_type][2] = t.post_share[remote_type][1] / 10;  // room 0.1 above intermediate
  v.run();
  const PlaceValues& p = v.h.places;
  const double after = county_value(v.b, rem, Title::intermediate, {}).other;
  EXPECT_LT(after, before - 0.5);  // the wait once eligible is about ten times as long
  EXPECT_NEAR(p.other_terms[p.at(v.remote, v.cls)], after, kTolerance);
  Levers special;
  special.special_posts = true;
  EXPECT_NEAR(p.other_terms[p.at(v.remote, cls_special)], county_value(v.b, rem, Title::intermediate, special).other,
              kTolerance);
}

TEST(PlaceValuationRule, ACountyWithoutAnOpenPostIsNoAlternative) {
  ValuationBench v;
  v.hold_posts(v.capital, 400);
  v.hold_posts(v.remote, 200);  // P = 0 in the remote county's only field
  v.run();
  const PlaceValues& p = v.h.places;
  EXPECT_EQ(p.attraction[p.at(v.remote, v.cls)], -std::numeric_limits<float>::infinity());
  const double out = outside_value(v.b, v.east, Title::intermediate);
  EXPECT_NEAR(p.alternatives[p.at(v.capital, v.cls)], std::log(v.friction(v.capital, v.east) * std::exp(out)), kTolerance);
}

TEST(PlaceValuationRule, LeversMoveTheValueButNotTheFirstMonthsReference) {
  ValuationBench v;
  v.hold_posts(v.capital, 400);
  v.hold_posts(v.remote, 150);
  // Top-up, rent subsidy, better title odds, a talent apartment with 10 units for 40 eligible
  // (chance 1/4), and a 60,000 CNY grant vesting over 60 months. The grant is written at a yearly
  // uptake of 1: the code weights the grant's monthly value by min(1, uptake) (place_valuation.cpp),
  // which docs/ODD.md 7.5 does not state; at uptake 1 both agree.
  const Levers l{1000, 300, 1.0, 500, 0.25, 60000, 60};
  v.h.levers.add(Lever::pay_top_up_cny, v.remote, v.cls, static_cast<float>(l.top_up));
  v.h.levers.add(Lever::housing_benefit_cny, v.remote, v.cls, static_cast<float>(l.benefit));
  v.h.levers.add(Lever::title_log_odds, v.remote, v.cls, static_cast<float>(l.title_log_odds));
  v.h.levers.add(Lever::apartment_discount_cny, v.remote, v.cls, static_cast<float>(l.discount));
  v.h.levers.add_county(CountyLever::apartment_units, v.remote, 10.0f);
  v.h.basis.headcount[v.h.basis.index(v.remote, v.cls)] = 40;  // as pay counts them
  v.h.levers.add(Lever::purchase_grant_cny, v.remote, v.cls, static_cast<float>(l.grant));
  v.h.levers.add(Lever::purchase_vesting_months, v.remote, v.cls, static_cast<float>(l.vesting));
  v.h.levers.add(Lever::purchase_uptake, v.remote, v.cls, 1.0f);
  v.run();
  const PlaceValues& p = v.h.places;
  const Region& rem = v.h.regions.county(v.remote);
  const Documented with = county_value(v.b, rem, Title::intermediate, l);
  const Documented without = county_value(v.b, rem, Title::intermediate, {});
  EXPECT_NEAR(with.net, 8400 + 1000 + 300 + 0.25 * 500 + 1000, 1e-9);
  EXPECT_NEAR(p.net_income[p.at(v.remote, v.cls)], with.net, 1e-3);
  EXPECT_NEAR(p.other_terms[p.at(v.remote, v.cls)], with.other, kTolerance);
  EXPECT_NEAR(p.value[p.at(v.remote, v.cls)], with.value, kTolerance);
  EXPECT_GT(with.value, without.value + 0.2);  // the levers make a clear difference
  // The first month's reference is valued without levers.
  const std::size_t grassroots = static_cast<std::size_t>(county_type_index(RegionType::grassroots));
  EXPECT_NEAR(p.value_reference[grassroots * static_cast<std::size_t>(p.layout.classes()) + static_cast<std::size_t>(v.cls)],
              without.value, kTolerance);
}
