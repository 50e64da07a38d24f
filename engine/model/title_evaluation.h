// Process 2, title evaluation (职称评审): once a year, agents who have served the minimum years in
// their title are evaluated for the next; promotion chance combines performance and seniority,
// and a promotion needs a free post of the next title in the county's post structure (岗位设置).
// Policies change the rules through title levers.
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
  bool special_posts = false;     // posts set aside: promoted beyond the post structure
};

// Rules for promotion to `next` (junior .. senior) for an agent of `education` in a county of
// type `county_type`, with the title levers of its county x class.
TitleRules title_rules(const TitleParams& params, Title next, Education education, int county_type,
                       const LeverTable& levers, int county, int agent_class);

// Expected years until the next title for a bachelor's holder of this class who has just reached
// the title: half the minimum wait on average, plus the mean wait once eligible, counted as at most
// a working life. Agents expect posts as the structure sets them: of those at the title, the share
// the next title's posts could hold (its post share over the current title's), unless special
// posts are set aside for them. 0 for seniors.
double expected_years_to_next_title(const TitleParams& params, Title title, int county_type,
                                    const LeverTable& levers, int county, int agent_class);

// The share of a county type's posts at `title` or above that the next title's posts could hold
// (the post structure's ratio, at most 1): 1 for the untitled, who need only a junior post.
double post_room(const TitleParams& params, Title title, int county_type);

// Agents who can be evaluated at all: neither outside the title system nor holding their title
// in a home unit elsewhere (paired cadres, flexible talents).
bool in_title_system(const AgentStore& a, std::size_t i);

// Free posts of each title (junior .. senior) in each county, county x (kTitles - 1): the post
// structure's posts (its share of the county's active title-system staff, to the nearest whole
// post) less those holding the title or a higher one; 0 where they already fill it or more.
std::vector<std::int32_t> free_title_posts(const AgentStore& a, const RegionTable& regions, const TitleParams& params);

class TitleEvaluation final : public Process {
 public:
  std::string_view name() const override { return "title_evaluation"; }
  // Cultivation orders (any month) and the yearly evaluation, whose quotas rank every candidate.
  bool acts_on_population(const StepContext& ctx) const override;
  void act_on_population(StepContext& ctx) override;
};

}  // namespace kunlun
