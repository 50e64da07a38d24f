// Initial population: reading and checking the margins CSV, and synthesising the agents from it
// deterministically (fitting, exact integer rounding, keyed draws). The algorithm is written up in
// docs/ODD.md (initialisation); the numbered steps below follow it.
#include "core/population_synthesis.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <map>
#include <numeric>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>

#include "core/apportion.h"
#include "core/categories.h"
#include "core/errors.h"
#include "core/iterative_proportional_fitting.h"
#include "core/rng.h"
#include "io/csv_reader.h"

namespace kunlun {

namespace {

// ------------------------------------------------------------------------------------------------
// Dimensions and names
// ------------------------------------------------------------------------------------------------

enum Dim : int { kPrefecture, kField, kLevel, kTitle, kEducation, kAgeBand, kOrigin, kSex, kDims };
constexpr std::array<std::string_view, kDims> kDimNames{"prefecture", "field",    "level",  "title",
                                                        "education",  "age_band", "origin", "sex"};
bool is_core(int d) { return d <= kEducation; }

// Shares of a 1-D or joint margin (and of a conditional margin within each condition) must sum to
// 1 within this; they are then rescaled to sum to 1 exactly.
constexpr double kSumTolerance = 1e-6;
// A joint margin summed over one dimension must equal that dimension's 1-D margin within this:
// proportional fitting is asked to match every margin to 1e-10, which inconsistent margins
// cannot allow.
constexpr double kConsistencyTolerance = 1e-10;
// A fitted (prefecture, field) share above this needs jobs there; below it is fitting noise,
// far less than one agent of any realistic population.
constexpr double kPositiveShare = 1e-9;
constexpr double kMaxAgents = 1e9;
constexpr int kMinAgeYears = 16, kMaxAgeYears = 75;
constexpr int kCareerStartMonths = 22 * 12;  // tenure counts from age 22 at the earliest
constexpr int kMaxTitleTenureMonths = 20 * 12;

std::string fmt(double x) {
  std::ostringstream s;
  s.precision(10);
  s << x;
  return s.str();
}

std::string join(const std::vector<std::string>& names, std::size_t limit = 12) {
  std::string out;
  for (std::size_t i = 0; i < names.size() && i < limit; ++i) out += (i ? ", " : "") + names[i];
  if (names.size() > limit) out += ", ...";
  return out;
}

std::string suggest(const std::string& word, const std::vector<std::string>& candidates) {
  const std::string best = closest_match(word, candidates);
  return best.empty() ? "known: " + join(candidates) : "did you mean '" + best + "'?";
}

template <std::size_t N>
std::vector<std::string> to_strings(const std::array<std::string_view, N>& names) {
  return {names.begin(), names.end()};
}

std::string trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return std::string(s);
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> parts;
  std::size_t from = 0;
  while (true) {
    const std::size_t at = s.find(sep, from);
    parts.push_back(trim(
        std::string_view(s).substr(from, at == std::string::npos ? std::string::npos : at - from)));
    if (at == std::string::npos) return parts;
    from = at + 1;
  }
}

std::string band_name(std::pair<int, int> band) {
  return std::to_string(band.first) + "-" + std::to_string(band.second);
}

// ------------------------------------------------------------------------------------------------
// Loading
// ------------------------------------------------------------------------------------------------

struct RawRow {
  int line = 0;
  std::vector<int> cell;                  // category index per dimension (age bands: set later)
  std::vector<std::pair<int, int>> band;  // the age band written, per dimension (age_band only)
  std::string category;                   // as written, for messages
  double share = 0;
};

struct RawMargin {
  std::string name;  // canonical spelling, e.g. "origin|prefecture"
  std::vector<int> dims;
  bool conditional = false;
  char sep = 0;
  int first_line = 0;
  std::vector<RawRow> rows;
};

class MarginsLoader {
 public:
  MarginsLoader(const std::filesystem::path& csv, const RegionTable& regions)
      : file_(csv.string()), regions_(regions) {
    for (const int row : regions.prefectures())
      names_[kPrefecture].push_back(regions.region(row).code);
    names_[kField] = regions.fields();
    names_[kLevel] = to_strings(kLevelNames);
    names_[kTitle] = to_strings(kTitleNames);
    names_[kEducation] = to_strings(kEducationNames);
    names_[kOrigin] = to_strings(kOriginNames);
    names_[kSex] = to_strings(kSexNames);
  }

