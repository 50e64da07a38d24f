// Process 9, placement: talents who arrive outside the open market. Paired-assistance cadres
// rotate in from the paired provinces for a fixed term; flexible talents are engaged part-time
// for a term without moving; programme and order-class talents ordered by policies are placed,
// bonded for their service years. Runs before recruitment, so placed talents take posts first.
#pragma once

#include <cstdint>

#include "model/process.h"

namespace kunlun {

enum class PlacementKind : std::uint8_t { paired_rotation, flexible_engagement, policy_order };

// Ids of placed talents: both top bits set, never equal to an initial agent's or a candidate's id.
std::uint64_t placement_id(PlacementKind kind, int payer, std::uint32_t step, std::uint32_t sequence);

class Placement final : public Process {
 public:
  std::string_view name() const override { return "placement"; }
  bool acts_on_population(const StepContext&) const override { return true; }
  void act_on_population(StepContext& ctx) override;
};

}  // namespace kunlun
