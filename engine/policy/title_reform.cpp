// The `title_reform` policy (职称制度改革): changes the rules of title evaluation for its target —
// performance over seniority, fewer minimum years and no paper requirement (as at grassroots),
// no degree requirement for practical and entrepreneurial talent, special posts beyond the quota,
// and a preferential log-odds shift. It pays nothing directly, so it books no cost.
#include "policy/policy_parameters.h"
#include "policy/policy_registry.h"
#include "scenario/schema.h"

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

bool read_switch(const ConfigReader& entry, const char* name) {
  if (!entry.find(name)) return false;
  const std::string v = entry.text(name);
  if (v == "true" || v == "yes") return true;
  if (v == "false" || v == "no") return false;
  throw InputError(entry.get(name).where(), entry.key(name), "expected true or false, got '" + v + "'",
                   "write " + std::string(name) + ": true to apply this change");
}

double read_in(const ConfigReader& entry, const char* name, double lo, double hi, const std::string& hint) {
  return policy_number(entry, name, {lo, hi}, hint, "title_reform");  // read only when present
}

}  // namespace

PolicyType title_reform_type() {
  return {"title_reform",
          "changes title evaluation for its target: performance weight, minimum years, paper and degree "
          "requirements, special posts, preferential log-odds",
          {"performance_weight", "min_years_cut", "paper_waived", "degree_waived", "special_posts", "log_odds"},
          [](const PolicyEntry& e) -> std::unique_ptr<Policy> {
            const ConfigReader entry(e.spec.params, e.key);
            TitleRuleChanges c;
            bool any = false;
            if (entry.find("performance_weight")) {
              const double w = read_in(entry, "performance_weight", 0, 1,
                                       "the weight of performance against seniority in the promotion score; "
                                       "the baseline is behaviour.titles.performance_weight");
              c.performance_weight_shift = static_cast<float>(w - e.scenario.behaviour.titles.performance_weight);
              any = true;
            }
            if (entry.find("min_years_cut")) {
              c.min_years_cut = static_cast<float>(
                  read_in(entry, "min_years_cut", 0, 20, "years taken off the minimum years in title"));
              any = true;
            }
            if (entry.find("log_odds")) {
              c.log_odds = static_cast<float>(read_in(entry, "log_odds", -10, 10,
                                                      "a shift of 1 multiplies small odds of promotion by about 2.7"));
              any = true;
            }
            c.paper_waived = read_switch(entry, "paper_waived");
            c.degree_waived = read_switch(entry, "degree_waived");
            c.special_posts = read_switch(entry, "special_posts");
            any = any || entry.find("paper_waived") || entry.find("degree_waived") || entry.find("special_posts");
            if (!any)
              throw InputError(e.spec.params.where(), e.key, "a title_reform policy changes nothing",
                               "give at least one of performance_weight, min_years_cut, paper_waived, "
                               "degree_waived, special_posts, log_odds");
            return std::make_unique<TitleReform>(e, c);
          }};
}

}  // namespace kunlun
