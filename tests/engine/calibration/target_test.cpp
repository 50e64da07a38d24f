// Reading targets files: every kind of quantity, filters checked against the region table, an
// interval read as a 90% interval, and errors that name the file, line and key.
#include "calibration/target.h"

#include <gtest/gtest.h>

#include <fstream>

#include "testing/scenario_run_testing.h"

namespace kunlun {
namespace {

using testing::error_of;

const RegionTable& regions() {
  static const RegionTable table = RegionTable::load(load_scenario(testing::kSmallScenario).regions);
  return table;
}

std::filesystem::path write(const std::string& name, const std::string& text) {
  const auto dir = testing::process_temp_dir("kunlun-target-test");
  std::filesystem::create_directories(dir);
  std::ofstream(dir / name) << text;
  return dir / name;
}

TEST(Targets, EveryQuantityIsReadWithItsPeriodFiltersAndUncertainty) {
  const auto file = write("all.yaml", R"(targets:
  talent_stock_2008:
    quantity: stock
    at: 2008-12
    value: 299900
    sd: 30000
    reasoning: overlapping categories
    source: Qinghai talent plan 2010-2020
  outflow:
    quantity: outflow_external
    from: 1998-01
    to: 2002-12
    value: 1923
    interval: [1000, 3000]
    reasoning: scientific and technical personnel only
    source: a report
  township_turnover:
    quantity: turnover
    from: 2005-01
    to: 2005-12
    where: {county_types: [grassroots], fields: [health], prefectures: [yushu, golog]}
    value: 0.081
    sd: 0.02
    simulated_over: {from: 2009-01, to: 2011-12}
    reasoning: national survey
    source: Meng et al. 2009
  graduates:
    quantity: entrants_graduate
    from: 2016-01
    to: 2016-12
    value: 13000
    sd: 1500
    bound: lower
    reasoning: found work in the province
    source: 2016 figure
)");
  const auto t = read_targets(file, regions());
  ASSERT_EQ(t.size(), 4u);
  EXPECT_EQ(t[0].quantity, TargetQuantity::stock);
  EXPECT_EQ(t[0].at.str(), "2008-12");
  EXPECT_EQ(t[0].sd, 30000);
  EXPECT_EQ(t[1].quantity, TargetQuantity::flow);
  EXPECT_EQ(t[1].flow, "outflow_external");
  EXPECT_NEAR(t[1].sd, 2000 / 3.2897072539029444, 1e-9);  // [1000, 3000] as a 90% interval
  EXPECT_EQ(t[2].quantity, TargetQuantity::turnover);
  EXPECT_EQ(t[2].county_types, std::vector<std::string>{"grassroots"});
  EXPECT_EQ(t[2].prefectures, (std::vector<std::string>{"yushu", "golog"}));
  EXPECT_EQ(t[3].quantity, TargetQuantity::entrants);
  EXPECT_EQ(t[3].flow, "graduate");
  EXPECT_EQ(t[3].bound, TargetBound::lower);
  EXPECT_EQ(target_quantity_text(t[1]), "outflow_external a year, 1998-01 to 2002-12");
  EXPECT_EQ(t[1].simulated_from.str(), "1998-01");  // without simulated_over, the observed period
  EXPECT_EQ(t[2].simulated_from.str(), "2009-01");
  EXPECT_EQ(t[2].simulated_to.str(), "2011-12");
  EXPECT_EQ(target_quantity_text(t[2]), "voluntary turnover a year, 2005-01 to 2005-12 (simulated 2009-01 to 2011-12)");
}

TEST(Targets, TheShippedQinghaiTargetsLoad) {
  const auto t = read_targets(std::string(KUNLUN_SOURCE_DIR) + "/scenarios/qinghai/targets.yaml", regions());
  EXPECT_EQ(t.size(), 15u);
  for (const auto& target : t) {
    EXPECT_GT(target.sd, 0) << target.name;
    EXPECT_FALSE(target.reasoning.empty()) << target.name;
    EXPECT_FALSE(target.source.empty()) << target.name;
  }
}

TEST(Targets, MistakesAreNamedAtTheirLine) {
  const auto error = [](const std::string& body) {
    return error_of([&] { read_targets(write("bad.yaml", "targets:\n  x:\n" + body), regions()); });
  };
  const std::string ok = "    value: 1\n    sd: 1\n    reasoning: r\n    source: s\n";
  const InputError field = error("    quantity: stock\n    at: 2008-12\n    where: {fields: [healht]}\n" + ok);
  EXPECT_EQ(field.key(), "targets.x.where.fields");
  EXPECT_EQ(field.where().line, 5);
  EXPECT_NE(field.hint().find("did you mean 'health'"), std::string::npos) << field.hint();
  EXPECT_NE(error("    quantity: stock\n" + ok).message().find("give at"), std::string::npos);
  EXPECT_NE(error("    quantity: inflow\n    from: 2002-01\n    to: 1998-12\n" + ok).message().find("before from"),
            std::string::npos);
  EXPECT_EQ(error("    quantity: stocks\n    at: 2008-12\n" + ok).key(), "targets.x.quantity");
  const InputError both = error("    quantity: stock\n    at: 2008-12\n    interval: [0, 2]\n" + ok);
  EXPECT_NE(both.message().find("not both"), std::string::npos);
  const InputError none =
      error("    quantity: stock\n    at: 2008-12\n    value: 1\n    reasoning: r\n    source: s\n");
  EXPECT_NE(none.message().find("needs an uncertainty"), std::string::npos);
  const InputError no_reason = error("    quantity: stock\n    at: 2008-12\n    value: 1\n    sd: 1\n    source: s\n");
  EXPECT_EQ(no_reason.key(), "targets.x.reasoning");
  EXPECT_NE(error("    quantity: entrants_graduate\n    from: 2016-01\n    to: 2016-12\n    where: {fields: [health]}\n" + ok)
                .message()
                .find("by county only"),
            std::string::npos);
  const InputError stock_shifted =
      error("    quantity: stock\n    at: 2008-12\n    simulated_over: {from: 2009-01, to: 2009-12}\n" + ok);
  EXPECT_EQ(stock_shifted.key(), "targets.x.simulated_over");
  EXPECT_NE(stock_shifted.message().find("no period"), std::string::npos);
  EXPECT_EQ(error("    quantity: turnover\n    from: 2005-01\n    to: 2005-12\n    simulated_over: {from: 2009-01}\n" + ok)
                .key(),
            "targets.x.simulated_over");
}

}  // namespace
}  // namespace kunlun
