#include "model/placement.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "model/personal_traits.h"

namespace kunlun {

std::uint64_t placement_id(PlacementKind kind, int payer, std::uint32_t step, std::uint32_t sequence) {
  return (3ULL << 62) | (static_cast<std::uint64_t>(kind) << 58) |
         (static_cast<std::uint64_t>((payer + 1) & 0xff) << 50) | (static_cast<std::uint64_t>(step & 0x3ffff) << 32) |
         sequence;
}

namespace {

// Index of the first cumulative weight above u * total.
int pick_cumulative(const std::vector<double>& cumulative, double u) {
  const double x = u * cumulative.back();
  const auto it = std::upper_bound(cumulative.begin(), cumulative.end(), x);
  return static_cast<int>(std::min<std::ptrdiff_t>(it - cumulative.begin(),
                                                    static_cast<std::ptrdiff_t>(cumulative.size()) - 1));
}

// Whole placements this month out of a yearly number spread evenly over the year, with the
// fractions carried from month to month (the same every run).
int monthly_share(double per_year, std::uint32_t step) {
  const double per_month = per_year / 12.0;
  return static_cast<int>(std::floor((step + 1) * per_month + 1e-9) - std::floor(step * per_month + 1e-9));
}

// A talent with the outsider entrant profile (age, education, level and the title of its level).
AgentRecord profiled(const StepContext& ctx, std::uint64_t id, int county, int field, Origin origin) {
  const RecruitmentParams& rp = ctx.scenario.behaviour.recruitment;
  const EntrantProfile& profile = rp.entrants[static_cast<std::size_t>(CandidateSource::outsider)];
  const auto w = ctx.rng.words(id, ctx.step, Purpose::placement);
  AgentRecord r;
  r.id = id;
  r.county = static_cast<std::uint16_t>(county);
  r.field = static_cast<std::uint8_t>(field);
  const int level = pick_by_shares(profile.level_shares, KeyedRng::to_unit(w[0]));
  const int education = pick_by_shares(profile.education_shares, KeyedRng::to_unit(w[1]));
  r.level = static_cast<std::uint8_t>(level);
  r.education = static_cast<std::uint8_t>(education);
  r.title = static_cast<std::uint8_t>(rp.title_by_level[static_cast<std::size_t>(level)]);
  r.origin = static_cast<std::uint8_t>(origin);
  const double age = profile.min_age_years + KeyedRng::to_unit(w[2]) * (profile.max_age_years - profile.min_age_years);
  r.age_months = static_cast<std::uint16_t>(std::floor(age * 12.0));
  r.sex = static_cast<std::uint8_t>(KeyedRng::to_unit(w[3]) < rp.female_share ? Sex::female : Sex::male);
  r.home_prefecture = AgentStore::kNoHome;
  r.entry_month = ctx.date.index();
  r.entry_county = static_cast<std::uint16_t>(county);
  return r;
}

void add_placed(StepContext& ctx, AgentRecord& r, EntrySource source) {
  draw_personal_traits(r, ctx.scenario.behaviour, ctx.rng);
  // Rotating cadres and flexible talents keep their home employment; they start no venture here.
  if (r.origin == static_cast<std::uint8_t>(Origin::paired_cadre) || r.origin == static_cast<std::uint8_t>(Origin::flexible))
    r.employer = static_cast<std::uint8_t>(Employer::institution);
  ctx.add_agent(r);
  ctx.tallies.local(0).add(Flow::inflow, ctx.cells.index(r.county, r.field, r.level));
  ctx.tallies.local(0).add_entry(r.county, source);
}

}  // namespace

void Placement::act_on_population(StepContext& ctx) {
  const RegionTable& regions = ctx.regions;
  const RecruitmentParams& rp = ctx.scenario.behaviour.recruitment;
  const double scale = ctx.scenario.population.scale;
  const int counties = regions.county_count(), fields = regions.field_count();
  const int today = ctx.date.index();
  const auto jobs = [&](int c, int f) { return static_cast<double>(ctx.job_capacity[static_cast<std::size_t>(c) * fields + f]); };

  // Where rotating and engaged talents go: counties by job capacity (paired prefectures only for
  // cadres), fields by the county's job capacity.
  const auto place = [&](PlacementKind kind, int count, int term_months, Origin origin, bool paired_only) {
    if (count <= 0) return;
    std::vector<double> cumulative;
    std::vector<int> slots;
    double total = 0;
    for (int c = 0; c < counties; ++c) {
      const int prefecture = regions.county(c).parent;
      if (paired_only && regions.region(prefecture).paired_region < 0) continue;
      for (int f = 0; f < fields; ++f) total += jobs(c, f);
      cumulative.push_back(total);
      slots.push_back(c);
    }
    if (total <= 0) return;
    for (int s = 0; s < count; ++s) {
      const std::uint64_t id = placement_id(kind, -1, ctx.step, static_cast<std::uint32_t>(s));
      const auto w = ctx.rng.words(id, ctx.step, Purpose::placement, 1);
      const int county = slots[static_cast<std::size_t>(pick_cumulative(cumulative, KeyedRng::to_unit(w[0])))];
      std::vector<double> by_field(static_cast<std::size_t>(fields));
      double sum = 0;
      for (int f = 0; f < fields; ++f) by_field[static_cast<std::size_t>(f)] = sum += jobs(county, f);
      const int field = sum > 0 ? pick_cumulative(by_field, KeyedRng::to_unit(w[1])) : 0;
      AgentRecord r = profiled(ctx, id, county, field, origin);
      r.bond_until = today + term_months;
      add_placed(ctx, r, origin == Origin::paired_cadre ? EntrySource::paired_assistance : EntrySource::flexible);
    }
  };
  const PairedRotationParams& paired = rp.paired_rotation;
  if (ctx.date.month() == paired.arrival_month)
    place(PlacementKind::paired_rotation, static_cast<int>(std::lround(paired.cadres_per_year * scale)),
          paired.term_months, Origin::paired_cadre, true);
  place(PlacementKind::flexible_engagement, monthly_share(rp.flexible.engagements_per_year * scale, ctx.step),
        rp.flexible.term_months, Origin::flexible, false);

  // Policy orders: programme talents and order-class cohorts, as the policy specified them.
  std::vector<std::uint32_t> sequence(ctx.basis.placed.size() / static_cast<std::size_t>(counties) + 1, 0);
  for (const PlacementOrder& order : ctx.levers.placements) {
    for (int s = 0; s < order.count; ++s) {
      const std::uint64_t id = placement_id(PlacementKind::policy_order, order.payer, ctx.step,
                                            sequence[static_cast<std::size_t>(order.payer)]++);
      const auto w = ctx.rng.words(id, ctx.step, Purpose::placement, 2);
      AgentRecord r;
      r.id = id;
      r.county = static_cast<std::uint16_t>(order.county);
      r.field = static_cast<std::uint8_t>(order.field);
      r.level = static_cast<std::uint8_t>(order.level);
      r.title = static_cast<std::uint8_t>(order.title);
      r.education = static_cast<std::uint8_t>(order.education);
      r.origin = static_cast<std::uint8_t>(order.origin);
      const double age = order.min_age_years + KeyedRng::to_unit(w[0]) * (order.max_age_years - order.min_age_years);
      r.age_months = static_cast<std::uint16_t>(std::floor(age * 12.0));
      r.sex = static_cast<std::uint8_t>(KeyedRng::to_unit(w[1]) < rp.female_share ? Sex::female : Sex::male);
      r.home_prefecture = order.origin == static_cast<int>(Origin::outsider)
                              ? AgentStore::kNoHome
                              : static_cast<std::uint8_t>(regions.prefecture_slot_of_county(order.county));
      r.entry_month = today;
      r.entry_county = r.county;
      r.bond_until = order.bond_months > 0 ? today + order.bond_months : 0;
      add_placed(ctx, r, order.source);
    }
    ctx.basis.placed[ctx.basis.order_index(order.payer, order.county)] += order.count;
  }
}

// The factory its line in the schedule names (model/schedule.cpp).
std::unique_ptr<Process> make_placement() { return std::make_unique<Placement>(); }

}  // namespace kunlun
