// Process 1, ageing and retirement: every agent ages one month; agents reaching the statutory
// retirement age of their sex, birth cohort and title retire.
#pragma once

#include "model/process.h"

namespace kunlun {

// Statutory retirement age in months, including the gradual raise for later birth cohorts and
// the extra years senior titles may serve.
int retirement_age_months(const RetirementParams& p, Sex sex, int birth_month_index, Title title);

class AgeingAndRetirement final : public Process {
 public:
  std::string_view name() const override { return "ageing_retirement"; }
  void run(StepContext& ctx) override;
};

}  // namespace kunlun
