// Tests for RegionTable: the small fixture tables under tests/data/regions/, malformed variants
// with their exact messages and lines, and the committed Qinghai table.
#include "core/region_table.h"

#include <gtest/gtest.h>

#include <fstream>
#include <numeric>
#include <sstream>

#include "core/errors.h"
#include "io/input_limits.h"

namespace kunlun {
namespace {

const std::filesystem::path kFixtures = std::filesystem::path(KUNLUN_TEST_DATA) / "regions";

std::string slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The valid fixture with `from` replaced by `to` (which must occur once), in a temp file.
std::filesystem::path variant(const std::string& from, const std::string& to) {
  std::string text = slurp(kFixtures / "small_valid.csv");
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  EXPECT_EQ(text.find(from, at + 1), std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  const auto path = std::filesystem::temp_directory_path() /
                    (std::string("kunlun_regions_") + info->name() + ".csv");
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

// Loads `path`, expecting an InputError at `line` for `key` whose message contains `message`.
void expect_error(const std::filesystem::path& path, int line, const std::string& key,
                  const std::string& message, const std::string& hint = "") {
  try {
    RegionTable::load(path);
    ADD_FAILURE() << path << " loaded without error";
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().file, path.string());
    EXPECT_EQ(e.where().line, line) << e.what();
    EXPECT_EQ(e.key(), key) << e.what();
    EXPECT_NE(e.message().find(message), std::string::npos) << e.what();
    EXPECT_NE(e.hint().find(hint), std::string::npos) << e.what();
  }
}

TEST(RegionTable, LoadsSmallValidTable) {
  const RegionTable t = RegionTable::load(kFixtures / "small_valid.csv");
  EXPECT_EQ(t.source(), (kFixtures / "small_valid.csv").string());
  EXPECT_EQ(t.regions().size(), 7u);
  EXPECT_EQ(t.fields(), (std::vector<std::string>{"health", "education"}));
  EXPECT_EQ(t.field_count(), 2);
  EXPECT_EQ(t.codes(), (std::vector<std::string>{"qinghai", "xining", "yushu", "xining_chengzhong",
                                                 "yushu_city", "yushu_zadoi", "beijing"}));
  EXPECT_EQ(t.province(), 0);
  EXPECT_EQ(t.prefectures(), (std::vector<int>{1, 2}));
  EXPECT_EQ(t.counties(), (std::vector<int>{3, 4, 5}));
  EXPECT_EQ(t.outside(), (std::vector<int>{6}));
  ASSERT_EQ(t.county_count(), 3);
  EXPECT_EQ(t.prefecture_slot_of_county(0), 0);
  EXPECT_EQ(t.prefecture_slot_of_county(1), 1);
  EXPECT_EQ(t.prefecture_slot_of_county(2), 1);

  const Region& yushu = t.region(2);
  EXPECT_EQ(yushu.level, RegionLevel::prefecture);
  EXPECT_EQ(yushu.parent, 0);
  EXPECT_EQ(yushu.paired_region, 6);
  EXPECT_TRUE(yushu.autonomous);
  EXPECT_EQ(yushu.name_zh, "玉树");
  EXPECT_EQ(t.region(1).paired_region, -1);

  const Region& zadoi = t.county(2);
  EXPECT_EQ(zadoi.code, "yushu_zadoi");
  EXPECT_EQ(zadoi.name, "Zadoi");  // unquoted blanks trimmed
  EXPECT_EQ(zadoi.type, RegionType::grassroots);
  EXPECT_EQ(zadoi.parent, 2);
  EXPECT_DOUBLE_EQ(zadoi.altitude_m, 4066);
  EXPECT_DOUBLE_EQ(zadoi.remoteness, 0.95);
  EXPECT_EQ(zadoi.hardship_class, 5);
  EXPECT_DOUBLE_EQ(zadoi.wage_level, 1.1);
  EXPECT_DOUBLE_EQ(zadoi.housing_cost_level, 0.6);
  EXPECT_DOUBLE_EQ(zadoi.amenity_index, 0.1);
  EXPECT_DOUBLE_EQ(zadoi.lat, 32.9);
  EXPECT_DOUBLE_EQ(zadoi.lon, 95.3);
  EXPECT_DOUBLE_EQ(zadoi.population, 67000);
  EXPECT_EQ(zadoi.jobs, (std::vector<double>{40.5, 60}));
  EXPECT_EQ(t.county(1).name, "Yushu, city");  // quoted comma kept
  EXPECT_EQ(t.county(0).type, RegionType::capital_district);

  const Region& beijing = t.region(6);
  EXPECT_EQ(beijing.level, RegionLevel::outside);
  EXPECT_EQ(beijing.type, RegionType::paired_province);
  EXPECT_EQ(beijing.parent, -1);
  EXPECT_EQ(beijing.jobs, (std::vector<double>{0, 0}));  // non-county rows hold no jobs
  EXPECT_EQ(t.region(0).type, RegionType::none);

  EXPECT_EQ(t.find("yushu_city"), 4);
  EXPECT_EQ(t.find("Yushu_city"), std::nullopt);  // exact match only
  EXPECT_EQ(t.find_field("education"), 1);
  EXPECT_EQ(t.find_field("ecology"), std::nullopt);
}

TEST(RegionTable, CrlfFileLoadsTheSame) {
  std::string text = slurp(kFixtures / "small_valid.csv"), crlf;
  for (const char c : text) crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
  const auto path = std::filesystem::temp_directory_path() / "kunlun_regions_crlf.csv";
  std::ofstream(path, std::ios::binary) << crlf;
  const RegionTable t = RegionTable::load(path);
  EXPECT_EQ(t.county_count(), 3);
  EXPECT_EQ(t.region(6).population, 21893095);
  EXPECT_EQ(t.county(2).jobs, (std::vector<double>{40.5, 60}));
}

TEST(RegionTable, NamesRoundTrip) {
  EXPECT_EQ(region_level_name(RegionLevel::outside), "outside");
  EXPECT_EQ(region_level_name(RegionLevel::prefecture), "prefecture");
  for (const auto type :
       {RegionType::none, RegionType::capital_district, RegionType::city_district,
        RegionType::county_town, RegionType::grassroots, RegionType::paired_province,
        RegionType::neighbour_province, RegionType::rest_of_china})
    EXPECT_EQ(parse_region_type(region_type_name(type)), type);
  EXPECT_EQ(region_type_name(RegionType::grassroots), "grassroots");
  EXPECT_EQ(parse_region_type("pastoral"), std::nullopt);
  EXPECT_EQ(parse_region_type(""), std::nullopt);
}

TEST(RegionTable, MalformedFixtures) {
  expect_error(kFixtures / "bad_unknown_parent.csv", 9, "parent", "unknown parent 'yushuu'",
               "did you mean 'yushu'?");
  expect_error(kFixtures / "bad_missing_column.csv", 3, "altitude_m",
               "missing column 'altitude_m'");
  expect_error(kFixtures / "bad_not_a_number.csv", 7, "altitude_m", "value 'abc' is not a number");
  expect_error(kFixtures / "bad_remoteness_range.csv", 9, "remoteness",
               "remoteness 1.4 is out of range: must be between 0 and 1");
  expect_error(kFixtures / "bad_duplicate_code.csv", 9, "code", "duplicate code 'yushu_city'",
               "already used on line 8");
  expect_error(kFixtures / "bad_county_parent.csv", 8, "parent",
               "parent 'qinghai' of a county row is a province, not a prefecture");
  expect_error(kFixtures / "bad_no_province.csv", 0, "level", "no province row");
  expect_error(kFixtures / "bad_no_counties.csv", 0, "level", "no county rows");
  expect_error(kFixtures / "bad_jobs_on_prefecture.csv", 5, "jobs_health",
               "job capacity 10 on a prefecture row");
  expect_error(kFixtures / "bad_county_type.csv", 9, "type",
               "unknown type 'grasroots' for a county row", "did you mean 'grassroots'?");
}

TEST(RegionTable, ColumnIsReported) {
  try {
    RegionTable::load(kFixtures / "bad_remoteness_range.csv");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().column, 9);  // remoteness is the ninth column
  }
}

TEST(RegionTable, MalformedVariants) {
  // Header faults.
  expect_error(variant(",remoteness,", ",remotenes,"), 3, "remotenes", "unknown column 'remotenes'",
               "did you mean 'remoteness'?");
  expect_error(variant(",jobs_education", ",jobs_health"), 3, "jobs_health",
               "duplicate column 'jobs_health'");
  expect_error(variant(",jobs_education", ",jobs_Edu"), 3, "jobs_Edu", "bad field name 'Edu'");
  // Row faults.
  expect_error(variant("xining_chengzhong,", "Xining-Chengzhong,"), 7, "code",
               "code 'Xining-Chengzhong' is not a valid key");
  expect_error(variant(",prefecture,qinghai,,1,", ",prefectur,qinghai,,1,"), 6, "level",
               "unknown level 'prefectur'", "did you mean 'prefecture'?");
  expect_error(variant(",province,,,", ",province,,grassroots,"), 4, "type",
               "a province row has type 'grassroots'");
  expect_error(variant(",outside,,paired_province,", ",outside,,grassroots,"), 10, "type",
               "type 'grassroots' for an outside row");
  expect_error(variant("county_town,1,", "county_town,yes,"), 8, "autonomous",
               "autonomous must be 0 or 1");
  expect_error(variant(",grassroots,1,4066,0.95,5,", ",grassroots,1,4066,0.95,5.5,"), 9,
               "hardship_class", "hardship_class 5.5 is not an integer");
  expect_error(variant(",grassroots,1,4066,0.95,5,", ",grassroots,1,4066,0.95,7,"), 9,
               "hardship_class", "hardship_class 7 is out of range");
  expect_error(variant(",grassroots,1,4066,", ",grassroots,1,-5,"), 9, "altitude_m",
               "altitude_m -5 is out of range");
  expect_error(variant(",5,1.1,0.6,", ",5,0,0.6,"), 9, "wage_level",
               "wage_level 0 is out of range: must be between 0.1 and 10");
  expect_error(variant(",1.1,0.6,0.1,", ",1.1,0.6,1.1,"), 9, "amenity_index",
               "amenity_index 1.1 is out of range");
  expect_error(variant(",32.9,95.3,", ",92.9,95.3,"), 9, "lat", "lat 92.9 is out of range");
  expect_error(variant(",67000,", ",-1,"), 9, "population", "population -1 is out of range");
  expect_error(variant(",67000,40.5,60", ",67000,,60"), 9, "jobs_health",
               "job capacity is empty for a county");
  expect_error(variant(",67000,40.5,60", ",67000,40.5,-60"), 9, "jobs_education",
               "jobs_education -60 is out of range");
  expect_error(variant("21893095,,0", "21893095,,x"), 10, "jobs_education",
               "value 'x' is not a number");
  expect_error(variant(",qinghai,,1,3689,0.8,4,1.05,0.8,0.3,33.0,97.0,beijing,",
                       ",qinghai,,1,3689,0.8,4,1.05,0.8,0.3,33.0,97.0,xining,"),
               6, "paired_region", "paired region 'xining' is a prefecture, not an outside region");
  expect_error(variant(",97.0,beijing,", ",97.0,beijng,"), 6, "paired_region",
               "unknown paired region 'beijng'", "did you mean 'beijing'?");
  expect_error(variant("95.3,,67000", "95.3,beijing,67000"), 9, "paired_region",
               "a county row has paired region");
  expect_error(variant(",outside,,paired", ",outside,qinghai,paired"), 10, "parent",
               "an outside row has parent 'qinghai'");
  expect_error(variant(",county,xining,", ",county,,"), 7, "parent",
               "parent is empty for a county row");
  expect_error(
      variant("beijing,Beijing,北京,outside,,paired_province,", "beijing,Beijing,北京,province,,,"),
      10, "level", "a second province row 'beijing'");
  // A prefecture with no counties: move Chengzhong to Yushu, leaving Xining empty.
  expect_error(variant(",county,xining,", ",county,yushu,"), 5, "code",
               "prefecture 'xining' has no counties");
}

// Every numeric column has a range that keeps a run's arithmetic sound: values that used to pass
// and wrap or swamp a run (issue 14), NaN and infinities, each named with file, line, column name
// and the allowed range.
TEST(RegionTable, NumbersOutsideTheirDeclaredRangeAreRefused) {
  // jobs_health: 1e15 at scale 0.02 wrapped int32(lround(jobs * scale)) to a negative capacity.
  expect_error(variant(",67000,40.5,60", ",67000,1e15,60"), 9, "jobs_health",
               "jobs_health 1e+15 is out of range: must be between 0 and 1000000 (posts at full scale)",
               "the job capacity of the county in the field at full scale");
  // wage_level: 1e308 made every talent leave.
  expect_error(variant(",5,1.1,0.6,", ",5,1e308,0.6,"), 9, "wage_level",
               "wage_level 1e+308 is out of range: must be between 0.1 and 10",
               "a wage index relative to the province average (1)");
  expect_error(variant(",5,1.1,0.6,", ",5,1.1,25,"), 9, "housing_cost_level",
               "housing_cost_level 25 is out of range: must be between 0.05 and 20");
  expect_error(variant(",67000,", ",3e9,"), 9, "population",
               "population 3000000000 is out of range: must be between 0 and 2000000000 (persons)");
  struct NonFinite {
    std::string from, to, key, range;
  };
  for (const NonFinite& c : std::vector<NonFinite>{
           {",5,1.1,0.6,", ",5,nan,0.6,", "wage_level", "must be between 0.1 and 10"},
           {",5,1.1,0.6,", ",5,1.1,-inf,", "housing_cost_level", "must be between 0.05 and 20"},
           {",67000,", ",inf,", "population", "must be between 0 and 2000000000 (persons)"},
           {",67000,40.5,60", ",67000,NaN,60", "jobs_health",
            "must be between 0 and 1000000 (posts at full scale)"},
           {",grassroots,1,4066,", ",grassroots,1,Infinity,", "altitude_m", "must be between 0 and 9000 (metres)"},
       }) {
    const auto path = variant(c.from, c.to);
    try {
      RegionTable::load(path);
      ADD_FAILURE() << c.to;
    } catch (const InputError& e) {
      EXPECT_EQ(e.where().file, path.string());
      EXPECT_EQ(e.where().line, 9) << e.what();
      EXPECT_EQ(e.key(), c.key) << e.what();
      EXPECT_NE(e.message().find("is not a finite number"), std::string::npos) << e.what();
      EXPECT_EQ(e.hint(), "infinity and NaN are not allowed; " + c.key + " " + c.range);
    }
  }
}

// The ranges hold every region table shipped or used by the tests.
TEST(RegionTable, EveryShippedTableAndFixtureIsWithinTheRanges) {
  const std::filesystem::path data = KUNLUN_TEST_DATA, source = KUNLUN_SOURCE_DIR;
  for (const auto& table : {source / "scenarios/data/qinghai_regions.csv", data / "regions/small_valid.csv",
                            data / "golden/regions.csv", data / "population/regions.csv",
                            data / "scenarios/data/regions.csv", data / "rules/regions.csv",
                            data / "rules/two_counties.csv"})
    EXPECT_NO_THROW(RegionTable::load(table)) << table;
}

TEST(RegionTable, MoreRowsThanOneRunHoldsAreRefused) {
  // The valid table followed by as many more counties as it takes to pass the limit.
  std::string text = slurp(kFixtures / "small_valid.csv");
  const int first_line = 11;
  for (std::size_t i = 7; i <= input_limits::kRegionTableRows; ++i)
    text += "c" + std::to_string(i) + ",C,,county,yushu,grassroots,1,4066,0.95,5,1.1,0.6,0.1,32.9,95.3,,67000,1,1\n";
  const auto path = std::filesystem::temp_directory_path() / "kunlun_regions_many_rows.csv";
  std::ofstream(path, std::ios::binary) << text;
  expect_error(path, first_line + static_cast<int>(input_limits::kRegionTableRows) - 7, "",
               "more than 8192 rows", "a table may have at most 8192 rows");
}

TEST(RegionTable, QinghaiTable) {
  const auto path = std::filesystem::path(KUNLUN_SOURCE_DIR) / "scenarios/data/qinghai_regions.csv";
  const RegionTable t = RegionTable::load(path);
  EXPECT_EQ(t.prefectures().size(), 8u);
  EXPECT_EQ(t.county_count(), 44);
  EXPECT_EQ(t.outside().size(), 11u);
  EXPECT_EQ(t.field_count(), 10);
  EXPECT_EQ(t.region(t.province()).code, "qinghai");

  const auto madoi = t.find("golog_madoi");
  ASSERT_TRUE(madoi.has_value());
  EXPECT_GT(t.region(*madoi).altitude_m, 4000);
  EXPECT_EQ(t.region(t.region(*madoi).parent).code, "golog");

  // Job capacity: the assumed 2025 stock of 495,700 at 5% vacancy.
  double jobs = 0, population = 0;
  for (const int c : t.counties()) {
    jobs += std::accumulate(t.region(c).jobs.begin(), t.region(c).jobs.end(), 0.0);
    population += t.region(c).population;
  }
  EXPECT_NEAR(jobs, 495700 / 0.95, 0.01 * 495700 / 0.95);
  EXPECT_DOUBLE_EQ(population, 5923957);  // 2020 census total

  // Paired assistance: every prefecture but Xining has an eastern partner.
  for (const int p : t.prefectures()) {
    const Region& pref = t.region(p);
    if (pref.code == "xining") {
      EXPECT_EQ(pref.paired_region, -1);
      continue;
    }
    ASSERT_GE(pref.paired_region, 0) << pref.code;
    EXPECT_EQ(t.region(pref.paired_region).type, RegionType::paired_province) << pref.code;
  }
  EXPECT_EQ(t.region(t.region(*t.find("yushu")).paired_region).code, "beijing");
}

}  // namespace
}  // namespace kunlun
