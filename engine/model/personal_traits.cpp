#include "model/personal_traits.h"

#include <algorithm>

namespace kunlun {

namespace {
// Inverse of the standard normal distribution function (Acklam's rational approximation,
// relative error below 1.2e-9), for latent performance.
double normal_quantile(double p) {
  static constexpr double a[] = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
                                 1.383577518672690e+02,  -3.066479806614716e+01, 2.506628277459239e+00};
  static constexpr double b[] = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                                 6.680131188771972e+01,  -1.328068155288572e+01};
  static constexpr double c[] = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                                 -2.549732539343734e+00, 4.374664141464968e+00,  2.938163982698783e+00};
  static constexpr double d[] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                                 3.754408661907416e+00};
  const double low = 0.02425;
  if (p < low) {
    const double q = std::sqrt(-2 * std::log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
           ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p > 1 - low) return -normal_quantile(1 - p);
  const double q = p - 0.5, r = q * q;
  return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
         (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}
}  // namespace

void draw_personal_traits(AgentRecord& r, const BehaviourParams& params, const KeyedRng& rng) {
  const auto w = rng.words(r.id, 0, Purpose::personal_traits);
  // Employer in the configured shares; an entrant who brings a venture starts it on arrival.
  const auto& shares = params.pay.employer_shares;
  const double u = KeyedRng::to_unit(w[0]);
  r.employer = static_cast<std::uint8_t>(u < shares[0]               ? Employer::institution
                                         : u < shares[0] + shares[1] ? Employer::enterprise
                                                                     : Employer::venture);
  if (r.employer == static_cast<std::uint8_t>(Employer::venture)) r.venture_month = r.entry_month;
  const double z = normal_quantile(KeyedRng::to_unit(w[1]));
  r.performance = static_cast<std::int8_t>(std::clamp(std::lround(z * 32.0), -127L, 127L));
  const double family_share = r.age_months < 30 * 12 ? params.mobility.family_share_under_30
                                                      : params.mobility.family_share_30_and_over;
  r.flags = static_cast<std::uint8_t>(r.flags & ~agent_flag::family);
  if (KeyedRng::to_unit(w[2]) < family_share) r.flags |= agent_flag::family;
}

void assign_initial_circumstances(AgentStore& a, const Scenario& scenario, const KeyedRng& rng) {
  const BehaviourParams& params = scenario.behaviour;
  const int start = scenario.start.index();
  const std::int64_t n = static_cast<std::int64_t>(a.size());
#pragma omp parallel for schedule(static)
  for (std::int64_t i = 0; i < n; ++i) {
    AgentRecord r = a.record(static_cast<std::size_t>(i));
    draw_personal_traits(r, params, rng);
    // The initial stock's own ventures come from initial_venture_share below, not from the
    // entrants' employer shares.
    if (r.employer == static_cast<std::uint8_t>(Employer::venture)) r.employer = static_cast<std::uint8_t>(Employer::enterprise);
    const auto w = rng.words(r.id, 0, Purpose::synth_term);
    const auto origin = static_cast<Origin>(r.origin);
    // Paired cadres and flexible talents are somewhere in their term: the rest of it is uniform.
    int term = 0;
    if (origin == Origin::paired_cadre) term = params.recruitment.paired_rotation.term_months;
    if (origin == Origin::flexible) term = params.recruitment.flexible.term_months;
    if (term > 0)
      r.bond_until = start + static_cast<int>(KeyedRng::to_unit(w[0]) * term);
    // Some of the stock outside institutions runs a venture of its own.
    const bool can_own = r.employer != static_cast<std::uint8_t>(Employer::institution) && term == 0;
    if (can_own && KeyedRng::to_unit(w[1]) < params.pay.initial_venture_share) {
      r.employer = static_cast<std::uint8_t>(Employer::venture);
      r.venture_month = start - 1 - static_cast<int>(KeyedRng::to_unit(w[2]) * 60);
    }
    // Most of the stock without a title are managers and skilled workers outside the title system.
    if (r.title == static_cast<std::uint8_t>(Title::none) && term == 0 &&
        KeyedRng::to_unit(w[3]) < params.titles.untitled_outside_share)
      r.flags |= agent_flag::outside_titles;
    a.employer[i] = r.employer;
    a.performance[i] = r.performance;
    a.flags[i] = r.flags;
    a.bond_until[i] = r.bond_until;
    a.venture_month[i] = r.venture_month;
  }
}

}  // namespace kunlun
