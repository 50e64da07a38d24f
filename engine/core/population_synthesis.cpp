// Synthesising the initial population from its margins deterministically: the fitted and rounded
// core joint (population_joint.h), then attributes, counties and individual values by exact
// integer rounding and keyed draws. The algorithm is written up in docs/ODD.md (initialisation,
// section 5.1); the numbered steps below follow it.
#include "core/population_synthesis.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <string>
#include <vector>

#include "core/apportion.h"
#include "core/categories.h"
#include "core/errors.h"
#include "core/population_joint.h"
#include "core/rng.h"
#include "core/text.h"

namespace kunlun {

namespace {

constexpr int kAgeBand = static_cast<int>(MarginDimension::age_band),
              kOrigin = static_cast<int>(MarginDimension::origin),
              kSex = static_cast<int>(MarginDimension::sex);
constexpr double kMaxAgents = 1e9;
constexpr int kCareerStartMonths = 22 * 12;  // tenure counts from age 22 at the earliest
constexpr int kMaxTitleTenureMonths = 20 * 12;

int dim_of(const std::string& name) {
  const auto d = category_index(kMarginDimensionNames, name);
  return d ? *d : -1;
}

struct CheckedInputs {
  std::int64_t agents = 0;
  CoreTable core;
};

// What check_population_synthesis promises, keeping the fitted joint for synthesis.
CheckedInputs check_inputs(const PopulationMargins& margins, const RegionTable& regions,
                           double total, double scale) {
  const double wanted = total * scale;
  if (!std::isfinite(wanted) || std::round(wanted) < 1 || std::round(wanted) > kMaxAgents)
    throw InputError({}, "population.scale",
                     "total " + format_significant(total) + " x scale " +
                         format_significant(scale) + " gives " +
                         format_significant(std::round(wanted)) + " agents",
                     "the population needs at least 1 and at most 1e9 agents");
  if (regions.field_count() > 255 || regions.county_count() > 0xffff ||
      regions.prefectures().size() > 254)
    throw InputError({regions.source(), 0, 0}, "",
                     "the region table is too large for the agent store",
                     "at most 255 fields, 254 prefectures and 65535 counties");
  CheckedInputs c;
  c.agents = static_cast<std::int64_t>(std::llround(wanted));
  c.core = fit_core_table(margins, regions);
  check_core_table_jobs(c.core, margins, regions);
  return c;
}

// Step 3: an attribute (age band, origin, sex) for every agent of every core cell, from a margin
// over the attribute, 1-D or conditional on one core dimension. Returns the attribute per agent
// in id order, before shuffling within cells.
//
// For each value v of the condition, the agents of all cells with that value (in cell order) are
// one sequence of T_v agents. The category totals m_x are the largest-remainder split of T_v by
// the shares q(x|v) (exact, each within 1 of T_v q(x|v)); the m_x units of category x sit at the
// ideal positions (2j-1)/(2 m_x), j = 1..m_x, of the sequence, and the sequence is cut into the
// cells in order. Small cells therefore take the categories in proportion across cells instead
// of all taking the most common one.
std::vector<std::uint8_t> allocate_attribute(const Margin& margin, int categories,
                                             int condition_axis, const CoreTable& core,
                                             const std::vector<std::int64_t>& counts,
                                             const std::vector<std::int64_t>& offset) {
  const std::size_t cells = counts.size();
  std::size_t stride = 1;
  if (condition_axis >= 0)
    for (int a = kCoreDimensions - 1; a > condition_axis; --a)
      stride *= static_cast<std::size_t>(core.sizes[static_cast<std::size_t>(a)]);
  const int groups = condition_axis >= 0 ? core.sizes[static_cast<std::size_t>(condition_axis)] : 1;
  const auto group_of = [&](std::size_t c) {
    return condition_axis >= 0 ? static_cast<int>((c / stride) % static_cast<std::size_t>(groups))
                               : 0;
  };
  std::vector<std::vector<double>> q(
      static_cast<std::size_t>(groups),
      std::vector<double>(static_cast<std::size_t>(categories), 0.0));
  for (std::size_t r = 0; r < margin.cells.size(); ++r)
    q[static_cast<std::size_t>(condition_axis >= 0 ? margin.cells[r][1] : 0)]
     [static_cast<std::size_t>(margin.cells[r][0])] = margin.shares[r];
  std::vector<std::int64_t> total(static_cast<std::size_t>(groups), 0);
  for (std::size_t c = 0; c < cells; ++c) total[static_cast<std::size_t>(group_of(c))] += counts[c];

  std::vector<std::uint8_t> label(static_cast<std::size_t>(offset.back()), 0);
  for (int v = 0; v < groups; ++v) {
    const std::int64_t t = total[static_cast<std::size_t>(v)];
    if (t == 0) continue;
    const std::vector<std::int64_t> m = largest_remainder(t, q[static_cast<std::size_t>(v)]);
    // Merge the categories' units by ideal position (2j-1)/(2 m_x), compared exactly in integers;
    // ties to the lower category. Linear in T_v for the handful of categories.
    std::vector<std::uint8_t> seq;
    seq.reserve(static_cast<std::size_t>(t));
    std::vector<std::int64_t> next(static_cast<std::size_t>(categories), 1);
    for (std::int64_t k = 0; k < t; ++k) {
      int best = -1;
      for (int x = 0; x < categories; ++x) {
        const auto ux = static_cast<std::size_t>(x);
        if (next[ux] > m[ux]) continue;
        if (best < 0) {
          best = x;
          continue;
        }
        const auto ub = static_cast<std::size_t>(best);
        if ((2 * next[ux] - 1) * m[ub] < (2 * next[ub] - 1) * m[ux]) best = x;
      }
      seq.push_back(static_cast<std::uint8_t>(best));
      ++next[static_cast<std::size_t>(best)];
    }
    std::size_t pos = 0;
    for (std::size_t c = 0; c < cells; ++c) {
      if (group_of(c) != v) continue;
      for (std::int64_t i = 0; i < counts[c]; ++i)
        label[static_cast<std::size_t>(offset[c] + i)] = seq[pos++];
    }
  }
  return label;
}

// Within each cell the labels are dealt to the agents in the order of a keyed draw, so that the
// attributes are not tied to each other by their positions in the sequences.
void shuffle_within_cells(std::vector<std::uint8_t>& label, const std::vector<std::int64_t>& offset,
                          const std::vector<std::uint32_t>& key) {
  std::vector<std::uint64_t> order;  // key << 32 | position in the cell: ties by id
  std::vector<std::uint8_t> dealt;
  for (std::size_t c = 0; c + 1 < offset.size(); ++c) {
    const std::int64_t lo = offset[c], hi = offset[c + 1];
    if (hi - lo < 2) continue;
    order.clear();
    for (std::int64_t i = lo; i < hi; ++i)
      order.push_back(std::uint64_t{key[static_cast<std::size_t>(i)]} << 32 |
                      static_cast<std::uint64_t>(i - lo));
    std::sort(order.begin(), order.end());
    dealt.assign(label.begin() + lo, label.begin() + hi);
    for (std::size_t i = 0; i < order.size(); ++i)
      label[static_cast<std::size_t>(lo + static_cast<std::int64_t>(order[i] & 0xffffffffu))] =
          dealt[i];
  }
}

}  // namespace

std::int64_t check_population_synthesis(const PopulationMargins& margins,
                                        const RegionTable& regions, double total, double scale) {
  return check_inputs(margins, regions, total, scale).agents;
}

AgentStore synthesise_population(const PopulationMargins& margins, const RegionTable& regions,
                                 double total, double scale, std::uint64_t seed, YearMonth start,
                                 const WorkingAgeLimit& age_limit) {
  const SourceLocation file{margins.source, 0, 0};
  // Steps 1 and 2: the core joint, fitted and checked, then whole agents per core cell.
  const CheckedInputs checked = check_inputs(margins, regions, total, scale);
  const std::int64_t n = checked.agents;
  const CoreTable& core = checked.core;
  const int prefectures = core.sizes[0], fields = core.sizes[1];
  const std::size_t run =
      static_cast<std::size_t>(kLevels * kTitles * kEducations);  // cells per (p, f)
  const std::vector<std::int64_t> counts = core_counts(core, n);
  std::vector<std::int64_t> offset(counts.size() + 1, 0);  // first id of each cell
  for (std::size_t c = 0; c < counts.size(); ++c) offset[c + 1] = offset[c] + counts[c];

  // Counties of each prefecture, in slot order, and their jobs per field.
  std::vector<std::vector<int>> counties_of(static_cast<std::size_t>(prefectures));
  for (int slot = 0; slot < regions.county_count(); ++slot)
    counties_of[static_cast<std::size_t>(regions.prefecture_slot_of_county(slot))].push_back(slot);
  const auto pf_jobs = [&](int p, int f) {
    std::vector<double> jobs;
    for (const int slot : counties_of[static_cast<std::size_t>(p)])
      jobs.push_back(regions.county(slot).jobs[static_cast<std::size_t>(f)]);
    return jobs;
  };

  // Keyed draws per agent (ids are final now): synth_age word 0 places the age within its band,
  // words 1-3 deal age band, origin and sex within a cell; synth_tenure words 0 and 1 give the
  // tenure in title and in county; synth_county orders a prefecture x field group for counties.
  const KeyedRng rng(seed, 0);
  const auto agents = static_cast<std::size_t>(n);
  std::vector<std::array<std::uint32_t, 4>> age_words(agents);
  for (std::size_t i = 0; i < agents; ++i) age_words[i] = rng.words(i, 0, Purpose::synth_age);
  const auto word = [&](int w) {
    std::vector<std::uint32_t> out(agents);
    for (std::size_t i = 0; i < agents; ++i) out[i] = age_words[i][static_cast<std::size_t>(w)];
    return out;
  };

  // Step 3: age band, origin, sex.
  const std::array<int, 3> attribute_dims{kAgeBand, kOrigin, kSex};
  std::array<std::vector<std::uint8_t>, 3> attribute;
  for (std::size_t a = 0; a < attribute_dims.size(); ++a) {
    const Margin* margin = nullptr;
    for (const Margin& m : margins.margins)
      if (!m.dimensions.empty() && dim_of(m.dimensions[0]) == attribute_dims[a]) margin = &m;
    const std::string name(kMarginDimensionNames[static_cast<std::size_t>(attribute_dims[a])]);
    if (!margin)
      throw InputError(file, name, "no margin for '" + name + "'",
                       "load the margins with load_population_margins");
    const int categories = attribute_dims[a] == kAgeBand
                               ? static_cast<int>(margins.age_bands.size())
                           : attribute_dims[a] == kOrigin ? kOrigins
                                                          : kSexes;
    const int condition = margin->conditional ? dim_of(margin->dimensions.at(1)) : -1;
    if (margin->conditional && (condition < 0 || !is_core_dimension(condition)))
      throw InputError(file, name,
                       "margin of '" + name + "' is conditional on a dimension that is not core");
    for (std::size_t r = 0; r < margin->cells.size(); ++r) {
      const auto& cell = margin->cells[r];
      if (cell.empty() || cell[0] < 0 || cell[0] >= categories ||
          (condition >= 0 && (cell.size() < 2 || cell[1] < 0 ||
                              cell[1] >= core.sizes[static_cast<std::size_t>(condition)])))
        throw InputError(file, name, "category index out of range in row " + std::to_string(r));
    }
    attribute[a] = allocate_attribute(*margin, categories, condition, core, counts, offset);
    shuffle_within_cells(attribute[a], offset, word(static_cast<int>(a) + 1));
  }

  // Step 4: county within prefecture, per (prefecture, field) group: counts proportional to the
  // counties' jobs in the field; agents dealt in the order of a keyed draw.
  std::vector<std::uint16_t> county(agents, 0);
  std::vector<std::uint64_t> order;
  for (int p = 0; p < prefectures; ++p)
    for (int f = 0; f < fields; ++f) {
      const std::size_t first = static_cast<std::size_t>(p * fields + f) * run;
      const std::int64_t lo = offset[first], hi = offset[first + run];
      if (hi == lo) continue;
      const auto jobs = pf_jobs(p, f);
      if (std::accumulate(jobs.begin(), jobs.end(), 0.0) <= 0)
        throw InputError(
            file, "prefecture*field",
            std::to_string(hi - lo) + " agents fall in prefecture '" +
                regions.region(regions.prefectures()[static_cast<std::size_t>(p)]).code +
                "' and field '" + regions.fields()[static_cast<std::size_t>(f)] +
                "' but no county there has jobs for it",
            "the margins and the region table disagree: give that combination share 0 or jobs");
      const std::vector<std::int64_t> split = largest_remainder(hi - lo, jobs);
      order.clear();  // draw << 32 | position in the group: ties by id
      for (std::int64_t i = lo; i < hi; ++i)
        order.push_back(
            std::uint64_t{rng.words(static_cast<std::uint64_t>(i), 0, Purpose::synth_county)[0]}
                << 32 |
            static_cast<std::uint64_t>(i - lo));
      std::sort(order.begin(), order.end());
      std::size_t pos = 0;
      const auto& slots = counties_of[static_cast<std::size_t>(p)];
      for (std::size_t k = 0; k < slots.size(); ++k)
        for (std::int64_t j = 0; j < split[k]; ++j)
          county[static_cast<std::size_t>(lo +
                                          static_cast<std::int64_t>(order[pos++] & 0xffffffffu))] =
              static_cast<std::uint16_t>(slots[k]);
    }

  // Step 5: ages, tenures, entry months, home prefecture; agents in id order.
  AgentStore store;
  store.reserve(agents +
                agents / 4);  // room to grow when a simulation takes it over (address space only)
  const std::size_t stride_p = static_cast<std::size_t>(fields) * run;
  for (std::size_t c = 0; c < counts.size(); ++c) {
    const int p = static_cast<int>(c / stride_p);
    const int f = static_cast<int>((c / run) % static_cast<std::size_t>(fields));
    const int l = static_cast<int>((c / static_cast<std::size_t>(kTitles * kEducations)) % kLevels);
    const int t = static_cast<int>((c / static_cast<std::size_t>(kEducations)) % kTitles);
    const int e = static_cast<int>(c % static_cast<std::size_t>(kEducations));
    for (std::int64_t id = offset[c]; id < offset[c + 1]; ++id) {
      const auto i = static_cast<std::size_t>(id);
      AgentRecord a;
      a.id = static_cast<std::uint64_t>(id);
      a.county = county[i];
      a.field = static_cast<std::uint8_t>(f);
      a.level = static_cast<std::uint8_t>(l);
      a.title = static_cast<std::uint8_t>(t);
      a.education = static_cast<std::uint8_t>(e);
      a.origin = attribute[1][i];
      a.sex = attribute[2][i];
      const auto band = margins.age_bands[attribute[0][i]];
      int low = band.first * 12, high = (band.second + 1) * 12;  // [low, high) months
      const int limit = age_limit[a.sex][t];
      if (limit > 0 && high > limit) {
        // The band reaches past retirement age: move it down, keeping its width, to end just
        // below the limit. Squeezing it instead would send its whole mass into retirement
        // within the first months.
        low = std::max(kCareerStartMonths, limit - (high - low));
        high = limit;
      }
      const int age = low + static_cast<int>(KeyedRng::to_unit(age_words[i][0]) * (high - low));
      const auto tenure = rng.words(a.id, 0, Purpose::synth_tenure);
      const int title_max = std::max(0, std::min(age - kCareerStartMonths, kMaxTitleTenureMonths));
      const int county_max = std::max(0, age - kCareerStartMonths);
      a.age_months = static_cast<std::uint16_t>(age);
      a.months_in_title =
          static_cast<std::uint16_t>(KeyedRng::to_unit(tenure[0]) * (title_max + 1));
      a.months_in_county =
          static_cast<std::uint16_t>(KeyedRng::to_unit(tenure[1]) * (county_max + 1));
      // The stock at the start is the stock at the end of the month before it: every initial
      // agent arrived before the first simulated month, so none counts as one of its entrants.
      a.entry_month = start.index() - 1 - a.months_in_county;
      a.entry_county = a.county;
      const auto origin = static_cast<Origin>(a.origin);
      a.home_prefecture = origin == Origin::local || origin == Origin::returnee
                              ? static_cast<std::uint8_t>(p)
                              : AgentStore::kNoHome;
      store.add(a);
    }
  }
  return store;
}

}  // namespace kunlun
