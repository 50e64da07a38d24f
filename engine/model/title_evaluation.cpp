#include "model/title_evaluation.h"

#include <omp.h>

#include <algorithm>
#include <cmath>
#include <tuple>

#include "model/personal_traits.h"
#include "model/selection.h"

namespace kunlun {

TitleRules title_rules(const TitleParams& params, Title next, Education education, int county_type,
                       const LeverTable& levers, int county, int agent_class) {
  const auto n = static_cast<std::size_t>(next) - 1;  // next is junior .. senior
  const bool grassroots = county_type == county_type_index(RegionType::grassroots);
  TitleRules r;
  double cut = levers.get(Lever::title_min_years_cut, county, agent_class);
  if (grassroots) cut += params.grassroots_min_years_cut;
  r.min_years = std::max(0.0, params.min_years[n][static_cast<std::size_t>(education)] - cut);
  r.log_odds = params.log_odds[n] + levers.get(Lever::title_log_odds, county, agent_class) +
               (grassroots ? params.grassroots_log_odds : 0.0);
  // Reforms move the weight; it stays a weight (0..1) however many reforms add their shifts.
  r.performance_weight =
      std::clamp(params.performance_weight + levers.get(Lever::title_performance_weight, county, agent_class), 0.0,
                 1.0);
  const bool paper_rule = next >= Title::associate_senior;
  r.pass_paper = paper_rule && levers.get(Lever::title_paper_waived, county, agent_class) <= 0.0f
                     ? params.paper_pass_share
                     : 1.0;
  r.degree_barred = education == Education::college && next >= params.degree_required_from &&
                    levers.get(Lever::title_degree_waived, county, agent_class) <= 0.0f;
  r.quota = params.quota[static_cast<std::size_t>(county_type)][n];
  r.beyond_quota = levers.get(Lever::title_special_posts, county, agent_class) > 0.0f;
  return r;
}

double expected_years_to_next_title(const TitleParams& params, Title title, int county_type,
                                    const LeverTable& levers, int county, int agent_class) {
  if (title == Title::senior) return 0.0;
  const auto next = static_cast<Title>(static_cast<int>(title) + 1);
  const TitleRules r = title_rules(params, next, Education::bachelor, county_type, levers, county, agent_class);
  // Yearly chance once eligible: the average candidate's chance, capped by the quota.
  double yearly = logistic(r.log_odds) * r.pass_paper;
  if (!r.beyond_quota) yearly = std::min(yearly, r.quota);
  yearly = std::max(yearly, 1e-3);
  return 0.5 * r.min_years + 1.0 / yearly;
}

bool TitleEvaluation::acts_on_population(const StepContext& ctx) const {
  if (ctx.date.month() == ctx.scenario.behaviour.titles.evaluation_month) return true;
  for (const SelectionOrder& order : ctx.levers.selections)
    if (order.kind == SelectionOrder::Kind::cultivate) return true;
  return false;
}

void TitleEvaluation::act_on_population(StepContext& ctx) {
  const TitleParams& params = ctx.scenario.behaviour.titles;
  AgentStore& a = ctx.agents;
  // Programme cultivation raises above-average mid-level talents in the target to high-end.
  for (const SelectionOrder& order : ctx.levers.selections) {
    if (order.kind != SelectionOrder::Kind::cultivate) continue;
    const auto chosen = select_for_order(ctx, order, [&](std::int64_t i) {
      return a.level[i] == static_cast<std::uint8_t>(Level::mid) && a.performance[i] > 0;
    });
    for (std::int64_t i : chosen) a.level[i] = static_cast<std::uint8_t>(Level::high_end);
  }
  if (ctx.date.month() != params.evaluation_month) return;
  const RegionTable& regions = ctx.regions;
  const std::int64_t n = static_cast<std::int64_t>(a.size());

  // Each candidate's outcome; groups are county x next title, where the quota binds.
  struct Candidate {
    int group;
    bool passed, beyond_quota;
    double score;
    std::uint64_t id;
    std::int64_t index;
  };
  const int groups = regions.county_count() * (kTitles - 1);
  std::vector<std::vector<Candidate>> per_thread(static_cast<std::size_t>(omp_get_max_threads()));
#pragma omp parallel
  {
    auto& mine = per_thread[static_cast<std::size_t>(omp_get_thread_num())];
#pragma omp for schedule(static)
    for (std::int64_t i = 0; i < n; ++i) {
      if (a.status[i] != AgentStatus::active || a.title[i] == static_cast<std::uint8_t>(Title::senior)) continue;
      const auto origin = static_cast<Origin>(a.origin[i]);
      // Paired cadres and flexible talents hold their titles in their home units.
      if (origin == Origin::paired_cadre || origin == Origin::flexible) continue;
      const int county = a.county[i];
      const auto next = static_cast<Title>(a.title[i] + 1);
      const int cls = agent_class(a.field[i], a.level[i], a.title[i], a.origin[i]);
      const int type = county_type_index(regions.county(county).type);
      const TitleRules r =
          title_rules(params, next, static_cast<Education>(a.education[i]), type, ctx.levers, county, cls);
      const double years = a.months_in_title[i] / 12.0;
      if (r.degree_barred || years < r.min_years) continue;
      // Score: performance (z) against seniority (years beyond the minimum, in units of 2 years
      // around a typical 2-year wait), weighted.
      const double performance = a.performance[i] / 32.0;
      const double seniority = (years - r.min_years - 2.0) / 2.0;
      const double score = r.performance_weight * performance + (1.0 - r.performance_weight) * seniority;
      const auto w = ctx.rng.words(a.id[i], ctx.step, Purpose::promotion);
      const bool paper = ctx.rng.uniform(a.id[i], ctx.step, Purpose::paper) < r.pass_paper;
      const bool passed =
          paper && KeyedRng::to_unit(w[0]) < logistic(r.log_odds + params.score_log_odds * score);
      mine.push_back({county * (kTitles - 1) + static_cast<int>(next) - 1, passed, r.beyond_quota, score, a.id[i], i});
    }
  }
  // Quota: of the eligible in a group, at most quota x eligible are promoted; the best scores win.
  std::vector<Candidate> all;
  for (auto& part : per_thread) all.insert(all.end(), part.begin(), part.end());
  std::vector<int> eligible(static_cast<std::size_t>(groups), 0);
  for (const Candidate& c : all) ++eligible[static_cast<std::size_t>(c.group)];
  std::sort(all.begin(), all.end(), [](const Candidate& x, const Candidate& y) {
    return std::tie(x.group, y.score, x.id) < std::tie(y.group, x.score, y.id);
  });
  std::vector<int> promoted(static_cast<std::size_t>(groups), 0);
  for (const Candidate& c : all) {
    if (!c.passed) continue;
    const int county = c.group / (kTitles - 1);
    const auto next = static_cast<std::size_t>(c.group % (kTitles - 1));
    const int type = county_type_index(regions.county(county).type);
    const double quota = params.quota[static_cast<std::size_t>(type)][next];
    const auto limit = static_cast<int>(std::floor(quota * eligible[static_cast<std::size_t>(c.group)] + 1e-9));
    if (!c.beyond_quota) {
      if (promoted[static_cast<std::size_t>(c.group)] >= limit) continue;
      ++promoted[static_cast<std::size_t>(c.group)];
    }
    a.title[c.index] = static_cast<std::uint8_t>(a.title[c.index] + 1);
    a.months_in_title[c.index] = 0;
  }
}

}  // namespace kunlun
