// The initial population's core joint table: fitting it to the margins, checking it against the
// region table's jobs, and rounding it to whole agents (see population_joint.h).
#include "core/population_joint.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "core/categories.h"
#include "core/errors.h"
#include "core/iterative_proportional_fitting.h"
#include "core/text.h"

namespace kunlun {

namespace {

constexpr std::size_t kField = static_cast<std::size_t>(MarginDimension::field);
// A fitted (prefecture, field) share above this needs jobs there; below it is fitting noise,
// far less than one agent of any realistic population.
constexpr double kPositiveShare = 1e-9;

// The integer core table with what it was rounded from.
struct CoreCounts {
  std::vector<std::int64_t> count;  // agents per core cell
  std::vector<std::int64_t> floor;  // floor of the expected count
  std::vector<double> frac;         // expected - floor, in [0, 1)
};

// Systematic rounding of the expected counts N*share in core-cell order. Each cell keeps
// the floor of its expected count and gets one more where the running sum of the fractional
// parts crosses a half-integer. So every cell is the floor or the ceiling of its expected count,
// the total is exactly N, and every run of consecutive cells (a prefecture, a prefecture x field,
// ...) is within 1 of its expected total.
CoreCounts round_core(const std::vector<double>& shares, std::int64_t n) {
  CoreCounts r;
  r.count.resize(shares.size());
  r.floor.resize(shares.size());
  r.frac.resize(shares.size());
  std::int64_t floors = 0;
  for (std::size_t c = 0; c < shares.size(); ++c) {
    const double e = static_cast<double>(n) * shares[c];
    r.floor[c] = static_cast<std::int64_t>(std::floor(e));
    r.frac[c] = e - std::floor(e);
    floors += r.floor[c];
  }
  double cum = 0;
  std::int64_t previous = 0;
  for (std::size_t c = 0; c < shares.size(); ++c) {
    cum += r.frac[c];
    const auto rounded = static_cast<std::int64_t>(std::floor(cum + 0.5));
    r.count[c] = r.floor[c] + (rounded - previous);
    previous = rounded;
  }
  if (floors + previous != n) throw std::logic_error("round_core: rounding drift");
  return r;
}

// Then the 1-D margins of field, level, title and education are sums over many runs, so
// their rounding errors add up. Move single agents between cells that differ only in that
// dimension (one rounded up down to its floor, one rounded down up to its ceiling) while the
// category furthest above its expected total and the one furthest below differ by more than 1.
// Every cell stays the floor or ceiling of its expected count, the other dimensions' margins are
// untouched, and for field moves each prefecture x field total stays within 1 of expected.
void balance_margins(CoreCounts& r, const CoreTable& core) {
  const auto& sizes = core.sizes;
  std::array<std::size_t, kCoreDimensions> stride{};
  stride[kCoreDimensions - 1] = 1;
  for (std::size_t a = kCoreDimensions - 1; a-- > 0;)
    stride[a] = stride[a + 1] * static_cast<std::size_t>(sizes[a + 1]);
  const std::size_t cells = r.count.size();
  const auto coord = [&](std::size_t c, std::size_t a) {
    return static_cast<int>((c / stride[a]) % static_cast<std::size_t>(sizes[a]));
  };
  const auto excess = [&](std::size_t c) {
    return static_cast<double>(r.count[c] - r.floor[c]) - r.frac[c];
  };
  const std::size_t pf_cells = static_cast<std::size_t>(sizes[0] * sizes[1]);
  const std::size_t pf_size = stride[1];  // cells per prefecture x field run

  for (std::size_t axis = kField; axis < kCoreDimensions; ++axis) {
    const int k = sizes[axis];
    for (std::size_t guard = 0; guard < cells; ++guard) {
      std::vector<double> dev(static_cast<std::size_t>(k), 0.0);
      std::vector<double> pf_dev(pf_cells, 0.0);
      for (std::size_t c = 0; c < cells; ++c) {
        dev[static_cast<std::size_t>(coord(c, axis))] += excess(c);
        pf_dev[c / pf_size] += excess(c);
      }
      // Pairs (over, under) that a move would bring closer, the widest gap first.
      std::vector<std::pair<int, int>> pairs;
      for (int hi = 0; hi < k; ++hi)
        for (int lo = 0; lo < k; ++lo)
          if (dev[static_cast<std::size_t>(hi)] - dev[static_cast<std::size_t>(lo)] > 1 + 1e-9)
            pairs.emplace_back(hi, lo);
      std::stable_sort(pairs.begin(), pairs.end(), [&](auto a, auto b) {
        return dev[static_cast<std::size_t>(a.first)] - dev[static_cast<std::size_t>(a.second)] >
               dev[static_cast<std::size_t>(b.first)] - dev[static_cast<std::size_t>(b.second)];
      });
      bool moved = false;
      for (const auto& [hi, lo] : pairs) {
        // The move that costs least: the down cell with the smallest fractional part, the up
        // cell with the largest; ties to the lower cell index.
        std::size_t best_a = cells, best_b = cells;
        double best = 2;
        for (std::size_t a = 0; a < cells; ++a) {
          if (coord(a, axis) != hi || r.count[a] == r.floor[a] || r.frac[a] <= 0) continue;
          const auto b =
              static_cast<std::size_t>(static_cast<std::ptrdiff_t>(a) +
                                       (lo - hi) * static_cast<std::ptrdiff_t>(stride[axis]));
          if (r.count[b] != r.floor[b] || r.frac[b] <= 0) continue;
          if (axis == kField && !(pf_dev[a / pf_size] > 0 && pf_dev[b / pf_size] < 0)) continue;
          const double cost = r.frac[a] - r.frac[b];
          if (cost < best) {
            best = cost;
            best_a = a;
            best_b = b;
          }
        }
        if (best_a == cells) continue;
        --r.count[best_a];
        ++r.count[best_b];
        moved = true;
        break;
      }
      if (!moved) break;
    }
  }
}

}  // namespace

CoreTable fit_core_table(const PopulationMargins& margins, const RegionTable& regions) {
  CoreTable core;
  core.sizes = {static_cast<int>(regions.prefectures().size()), regions.field_count(), kLevels,
                kTitles, kEducations};
  const SourceLocation file{margins.source, 0, 0};
  for (std::size_t a = 0; a < kCoreDimensions; ++a)
    if (core.sizes[a] <= 0)
      throw InputError(
          {regions.source(), 0, 0}, std::string(kMarginDimensionNames[a]),
          "the region table has no " + std::string(kMarginDimensionNames[a]) + " categories",
          "a region table needs prefectures and at least one jobs_<field> column");

  const auto axis_of = [&](const std::string& name) {
    const auto d = category_index(kMarginDimensionNames, name);
    return d && is_core_dimension(*d) ? *d : -1;
  };

  std::vector<IpfMargin> targets;
  std::vector<std::string> names;
  std::array<bool, kCoreDimensions> has_one_d{};
  for (const Margin& m : margins.margins) {
    if (m.conditional || m.dimensions.empty()) continue;
    IpfMargin t;
    bool all_core = true;
    std::string name;
    for (const auto& d : m.dimensions) {
      const int a = axis_of(d);
      all_core = all_core && a >= 0;
      t.axes.push_back(a);
      name += (name.empty() ? "" : "*") + d;
    }
    if (!all_core) continue;
    std::size_t length = 1;
    for (const int a : t.axes)
      length *= static_cast<std::size_t>(core.sizes[static_cast<std::size_t>(a)]);
    t.target.assign(length, 0.0);
    if (m.cells.size() != m.shares.size())
      throw InputError(file, name,
                       "margin has " + std::to_string(m.cells.size()) + " category rows but " +
                           std::to_string(m.shares.size()) + " shares");
    for (std::size_t r = 0; r < m.cells.size(); ++r) {
      std::size_t j = 0;
      for (std::size_t d = 0; d < t.axes.size(); ++d) {
        const int size = core.sizes[static_cast<std::size_t>(t.axes[d])];
        const int v = d < m.cells[r].size() ? m.cells[r][d] : -1;
        if (v < 0 || v >= size)
          throw InputError(file, name, "category index out of range in row " + std::to_string(r));
        j = j * static_cast<std::size_t>(size) + static_cast<std::size_t>(v);
      }
      t.target[j] = m.shares[r];
    }
    if (t.axes.size() == 1) has_one_d[static_cast<std::size_t>(t.axes[0])] = true;
    targets.push_back(std::move(t));
    names.push_back(name);
  }
  for (std::size_t a = 0; a < kCoreDimensions; ++a)
    if (!has_one_d[a])
      throw InputError(
          file, std::string(kMarginDimensionNames[a]),
          "no 1-D margin for the core dimension '" + std::string(kMarginDimensionNames[a]) + "'",
          "add rows 'margin=" + std::string(kMarginDimensionNames[a]) +
              "' with a share per category");

  IpfResult fit = fit_proportional(core.size_vector(), targets, 1e-10, 1000);
  if (!fit.converged) {
    throw InputError(file, names[static_cast<std::size_t>(fit.worst_margin)],
                     "margins are inconsistent: after " + std::to_string(fit.iterations) +
                         " iterations of proportional fitting no table matches them all; this "
                         "margin and the fitted table still differ by " +
                         format_significant(fit.max_error, 3),
                     "joint margins must sum to the 1-D margins of their dimensions, and a zero "
                     "share must not rule out every cell of a positive one");
  }
  core.shares = std::move(fit.table);
  core.iterations = fit.iterations;
  core.max_error = fit.max_error;
  return core;
}

void check_core_table_jobs(const CoreTable& core, const PopulationMargins& margins,
                           const RegionTable& regions) {
  const SourceLocation file{margins.source, 0, 0};
  const int prefectures = core.sizes[0], fields = core.sizes[1];
  const std::size_t run =
      static_cast<std::size_t>(kLevels * kTitles * kEducations);  // cells per (p, f)
  std::vector<bool> has_jobs(static_cast<std::size_t>(prefectures * fields), false);
  for (int slot = 0; slot < regions.county_count(); ++slot)
    for (int f = 0; f < fields; ++f)
      if (regions.county(slot).jobs[static_cast<std::size_t>(f)] > 0)
        has_jobs[static_cast<std::size_t>(regions.prefecture_slot_of_county(slot) * fields + f)] =
            true;
  for (int p = 0; p < prefectures; ++p)
    for (int f = 0; f < fields; ++f) {
      double share = 0;
      for (std::size_t c = 0; c < run; ++c)
        share += core.shares[static_cast<std::size_t>(p * fields + f) * run + c];
      if (share > kPositiveShare && !has_jobs[static_cast<std::size_t>(p * fields + f)])
        throw InputError(
            file, "prefecture*field",
            "the fitted margins give prefecture '" +
                regions.region(regions.prefectures()[static_cast<std::size_t>(p)]).code +
                "' a share " + format_significant(share) + " in field '" +
                regions.fields()[static_cast<std::size_t>(f)] +
                "' but no county of it has jobs for that field in the region table (" +
                regions.source() + ")",
            "the margins and the region table disagree: add a prefecture*field margin with share 0 "
            "there, or give a county jobs in that field");
    }
}

std::vector<std::int64_t> core_counts(const CoreTable& core, std::int64_t agents) {
  CoreCounts counts = round_core(core.shares, agents);
  balance_margins(counts, core);
  return std::move(counts.count);
}

}  // namespace kunlun