  PopulationMargins load(const std::filesystem::path& csv) {
    const std::vector<CsvRow> rows = read_csv(csv);
    check_header(rows.front());
    header_line_ = rows.front().line;
    for (std::size_t r = 1; r < rows.size(); ++r) read_row(rows[r]);
    resolve_age_bands();
    for (RawMargin& m : margins_) {
      check_duplicates_and_completeness(m);
      check_sums_and_normalise(m);
    }
    check_required_margins();
    check_joint_consistency();
    check_jobs();

    PopulationMargins out;
    out.source = file_;
    out.age_bands = bands_;
    for (const RawMargin& m : margins_) {
      Margin g;
      for (const int d : m.dims) g.dimensions.emplace_back(kDimNames[static_cast<std::size_t>(d)]);
      g.conditional = m.conditional;
      for (const RawRow& row : m.rows) {
        g.cells.push_back(row.cell);
        g.shares.push_back(row.share);
      }
      out.margins.push_back(std::move(g));
    }
    return out;
  }

 private:
  [[noreturn]] void fail(int line, int column, const std::string& key, const std::string& message,
                         const std::string& hint) const {
    throw InputError({file_, line, column}, key, message, hint);
  }

  int size_of(int dim) const {
    return dim == kAgeBand ? static_cast<int>(bands_.size())
                           : static_cast<int>(names_[static_cast<std::size_t>(dim)].size());
  }
  std::string category_name(int dim, int index) const {
    return dim == kAgeBand ? band_name(bands_[static_cast<std::size_t>(index)])
                           : names_[static_cast<std::size_t>(dim)][static_cast<std::size_t>(index)];
  }
  std::string cell_name(const RawMargin& m, const std::vector<int>& cell) const {
    std::string out;
    for (std::size_t d = 0; d < m.dims.size(); ++d)
      out += (d ? std::string(1, m.sep) : "") + category_name(m.dims[d], cell[d]);
    return out;
  }

  void check_header(const CsvRow& header) {
    static const std::vector<std::string> kHeader{"margin", "category", "share", "source"};
    if (header.cells != kHeader)
      fail(header.line, 0, "header", "the header must be exactly 'margin,category,share,source'",
           "write that header as the first non-comment line");
  }

