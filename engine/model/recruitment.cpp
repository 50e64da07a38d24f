#include "model/recruitment.h"

#include <algorithm>
#include <cmath>

#include "model/open_posts.h"
#include "model/personal_traits.h"
#include "model/place_valuation.h"

namespace kunlun {

static_assert(static_cast<int>(EntrySource::graduate) == static_cast<int>(CandidateSource::graduate) &&
                  static_cast<int>(EntrySource::returnee) == static_cast<int>(CandidateSource::returnee) &&
                  static_cast<int>(EntrySource::outsider) == static_cast<int>(CandidateSource::outsider),
              "recruitment counts a candidate's pool as its entry source");

std::uint64_t candidate_id(std::uint32_t step, int county, int field, std::uint32_t slot) {
  // Top bit set: never equal to an initial agent's id (0 .. n-1).
  return (1ULL << 63) | (static_cast<std::uint64_t>(step) << 40) |
         (static_cast<std::uint64_t>(county) << 28) | (static_cast<std::uint64_t>(field) << 20) |
         slot;
}

namespace {

// A fill probability of exactly 1 is a certainty that no lever moves; below it, the package
// (utility against the county type's reference) and the acceptance lever shift the log-odds.
double accept_probability(double fill, double shift) {
  if (fill >= 1.0 || shift == 0.0) return fill;
  return 1.0 / (1.0 + std::exp(-(std::log(fill / (1.0 - fill)) + shift)));
}

// A standard Gumbel draw: value plus Gumbel noise, ranked, is a logit choice among the offers.
double gumbel(std::uint32_t word) { return -std::log(-std::log(KeyedRng::to_unit(word))); }

}  // namespace

std::vector<std::size_t> offers_taken(const std::vector<double>& offers, std::int64_t candidates) {
  std::vector<std::size_t> order(offers.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  const auto keep = static_cast<std::size_t>(std::clamp<std::int64_t>(candidates, 0, static_cast<std::int64_t>(offers.size())));
  if (keep < order.size()) {
    std::nth_element(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(keep), order.end(),
                     [&](std::size_t x, std::size_t y) { return offers[x] > offers[y] || (offers[x] == offers[y] && x < y); });
    order.resize(keep);
    std::sort(order.begin(), order.end());
  }
  return order;
}

void Recruitment::act_on_population(StepContext& ctx) {
  const RecruitmentParams& params = ctx.scenario.behaviour.recruitment;
  const RegionTable& regions = ctx.regions;
  const int fields = regions.field_count();
  const int counties = regions.county_count();

  // Open posts after this month's departures and placements.
  const std::vector<std::int32_t> open = open_posts(ctx);
  const PlaceValues& v = ctx.places;
  const double weight = ctx.scenario.behaviour.mobility.acceptance_utility;

  FlowTally& tally = ctx.tallies.local(0);
  const int today = ctx.date.index();
  // Candidates of different county x field cells are independent (keyed draws), so the cells are
  // drawn in parallel; the recruits then join the store cell by cell, in a fixed order.
  const int cell_count = counties * fields;
  hired_.resize(static_cast<std::size_t>(cell_count));
#pragma omp parallel for schedule(dynamic, 4)
  for (int cell = 0; cell < cell_count; ++cell) {
    const int c = cell / fields, f = cell % fields;
    std::vector<Hire>& hired = hired_[static_cast<std::size_t>(cell)];
    hired.clear();
    const Region& county = regions.county(c);
    const int type = county_type_index(county.type);
    const double fill = params.monthly_fill_probability[static_cast<std::size_t>(type)];
    if (fill <= 0.0) continue;  // this county type recruits no one
    const auto home = static_cast<std::uint8_t>(regions.prefecture_slot_of_county(c));
    {
      const std::size_t cf = static_cast<std::size_t>(cell);
      const std::int64_t vacancies = open[cf];
      if (vacancies <= 0) continue;
      const auto slots = static_cast<std::uint32_t>(std::min<std::int64_t>(vacancies, kMaxSlots));
      for (std::uint32_t s = 0; s < slots; ++s) {
        const std::uint64_t id = candidate_id(ctx.step, c, f, s);
        // The candidate: drawn whatever the policies, so every scenario sees the same pool.
        const auto w = ctx.rng.words(id, ctx.step, Purpose::recruit_candidate);
        const int source = pick_by_shares(params.source_shares, KeyedRng::to_unit(w[0]));
        const EntrantProfile& profile = params.entrants[static_cast<std::size_t>(source)];
        const int level = pick_by_shares(profile.level_shares, KeyedRng::to_unit(w[1]));
        const int education = pick_by_shares(profile.education_shares, KeyedRng::to_unit(w[2]));
        const double u_age = KeyedRng::to_unit(w[3]);
        const bool graduate = source == static_cast<int>(CandidateSource::graduate);
        const Title title = graduate && level == static_cast<int>(Level::junior)
                                ? Title::none
                                : params.title_by_level[static_cast<std::size_t>(level)];
        const int origin = graduate ? static_cast<int>(Origin::local)
                           : source == static_cast<int>(CandidateSource::returnee)
                               ? static_cast<int>(Origin::returnee)
                               : static_cast<int>(Origin::outsider);

        // Acceptance: the county type's fill probability, shifted by the acceptance lever.
        const auto second = ctx.rng.words(id, ctx.step, Purpose::recruit_accept);
        const int cls = ClassLayout::encode(f, level, static_cast<int>(title), origin);
        const double shift =
            weight * (v.value[v.at(c, cls)] - v.value_reference[static_cast<std::size_t>(type) * v.layout.classes() + cls]) +
            ctx.levers.get(Lever::acceptance_log_odds, c, cls);
        const double p = accept_probability(fill, shift);
        if (KeyedRng::to_unit(second[0]) >= p) continue;

        AgentRecord r;
        r.id = id;
        r.county = static_cast<std::uint16_t>(c);
        const double age_years =
            profile.min_age_years + u_age * (profile.max_age_years - profile.min_age_years);
        r.age_months = static_cast<std::uint16_t>(std::floor(age_years * 12.0));
        r.field = static_cast<std::uint8_t>(f);
        r.level = static_cast<std::uint8_t>(level);
        r.title = static_cast<std::uint8_t>(title);
        r.education = static_cast<std::uint8_t>(education);
        r.origin = static_cast<std::uint8_t>(origin);
        r.sex = static_cast<std::uint8_t>(KeyedRng::to_unit(second[1]) < params.female_share
                                              ? Sex::female
                                              : Sex::male);
        r.home_prefecture = origin == static_cast<int>(Origin::outsider) ? AgentStore::kNoHome : home;
        r.entry_month = today;
        r.entry_county = static_cast<std::uint16_t>(c);
        draw_personal_traits(r, ctx.scenario.behaviour, ctx.rng);
        // What the offer is worth to the candidate, with its own taste, should its pool run short.
        const double taste = gumbel(ctx.rng.words(id, ctx.step, Purpose::recruit_choice)[0]);
        hired.push_back({r, source, v.value[v.at(c, cls)] + taste});
      }
    }
  }
  // The pools: this month's candidates join those still waiting; where a pool's acceptances
  // exceed its whole candidates, they take the offers they value most.
  const double scale = ctx.scenario.population.scale;
  const double attrition = params.supply_monthly_attrition;
  if (!pool_started_) {
    // The steady state of a pool that hires no one: a month's candidates over the attrition.
    for (std::size_t s = 0; s < pool_.size(); ++s)
      pool_[s] = attrition > 0 ? params.supply_per_year[s] * scale / 12.0 / attrition - params.supply_per_year[s] * scale / 12.0
                               : 0.0;
    pool_started_ = true;
  }
  // Offers by pool, in cell order; the hires then join the store in cell order too.
  std::array<std::vector<double>, 3> offers;
  for (const std::vector<Hire>& cell : hired_)
    for (const Hire& h : cell) offers[static_cast<std::size_t>(h.source)].push_back(h.offer_value);
  std::array<std::vector<char>, 3> taken;
  for (std::size_t s = 0; s < pool_.size(); ++s) {
    pool_[s] += params.supply_per_year[s] * scale / 12.0;
    const auto candidates = static_cast<std::int64_t>(std::floor(pool_[s] + 1e-9));
    const std::vector<std::size_t> best = offers_taken(offers[s], candidates);
    pool_[s] = std::max(0.0, pool_[s] - static_cast<double>(best.size())) * (1.0 - attrition);
    taken[s].assign(offers[s].size(), 0);
    for (std::size_t i : best) taken[s][i] = 1;
  }
  std::array<std::size_t, 3> next{};
  for (const std::vector<Hire>& cell : hired_)
    for (const Hire& h : cell) {
      const auto s = static_cast<std::size_t>(h.source);
      if (!taken[s][next[s]++]) continue;
      ctx.add_agent(h.record);
      tally.add(Flow::inflow, ctx.cells.index(h.record.county, h.record.field, h.record.level));
      tally.add_entry(h.record.county, static_cast<EntrySource>(h.source));  // the first three sources are the pools
    }
}

// The factory its line in the schedule names (model/schedule.cpp).
std::unique_ptr<Process> make_recruitment() { return std::make_unique<Recruitment>(); }

}  // namespace kunlun
