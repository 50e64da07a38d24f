// Process 1, ageing and retirement: every agent ages one month; agents reaching the statutory
// retirement age of their sex, birth cohort and title retire.
#pragma once

#include <array>

#include "model/process.h"

namespace kunlun {

// Statutory retirement age in months, including the gradual raise for later birth cohorts and
// the extra years senior titles may serve.
int retirement_age_months(const RetirementParams& p, Sex sex, int birth_month_index, Title title);

// The youngest age in months at which an agent of each sex x title is retired in the month with
// index `today`: retirement ages rise with the birth month, so age - retirement age grows with age
// and one threshold per sex and title decides it exactly.
using RetirementThresholds = std::array<std::array<int, kTitles>, kSexes>;
RetirementThresholds retirement_thresholds(const RetirementParams& p, int today);

class AgeingAndRetirement final : public Process {
 public:
  std::string_view name() const override { return "ageing_retirement"; }
  bool visits_agents(const StepContext&) const override { return true; }
  void prepare(StepContext& ctx) override;
  void visit(StepContext& ctx, AgentBlock block) override;

 private:
  RetirementThresholds thresholds_{};
};

}  // namespace kunlun
