// Initial population synthesised deterministically from published margins: the province's
// talent stock by prefecture, field, level, title and education, with age, origin and sex.
#pragma once

#include <array>
#include <cstdint>

#include "core/agent_store.h"
#include "core/calendar.h"
#include "core/categories.h"
#include "core/population_margins.h"
#include "core/region_table.h"

namespace kunlun {

// Exclusive upper bound on age in months at the start, by sex and title. The stock counts people
// at work, so no one starts at or past retirement age: an age band that reaches past the bound is
// moved down, keeping its width, to end just below it. A zero entry means no bound.
using WorkingAgeLimit = std::array<std::array<int, kTitles>, kSexes>;

// Every check synthesise_population makes of its inputs before it builds an agent, without
// building any: the number of agents, round(total * scale), is 1 to 1e9 (InputError on
// population.scale otherwise); the region table fits the agent store; the core joint fits the
// margins; and every prefecture x field the fit gives people has jobs. Fast for any total: the
// work is the fit, over a table of prefectures x fields x 100 cells. Returns the number of agents.
std::int64_t check_population_synthesis(const PopulationMargins& margins,
                                        const RegionTable& regions, double total, double scale);

// Builds `round(total * scale)` agents. Deterministic in (margins, regions, total, scale, seed);
// ids are 0 .. n-1. The start month sets entry months and birth cohorts. Throws InputError as
// check_population_synthesis does.
AgentStore synthesise_population(const PopulationMargins& margins, const RegionTable& regions,
                                 double total, double scale, std::uint64_t seed, YearMonth start,
                                 const WorkingAgeLimit& age_limit = {});

}  // namespace kunlun
