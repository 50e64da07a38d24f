#include "model/place_valuation.h"

#include <Eigen/Dense>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

#include "core/fast_math.h"
#include "model/open_posts.h"
#include "model/pay.h"
#include "model/title_evaluation.h"

namespace kunlun {

double distance_km(const Region& from, const Region& to) {
  constexpr double radians = std::numbers::pi / 180.0;
  const double dlat = (to.lat - from.lat) * radians, dlon = (to.lon - from.lon) * radians;
  const double h = std::sin(dlat / 2) * std::sin(dlat / 2) +
                   std::cos(from.lat * radians) * std::cos(to.lat * radians) * std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2 * 6371.0 * std::asin(std::min(1.0, std::sqrt(h)));
}

namespace {

// The terms of a place that do not depend on the agent: amenities, altitude, remoteness.
double place_terms(const UtilityParams& u, const Region& r) {
  return u.amenity * r.amenity_index + u.altitude_per_km * std::max(0.0, r.altitude_m - 2000.0) / 1000.0 +
         u.remoteness * r.remoteness;
}

}  // namespace

void value_places(const Scenario& scenario, const RegionTable& regions, const LeverTable& levers,
                  const std::vector<std::int32_t>& open_posts, const std::vector<std::int32_t>& headcount,
                  PlaceValues& v) {
  const BehaviourParams& b = scenario.behaviour;
  const UtilityParams& u = b.utility;
  const int counties = regions.county_count(), classes = levers.classes(), fields = regions.field_count();
  const int outside = static_cast<int>(regions.outside().size());
  const double scale = scenario.population.scale;
  const int places = counties + outside;
  v.layout = levers.layout();
  v.outside = outside;
  const std::size_t cells = v.layout.cells();
  v.net_income.resize(cells);
  v.other_terms.resize(cells);
  v.value.resize(cells);
  v.attraction.resize(cells);
  v.alternatives.resize(cells);
  v.open_posts = open_posts;

  // The chance that an eligible newcomer gets a talent apartment: units over eligible headcount.
  std::vector<double> apartment_chance(static_cast<std::size_t>(counties), 0.0);
  for (int c = 0; c < counties; ++c) {
    // Whole units, as the allocation lets them.
    const double units = std::floor(levers.county_value(CountyLever::apartment_units, c));
    if (units <= 0) continue;
    double eligible = 0;
    for (int k = 0; k < classes; ++k)
      if (levers.get(Lever::apartment_discount_cny, c, k) > 0) eligible += headcount[v.at(c, k)];
    apartment_chance[static_cast<std::size_t>(c)] = eligible > 0 ? std::min(1.0, units / eligible) : 1.0;
  }

  const double risk_institution = u.income_risk * b.utility.income_risk_by_employer[0];
  // The career term without title levers depends on county type and title only: computed once
  // each, and per cell only where a title lever reaches it.
  std::array<std::array<double, kTitles>, kCountyTypes> career{};
  for (int type = 0; type < kCountyTypes; ++type)
    for (int t = 0; t < kTitles; ++t)
      career[static_cast<std::size_t>(type)][static_cast<std::size_t>(t)] =
          expected_years_to_next_title(b.titles, static_cast<Title>(t), type, LeverTable(ClassLayout{1, 1}), 0, 0);
  constexpr Lever kTitleLevers[] = {Lever::title_log_odds, Lever::title_min_years_cut, Lever::title_performance_weight,
                                    Lever::title_paper_waived, Lever::title_degree_waived, Lever::title_special_posts};
  // The open-posts term by county x field (the same for every class of the field).
  std::vector<float> openings(static_cast<std::size_t>(counties) * fields);
  for (std::size_t cf = 0; cf < openings.size(); ++cf)
    openings[cf] = open_posts[cf] > 0 ? static_cast<float>(u.job_openings * std::log1p(open_posts[cf] / scale)) : 0.0f;
  for (int c = 0; c < counties; ++c) {
    const Region& region = regions.county(c);
    const int type = county_type_index(region.type);
    const double terms = place_terms(u, region);
    for (int k = 0; k < classes; ++k) {
      const std::size_t at = v.at(c, k);
      const auto title = static_cast<Title>(ClassLayout::title_of(k));
      const double gross =
          gross_pay(b.pay, region, title, Employer::institution, levers.get(Lever::pay_top_up_cny, c, k));
      const double housing = housing_cost(b.pay, region, levers.get(Lever::housing_benefit_cny, c, k),
                                          static_cast<float>(levers.get(Lever::apartment_discount_cny, c, k) *
                                                             apartment_chance[static_cast<std::size_t>(c)]));
      // The grant counts for those who would buy: its monthly value times the yearly uptake.
      const double grant = std::min(1.0f, levers.get(Lever::purchase_uptake, c, k)) *
                           grant_monthly_value(levers.get(Lever::purchase_grant_cny, c, k),
                                               levers.get(Lever::purchase_vesting_months, c, k));
      // Support below the threshold share of base pay is not felt (support_threshold_share).
      const double base = gross_pay(b.pay, region, title, Employer::institution, 0.0f);
      const double support = static_cast<double>(levers.get(Lever::pay_top_up_cny, c, k)) +
                             levers.get(Lever::housing_benefit_cny, c, k) +
                             levers.get(Lever::apartment_discount_cny, c, k) * apartment_chance[static_cast<std::size_t>(c)] +
                             grant;
      const double threshold = u.support_threshold_share * base;
      const double net = support > 0 && threshold > 0 ? felt_income(gross, housing, grant, support, threshold)
                                                      : net_income(gross, housing, grant);
      bool title_levers = false;
      for (Lever lever : kTitleLevers) title_levers = title_levers || levers.get(lever, c, k) != 0.0f;
      const double years = title_levers ? expected_years_to_next_title(b.titles, title, type, levers, c, k)
                                        : career[static_cast<std::size_t>(type)][static_cast<std::size_t>(title)];
      const double other = terms + u.years_to_next_title * years +
                           risk_institution * (1.0 - std::min(1.0f, levers.get(Lever::income_risk_relief, c, k)));
      v.net_income[at] = static_cast<float>(net);
      v.other_terms[at] = static_cast<float>(other);
      v.value[at] = static_cast<float>(other) + income_utility(u, net);
      const std::size_t cf = static_cast<std::size_t>(c) * fields + static_cast<std::size_t>(ClassLayout::decode(k).field);
      // Open posts in full-scale units, so that a run at 10% scale chooses like a full one.
      v.attraction[at] = open_posts[cf] > 0 ? v.value[at] + openings[cf] : -std::numeric_limits<float>::infinity();
    }
  }

  // Outside regions: the reference agent's pay there, with the constants of leaving the province.
  // Their career term is that of a provincial capital district without policies.
  v.outside_value.assign(static_cast<std::size_t>(outside) * kTitles, 0.0f);
  for (int r = 0; r < outside; ++r) {
    const Region& region = regions.region(regions.outside()[static_cast<std::size_t>(r)]);
    const int kind = static_cast<int>(region.type) - static_cast<int>(RegionType::paired_province);
    for (int t = 0; t < kTitles; ++t) {
      const double gross = b.pay.base_monthly_cny[static_cast<std::size_t>(t)] * region.wage_level;
      const double net = net_income(gross, b.pay.market_rent_cny * region.housing_cost_level, 0.0);
      const double capital_career =
          career[static_cast<std::size_t>(county_type_index(RegionType::capital_district))][static_cast<std::size_t>(t)];
      v.outside_value[static_cast<std::size_t>(r) * kTitles + static_cast<std::size_t>(t)] = static_cast<float>(
          place_terms(u, region) + u.years_to_next_title * capital_career + income_utility(u, net) +
          b.destination.leave_province + b.destination.outside_by_type[static_cast<std::size_t>(kind)]);
    }
  }

  // Distance friction, and the log-sum of every destination but the current county: S = F x E with
  // F the county x place friction (0 on the diagonal) and E the place x class attraction.
  if (v.friction.empty()) {  // distances do not change: once per run
    v.friction.assign(static_cast<std::size_t>(counties) * places, 0.0f);
    v.friction_factor.assign(v.friction.size(), 0.0);
    for (int c = 0; c < counties; ++c)
      for (int d = 0; d < places; ++d) {
        const Region& to = d < counties ? regions.county(d)
                                        : regions.region(regions.outside()[static_cast<std::size_t>(d - counties)]);
        const std::size_t at = static_cast<std::size_t>(c) * places + d;
        v.friction[at] = static_cast<float>(b.destination.distance_per_100km * distance_km(regions.county(c), to) / 100.0);
        v.friction_factor[at] = d == c ? 0.0 : std::exp(static_cast<double>(v.friction[at]));
      }
  }
  v.destination_weight.resize(static_cast<std::size_t>(places) * classes);
  for (int d = 0; d < places; ++d)
    for (int k = 0; k < classes; ++k)
      v.destination_weight[static_cast<std::size_t>(d) * classes + k] =
          d < counties ? (std::isfinite(v.attraction[v.at(d, k)]) ? fast_exp(static_cast<double>(v.attraction[v.at(d, k)])) : 0.0)
                       : fast_exp(static_cast<double>(
                             v.outside_value[static_cast<std::size_t>(d - counties) * kTitles + ClassLayout::title_of(k)]));
  // The tables are the matrices: read them in place.
  using RowMajor = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  const Eigen::Map<const RowMajor> F(v.friction_factor.data(), counties, places);
  const Eigen::Map<const RowMajor> E(v.destination_weight.data(), places, classes);
  const Eigen::MatrixXd S = F * E;
  for (int c = 0; c < counties; ++c)
    for (int k = 0; k < classes; ++k) v.alternatives[v.at(c, k)] = static_cast<float>(fast_log(S(c, k)));
}

void PlaceValuation::act_on_population(StepContext& ctx) {
  const RegionTable& regions = ctx.regions;
  const int counties = regions.county_count();
  PlaceValues& v = ctx.places;
  const std::vector<std::int32_t> open = open_posts(ctx);
  if (!v.has_reference) {
    // The reference: this month's places valued without any policy.
    const LeverTable neutral(ctx.levers.layout());
    value_places(ctx.scenario, regions, neutral, open, ctx.basis.headcount, v);
    const int classes = v.layout.classes();
    v.gap_reference.assign(static_cast<std::size_t>(classes), 0.0f);
    v.value_reference.assign(static_cast<std::size_t>(kCountyTypes) * classes, 0.0f);
    std::vector<double> gap(static_cast<std::size_t>(classes), 0.0);
    std::vector<double> typed(static_cast<std::size_t>(kCountyTypes) * classes, 0.0);
    std::array<double, kCountyTypes> type_weight{};
    double weight = 0;
    for (int c = 0; c < counties; ++c) {
      double jobs = 0;
      for (double j : regions.county(c).jobs) jobs += j;
      const int type = county_type_index(regions.county(c).type);
      weight += jobs;
      type_weight[static_cast<std::size_t>(type)] += jobs;
      for (int k = 0; k < classes; ++k) {
        gap[static_cast<std::size_t>(k)] += jobs * (v.alternatives[v.at(c, k)] - v.value[v.at(c, k)]);
        typed[static_cast<std::size_t>(type) * classes + k] += jobs * v.value[v.at(c, k)];
      }
    }
    for (int k = 0; k < classes; ++k) v.gap_reference[static_cast<std::size_t>(k)] = static_cast<float>(gap[static_cast<std::size_t>(k)] / weight);
    for (int t = 0; t < kCountyTypes; ++t)
      for (int k = 0; k < classes; ++k)
        if (type_weight[static_cast<std::size_t>(t)] > 0)
          v.value_reference[static_cast<std::size_t>(t) * classes + k] =
              static_cast<float>(typed[static_cast<std::size_t>(t) * classes + k] / type_weight[static_cast<std::size_t>(t)]);
    v.has_reference = true;
  }
  value_places(ctx.scenario, regions, ctx.levers, open, ctx.basis.headcount, v);
}

// The factory its line in the schedule names (model/schedule.cpp).
std::unique_ptr<Process> make_place_valuation() { return std::make_unique<PlaceValuation>(); }

}  // namespace kunlun
