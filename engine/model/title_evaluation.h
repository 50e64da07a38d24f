// Process 2, title evaluation (职称评审): once a year, agents who have served the minimum years in
// their title are evaluated for the next; promotion chance combines performance and seniority,
// limited by the post quota of their county type. Policies change the rules through title levers.
#pragma once

#include "model/process.h"

namespace kunlun {

// The rules that apply to one agent's next evaluation, after grassroots track and levers.
struct TitleRules {
  double min_years = 0;           // minimum years in the current title
  double log_odds = 0;            // base log-odds of promotion at an average score
  double performance_weight = 0;  // 0..1
  double pass_paper = 1;          // chance of meeting the paper requirement
  bool degree_barred = false;     // a college diploma bars this title
  double quota = 1;               // share of eligible agents the posts allow
  bool beyond_quota = false;      // special posts: promoted beyond the quota
};

// Rules for promotion to `next` (junior .. senior) for an agent of `education` in a county of
// type `county_type`, with the title levers of its county x class.
TitleRules title_rules(const TitleParams& params, Title next, Education education, int county_type,
                       const LeverTable& levers, int county, int agent_class);

// Expected years until the next title for a bachelor's holder of this class who has just reached
// the title: half the minimum wait on average, plus the mean wait once eligible. 0 for seniors.
double expected_years_to_next_title(const TitleParams& params, Title title, int county_type,
                                    const LeverTable& levers, int county, int agent_class);

class TitleEvaluation final : public Process {
 public:
  std::string_view name() const override { return "title_evaluation"; }
  // Cultivation orders (any month) and the yearly evaluation, whose quotas rank every candidate.
  bool acts_on_population(const StepContext& ctx) const override;
  void act_on_population(StepContext& ctx) override;
};

}  // namespace kunlun
