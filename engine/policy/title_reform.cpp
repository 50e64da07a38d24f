// The `title_reform` policy (职称制度改革): changes the rules of title evaluation for its target —
// performance over seniority, fewer minimum years and no paper requirement (as at grassroots),
// no degree requirement for practical and entrepreneurial talent, special posts beyond the quota,
// and a preferential log-odds shift. It pays nothing directly, so it books no cost.
#include "policy/policy_registry.h"

namespace kunlun {

namespace {

struct TitleRuleChanges {
  float performance_weight_shift = 0, min_years_cut = 0, log_odds = 0;
  bool paper_waived = false, degree_waived = false, special_posts = false;
};

class TitleReform final : public Policy {
 public:
  TitleReform(const PolicyEntry& e, TitleRuleChanges changes) : Policy(e.common), changes_(changes) {}

  void write_levers(LeverTable& levers, YearMonth) const override {
    const PolicyTarget& t = target();
    if (changes_.performance_weight_shift != 0.0f)
      t.add_to(levers, Lever::title_performance_weight, changes_.performance_weight_shift);
    if (changes_.min_years_cut > 0.0f) t.add_to(levers, Lever::title_min_years_cut, changes_.min_years_cut);
    if (changes_.log_odds != 0.0f) t.add_to(levers, Lever::title_log_odds, changes_.log_odds);
    if (changes_.paper_waived) t.add_to(levers, Lever::title_paper_waived, 1.0f);
    if (changes_.degree_waived) t.add_to(levers, Lever::title_degree_waived, 1.0f);
    if (changes_.special_posts) t.add_to(levers, Lever::title_special_posts, 1.0f);
  }

 private:
  TitleRuleChanges changes_;
};

}  // namespace

PolicyType title_reform_type() {
  const auto change = [](const char* key, const std::string& meaning) {
    return Parameter{.key = key,
                     .type = ParameterType::flag,
                     .default_value = 0.0,
                     .meaning = meaning,
                     .evidence = kPolicyDesign};
  };
  return {"title_reform",
          "changes title evaluation for its target: performance weight, minimum years, paper and degree "
          "requirements, special posts, preferential log-odds",
          {{.key = "performance_weight",
            .unit = "share",
            .min = 0,
            .max = 1,
            .meaning = "the weight of performance against seniority in the promotion score for the target; it acts as a "
                       "shift from behaviour.titles.performance_weight",
            .evidence = kPolicyDesign,
            .optional = true},
           {.key = "min_years_cut",
            .unit = "years",
            .min = 0,
            .max = 20,
            .default_value = 0.0,
            .meaning = "the years taken off the minimum years in title (of several reforms reaching a talent, the largest)",
            .evidence = kPolicyDesign},
           change("paper_waived", "whether the paper requirement for associate senior and senior is waived"),
           change("degree_waived", "whether college-diploma holders may be evaluated beyond behaviour.titles.degree_required_from (no "
                                  "degree requirement for practical and entrepreneurial talent)"),
           change("special_posts", "whether special posts promote beyond the post structure (posts set aside)"),
           {.key = "log_odds",
            .unit = "log-odds",
            .min = -10,
            .max = 10,
            .default_value = 0.0,
            .meaning = "a preferential shift of the log-odds of promotion (1 multiplies small odds by about 2.7)",
            .evidence = kAssumption,
            .uncertainty = plus_value(uniform(-0.5, 0.5, "how much a preference moves evaluation boards is not measured; half a log-odds either side"))}},
          [](const PolicyEntry& e) -> std::unique_ptr<Policy> {
            const PolicyValues& v = e.values;
            TitleRuleChanges c;
            if (v.written("performance_weight"))
              c.performance_weight_shift = static_cast<float>(v.number("performance_weight") -
                                                              e.context.behaviour.titles.performance_weight);
            c.min_years_cut = static_cast<float>(v.number("min_years_cut"));
            c.log_odds = static_cast<float>(v.number("log_odds"));
            c.paper_waived = v.flag("paper_waived");
            c.degree_waived = v.flag("degree_waived");
            c.special_posts = v.flag("special_posts");
            bool any = false;
            for (const char* key :
                 {"performance_weight", "min_years_cut", "log_odds", "paper_waived", "degree_waived", "special_posts"})
              any = any || v.written(key);
            if (!any)
              throw InputError(e.spec.params.where(), e.key, "a title_reform policy changes nothing",
                               "give at least one of performance_weight, min_years_cut, paper_waived, "
                               "degree_waived, special_posts, log_odds");
            return std::make_unique<TitleReform>(e, c);
          }};
}

}  // namespace kunlun