  // Parses the margin column; returns the index of its margin in margins_ (new or seen before).
  std::size_t margin_of(const CsvRow& row) {
    const std::string& text = row.cells[0];
    const int line = row.line;
    const auto seen = by_name_.find(text);
    if (seen != by_name_.end()) return seen->second;
    if (text.empty())
      fail(line, 1, "margin", "margin is empty", "write a dimension name such as prefecture");
    const bool joint = text.find('*') != std::string::npos;
    const bool conditional = text.find('|') != std::string::npos;
    if (joint && conditional)
      fail(line, 1, "margin", "margin '" + text + "' mixes '*' and '|'",
           "write a joint margin 'a*b' or a conditional margin 'a|b'");
    RawMargin m;
    m.conditional = conditional;
    m.sep = joint ? '*' : conditional ? '|' : 0;
    const std::vector<std::string> parts =
        m.sep ? split(text, m.sep) : std::vector<std::string>{text};
    if (parts.size() > 2)
      fail(line, 1, "margin",
           "margin '" + text + "' has " + std::to_string(parts.size()) + " dimensions",
           "a margin has one dimension, a joint pair 'a*b' or a conditional 'a|b'");
    const std::vector<std::string> dim_names = to_strings(kDimNames);
    for (const std::string& p : parts) {
      const auto d = category_index(kDimNames, p);
      if (!d)
        fail(line, 1, "margin", "unknown dimension '" + p + "' in margin '" + text + "'",
             suggest(p, dim_names));
      m.dims.push_back(*d);
    }
    for (std::size_t i = 0; i < parts.size(); ++i)
      m.name += (i ? std::string(1, m.sep) : "") + parts[i];
    if (m.dims.size() == 2 && m.dims[0] == m.dims[1])
      fail(line, 1, "margin", "margin '" + text + "' names the same dimension twice",
           "pair two different dimensions");
    if (m.dims.size() == 1 && m.sep)
      fail(line, 1, "margin", "margin '" + text + "' has an empty dimension",
           "write 'a*b' or 'a|b'");
    if (joint && !(is_core(m.dims[0]) && is_core(m.dims[1])))
      fail(line, 1, "margin", "joint margin '" + text + "' pairs a dimension that is not core",
           "joint margins are only between two of prefecture, field, level, title, education; give "
           "age_band, origin and sex a 1-D margin or one conditional on a core dimension, e.g. "
           "origin|prefecture");
    if (conditional && (is_core(m.dims[0]) || !is_core(m.dims[1])))
      fail(line, 1, "margin",
           "conditional margin '" + text +
               "' must be of age_band, origin or sex given one core dimension",
           "write e.g. age_band|title, origin|prefecture or sex|field");
    // Different spellings of the same margin ("a*b" and "b*a"), or a second margin for a
    // non-core dimension, would give two answers for the same thing.
    const std::set<int> dims(m.dims.begin(), m.dims.end());
    for (const RawMargin& other : margins_) {
      if (std::set<int>(other.dims.begin(), other.dims.end()) == dims &&
          other.conditional == m.conditional)
        fail(line, 1, "margin",
             "margin '" + text + "' covers the same dimensions as margin '" + other.name +
                 "' (line " + std::to_string(other.first_line) + ")",
             "write each margin once");
      if (!is_core(m.dims[0]) && other.dims[0] == m.dims[0])
        fail(line, 1, "margin",
             "'" + std::string(kDimNames[static_cast<std::size_t>(m.dims[0])]) +
                 "' already has margin '" + other.name + "' (line " +
                 std::to_string(other.first_line) + ")",
             "age_band, origin and sex each take exactly one margin: 1-D or conditional on one "
             "core dimension");
    }
    m.first_line = line;
    by_name_[text] = margins_.size();
    margins_.push_back(std::move(m));
    return margins_.size() - 1;
  }

  std::pair<int, int> parse_band(const std::string& text, int line) const {
    const auto dash = text.find('-');
    const auto digits = [](std::string_view s) {
      return !s.empty() && s.size() <= 3 &&
             std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
    };
    const std::string_view s(text);
    if (dash == std::string::npos || !digits(s.substr(0, dash)) || !digits(s.substr(dash + 1)))
      fail(line, 2, "category", "age band '" + text + "' is not LOW-HIGH in whole years",
           "write an inclusive range of years such as 20-24");
    const int low = std::stoi(text.substr(0, dash)), high = std::stoi(text.substr(dash + 1));
    if (low < kMinAgeYears || high > kMaxAgeYears || low > high)
      fail(line, 2, "category",
           "age band '" + text + "' is outside " + std::to_string(kMinAgeYears) + "-" +
               std::to_string(kMaxAgeYears) + " or runs backwards",
           "bands lie within 16-75 years and LOW <= HIGH");
    return {low, high};
  }

