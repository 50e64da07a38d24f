// Traits drawn once when an agent enters the model (at synthesis or on arrival): employer,
// latent performance and family ties. Shared by population set-up and every recruitment path.
#pragma once

#include <array>
#include <cmath>
#include <cstdint>

#include "core/agent_store.h"
#include "core/rng.h"
#include "scenario/scenario.h"

namespace kunlun {

// Monthly probability with the same survival over twelve months as a yearly probability.
inline double monthly_probability(double annual) { return 1.0 - std::pow(1.0 - annual, 1.0 / 12.0); }
inline double log_odds(double p) { return std::log(p / (1.0 - p)); }
inline double logistic(double x) { return 1.0 / (1.0 + std::exp(-x)); }

// Index of the category a unit draw falls into, given shares that sum to 1 (validated); a draw
// past the rounded sum goes to the last category with a positive share.
template <std::size_t N>
int pick_by_shares(const std::array<double, N>& shares, double u) {
  double cumulative = 0;
  for (std::size_t k = 0; k + 1 < N; ++k) {
    cumulative += shares[k];
    if (u < cumulative) return static_cast<int>(k);
  }
  for (std::size_t k = N; k-- > 0;)
    if (shares[k] > 0) return static_cast<int>(k);
  return static_cast<int>(N - 1);
}

// Sets r.employer, r.performance and the family flag of r from its id and age (and the venture
// month of an entrant who brings a venture: set r.entry_month first).
void draw_personal_traits(AgentRecord& r, const BehaviourParams& params, const KeyedRng& rng);

// Initial-stock circumstances that synthesis does not know: traits, initial ventures, and the
// remaining terms of paired cadres and flexible talents.
void assign_initial_circumstances(AgentStore& agents, const Scenario& scenario, const KeyedRng& rng);

}  // namespace kunlun
