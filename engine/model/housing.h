// Process 3, housing: home-purchase grants are claimed by eligible agents (a yearly uptake), and
// talent apartments are allocated county by county: tenants who lost eligibility leave, a county
// over capacity moves out its lowest-priority tenants, and free units go to the front of the queue.
#pragma once

#include "model/process.h"

namespace kunlun {

class Housing final : public Process {
 public:
  std::string_view name() const override { return "housing"; }
  void run(StepContext& ctx) override;
};

}  // namespace kunlun