  void read_row(const CsvRow& row) {
    const std::size_t index = margin_of(row);  // may add a margin: take the reference after
    RawMargin& m = margins_[index];
    RawRow r;
    r.line = row.line;
    r.category = row.cells[1];
    if (r.category.empty())
      fail(row.line, 2, "category", "category is empty", "write the category of this share");
    const std::vector<std::string> parts =
        m.sep ? split(r.category, m.sep) : std::vector<std::string>{r.category};
    if (parts.size() != m.dims.size())
      fail(row.line, 2, "category",
           "category '" + r.category + "' does not match margin '" + m.name + "'",
           m.dims.size() == 2 ? "write two categories joined by '" + std::string(1, m.sep) +
                                    "', in the margin's order"
                              : "write one category of " +
                                    std::string(kDimNames[static_cast<std::size_t>(m.dims[0])]));
    r.cell.assign(parts.size(), -1);
    r.band.assign(parts.size(), {0, 0});
    for (std::size_t d = 0; d < parts.size(); ++d) {
      const int dim = m.dims[d];
      if (dim == kAgeBand) {
        r.band[d] = parse_band(parts[d], row.line);
        if (!band_line_.count(r.band[d])) band_line_[r.band[d]] = row.line;
        continue;
      }
      const auto& names = names_[static_cast<std::size_t>(dim)];
      const auto it = std::find(names.begin(), names.end(), parts[d]);
      if (it == names.end())
        fail(row.line, 2, "category",
             "unknown " + std::string(kDimNames[static_cast<std::size_t>(dim)]) + " '" + parts[d] +
                 "'",
             suggest(parts[d], names));
      r.cell[d] = static_cast<int>(it - names.begin());
    }
    r.share = parse_csv_number(row.cells[2], {file_, row.line, 3}, "share");
    if (r.share < 0 || r.share > 1)
      fail(row.line, 3, "share", "share " + row.cells[2] + " is outside [0, 1]",
           "write a share between 0 and 1");
    m.rows.push_back(std::move(r));
  }

  // Age bands are whatever the age_band margin names; they are numbered in order of age.
  void resolve_age_bands() {
    for (const auto& [band, line] : band_line_) bands_.push_back(band);  // std::map: sorted
    for (std::size_t i = 1; i < bands_.size(); ++i)
      if (bands_[i].first <= bands_[i - 1].second) {
        const int a = band_line_[bands_[i - 1]], b = band_line_[bands_[i]];
        fail(std::max(a, b), 2, "category",
             "age band '" + band_name(a > b ? bands_[i - 1] : bands_[i]) + "' overlaps age band '" +
                 band_name(a > b ? bands_[i] : bands_[i - 1]) + "' (line " +
                 std::to_string(std::min(a, b)) + ")",
             "age bands must not overlap, e.g. 20-24, 25-29");
      }
    for (RawMargin& m : margins_)
      for (RawRow& r : m.rows)
        for (std::size_t d = 0; d < m.dims.size(); ++d)
          if (m.dims[d] == kAgeBand)
            r.cell[d] = static_cast<int>(std::lower_bound(bands_.begin(), bands_.end(), r.band[d]) -
                                         bands_.begin());
  }

  // Every category (combination) once: a share of 0 must be written, so that a forgotten row is
  // not silently read as "none".
  void check_duplicates_and_completeness(const RawMargin& m) const {
    std::map<std::vector<int>, int> seen;
    for (const RawRow& r : m.rows) {
      const auto [it, fresh] = seen.emplace(r.cell, r.line);
      if (!fresh)
        fail(r.line, 2, "category",
             "duplicate row: margin '" + m.name + "' category '" + r.category +
                 "' is already given at line " + std::to_string(it->second),
             "write each category of a margin once");
    }
    std::vector<int> cell(m.dims.size(), 0);
    std::vector<std::string> missing;
    std::size_t total = 1;
    for (const int d : m.dims) total *= static_cast<std::size_t>(size_of(d));
    for (std::size_t k = 0; k < total; ++k) {
      std::size_t rest = k;
      for (std::size_t d = m.dims.size(); d-- > 0;) {
        const auto s = static_cast<std::size_t>(size_of(m.dims[d]));
        cell[d] = static_cast<int>(rest % s);
        rest /= s;
      }
      if (!seen.count(cell)) missing.push_back(cell_name(m, cell));
    }
    if (!missing.empty())
      fail(m.first_line, 2, m.name,
           "margin '" + m.name + "' has no share for " + std::to_string(missing.size()) +
               " of its " + std::to_string(total) + " categories: " + join(missing, 6),
           "write every category, with share 0 where there is none");
  }

