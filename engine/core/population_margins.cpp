// Reading and checking the population margins CSV (see population_margins.h and docs/data.md).
#include "core/population_margins.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <set>
#include <string>
#include <string_view>

#include "core/categories.h"
#include "core/errors.h"
#include "core/text.h"
#include "io/csv_reader.h"

namespace kunlun {

namespace {

// Dimensions by number, as the checks below use them (numbered in population_margins.h).
constexpr int dim(MarginDimension d) { return static_cast<int>(d); }
constexpr int kPrefecture = dim(MarginDimension::prefecture), kField = dim(MarginDimension::field),
              kLevel = dim(MarginDimension::level), kTitle = dim(MarginDimension::title),
              kEducation = dim(MarginDimension::education),
              kAgeBand = dim(MarginDimension::age_band), kOrigin = dim(MarginDimension::origin),
              kSex = dim(MarginDimension::sex), kDims = kMarginDimensions;

// Shares of a 1-D or joint margin (and of a conditional margin within each condition) must sum to
// 1 within this; they are then rescaled to sum to 1 exactly.
constexpr double kSumTolerance = 1e-6;
// A joint margin summed over one dimension must equal that dimension's 1-D margin within this:
// proportional fitting is asked to match every margin to 1e-10, which inconsistent margins
// cannot allow.
constexpr double kConsistencyTolerance = 1e-10;
constexpr int kMinAgeYears = 16, kMaxAgeYears = 75;

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

std::string band_name(std::pair<int, int> band) {
  return std::to_string(band.first) + "-" + std::to_string(band.second);
}

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
      for (const int d : m.dims)
        g.dimensions.emplace_back(kMarginDimensionNames[static_cast<std::size_t>(d)]);
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
        m.sep ? split_trimmed(text, m.sep) : std::vector<std::string>{text};
    if (parts.size() > 2)
      fail(line, 1, "margin",
           "margin '" + text + "' has " + std::to_string(parts.size()) + " dimensions",
           "a margin has one dimension, a joint pair 'a*b' or a conditional 'a|b'");
    const std::vector<std::string> dim_names = to_strings(kMarginDimensionNames);
    for (const std::string& p : parts) {
      const auto d = category_index(kMarginDimensionNames, p);
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
    if (joint && !(is_core_dimension(m.dims[0]) && is_core_dimension(m.dims[1])))
      fail(line, 1, "margin", "joint margin '" + text + "' pairs a dimension that is not core",
           "joint margins are only between two of prefecture, field, level, title, education; give "
           "age_band, origin and sex a 1-D margin or one conditional on a core dimension, e.g. "
           "origin|prefecture");
    if (conditional && (is_core_dimension(m.dims[0]) || !is_core_dimension(m.dims[1])))
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
      if (!is_core_dimension(m.dims[0]) && other.dims[0] == m.dims[0])
        fail(line, 1, "margin",
             "'" + std::string(kMarginDimensionNames[static_cast<std::size_t>(m.dims[0])]) +
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
        m.sep ? split_trimmed(r.category, m.sep) : std::vector<std::string>{r.category};
    if (parts.size() != m.dims.size())
      fail(row.line, 2, "category",
           "category '" + r.category + "' does not match margin '" + m.name + "'",
           m.dims.size() == 2
               ? "write two categories joined by '" + std::string(1, m.sep) +
                     "', in the margin's order"
               : "write one category of " +
                     std::string(kMarginDimensionNames[static_cast<std::size_t>(m.dims[0])]));
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
             "unknown " + std::string(kMarginDimensionNames[static_cast<std::size_t>(dim)]) + " '" +
                 parts[d] + "'",
             suggest(parts[d], names));
      r.cell[d] = static_cast<int>(it - names.begin());
    }
    r.share = parse_csv_number(row.cells[2], {file_, row.line, 3}, "share", "must be between 0 and 1");
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
        fail(
            line, 3, m.name,
            m.conditional
                ? "shares of " +
                      std::string(kMarginDimensionNames[static_cast<std::size_t>(m.dims[0])]) +
                      " given " +
                      std::string(kMarginDimensionNames[static_cast<std::size_t>(m.dims[1])]) +
                      " '" + category_name(m.dims[1], g) + "' sum to " + format_significant(sum) +
                      ", not 1"
                : "shares of margin '" + m.name + "' sum to " + format_significant(sum) + ", not 1",
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
      const std::string name(kMarginDimensionNames[static_cast<std::size_t>(d)]);
      if (is_core_dimension(d) && !find_margin(d, false))
        fail(header_line_, 0, "margin", "no 1-D margin for the core dimension '" + name + "'",
             "every core dimension (prefecture, field, level, title, education) needs rows "
             "'margin=" +
                 name + "'");
      if (!is_core_dimension(d) && !find_margin(d, true))
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
                 "margins are inconsistent: margin '" + m.name + "' sums to " +
                     format_significant(implied[k]) + " for " + one.name + " '" +
                     category_name(m.dims[d], static_cast<int>(k)) + "' but margin '" + one.name +
                     "' (line " + std::to_string(one.first_line) + ") gives " +
                     format_significant(given[k]) + " (they differ by " +
                     format_significant(std::abs(implied[k] - given[k])) + ")",
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

}  // namespace

PopulationMargins load_population_margins(const std::filesystem::path& csv,
                                          const RegionTable& regions) {
  return MarginsLoader(csv, regions).load(csv);
}

}  // namespace kunlun
