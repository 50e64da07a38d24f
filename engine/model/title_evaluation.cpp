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

  // Groups are county x next title, where the quota binds: at most quota x eligible of a group
  // are promoted (beyond it only the classes with special posts); the best scores win, ties to
  // the lower id. Only candidates who passed on their own chance compete for the quota.
  struct Candidate {
    double score;
    std::uint64_t id;
    std::int64_t index;
    int group;
    bool beyond_quota;
  };
  const int groups = regions.county_count() * (kTitles - 1);
  const auto threads = static_cast<std::size_t>(omp_get_max_threads());
  // The rules by county x class x education, once, rather than once per agent.
  const ClassLayout layout = ctx.levers.layout();
  const int classes = layout.classes();
  std::vector<TitleRules> rules(layout.cells() * kEducations);
#pragma omp parallel for schedule(static)
  for (int c = 0; c < regions.county_count(); ++c) {
    const int type = county_type_index(regions.county(c).type);
    for (int k = 0; k < classes; ++k) {
      const int title = ClassLayout::title_of(k);
      if (title == static_cast<int>(Title::senior)) continue;
      for (int e = 0; e < kEducations; ++e)
        rules[layout.cell(c, k) * kEducations + e] =
            title_rules(params, static_cast<Title>(title + 1), static_cast<Education>(e), type, ctx.levers, c, k);
    }
  }
  std::vector<std::vector<Candidate>> passed_by_thread(threads);
  std::vector<std::vector<std::int32_t>> eligible_by_thread(threads, std::vector<std::int32_t>(static_cast<std::size_t>(groups), 0));
  const std::int64_t blocks = (n + kBlockAgents - 1) / kBlockAgents;
#pragma omp parallel
  {
    const auto thread = static_cast<std::size_t>(omp_get_thread_num());
    auto& passed_here = passed_by_thread[thread];
    auto& eligible_here = eligible_by_thread[thread];
    std::uint32_t promotion[kBlockAgents], paper[kBlockAgents];
#pragma omp for schedule(static)
    for (std::int64_t b = 0; b < blocks; ++b) {
      const std::int64_t begin = b * kBlockAgents, end = std::min(n, begin + kBlockAgents);
      const auto count = static_cast<std::size_t>(end - begin);
      // Both draws for the whole block in batches: most agents of working age are candidates.
      ctx.rng.first_words(a.id.data() + begin, ctx.step, nullptr, KeyedRng::tag(Purpose::promotion), promotion, count);
      ctx.rng.first_words(a.id.data() + begin, ctx.step, nullptr, KeyedRng::tag(Purpose::paper), paper, count);
      for (std::int64_t i = begin; i < end; ++i) {
        if (a.status[i] != AgentStatus::active || a.title[i] == static_cast<std::uint8_t>(Title::senior)) continue;
        const auto origin = static_cast<Origin>(a.origin[i]);
        // Paired cadres and flexible talents hold their titles in their home units.
        if (origin == Origin::paired_cadre || origin == Origin::flexible) continue;
        const int county = a.county[i];
        const auto next = static_cast<Title>(a.title[i] + 1);
        const int cls = ClassLayout::encode(a.field[i], a.level[i], a.title[i], a.origin[i]);
        const TitleRules& r = rules[layout.cell(county, cls) * kEducations + a.education[i]];
        const double years = a.months_in_title[i] / 12.0;
        if (r.degree_barred || years < r.min_years) continue;
        const int group = county * (kTitles - 1) + static_cast<int>(next) - 1;
        ++eligible_here[static_cast<std::size_t>(group)];
        // Score: performance (z) against seniority (years beyond the minimum, in units of 2 years
        // around a typical 2-year wait), weighted.
        const double performance = a.performance[i] / 32.0;
        const double seniority = (years - r.min_years - 2.0) / 2.0;
        const double score = r.performance_weight * performance + (1.0 - r.performance_weight) * seniority;
        const std::size_t k = static_cast<std::size_t>(i - begin);
        const bool passed = KeyedRng::to_unit(paper[k]) < r.pass_paper &&
                            KeyedRng::to_unit(promotion[k]) < logistic(r.log_odds + params.score_log_odds * score);
        if (passed) passed_here.push_back({score, a.id[i], i, group, r.beyond_quota});
      }
    }
  }
  // Bucket the passed candidates by group (thread order, then agent order: a fixed order).
  std::vector<std::int32_t> eligible(static_cast<std::size_t>(groups), 0);
  for (const auto& part : eligible_by_thread)
    for (std::size_t g = 0; g < eligible.size(); ++g) eligible[g] += part[g];
  std::vector<std::size_t> first(static_cast<std::size_t>(groups) + 1, 0);
  for (const auto& part : passed_by_thread)
    for (const Candidate& c : part) ++first[static_cast<std::size_t>(c.group) + 1];
  for (std::size_t g = 0; g < static_cast<std::size_t>(groups); ++g) first[g + 1] += first[g];
  std::vector<Candidate> passed(first.back());
  {
    std::vector<std::size_t> next(first.begin(), first.end() - 1);
    for (const auto& part : passed_by_thread)
      for (const Candidate& c : part) passed[next[static_cast<std::size_t>(c.group)]++] = c;
  }
  // Each group on its own: all who passed when they fit the quota, else the best `limit` of those
  // within the quota (a selection, not a full sort), and everyone beyond the quota.
  const auto better = [](const Candidate& x, const Candidate& y) {
    return x.score > y.score || (x.score == y.score && x.id < y.id);
  };
#pragma omp parallel for schedule(dynamic, 8)
  for (int g = 0; g < groups; ++g) {
    const auto from = static_cast<std::ptrdiff_t>(first[static_cast<std::size_t>(g)]);
    const auto to = static_cast<std::ptrdiff_t>(first[static_cast<std::size_t>(g) + 1]);
    if (from == to) continue;
    const int county = g / (kTitles - 1);
    const auto step = static_cast<std::size_t>(g % (kTitles - 1));
    const int type = county_type_index(regions.county(county).type);
    const double quota = params.quota[static_cast<std::size_t>(type)][step];
    const auto limit = static_cast<std::ptrdiff_t>(std::floor(quota * eligible[static_cast<std::size_t>(g)] + 1e-9));
    // Candidates within the quota first, those beyond it after.
    const auto split = std::stable_partition(passed.begin() + from, passed.begin() + to,
                                             [](const Candidate& c) { return !c.beyond_quota; });
    const std::ptrdiff_t within = split - (passed.begin() + from);
    if (within > limit) std::nth_element(passed.begin() + from, passed.begin() + from + limit, split, better);
    const std::ptrdiff_t promoted_within = std::min(within, limit);
    for (std::ptrdiff_t k = from; k < to; ++k) {
      if (k - from >= promoted_within && k < from + within) continue;
      const std::int64_t i = passed[static_cast<std::size_t>(k)].index;
      a.title[i] = static_cast<std::uint8_t>(a.title[i] + 1);
      a.months_in_title[i] = 0;
    }
  }
}

// The factory its line in the schedule names (model/schedule.cpp).
std::unique_ptr<Process> make_title_evaluation() { return std::make_unique<TitleEvaluation>(); }

}  // namespace kunlun