  void check_sums_and_normalise(RawMargin& m) const {
    // Groups that must each sum to 1: the whole margin, or each value of the condition.
    std::map<int, std::pair<double, int>> groups;  // group -> (sum, first line)
    const auto group_of = [&](const RawRow& r) { return m.conditional ? r.cell[1] : 0; };
    for (const RawRow& r : m.rows) {
      auto [it, fresh] = groups.emplace(group_of(r), std::pair<double, int>{0.0, r.line});
      it->second.first += r.share;
      it->second.second = std::min(it->second.second, r.line);
    }
    for (const auto& [g, sum_line] : groups) {
      const auto [sum, line] = sum_line;
      if (std::abs(sum - 1) > kSumTolerance)
        fail(line, 3, m.name,
             m.conditional
                 ? "shares of " + std::string(kDimNames[static_cast<std::size_t>(m.dims[0])]) +
                       " given " + std::string(kDimNames[static_cast<std::size_t>(m.dims[1])]) +
                       " '" + category_name(m.dims[1], g) + "' sum to " + fmt(sum) + ", not 1"
                 : "shares of margin '" + m.name + "' sum to " + fmt(sum) + ", not 1",
             m.conditional ? "a conditional margin sums to 1 within each category of the condition"
                           : "the shares of a margin sum to 1 (within 1e-6)");
    }
    for (RawRow& r : m.rows) r.share /= groups.at(group_of(r)).first;
  }

  const RawMargin* find_margin(int dim, bool any_kind) const {
    for (const RawMargin& m : margins_)
      if (m.dims[0] == dim && (any_kind || m.dims.size() == 1)) return &m;
    return nullptr;
  }

  void check_required_margins() const {
    for (int d = 0; d < kDims; ++d) {
      const std::string name(kDimNames[static_cast<std::size_t>(d)]);
      if (is_core(d) && !find_margin(d, false))
        fail(header_line_, 0, "margin", "no 1-D margin for the core dimension '" + name + "'",
             "every core dimension (prefecture, field, level, title, education) needs rows "
             "'margin=" +
                 name + "'");
      if (!is_core(d) && !find_margin(d, true))
        fail(header_line_, 0, "margin", "no margin for '" + name + "'",
             "give " + name + " a 1-D margin or one conditional on a core dimension, e.g. " + name +
                 "|title");
    }
  }

  // A joint margin summed over either dimension must give that dimension's 1-D margin; checked
  // here so that the message can name both lines (fitting would only say "inconsistent").
  void check_joint_consistency() const {
    for (const RawMargin& m : margins_) {
      if (m.dims.size() != 2 || m.conditional) continue;
      for (std::size_t d = 0; d < 2; ++d) {
        const RawMargin& one = *find_margin(m.dims[d], false);
        std::vector<double> implied(static_cast<std::size_t>(size_of(m.dims[d])), 0.0);
        std::vector<double> given(implied.size(), 0.0);
        for (const RawRow& r : m.rows) implied[static_cast<std::size_t>(r.cell[d])] += r.share;
        for (const RawRow& r : one.rows) given[static_cast<std::size_t>(r.cell[0])] = r.share;
        for (std::size_t k = 0; k < given.size(); ++k)
          if (std::abs(implied[k] - given[k]) > kConsistencyTolerance)
            fail(m.first_line, 0, m.name,
                 "margins are inconsistent: margin '" + m.name + "' sums to " + fmt(implied[k]) +
                     " for " + one.name + " '" + category_name(m.dims[d], static_cast<int>(k)) +
                     "' but margin '" + one.name + "' (line " + std::to_string(one.first_line) +
                     ") gives " + fmt(given[k]) + " (they differ by " +
                     fmt(std::abs(implied[k] - given[k])) + ")",
                 "a joint margin summed over one dimension must equal that dimension's 1-D margin; "
                 "derive the 1-D shares from the joint ones");
      }
    }
  }

