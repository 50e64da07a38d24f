// Process 3, housing: home-purchase grants are claimed by eligible agents (a yearly uptake), and
// talent apartments are allocated county by county: tenants who lost eligibility leave, a county
// over capacity moves out its lowest-priority tenants, and free units go to the front of the queue.
#pragma once

#include "model/process.h"

namespace kunlun {

class Housing final : public Process {
 public:
  std::string_view name() const override { return "housing"; }
  // The apartment queue ranks every claimant of a county; it runs while there are units or
  // tenants (who lose their unit when the units go).
  bool acts_on_population(const StepContext& ctx) const override;
  void act_on_population(StepContext& ctx) override;
  // Grant claims, agent by agent, while a grant is on offer.
  bool visits_agents(const StepContext& ctx) const override;
  void visit(StepContext& ctx, AgentBlock block) override;

 private:
  bool may_have_tenants_ = true;  // until an allocation shows otherwise
};

}  // namespace kunlun
