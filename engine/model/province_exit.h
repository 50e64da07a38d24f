// Process 2, leaving the province: a baseline monthly hazard on the log-odds scale, by county
// type, origin, prefecture, field and age, shifted by the exit lever that policies write.
#pragma once

#include <vector>

#include "model/process.h"

namespace kunlun {

class ProvinceExit final : public Process {
 public:
  // Precomputes the log-odds that depend only on county, field and origin.
  ProvinceExit(const ExitParams& params, const RegionTable& regions);
  std::string_view name() const override { return "province_exit"; }
  void run(StepContext& ctx) override;

  // Monthly log-odds of leaving for an agent, without the lever (for tests and docs).
  double base_log_odds(int county, int field, int origin, double age_years) const;

 private:
  ExitParams params_;
  int fields_ = 0;
  std::vector<double> county_field_origin_;  // (county * fields + field) * kOrigins + origin
};

}  // namespace kunlun