  // Agents of a prefecture and field need jobs there (counties are assigned by job capacity).
  void check_jobs() const {
    const int fields = regions_.field_count();
    const std::size_t prefectures = regions_.prefectures().size();
    std::vector<double> jobs(prefectures * static_cast<std::size_t>(fields), 0.0);
    for (int slot = 0; slot < regions_.county_count(); ++slot)
      for (int f = 0; f < fields; ++f)
        jobs[static_cast<std::size_t>(regions_.prefecture_slot_of_county(slot) * fields + f)] +=
            regions_.county(slot).jobs[static_cast<std::size_t>(f)];
    const auto jobs_in = [&](int p, int f) {
      double s = 0;
      for (int pp = 0; pp < static_cast<int>(prefectures); ++pp)
        for (int ff = 0; ff < fields; ++ff)
          if ((p < 0 || p == pp) && (f < 0 || f == ff))
            s += jobs[static_cast<std::size_t>(pp * fields + ff)];
      return s;
    };
    for (const RawMargin& m : margins_) {
      if (m.conditional) continue;
      for (const RawRow& r : m.rows) {
        if (r.share <= 0) continue;
        int p = -1, f = -1;
        for (std::size_t d = 0; d < m.dims.size(); ++d) {
          if (m.dims[d] == kPrefecture) p = r.cell[d];
          if (m.dims[d] == kField) f = r.cell[d];
        }
        if ((p >= 0 || f >= 0) && jobs_in(p, f) <= 0)
          fail(r.line, 3, "share",
               "margin '" + m.name + "' gives '" + r.category +
                   "' a positive share but the region table (" + regions_.source() +
                   ") has no jobs " +
                   (f >= 0 ? "for field '" + names_[kField][static_cast<std::size_t>(f)] + "' "
                           : std::string()) +
                   (p >= 0 ? "in any county of '" +
                                 names_[kPrefecture][static_cast<std::size_t>(p)] + "'"
                           : std::string("in any county")),
               "the margins and the region table disagree: set the share to 0 or give the counties "
               "jobs");
      }
    }
  }

