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
  r.special_posts = levers.get(Lever::title_special_posts, county, agent_class) > 0.0f;
  return r;
}

double post_room(const TitleParams& params, Title title, int county_type) {
  if (title == Title::senior) return 1.0;
  const auto& share = params.post_share[static_cast<std::size_t>(county_type)];
  const auto n = static_cast<std::size_t>(title);  // index of the next title's share
  const double below = title == Title::none ? 1.0 : share[n - 1];
  return below > 0 ? std::min(1.0, share[n] / below) : 0.0;
}

double expected_years_to_next_title(const TitleParams& params, Title title, int county_type,
                                    const LeverTable& levers, int county, int agent_class) {
  if (title == Title::senior) return 0.0;
  const auto next = static_cast<Title>(static_cast<int>(title) + 1);
  const TitleRules r = title_rules(params, next, Education::bachelor, county_type, levers, county, agent_class);
  // Yearly chance once eligible: the average candidate's chance, times the room the structure
  // leaves above the title. A static expectation: the realised free posts of a county swing from
  // year to year (a few posts at a small population scale), and a career term that follows them
  // would swing hazards with them.
  double yearly = logistic(r.log_odds) * r.pass_paper;
  if (!r.special_posts) yearly *= post_room(params, title, county_type);
  // Where posts are full the chance can be near 0; a wait longer than a working life (about 40
  // years from entry to retirement) weighs no more than one, approximately.
  constexpr double kWorkingLifeYears = 40.0;
  yearly = std::max(yearly, 1.0 / kWorkingLifeYears);
  return 0.5 * r.min_years + 1.0 / yearly;
}

bool in_title_system(const AgentStore& a, std::size_t i) {
  const auto origin = static_cast<Origin>(a.origin[i]);
  return origin != Origin::paired_cadre && origin != Origin::flexible && !(a.flags[i] & agent_flag::outside_titles);
}

std::vector<std::int32_t> free_title_posts(const AgentStore& a, const RegionTable& regions, const TitleParams& params) {
  constexpr int steps = kTitles - 1;
  const int counties = regions.county_count();
  // staff and holders of each title or a higher one, county x kTitles (column 0: all staff).
  std::vector<std::int64_t> held(static_cast<std::size_t>(counties) * kTitles, 0);
  const std::size_t n = a.size();
  for (std::size_t i = 0; i < n; ++i) {
    if (a.status[i] != AgentStatus::active || !in_title_system(a, i)) continue;
    std::int64_t* row = held.data() + static_cast<std::size_t>(a.county[i]) * kTitles;
    for (int t = 0; t <= a.title[i]; ++t) ++row[t];
  }
  std::vector<std::int32_t> free(static_cast<std::size_t>(counties) * steps, 0);
  for (int c = 0; c < counties; ++c) {
    const auto& share = params.post_share[static_cast<std::size_t>(county_type_index(regions.county(c).type))];
    const std::int64_t* row = held.data() + static_cast<std::size_t>(c) * kTitles;
    for (int s = 0; s < steps; ++s) {
      // Whole posts, to the nearest: at a small population scale a county's posts are few.
      const auto posts = static_cast<std::int64_t>(std::llround(share[static_cast<std::size_t>(s)] * static_cast<double>(row[0])));
      free[static_cast<std::size_t>(c) * steps + static_cast<std::size_t>(s)] =
          static_cast<std::int32_t>(std::max<std::int64_t>(0, posts - row[s + 1]));
    }
  }
  return free;
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

  // Groups are county x next title, where the posts bind: at most the group's free posts are
  // filled (beyond them only the classes with special posts); the best scores win, ties to the
  // lower id. Only candidates who passed on their own chance compete for the posts.
  struct Candidate {
    double score;
    std::uint64_t id;
    std::int64_t index;
    int group;
    bool special_posts;
  };
  const std::vector<std::int32_t> free_posts = free_title_posts(a, regions, params);
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
  const std::int64_t blocks = (n + kBlockAgents - 1) / kBlockAgents;
#pragma omp parallel
  {
    const auto thread = static_cast<std::size_t>(omp_get_thread_num());
    auto& passed_here = passed_by_thread[thread];
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
        // Paired cadres and flexible talents hold their titles in their home units; managers and
        // skilled workers outside the title system are never evaluated.
        if (!in_title_system(a, static_cast<std::size_t>(i))) continue;
        const int county = a.county[i];
        const auto next = static_cast<Title>(a.title[i] + 1);
        const int cls = ClassLayout::encode(a.field[i], a.level[i], a.title[i], a.origin[i]);
        const TitleRules& r = rules[layout.cell(county, cls) * kEducations + a.education[i]];
        const double years = a.months_in_title[i] / 12.0;
        if (r.degree_barred || years < r.min_years) continue;
        const int group = county * (kTitles - 1) + static_cast<int>(next) - 1;
        // Score: performance (z) against seniority (years beyond the minimum, in units of 2 years
        // around a typical 2-year wait), weighted.
        const double performance = a.performance[i] / 32.0;
        const double seniority = (years - r.min_years - 2.0) / 2.0;
        const double score = r.performance_weight * performance + (1.0 - r.performance_weight) * seniority;
        const std::size_t k = static_cast<std::size_t>(i - begin);
        const bool passed = KeyedRng::to_unit(paper[k]) < r.pass_paper &&
                            KeyedRng::to_unit(promotion[k]) < logistic(r.log_odds + params.score_log_odds * score);
        if (passed) passed_here.push_back({score, a.id[i], i, group, r.special_posts});
      }
    }
  }
  // Bucket the passed candidates by group (thread order, then agent order: a fixed order).
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
  // Each group on its own: all who passed when they fit the free posts, else the best `limit` of
  // those competing for posts (a selection, not a full sort), and everyone with special posts.

  const auto better = [](const Candidate& x, const Candidate& y) {
    return x.score > y.score || (x.score == y.score && x.id < y.id);
  };
#pragma omp parallel for schedule(dynamic, 8)
  for (int g = 0; g < groups; ++g) {
    const auto from = static_cast<std::ptrdiff_t>(first[static_cast<std::size_t>(g)]);
    const auto to = static_cast<std::ptrdiff_t>(first[static_cast<std::size_t>(g) + 1]);
    if (from == to) continue;
    const auto limit = static_cast<std::ptrdiff_t>(free_posts[static_cast<std::size_t>(g)]);
    // Candidates competing for posts first, those with special posts after.
    const auto split = std::stable_partition(passed.begin() + from, passed.begin() + to,
                                             [](const Candidate& c) { return !c.special_posts; });
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
