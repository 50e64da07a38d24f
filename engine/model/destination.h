// Process 7, destination: where each mover goes. A logit over the other counties (their value and
// open posts in the mover's field) and the outside regions, with a distance friction; returnees
// and locals prefer their home prefecture. Leaving early claws back the unvested part of a
// home-purchase grant.
#pragma once

#include <vector>

#include "model/process.h"

namespace kunlun {

class Destination final : public Process {
 public:
  std::string_view name() const override { return "destination"; }
  bool visits_agents(const StepContext&) const override { return true; }
  void prepare(StepContext& ctx) override;
  void visit(StepContext& ctx, AgentBlock block) override;

 private:
  std::vector<std::vector<double>> weights_;  // per thread: cumulative destination weights
};

// The share of a grant recovered from an agent leaving `months_held` months after receiving it.
std::int64_t grant_clawback_cny(std::int32_t grant_cny, int months_held, int vesting_months, float clawback_share);

}  // namespace kunlun