  std::string file_;
  const RegionTable& regions_;
  std::array<std::vector<std::string>, kDims> names_;
  int header_line_ = 1;
  std::vector<RawMargin> margins_;
  std::map<std::string, std::size_t> by_name_;
  std::map<std::pair<int, int>, int> band_line_;  // band -> first line naming it
  std::vector<std::pair<int, int>> bands_;
};

// ------------------------------------------------------------------------------------------------
// Integer allocation
// ------------------------------------------------------------------------------------------------

// The integer core table with what it was rounded from.
struct CoreCounts {
  std::vector<std::int64_t> count;  // agents per core cell
  std::vector<std::int64_t> floor;  // floor of the expected count
  std::vector<double> frac;         // expected - floor, in [0, 1)
};

// Step 2: systematic rounding of the expected counts N*share in core-cell order. Each cell keeps
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

// Step 2b: the 1-D margins of field, level, title and education are sums over many runs, so
// their rounding errors add up. Move single agents between cells that differ only in that
// dimension (one rounded up down to its floor, one rounded down up to its ceiling) while the
// category furthest above its expected total and the one furthest below differ by more than 1.
// Every cell stays the floor or ceiling of its expected count, the other dimensions' margins are
// untouched, and for field moves each prefecture x field total stays within 1 of expected.
void balance_margins(CoreCounts& r, const CoreTable& core) {
  const auto& sizes = core.sizes;
  std::array<std::size_t, kCoreAxes> stride{};
  stride[kCoreAxes - 1] = 1;
  for (std::size_t a = kCoreAxes - 1; a-- > 0;)
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

  for (std::size_t axis = kField; axis < kCoreAxes; ++axis) {
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
                                             const CoreCounts& counts,
                                             const std::vector<std::int64_t>& offset) {
  const std::size_t cells = counts.count.size();
  std::size_t stride = 1;
  if (condition_axis >= 0)
    for (int a = kCoreAxes - 1; a > condition_axis; --a)
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
  for (std::size_t c = 0; c < cells; ++c)
    total[static_cast<std::size_t>(group_of(c))] += counts.count[c];

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
      for (std::int64_t i = 0; i < counts.count[c]; ++i)
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

int dim_of(const std::string& name) {
  const auto d = category_index(kDimNames, name);
  return d ? *d : -1;
}

}  // namespace

PopulationMargins load_population_margins(const std::filesystem::path& csv,
                                          const RegionTable& regions) {
  return MarginsLoader(csv, regions).load(csv);
}

AgentStore synthesise_population(const PopulationMargins& margins, const RegionTable& regions,
                                 double total, double scale, std::uint64_t seed, YearMonth start,
                                 const WorkingAgeLimit& age_limit) {
  const SourceLocation file{margins.source, 0, 0};
  const double wanted = total * scale;
  if (!std::isfinite(wanted) || std::round(wanted) < 1 || std::round(wanted) > kMaxAgents)
    throw InputError({}, "population.scale",
                     "total " + fmt(total) + " x scale " + fmt(scale) + " gives " +
                         fmt(std::round(wanted)) + " agents",
                     "the population needs at least 1 and at most 1e9 agents");
  const auto n = static_cast<std::int64_t>(std::llround(wanted));
  if (regions.field_count() > 255 || regions.county_count() > 0xffff ||
      regions.prefectures().size() > 254)
    throw InputError({regions.source(), 0, 0}, "",
                     "the region table is too large for the agent store",
                     "at most 255 fields, 254 prefectures and 65535 counties");

  // Step 1: the core joint.
  const CoreTable core = fit_core_table(margins, regions);
  const int prefectures = core.sizes[0], fields = core.sizes[1];
  const std::size_t run =
      static_cast<std::size_t>(kLevels * kTitles * kEducations);  // cells per (p, f)

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
  for (int p = 0; p < prefectures; ++p)
    for (int f = 0; f < fields; ++f) {
      double share = 0;
      for (std::size_t c = 0; c < run; ++c)
        share += core.shares[static_cast<std::size_t>(p * fields + f) * run + c];
      const auto jobs = pf_jobs(p, f);
      if (share > kPositiveShare && std::accumulate(jobs.begin(), jobs.end(), 0.0) <= 0)
        throw InputError(
            file, "prefecture*field",
            "the fitted margins give prefecture '" +
                regions.region(regions.prefectures()[static_cast<std::size_t>(p)]).code +
                "' a share " + fmt(share) + " in field '" +
                regions.fields()[static_cast<std::size_t>(f)] +
                "' but no county of it has jobs for that field in the region table (" +
                regions.source() + ")",
            "the margins and the region table disagree: add a prefecture*field margin with share 0 "
            "there, or give a county jobs in that field");
    }

  // Step 2: integer counts per core cell.
  CoreCounts counts = round_core(core.shares, n);
  balance_margins(counts, core);
  std::vector<std::int64_t> offset(counts.count.size() + 1, 0);  // first id of each cell
  for (std::size_t c = 0; c < counts.count.size(); ++c) offset[c + 1] = offset[c] + counts.count[c];

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
    const std::string name(kDimNames[static_cast<std::size_t>(attribute_dims[a])]);
    if (!margin)
      throw InputError(file, name, "no margin for '" + name + "'",
                       "load the margins with load_population_margins");
    const int categories = attribute_dims[a] == kAgeBand
                               ? static_cast<int>(margins.age_bands.size())
                           : attribute_dims[a] == kOrigin ? kOrigins
                                                          : kSexes;
    const int condition = margin->conditional ? dim_of(margin->dimensions.at(1)) : -1;
    if (margin->conditional && (condition < 0 || !is_core(condition)))
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
  store.reserve(agents + agents / 4);  // room to grow when a simulation takes it over (address space only)
  const std::size_t stride_p = static_cast<std::size_t>(fields) * run;
  for (std::size_t c = 0; c < counts.count.size(); ++c) {
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
      a.entry_month = start.index() - a.months_in_county;
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
