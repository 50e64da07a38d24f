// Process 6, stay or move: a monthly hazard of a voluntary move from the utility gap between
// staying (own income, hometown, income risk) and the county's best alternative, with terms for
// age, tenure, family, origin and the county's recent departures. Bonded agents do not move;
// paired cadres and flexible talents leave at the end of their term. Movers go to destination.
#pragma once

#include <array>
#include <vector>

#include "model/process.h"

namespace kunlun {

class StayOrMove final : public Process {
 public:
  std::string_view name() const override { return "stay_or_move"; }
  bool visits_agents(const StepContext&) const override { return true; }
  void prepare(StepContext& ctx) override;
  void visit(StepContext& ctx, AgentBlock block) override;

 private:
  // By county x class, this month: the log-odds terms every agent there shares, and the weight of
  // an employer's income risk in them.
  std::vector<double> shared_, risk_weight_;
  // The age and the tenure term by month (ages and tenures past the table are computed).
  static constexpr std::size_t kTermMonths = 1024;
  std::array<double, kTermMonths> age_term_{}, tenure_term_{};
};

}  // namespace kunlun
