// Process 8, entrepreneurship: employed talents start ventures at a monthly rate that a talent
// loan raises; ventures fail at a monthly rate that equity investment lowers; loans are repaid at
// the end of their term or written off when the venture fails. Surviving ventures open posts
// (see open_posts.h). Equity funds choose the ventures they invest in here.
#pragma once

#include <vector>

#include "model/process.h"

namespace kunlun {

class Entrepreneurship final : public Process {
 public:
  std::string_view name() const override { return "entrepreneurship"; }
  // Equity funds choose among all eligible ventures; then each agent starts, keeps or closes one.
  bool acts_on_population(const StepContext& ctx) const override;
  void act_on_population(StepContext& ctx) override;
  bool visits_agents(const StepContext&) const override { return true; }
  void prepare(StepContext& ctx) override;
  void visit(StepContext& ctx, AgentBlock block) override;

 private:
  // This month's chances by county x class: a start (with the loan on offer), a failure of an
  // unfunded and of a funded venture. Monthly probabilities, from the yearly rates and levers.
  std::vector<double> start_chance_, failure_chance_, funded_failure_chance_;
};

}  // namespace kunlun
