// Tests for the margins loader and population synthesis: fixtures under tests/data/population/
// (good margins, one file per error kind) and the committed Qinghai data.
#include "core/population_synthesis.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <numeric>
#include <sstream>

#include "core/categories.h"
#include "core/errors.h"
#include "core/iterative_proportional_fitting.h"
#include "core/population_joint.h"

namespace kunlun {
namespace {

const std::filesystem::path kFixtures = std::filesystem::path(KUNLUN_TEST_DATA) / "population";
const std::filesystem::path kData = std::filesystem::path(KUNLUN_SOURCE_DIR) / "scenarios" / "data";
const YearMonth kStart(2026, 1);

const RegionTable& fixture_regions() {
  static const RegionTable table = RegionTable::load(kFixtures / "regions.csv");
  return table;
}

std::string slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The good fixture with each `from` replaced by `to` (each must occur once), in a temp file.
std::filesystem::path variant(const std::string& name,
                              const std::vector<std::pair<std::string, std::string>>& edits) {
  std::string text = slurp(kFixtures / "good.csv");
  for (const auto& [from, to] : edits) {
    const auto at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    EXPECT_EQ(text.find(from, at + 1), std::string::npos) << from;
    if (at != std::string::npos) text.replace(at, from.size(), to);
  }
  const auto path = std::filesystem::temp_directory_path() / ("kunlun_population_" + name + ".csv");
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

// The good fixture without the rows of one margin.
std::filesystem::path without_margin(const std::string& name, const std::string& margin) {
  std::istringstream in(slurp(kFixtures / "good.csv"));
  std::string text, line;
  while (std::getline(in, line))
    if (!line.starts_with(margin + ",")) text += line + "\n";
  const auto path = std::filesystem::temp_directory_path() / ("kunlun_population_" + name + ".csv");
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

// what() of the InputError that loading `path` throws ("" when it does not throw).
std::string load_error(const std::filesystem::path& path) {
  try {
    load_population_margins(path, fixture_regions());
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

const Margin& find_margin(const PopulationMargins& m, const std::vector<std::string>& dims) {
  for (const Margin& g : m.margins)
    if (g.dimensions == dims) return g;
  throw std::runtime_error("no margin");
}

// Agents per category of one column.
template <class Column>
std::vector<double> tally(const Column& column, int categories) {
  std::vector<double> n(static_cast<std::size_t>(categories), 0.0);
  for (const auto v : column) n.at(static_cast<std::size_t>(v)) += 1;
  return n;
}

std::vector<int> prefecture_of_agents(const AgentStore& s, const RegionTable& regions) {
  std::vector<int> p(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) p[i] = regions.prefecture_slot_of_county(s.county[i]);
  return p;
}

// Largest |agents - n * share| over the categories of a 1-D margin.
double one_d_error(const std::vector<double>& counts, const Margin& margin, double n) {
  double worst = 0;
  for (std::size_t r = 0; r < margin.cells.size(); ++r)
    worst = std::max(worst, std::abs(counts.at(static_cast<std::size_t>(margin.cells[r][0])) -
                                     n * margin.shares[r]));
  return worst;
}

// ---------------------------------------------------------------------------------------------
// Loading
// ---------------------------------------------------------------------------------------------

TEST(PopulationMargins, GoodFixtureLoads) {
  const auto m = load_population_margins(kFixtures / "good.csv", fixture_regions());
  EXPECT_EQ(m.source, (kFixtures / "good.csv").string());
  ASSERT_EQ(m.margins.size(), 10u);
  EXPECT_EQ(m.age_bands,
            (std::vector<std::pair<int, int>>{{20, 29}, {30, 39}, {40, 49}, {50, 59}, {60, 64}}));
  const Margin& pref = find_margin(m, {"prefecture"});
  EXPECT_FALSE(pref.conditional);
  ASSERT_EQ(pref.shares.size(), 3u);
  EXPECT_EQ(pref.cells[2], (std::vector<int>{2}));  // yushu: third prefecture of the table
  EXPECT_DOUBLE_EQ(pref.shares[2], 0.22);
  const Margin& pf = find_margin(m, {"prefecture", "field"});
  EXPECT_EQ(pf.shares.size(), 9u);
  const Margin& origin = find_margin(m, {"origin", "prefecture"});
  EXPECT_TRUE(origin.conditional);
  EXPECT_EQ(origin.shares.size(), 15u);
  const Margin& age = find_margin(m, {"age_band", "title"});
  EXPECT_EQ(age.cells[0], (std::vector<int>{0, 0}));  // 20-29|none
  EXPECT_EQ(age.cells[4], (std::vector<int>{4, 0}));  // 60-64|none
  // Conditional shares sum to 1 within each condition.
  std::map<int, double> sums;
  for (std::size_t r = 0; r < origin.cells.size(); ++r)
    sums[origin.cells[r][1]] += origin.shares[r];
  for (const auto& [v, s] : sums) EXPECT_NEAR(s, 1.0, 1e-15) << v;
}

struct ErrorCase {
  std::string file;
  std::string expected;  // substring of what()
};
// Test logs name the fixture, not the bytes of the struct.
void PrintTo(const ErrorCase& c, std::ostream* os) { *os << c.file; }

class PopulationMarginErrors : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(PopulationMarginErrors, NamesFileLineAndProblem) {
  const auto& c = GetParam();
  const std::string what = load_error(kFixtures / c.file);
  EXPECT_NE(what.find(c.file + ":" + c.expected), std::string::npos) << what;
}

INSTANTIATE_TEST_SUITE_P(
    PopulationFixtures, PopulationMarginErrors,
    ::testing::Values(
        ErrorCase{"bad_unknown_dimension.csv",
                  "3: margin: unknown dimension 'prefectur' in margin 'prefectur' (did you mean "
                  "'prefecture'?)"},
        ErrorCase{"bad_unknown_category.csv",
                  "4: category: unknown field 'helth' (did you mean 'health'?)"},
        ErrorCase{"bad_sum.csv", "3: level: shares of margin 'level' sum to 0.9, not 1"},
        ErrorCase{
            "bad_duplicate.csv",
            "6: category: duplicate row: margin 'level' category 'mid' is already given at line 4"},
        ErrorCase{"bad_not_a_number.csv", "4: share: value 'abc' is not a number"},
        ErrorCase{"bad_missing_core.csv",
                  "2: margin: no 1-D margin for the core dimension 'education'"},
        ErrorCase{
            "bad_missing_category.csv",
            "3: prefecture: margin 'prefecture' has no share for 1 of its 3 categories: yushu "
            "(write every category, with share 0 where there is none)"},
        ErrorCase{"bad_inconsistent.csv",
                  "9: prefecture*field: margins are inconsistent: margin 'prefecture*field' sums "
                  "to 0.4 for "
                  "prefecture 'xining' but margin 'prefecture' (line 3) gives 0.39"},
        ErrorCase{"bad_zero_jobs.csv",
                  "17: share: margin 'prefecture*field' gives 'yushu*agriculture' a positive share "
                  "but the "
                  "region table"},
        ErrorCase{"bad_age_overlap.csv",
                  "4: category: age band '25-34' overlaps age band '20-29' (line 3)"},
        ErrorCase{"bad_joint_not_core.csv",
                  "3: margin: joint margin 'origin*sex' pairs a dimension that is not core"},
        ErrorCase{"bad_two_origin_margins.csv",
                  "8: margin: 'origin' already has margin 'origin' (line 3)"},
        ErrorCase{"bad_bad_header.csv",
                  "2: header: the header must be exactly 'margin,category,share,source'"}),
    [](const auto& info) {
      std::string name = info.param.file.substr(4, info.param.file.size() - 8);
      std::replace(name.begin(), name.end(), '.', '_');
      return name;
    });

TEST(PopulationMargins, VariantsOfTheGoodFixture) {
  // Unknown prefecture code: the margins must use the region table's codes.
  std::string what =
      load_error(variant("unknown_prefecture", {{"prefecture,yushu,", "prefecture,yusu,"}}));
  EXPECT_NE(what.find(":5: category: unknown prefecture 'yusu' (did you mean 'yushu'?)"),
            std::string::npos)
      << what;
  // Share outside [0, 1].
  what = load_error(variant("share_range", {{"level,mid,0.35", "level,mid,1.35"}}));
  EXPECT_NE(what.find(":19: share: share 1.35 is outside [0, 1]"), std::string::npos) << what;
  // A conditional margin sums to 1 within each category of its condition.
  what = load_error(variant("conditional_sum", {{"origin|prefecture,local|haidong,0.6",
                                                 "origin|prefecture,local|haidong,0.5"}}));
  EXPECT_NE(
      what.find(
          ": origin|prefecture: shares of origin given prefecture 'haidong' sum to 0.9, not 1"),
      std::string::npos)
      << what;
  // A category with the wrong number of parts.
  what = load_error(variant("arity", {{"sex|field,male|health,", "sex|field,male,"}}));
  EXPECT_NE(what.find(": category: category 'male' does not match margin 'sex|field'"),
            std::string::npos)
      << what;
  // The same joint margin written twice in different orders.
  what = load_error(variant(
      "same_pair",
      {{"prefecture*field,yushu*agriculture,0,test",
        "prefecture*field,yushu*agriculture,0,test\nfield*prefecture,health*xining,0.19,test"}}));
  EXPECT_NE(what.find(": margin: margin 'field*prefecture' covers the same dimensions as margin "
                      "'prefecture*field' (line 9)"),
            std::string::npos)
      << what;
  // Conditional on a non-core dimension.
  what = load_error(
      variant("condition_not_core", {{"sex|field,male|health,", "sex|origin,male|health,"}}));
  EXPECT_NE(what.find(": margin: conditional margin 'sex|origin' must be of age_band, origin or "
                      "sex given one core dimension"),
            std::string::npos)
      << what;
  // No margin at all for a non-core dimension.
  what = load_error(without_margin("no_sex", "sex|field"));
  EXPECT_NE(what.find(":2: margin: no margin for 'sex'"), std::string::npos) << what;
  // Age band out of range.
  what = load_error(
      variant("band_range", {{"age_band|title,60-64|none,", "age_band|title,60-80|none,"}}));
  EXPECT_NE(what.find(": category: age band '60-80' is outside 16-75"), std::string::npos) << what;
}

// ---------------------------------------------------------------------------------------------
// Synthesis
// ---------------------------------------------------------------------------------------------

struct Synthesised {
  PopulationMargins margins;
  CoreTable core;
  AgentStore agents;
};

Synthesised synthesise(double total, double scale, std::uint64_t seed) {
  Synthesised s;
  s.margins = load_population_margins(kFixtures / "good.csv", fixture_regions());
  s.core = fit_core_table(s.margins, fixture_regions());
  s.agents = synthesise_population(s.margins, fixture_regions(), total, scale, seed, kStart);
  return s;
}

std::size_t core_cell(const CoreTable& core, const AgentStore& a, const RegionTable& regions,
                      std::size_t i) {
  return core.index(regions.prefecture_slot_of_county(a.county[i]), a.field[i], a.level[i],
                    a.title[i], a.education[i]);
}

// Checks every promise of synthesise_population for one population size.
void check_population(double total, double scale, std::uint64_t seed) {
  SCOPED_TRACE("total " + std::to_string(total) + " scale " + std::to_string(scale));
  const RegionTable& regions = fixture_regions();
  const Synthesised s = synthesise(total, scale, seed);
  const AgentStore& a = s.agents;
  const auto n = static_cast<std::size_t>(std::llround(total * scale));
  ASSERT_EQ(a.size(), n);
  for (std::size_t i = 0; i < n; ++i) ASSERT_EQ(a.id[i], i);
  const double N = static_cast<double>(n);

  // Every core cell holds the floor or the ceiling of its expected count.
  std::vector<double> cell(s.core.shares.size(), 0.0);
  for (std::size_t i = 0; i < n; ++i) cell[core_cell(s.core, a, regions, i)] += 1;
  for (std::size_t c = 0; c < cell.size(); ++c) {
    const double e = N * s.core.shares[c];
    EXPECT_TRUE(cell[c] == std::floor(e) || cell[c] == std::ceil(e))
        << "cell " << c << ": " << cell[c] << " vs " << e;
  }
  // Ids follow the core cells.
  for (std::size_t i = 1; i < n; ++i)
    ASSERT_LE(core_cell(s.core, a, regions, i - 1), core_cell(s.core, a, regions, i));

  // 1-D core margins within 1 agent (prefecture guaranteed; the others by the balancing step).
  const auto pref = prefecture_of_agents(a, regions);
  EXPECT_LE(one_d_error(tally(pref, 3), find_margin(s.margins, {"prefecture"}), N), 1 + 1e-6);
  EXPECT_LE(one_d_error(tally(a.field, 3), find_margin(s.margins, {"field"}), N), 1 + 1e-6);
  EXPECT_LE(one_d_error(tally(a.level, kLevels), find_margin(s.margins, {"level"}), N), 1 + 1e-6);
  EXPECT_LE(one_d_error(tally(a.title, kTitles), find_margin(s.margins, {"title"}), N), 1 + 1e-6);
  EXPECT_LE(one_d_error(tally(a.education, kEducations), find_margin(s.margins, {"education"}), N),
            1 + 1e-6);

  // Prefecture x field within 1; county counts within each group proportional to jobs within 1.
  std::map<std::pair<int, int>, double> pf;
  std::map<std::tuple<int, int, int>, double> pfc;
  for (std::size_t i = 0; i < n; ++i) {
    pf[{pref[i], a.field[i]}] += 1;
    pfc[{pref[i], a.field[i], a.county[i]}] += 1;
  }
  const Margin& joint = find_margin(s.margins, {"prefecture", "field"});
  for (std::size_t r = 0; r < joint.cells.size(); ++r) {
    const std::pair<int, int> key{joint.cells[r][0], joint.cells[r][1]};
    const double group = pf.count(key) ? pf.at(key) : 0.0;
    EXPECT_LE(std::abs(group - N * joint.shares[r]), 1 + 1e-6);
    double jobs = 0;
    for (int c = 0; c < regions.county_count(); ++c)
      if (regions.prefecture_slot_of_county(c) == key.first)
        jobs += regions.county(c).jobs[static_cast<std::size_t>(key.second)];
    for (int c = 0; c < regions.county_count(); ++c) {
      if (regions.prefecture_slot_of_county(c) != key.first || group == 0) continue;
      const auto it = pfc.find({key.first, key.second, c});
      const double got = it == pfc.end() ? 0.0 : it->second;
      EXPECT_LT(
          std::abs(got -
                   group * regions.county(c).jobs[static_cast<std::size_t>(key.second)] / jobs),
          1.0)
          << "county " << c << " field " << key.second;
    }
  }
  EXPECT_EQ(pf.count({2, 2}), 0u);  // no agriculture in Yushu: no jobs there

  // Conditional margins: within each value of the condition, each category within 1 agent of
  // (agents with that value) x (conditional share).
  const auto check_conditional = [&](const Margin& m, const auto& attribute,
                                     const auto& condition) {
    std::map<int, double> t;
    std::map<std::pair<int, int>, double> got;
    for (std::size_t i = 0; i < n; ++i) {
      t[static_cast<int>(condition[i])] += 1;
      got[{static_cast<int>(attribute[i]), static_cast<int>(condition[i])}] += 1;
    }
    for (std::size_t r = 0; r < m.cells.size(); ++r) {
      const std::pair<int, int> key{m.cells[r][0], m.cells[r][1]};
      const double have = got.count(key) ? got.at(key) : 0.0;
      const double want = (t.count(key.second) ? t.at(key.second) : 0.0) * m.shares[r];
      EXPECT_LT(std::abs(have - want), 1.0)
          << m.dimensions[0] << " " << key.first << "|" << key.second;
    }
  };
  std::vector<int> band(n);
  for (std::size_t i = 0; i < n; ++i) {
    const int years = a.age_months[i] / 12;
    band[i] = -1;
    for (std::size_t b = 0; b < s.margins.age_bands.size(); ++b)
      if (years >= s.margins.age_bands[b].first && years <= s.margins.age_bands[b].second)
        band[i] = static_cast<int>(b);
    ASSERT_GE(band[i], 0) << "age " << a.age_months[i];
  }
  check_conditional(find_margin(s.margins, {"age_band", "title"}), band, a.title);
  check_conditional(find_margin(s.margins, {"origin", "prefecture"}), a.origin, pref);
  check_conditional(find_margin(s.margins, {"sex", "field"}), a.sex, a.field);

  // Per-agent attributes.
  for (std::size_t i = 0; i < n; ++i) {
    const int age = a.age_months[i];
    const int career = std::max(0, age - 22 * 12);
    EXPECT_LE(a.months_in_title[i], std::min(career, 240));
    EXPECT_LE(a.months_in_county[i], career);
    // The initial stock arrived before the first month: its tenure counts back from the month before.
    EXPECT_EQ(a.entry_month[i], kStart.index() - 1 - a.months_in_county[i]);
    const auto origin = static_cast<Origin>(a.origin[i]);
    if (origin == Origin::local || origin == Origin::returnee)
      EXPECT_EQ(a.home_prefecture[i], pref[i]);
    else
      EXPECT_EQ(a.home_prefecture[i], AgentStore::kNoHome);
    EXPECT_EQ(a.status[i], AgentStatus::active);
  }
}

TEST(PopulationSynthesis, MarginsAndInvariantsHoldAtSeveralSizes) {
  check_population(10000, 0.3701, 7);  // 3,701 agents
  check_population(97, 1, 7);          // many empty and one-agent cells
  check_population(1, 1, 7);
  check_population(20000, 1, 11);
}

TEST(PopulationSynthesis, SmallCellsDoNotAllTakeTheModalCategory) {
  // 150 agents over 540 core cells: almost every cell holds 0 or 1 agent, yet the minority sex
  // in agriculture (30%) and the returnees in Xining (15%) are still represented.
  const Synthesised s = synthesise(150, 1, 3);
  int agriculture = 0, women = 0, xining = 0, returnees = 0;
  for (std::size_t i = 0; i < s.agents.size(); ++i) {
    if (s.agents.field[i] == 2) {
      ++agriculture;
      women += s.agents.sex[i] == 1;
    }
    if (fixture_regions().prefecture_slot_of_county(s.agents.county[i]) == 0) {
      ++xining;
      returnees += s.agents.origin[i] == static_cast<std::uint8_t>(Origin::returnee);
    }
  }
  EXPECT_LT(std::abs(women - 0.3 * agriculture), 1.0);
  EXPECT_LT(std::abs(returnees - 0.15 * xining), 1.0);
  EXPECT_GT(women, 0);
  EXPECT_GT(returnees, 0);
}

TEST(PopulationSynthesis, DeterministicColumns) {
  const Synthesised a = synthesise(10000, 0.5, 42);
  const Synthesised b = synthesise(10000, 0.5, 42);
  EXPECT_EQ(a.agents.id, b.agents.id);
  EXPECT_EQ(a.agents.county, b.agents.county);
  EXPECT_EQ(a.agents.age_months, b.agents.age_months);
  EXPECT_EQ(a.agents.months_in_county, b.agents.months_in_county);
  EXPECT_EQ(a.agents.months_in_title, b.agents.months_in_title);
  EXPECT_EQ(a.agents.field, b.agents.field);
  EXPECT_EQ(a.agents.level, b.agents.level);
  EXPECT_EQ(a.agents.title, b.agents.title);
  EXPECT_EQ(a.agents.education, b.agents.education);
  EXPECT_EQ(a.agents.origin, b.agents.origin);
  EXPECT_EQ(a.agents.sex, b.agents.sex);
  EXPECT_EQ(a.agents.home_prefecture, b.agents.home_prefecture);
  EXPECT_EQ(a.agents.entry_month, b.agents.entry_month);
}

TEST(PopulationSynthesis, SeedChangesDrawsButNotCounts) {
  const Synthesised a = synthesise(10000, 0.5, 42);
  const Synthesised b = synthesise(10000, 0.5, 43);
  ASSERT_EQ(a.agents.size(), b.agents.size());
  EXPECT_NE(a.agents.age_months, b.agents.age_months);
  EXPECT_NE(a.agents.county, b.agents.county);
  // The core columns are the same agent for agent (ids follow the core cells) ...
  EXPECT_EQ(a.agents.field, b.agents.field);
  EXPECT_EQ(a.agents.level, b.agents.level);
  EXPECT_EQ(a.agents.title, b.agents.title);
  EXPECT_EQ(a.agents.education, b.agents.education);
  // ... and so are the counts per core cell of each origin and sex, and per field and county:
  // the seed only changes which agent of a cell or group gets which.
  const auto by_cell = [](const AgentStore& s) {
    std::map<std::tuple<int, int, int, int, int>, std::array<int, kOrigins + kSexes>> c;
    for (std::size_t i = 0; i < s.size(); ++i) {
      auto& v = c[{fixture_regions().prefecture_slot_of_county(s.county[i]), s.field[i], s.level[i],
                   s.title[i], s.education[i]}];
      ++v[s.origin[i]];
      ++v[static_cast<std::size_t>(kOrigins + s.sex[i])];
    }
    return c;
  };
  EXPECT_EQ(by_cell(a.agents), by_cell(b.agents));
  const auto by_county = [](const AgentStore& s) {
    std::map<std::pair<int, int>, int> c;
    for (std::size_t i = 0; i < s.size(); ++i) ++c[{s.field[i], s.county[i]}];
    return c;
  };
  EXPECT_EQ(by_county(a.agents), by_county(b.agents));
}

TEST(PopulationSynthesis, ZeroJobsForAFittedShareIsAnInputError) {
  // Without the prefecture*field margin the fit gives Yushu a share of agriculture, which it
  // has no jobs for.
  const auto m =
      load_population_margins(without_margin("no_pf", "prefecture*field"), fixture_regions());
  try {
    synthesise_population(m, fixture_regions(), 1000, 1, 1, kStart);
    FAIL() << "no error";
  } catch (const InputError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("kunlun_population_no_pf.csv: prefecture*field: the fitted margins give "
                        "prefecture 'yushu' a share"),
              std::string::npos)
        << what;
    EXPECT_NE(what.find("in field 'agriculture' but no county of it has jobs for that field"),
              std::string::npos)
        << what;
  }
}

TEST(PopulationSynthesis, TooFewAgentsIsAnInputError) {
  const auto m = load_population_margins(kFixtures / "good.csv", fixture_regions());
  try {
    synthesise_population(m, fixture_regions(), 40, 0.01, 1, kStart);
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("population.scale: total 40 x scale 0.01 gives 0 agents"),
              std::string::npos)
        << e.what();
  }
}

// ---------------------------------------------------------------------------------------------
// The committed Qinghai data
// ---------------------------------------------------------------------------------------------

TEST(PopulationSynthesis, QinghaiDefaultPopulation) {
  const auto regions_csv = kData / "qinghai_regions.csv";
  const auto margins_csv = kData / "qinghai_population_margins.csv";
  if (!std::filesystem::exists(regions_csv) || !std::filesystem::exists(margins_csv))
    GTEST_SKIP()
        << "scenarios/data/qinghai_regions.csv or qinghai_population_margins.csv is absent";
  const RegionTable regions = RegionTable::load(regions_csv);
  const auto m = load_population_margins(margins_csv, regions);
  const CoreTable core = fit_core_table(m, regions);
  EXPECT_EQ(core.shares.size(), 4800u);
  for (const double scale : {1.0, 0.01}) {
    SCOPED_TRACE("scale " + std::to_string(scale));
    const AgentStore a = synthesise_population(m, regions, 495700, scale, 20261124, kStart);
    const double n = std::round(495700 * scale);
    ASSERT_EQ(static_cast<double>(a.size()), n);
    const auto pref = prefecture_of_agents(a, regions);
    EXPECT_LE(one_d_error(tally(pref, static_cast<int>(regions.prefectures().size())),
                          find_margin(m, {"prefecture"}), n),
              1 + 1e-6);
    EXPECT_LE(one_d_error(tally(a.level, kLevels), find_margin(m, {"level"}), n), 1 + 1e-6);
    EXPECT_LE(one_d_error(tally(a.field, regions.field_count()), find_margin(m, {"field"}), n),
              1 + 1e-6);
    EXPECT_LE(one_d_error(tally(a.title, kTitles), find_margin(m, {"title"}), n), 1 + 1e-6);
    EXPECT_LE(one_d_error(tally(a.education, kEducations), find_margin(m, {"education"}), n),
              1 + 1e-6);
  }
}

}  // namespace
}  // namespace kunlun
