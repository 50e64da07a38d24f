// Tests of the typed scenario: every key mapped to the struct, `extends:` resolution as seen by
// load_scenario, and one test per kind of input error with its exact file, line, key and text.
#include "parameters/behaviour_parameters.h"
#include "policy/policy_registry.h"
#include "scenario/scenario.h"

#include <gtest/gtest.h>

#include "testing/input_error_testing.h"
#include <unistd.h>

#include <cctype>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include "core/text.h"

namespace kunlun {
namespace {

namespace fs = std::filesystem;

const fs::path kData = fs::path(KUNLUN_TEST_DATA) / "scenarios";
const fs::path kBaseline = fs::path(KUNLUN_SOURCE_DIR) / "scenarios" / "qinghai" / "baseline.yaml";
const std::string kMissingHint =
    "add it, or extend a scenario that has it, such as scenarios/qinghai/baseline.yaml";

using kunlun::testing::abs_path;
using kunlun::testing::error_of;


// The 1-based line of the first line of `file` that contains `needle`.
int line_of(const fs::path& file, const std::string& needle) {
  std::ifstream in(file);
  std::string line;
  for (int n = 1; std::getline(in, line); ++n)
    if (line.find(needle) != std::string::npos) return n;
  ADD_FAILURE() << needle << " not in " << file;
  return 0;
}

// Each test writes its scenario files into a directory of its own.
class ScenarioFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("kunlun_scenario_" +
            std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()) + "_" +
            std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path write(const std::string& name, const std::string& text) {
    const fs::path file = dir_ / name;
    std::ofstream(file) << text;
    return file;
  }
  // A scenario that extends the complete fixture and changes what `text` says; `text` starts on
  // line 2 of the file.
  fs::path over_full(const std::string& text) {
    return write("scenario.yaml", "extends: " + abs_path(kData / "full.yaml") + "\n" + text);
  }
  // The complete fixture with `from` replaced by `to`, in this test's directory.
  fs::path full_with(const std::string& from, const std::string& to) {
    std::ifstream in(kData / "full.yaml");
    std::ostringstream all;
    all << in.rdbuf();
    std::string text = all.str();
    const std::size_t at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    if (at != std::string::npos) text.replace(at, from.size(), to);
    return write("scenario.yaml", text);
  }
  // The complete fixture with the lines containing `drop` removed, in this test's directory.
  fs::path full_without(const std::string& drop) {
    std::ifstream in(kData / "full.yaml");
    std::ostringstream out;
    for (std::string line; std::getline(in, line);)
      if (line.find(drop) == std::string::npos) out << line << "\n";
    return write("scenario.yaml", out.str());
  }

  fs::path dir_;
};

// The hint every error about a declared behaviour parameter carries: its meaning and unit.
std::string hint_of(const std::string& key) {
  const BehaviourParameter* p = find_behaviour_parameter(key);
  EXPECT_NE(p, nullptr) << key;
  return p != nullptr ? parameter_hint(p->declaration) : "";
}

void expect_error(const InputError& e, const fs::path& file, int line, const std::string& key,
                  const std::string& message, const std::string& hint) {
  EXPECT_EQ(e.where().file, abs_path(file));
  EXPECT_EQ(e.where().line, line);
  EXPECT_EQ(e.key(), key);
  EXPECT_EQ(e.message(), message);
  EXPECT_EQ(e.hint(), hint);
}

// ---------------------------------------------------------------------------------------------
// A valid scenario, key by key

TEST(ScenarioLoad, EveryKeyOfTheFullFixture) {
  const Scenario s = load_scenario(kData / "full.yaml");
  EXPECT_EQ(s.file, fs::path(abs_path(kData / "full.yaml")));
  EXPECT_EQ(s.name, "fixture-full");
  EXPECT_EQ(s.description, "every key written out, for the scenario tests");
  EXPECT_EQ(s.start, YearMonth(2026, 1));
  EXPECT_EQ(s.end, YearMonth(2027, 12));  // quoted in the file
  EXPECT_EQ(s.months(), 24);
  EXPECT_EQ(s.seed, 20261124u);
  EXPECT_EQ(s.replications, 2);
  EXPECT_EQ(s.regions, fs::path(abs_path(kData / "data/regions.csv")));
  EXPECT_TRUE(s.regions.is_absolute());
  EXPECT_EQ(s.population.margins, fs::path(abs_path(kData / "data/margins.csv")));
  EXPECT_EQ(s.population.total, 1000);
  EXPECT_EQ(s.population.scale, 0.5);

  const RetirementParams& ret = s.behaviour.retirement;
  EXPECT_EQ(ret.male_age_years, 60);
  EXPECT_EQ(ret.female_age_years, 55);
  EXPECT_EQ(ret.reform_first_cohort_male, YearMonth(1965, 1));
  EXPECT_EQ(ret.reform_first_cohort_female, YearMonth(1970, 1));
  EXPECT_EQ(ret.birth_months_per_month_of_delay, 4);
  EXPECT_EQ(ret.max_delay_months, 36);
  EXPECT_EQ(ret.senior_title_extra_years, 0);

  const TitleParams& ti = s.behaviour.titles;
  EXPECT_EQ(ti.evaluation_month, 10);
  EXPECT_EQ(ti.min_years[0], (std::array<double, 4>{2, 1, 0, 0}));  // junior: college .. doctorate
  EXPECT_EQ(ti.min_years[1], (std::array<double, 4>{7, 4, 2, 0}));
  EXPECT_EQ(ti.min_years[2], (std::array<double, 4>{7, 5, 5, 2}));
  EXPECT_EQ(ti.min_years[3], (std::array<double, 4>{5, 5, 5, 5}));
  EXPECT_EQ(ti.log_odds, (std::array<double, 4>{2.0, 0.5, -0.5, -1.2}));
  EXPECT_EQ(ti.performance_weight, 0.3);
  EXPECT_EQ(ti.score_log_odds, 1.5);
  EXPECT_EQ(ti.post_share[0], (std::array<double, 4>{1.0, 0.6, 0.24, 0.06}));   // capital_district
  EXPECT_EQ(ti.post_share[3], (std::array<double, 4>{1.0, 0.48, 0.14, 0.03}));  // grassroots
  EXPECT_EQ(ti.untitled_outside_share, 0.85);
  EXPECT_EQ(ti.paper_pass_share, 0.6);
  EXPECT_EQ(ti.degree_required_from, Title::senior);
  EXPECT_EQ(ti.grassroots_min_years_cut, 1);
  EXPECT_EQ(ti.grassroots_log_odds, 0.4);

  const PayParams& pay = s.behaviour.pay;
  EXPECT_EQ(pay.base_monthly_cny, (std::array<double, 5>{4500, 5500, 7000, 9000, 11500}));
  EXPECT_EQ(pay.employer_factor, (std::array<double, 3>{1.0, 1.1, 1.2}));
  EXPECT_EQ(pay.hardship_allowance_cny,
            (std::array<double, 7>{0, 200, 350, 600, 1000, 1600, 2400}));
  EXPECT_EQ(pay.market_rent_cny, 1500);
  EXPECT_EQ(pay.employer_shares, (std::array<double, 3>{0.6, 0.35, 0.05}));
  EXPECT_EQ(pay.initial_venture_share, 0.02);

  const UtilityParams& ut = s.behaviour.utility;
  EXPECT_EQ(ut.log_income, 2.0);
  EXPECT_EQ(ut.years_to_next_title, -0.15);
  EXPECT_EQ(ut.amenity, 0.8);
  EXPECT_EQ(ut.altitude_per_km, -0.3);
  EXPECT_EQ(ut.remoteness, -0.8);
  EXPECT_EQ(ut.hometown, 0.7);
  EXPECT_EQ(ut.income_risk, -0.5);
  EXPECT_EQ(ut.income_risk_by_employer, (std::array<double, 3>{0, 0.3, 1.0}));
  EXPECT_EQ(ut.job_openings, 0.3);

  const MobilityParams& mob = s.behaviour.mobility;
  EXPECT_EQ(mob.annual_move_rate, 0.03);
  EXPECT_EQ(mob.utility_gap, 1.0);
  EXPECT_EQ(mob.reference_age_years, 35);
  EXPECT_EQ(mob.log_odds_per_year_of_age, -0.04);
  EXPECT_EQ(mob.log_odds_per_year_of_tenure, -0.03);
  EXPECT_EQ(mob.tenure_cap_years, 10);
  EXPECT_EQ(mob.family, -0.4);
  EXPECT_EQ(mob.peer_departure_share, 3.0);
  EXPECT_EQ(mob.log_odds_by_origin, (std::array<double, 5>{0, 0.2, 0.8, 0, 0}));
  EXPECT_EQ(mob.family_share_under_30, 0.3);
  EXPECT_EQ(mob.family_share_30_and_over, 0.75);
  EXPECT_EQ(mob.acceptance_utility, 1.0);

  const DestinationParams& dst = s.behaviour.destination;
  EXPECT_EQ(dst.distance_per_100km, -0.15);
  EXPECT_EQ(dst.leave_province, -1.0);
  EXPECT_EQ(dst.outside_by_type, (std::array<double, 3>{0.5, -0.2, 0}));  // paired, neighbour, rest

  const EntrepreneurshipParams& ent = s.behaviour.entrepreneurship;
  EXPECT_EQ(ent.annual_start_rate, 0.004);
  EXPECT_EQ(ent.min_age_years, 25);
  EXPECT_EQ(ent.max_age_years, 55);
  EXPECT_EQ(ent.annual_failure_rate, 0.15);
  EXPECT_EQ(ent.jobs_per_venture, 1.5);
  EXPECT_EQ(ent.loan_log_odds_per_ln_100k, 0.5);
  EXPECT_EQ(ent.base_interest_rate, 0.0345);

  const RecruitmentParams& rec = s.behaviour.recruitment;
  EXPECT_EQ(rec.monthly_fill_probability, (std::array<double, 4>{0.3, 0.25, 0.15, 0.08}));
  EXPECT_EQ(rec.source_shares, (std::array<double, 3>{0.55, 0.15, 0.30}));
  EXPECT_EQ(rec.entrants[0].min_age_years, 21);
  EXPECT_EQ(rec.entrants[0].max_age_years, 27);
  EXPECT_EQ(rec.entrants[0].education_shares, (std::array<double, 4>{0.4, 0.5, 0.09, 0.01}));
  EXPECT_EQ(rec.entrants[0].level_shares, (std::array<double, 3>{0, 0.05, 0.95}));
  EXPECT_EQ(rec.entrants[2].max_age_years, 45);
  EXPECT_EQ(rec.entrants[2].level_shares, (std::array<double, 3>{0.05, 0.35, 0.60}));
  EXPECT_EQ(rec.title_by_level[0], Title::senior);
  EXPECT_EQ(rec.title_by_level[1], Title::intermediate);
  EXPECT_EQ(rec.title_by_level[2], Title::junior);
  EXPECT_EQ(rec.female_share, 0.45);
  EXPECT_EQ(rec.paired_rotation.cadres_per_year, 205);
  EXPECT_EQ(rec.paired_rotation.arrival_month, 7);
  EXPECT_EQ(rec.paired_rotation.term_months, 36);
  EXPECT_EQ(rec.flexible.engagements_per_year, 100);
  EXPECT_EQ(rec.flexible.term_months, 24);
  EXPECT_EQ(rec.flexible.service_days_per_month, 4);

  ASSERT_EQ(s.policies.size(), 1u);
  EXPECT_EQ(s.policies[0].name, "rent");
  EXPECT_EQ(s.policies[0].type, "housing_rent_subsidy");
  EXPECT_EQ(s.policies[0].params.find("monthly_cny")->text(), "2000");
  EXPECT_EQ(s.tree.find("name")->text(), "fixture-full");
  // The tree holds the resolved paths, so it stands on its own.
  EXPECT_EQ(s.tree.find("regions")->text(), abs_path(kData / "data/regions.csv"));
  EXPECT_EQ(s.tree.find("regions")->where().line, line_of(kData / "full.yaml", "regions:"));
  EXPECT_EQ(s.tree.find("population")->find("margins")->text(),
            abs_path(kData / "data/margins.csv"));
}

TEST(ScenarioLoad, QinghaiBaseline) {
  const Scenario s = load_scenario(kBaseline);
  EXPECT_EQ(s.name, "qinghai-baseline");
  const BehaviourParams& b = s.behaviour;
  EXPECT_EQ(b.titles.min_years[1][0], 7);  // intermediate, college diploma
  EXPECT_EQ(b.titles.min_years[1][1], 4);  // intermediate, bachelor
  EXPECT_EQ(b.titles.degree_required_from, Title::senior);
  EXPECT_EQ(b.titles.post_share[3][3], 0.03);  // grassroots, senior
  EXPECT_EQ(b.pay.hardship_allowance_cny[6], 2400);
  EXPECT_EQ(b.pay.base_monthly_cny[2], 7000);  // intermediate
  EXPECT_EQ(b.pay.employer_shares, (std::array<double, 3>{0.62, 0.38, 0.0}));
  EXPECT_EQ(b.utility.log_income, 2.0);
  EXPECT_EQ(b.mobility.annual_move_rate, 0.12);
  EXPECT_EQ(b.mobility.log_odds_by_origin[2], 0.8);  // outsider
  EXPECT_EQ(b.destination.outside_by_type, (std::array<double, 3>{0, 0, 0}));
  EXPECT_EQ(b.destination.leave_province, 2.0);
  EXPECT_EQ(b.entrepreneurship.max_age_years, 55);
  EXPECT_EQ(b.recruitment.paired_rotation.cadres_per_year, 70);
  EXPECT_EQ(b.recruitment.flexible.service_days_per_month, 4);
}

TEST_F(ScenarioFiles, OutOfRangeOverTheBaselineNamesFileLineAndKey) {
  const fs::path f =
      write("variant.yaml", "extends: " + abs_path(kBaseline) +
                                "\nbehaviour:\n  pay:\n"
                                "    hardship_allowance_monthly_cny: {class_6: -100}\n");
  const InputError e = error_of([&] { load_scenario(f); });
  expect_error(e, f, 4, "behaviour.pay.hardship_allowance_monthly_cny.class_6",
               "-100 is out of range: must be between 0 and 100000",
               hint_of("behaviour.pay.hardship_allowance_monthly_cny.class_6"));
  EXPECT_EQ(std::string(e.what()), abs_path(f) +
                                       ":4: behaviour.pay.hardship_allowance_monthly_cny.class_6: "
                                       "-100 is out of range: must be between 0 and 100000 (class_6 is the monthly "
                                       "hardship allowance by the county's hardship class: class_6 (CNY a month))");
}

TEST(ScenarioLoad, EmittedTreeLoadsAgainFromElsewhere) {
  const Scenario s = load_scenario(kData / "child.yaml");
  const fs::path file = fs::temp_directory_path() /
                        ("kunlun_scenario_emitted_" + std::to_string(::getpid()) + ".yaml");
  std::ofstream(file) << to_yaml(s.tree);
  const Scenario again = load_scenario(file);
  fs::remove(file);
  EXPECT_EQ(again.regions, s.regions);
  EXPECT_EQ(again.population.margins, s.population.margins);
  EXPECT_EQ(again.behaviour.mobility.annual_move_rate, 0.05);
  EXPECT_EQ(again.behaviour.titles.post_share, s.behaviour.titles.post_share);
  EXPECT_EQ(again.behaviour.pay.hardship_allowance_cny, s.behaviour.pay.hardship_allowance_cny);
  EXPECT_EQ(again.behaviour.recruitment.entrants[1].level_shares,
            s.behaviour.recruitment.entrants[1].level_shares);
  EXPECT_EQ(again.seed, s.seed);
  EXPECT_EQ(again.end, s.end);
  EXPECT_EQ(to_yaml(again.tree), to_yaml(s.tree));
}

TEST_F(ScenarioFiles, OptionalKeysMayBeLeftOut) {
  const fs::path file = write("scenario.yaml", [] {
    std::ifstream in(kData / "full.yaml");
    std::ostringstream out;
    bool skipping = false;
    for (std::string line; std::getline(in, line);) {
      // Drop description, title_by_level, female_share and policies.
      if (line.rfind("policies:", 0) == 0) skipping = true;
      if (skipping || line.find("description:") != std::string::npos ||
          line.find("title_by_level") != std::string::npos ||
          line.find("female_share") != std::string::npos)
        continue;
      out << line << "\n";
    }
    return out.str();
  }());
  fs::copy(kData / "data", dir_ / "data");
  const Scenario s = load_scenario(file);
  EXPECT_EQ(s.description, "");
  EXPECT_EQ(s.behaviour.recruitment.title_by_level[0], Title::associate_senior);
  EXPECT_EQ(s.behaviour.recruitment.female_share, 0.48);  // the declared default
  EXPECT_TRUE(s.policies.empty());
}

TEST_F(ScenarioFiles, NumbersAndDatesInOtherSpellings) {
  const Scenario s = load_scenario(
      over_full("seed: 18446744073709551615\nreplications: 1e1\nhorizon: {start: '2026-03'}\n"
                "population: {total: +2.5e5}\n"));
  EXPECT_EQ(s.seed, 18446744073709551615ull);  // exact, not through a double
  EXPECT_EQ(s.replications, 10);
  EXPECT_EQ(s.start, YearMonth(2026, 3));
  EXPECT_EQ(s.population.total, 250000);
}

TEST(ScenarioLoad, TreeFromAnotherSourceResolvesPathsAgainstBaseDir) {
  ConfigNode tree = load_scenario_tree(kData / "full.yaml");
  set_path(tree, "regions", ConfigNode::scalar("data/regions.csv", {"<python>", 0, 0}));
  const Scenario s = scenario_from_tree(tree, kData);
  EXPECT_EQ(s.regions, fs::path(abs_path(kData / "data/regions.csv")));
}

TEST(ScenarioLoad, PoliciesWrittenEmptyAreNone) {
  ConfigNode tree = load_scenario_tree(kData / "full.yaml");
  set_path(tree, "policies", ConfigNode());
  EXPECT_TRUE(scenario_from_tree(tree, kData).policies.empty());
}

// ---------------------------------------------------------------------------------------------
// extends, as load_scenario sees it

TEST(ScenarioExtends, BasePathsResolveAgainstTheBaseDirectory) {
  // bases/base.yaml writes regions: ../data/regions.csv; child.yaml lives one directory up.
  const Scenario s = load_scenario(kData / "child.yaml");
  EXPECT_EQ(s.regions, fs::path(abs_path(kData / "data/regions.csv")));
  EXPECT_EQ(s.population.margins, fs::path(abs_path(kData / "data/margins.csv")));
  EXPECT_EQ(s.name, "fixture-child");
  EXPECT_EQ(s.behaviour.mobility.annual_move_rate, 0.05);
  EXPECT_EQ(s.behaviour.mobility.reference_age_years, 35);
  EXPECT_EQ(s.file, fs::path(abs_path(kData / "child.yaml")));
  EXPECT_EQ(s.tree.find("extends"), nullptr);
}

TEST(ScenarioExtends, ThreeLevelChain) {
  const Scenario s = load_scenario(kData / "grandchild.yaml");
  EXPECT_EQ(s.seed, 7u);
  EXPECT_EQ(s.behaviour.retirement.max_delay_months, 24);
  EXPECT_EQ(s.behaviour.retirement.birth_months_per_month_of_delay, 4);
  EXPECT_EQ(s.behaviour.mobility.annual_move_rate, 0.05);
  EXPECT_EQ(s.replications, 2);
}

TEST(ScenarioExtends, ErrorInTheBaseNamesTheBaseFileAndLine) {
  const InputError e = error_of([] { load_scenario(kData / "bad_child.yaml"); });
  expect_error(e, kData / "bases/bad_base.yaml", 6, "behaviour.mobility.annual_move_rate",
               "1.5 is out of range: must be between 0 and 0.99", hint_of("behaviour.mobility.annual_move_rate"));
  EXPECT_EQ(std::string(e.what()).rfind(abs_path(kData / "bases/bad_base.yaml") +
                                            ":6: behaviour.mobility.annual_move_rate: 1.5 is out of "
                                            "range: must be between 0 and 0.99 (annual_move_rate is the yearly "
                                            "probability",
                                        0),
            0u);
}

TEST(ScenarioExtends, CycleAndMissingBase) {
  EXPECT_EQ(error_of([] { load_scenario(kData / "cycle_a.yaml"); }).message(),
            "extends cycle: " + abs_path(kData / "cycle_a.yaml") + " -> " +
                abs_path(kData / "cycle_b.yaml") + " -> " + abs_path(kData / "cycle_a.yaml"));
  expect_error(error_of([] { load_scenario(kData / "extends_missing.yaml"); }),
               kData / "extends_missing.yaml", 3, "extends",
               "file not found: " + abs_path(kData / "no_such_base.yaml"),
               "paths in extends are relative to the directory of the file that writes them");
}

TEST(ScenarioExtends, ExtendsLeftInATreeIsAnError) {
  ConfigNode tree = read_yaml_text("name: x\nextends: base.yaml\n", "tree.yaml");
  const InputError e = error_of([&] { scenario_from_tree(tree, kData); });
  EXPECT_EQ(e.where().line, 2);
  EXPECT_EQ(e.key(), "extends");
  EXPECT_EQ(e.message(), "extends is resolved when a scenario file is loaded, not in a tree");
}

// ---------------------------------------------------------------------------------------------
// One test per kind of error

TEST_F(ScenarioFiles, UnknownKeySuggestsTheClosestSibling) {
  const fs::path f = over_full("behavior:\n  mobility: {annual_move_rate: 0.1}\n");
  expect_error(error_of([&] { load_scenario(f); }), f, 2, "behavior", "unknown key 'behavior'",
               "did you mean 'behaviour'?");
}

TEST_F(ScenarioFiles, UnknownNestedKeySuggestsTheClosestSibling) {
  const fs::path f = over_full("behaviour:\n  titles:\n    post_structure: {grasroots: {senior: 0.1}}\n");
  expect_error(error_of([&] { load_scenario(f); }), f, 4, "behaviour.titles.post_structure.grasroots",
               "unknown key 'grasroots'", "did you mean 'grassroots'?");
  const fs::path g =
      over_full("behaviour:\n  pay:\n    hardship_allowance_monthly_cny: {class6: 1}\n");
  expect_error(error_of([&] { load_scenario(g); }), g, 4,
               "behaviour.pay.hardship_allowance_monthly_cny.class6", "unknown key 'class6'",
               "did you mean 'class_6'?");
}

TEST_F(ScenarioFiles, UnknownKeyWithNoCloseMatchListsTheAllowedKeys) {
  const fs::path f = over_full("horizon:\n  finish: 2030-12\n");
  expect_error(error_of([&] { load_scenario(f); }), f, 3, "horizon.finish", "unknown key 'finish'",
               "allowed keys: start, end");
}

TEST_F(ScenarioFiles, OmittedBehaviourKeysTakeTheirDeclaredDefaults) {
  const fs::path f = full_without("reference_age_years");
  fs::copy(kData / "data", dir_ / "data");
  const Scenario s = load_scenario(f);
  EXPECT_EQ(s.behaviour.mobility.reference_age_years, 35);
  // The resolved tree records the default, so a manifest holds every value the run used.
  const ConfigNode* written = ConfigReader(s.tree).find("behaviour.mobility.reference_age_years");
  ASSERT_NE(written, nullptr);
  EXPECT_EQ(written->text(), "35");
  EXPECT_EQ(written->where().file, "<default>");
  // A whole map left out: every key in it by default.
  const Scenario g = load_scenario(full_without("paired_rotation:"));
  EXPECT_EQ(g.behaviour.recruitment.paired_rotation.cadres_per_year, 70);
  EXPECT_EQ(g.behaviour.recruitment.paired_rotation.term_months, 36);
}

TEST_F(ScenarioFiles, BehaviourKeyWrittenEmptyIsAnErrorNotItsDefault) {
  const fs::path f = over_full("behaviour:\n  mobility:\n    family:\n");
  expect_error(error_of([&] { load_scenario(f); }), f, 4, "behaviour.mobility.family", "expected a number, got nothing",
               hint_of("behaviour.mobility.family"));
}

TEST_F(ScenarioFiles, MissingRequiredTopLevelKey) {
  const fs::path f = full_without("seed:");
  expect_error(error_of([&] { load_scenario(f); }), f, line_of(f, "name:"), "seed",
               "missing required key", kMissingHint);
}

TEST_F(ScenarioFiles, AShareLeftOutTakesItsDefaultAndTheSumIsChecked) {
  // Maps merge: over a complete base, one origin is enough.
  EXPECT_NO_THROW(
      load_scenario(over_full("behaviour:\n  mobility:\n    log_odds_by_origin: {local: 0}\n")));
  // Without a base, the returnee share left out is its default 0.12, and the shares no longer sum to 1.
  const fs::path f = full_with("source_shares: {graduate: 0.55, returnee: 0.15, outsider: 0.30}",
                               "source_shares: {graduate: 0.55, outsider: 0.45}");
  fs::copy(kData / "data", dir_ / "data");
  expect_error(error_of([&] { load_scenario(f); }), f, line_of(f, "source_shares"),
               "behaviour.recruitment.source_shares", "shares sum to 1.12, they must sum to 1",
               "adjust them so that they add up to 1");
}

TEST_F(ScenarioFiles, WrongTypeNumber) {
  const fs::path f = over_full("behaviour:\n  mobility:\n    annual_move_rate: high\n");
  expect_error(error_of([&] { load_scenario(f); }), f, 4, "behaviour.mobility.annual_move_rate",
               "expected a number, got 'high'", hint_of("behaviour.mobility.annual_move_rate"));
}

TEST_F(ScenarioFiles, WrongTypeQuotedNumber) {
  const fs::path f = over_full("population:\n  scale: '0.5'\n");
  expect_error(error_of([&] { load_scenario(f); }), f, 3, "population.scale",
               "expected a number, got '0.5'", "it is quoted, so it is text: remove the quotes");
}

TEST_F(ScenarioFiles, WrongTypeNotFiniteNumber) {
  for (const std::string bad : {".nan", ".inf", "-.inf", "nan", "inf"}) {
    const fs::path f = over_full("population:\n  total: " + bad + "\n");
    expect_error(error_of([&] { load_scenario(f); }), f, 3, "population.total",
                 "expected a number, got '" + bad + "'", "infinity and NaN are not allowed");
  }
}

TEST_F(ScenarioFiles, WrongTypeInteger) {
  const fs::path f = over_full("replications: 2.5\n");
  expect_error(error_of([&] { load_scenario(f); }), f, 2, "replications",
               "expected an integer, got '2.5'", "");
  const fs::path g = over_full("seed: 12abc\n");
  expect_error(error_of([&] { load_scenario(g); }), g, 2, "seed",
               "expected an integer, got '12abc'", "");
}

TEST_F(ScenarioFiles, WrongTypeMap) {
  const fs::path f = over_full("population: 5\n");
  expect_error(error_of([&] { load_scenario(f); }), f, 2, "population", "expected a map, got '5'",
               "");
  const fs::path g =
      over_full("behaviour:\n  destination:\n    outside_by_type: [paired_province]\n");
  expect_error(error_of([&] { load_scenario(g); }), g, 4, "behaviour.destination.outside_by_type",
               "expected a map, got a list", "");
}

TEST_F(ScenarioFiles, WrongTypeString) {
  const fs::path f = over_full("name:\n  - a\n  - b\n");
  expect_error(error_of([&] { load_scenario(f); }), f, 2, "name", "expected a string, got a list",
               "");
  const fs::path g = over_full("name: ''\n");
  expect_error(error_of([&] { load_scenario(g); }), g, 2, "name", "must not be empty",
               "write a value, or remove the key if it is optional");
}

TEST_F(ScenarioFiles, WrongTypeDate) {
  const fs::path f = over_full("horizon:\n  start: 2026-13\n");
  expect_error(error_of([&] { load_scenario(f); }), f, 3, "horizon.start",
               "expected a date YYYY-MM, got '2026-13'",
               "there is no month 13: months run from 01 to 12, as in 2026-01");
  const fs::path g = over_full("behaviour:\n  retirement:\n    reform_first_cohort_male: 1965\n");
  expect_error(error_of([&] { load_scenario(g); }), g, 4,
               "behaviour.retirement.reform_first_cohort_male",
               "expected a date YYYY-MM, got '1965'", "write it like 2026-01");
}

TEST_F(ScenarioFiles, WrongTypeNothing) {
  const fs::path f = over_full("behaviour:\n  mobility:\n    annual_move_rate:\n");
  expect_error(error_of([&] { load_scenario(f); }), f, 4, "behaviour.mobility.annual_move_rate",
               "expected a number, got nothing", hint_of("behaviour.mobility.annual_move_rate"));
}

TEST_F(ScenarioFiles, OutOfRange) {
  const fs::path f = over_full("population:\n  scale: 1500\n");
  expect_error(error_of([&] { load_scenario(f); }), f, 3, "population.scale",
               "1500 is out of range: must be between 0.01 and 1000", "");
  const fs::path g = over_full("population:\n  total: 0\n");
  expect_error(error_of([&] { load_scenario(g); }), g, 3, "population.total",
               "0 is out of range: must be greater than 0 and at most 1000000000", "");
  const fs::path h = over_full("replications: 10001\n");
  expect_error(error_of([&] { load_scenario(h); }), h, 2, "replications",
               "10001 is out of range: must be between 1 and 10000", "");
  const fs::path i =
      over_full("behaviour:\n  mobility:\n    log_odds_by_origin: {outsider: -11}\n");
  expect_error(error_of([&] { load_scenario(i); }), i, 4,
               "behaviour.mobility.log_odds_by_origin.outsider",
               "-11 is out of range: must be between -10 and 10",
               hint_of("behaviour.mobility.log_odds_by_origin.outsider"));
  const fs::path j = over_full("behaviour:\n  pay:\n    base_monthly_cny: {none: 0}\n");
  expect_error(error_of([&] { load_scenario(j); }), j, 4, "behaviour.pay.base_monthly_cny.none",
               "0 is out of range: must be greater than 0 and at most 1000000",
               hint_of("behaviour.pay.base_monthly_cny.none"));
  const fs::path k = over_full("behaviour:\n  titles:\n    evaluation_month: 13\n");
  expect_error(error_of([&] { load_scenario(k); }), k, 4, "behaviour.titles.evaluation_month",
               "13 is out of range: must be between 1 and 12", hint_of("behaviour.titles.evaluation_month"));
  const fs::path l = over_full(
      "behaviour:\n  recruitment:\n    paired_rotation:\n"
      "      term_months: 2.5\n");
  expect_error(error_of([&] { load_scenario(l); }), l, 5,
               "behaviour.recruitment.paired_rotation.term_months",
               "expected an integer, got '2.5'", hint_of("behaviour.recruitment.paired_rotation.term_months"));
}

TEST_F(ScenarioFiles, SeedOutOfRange) {
  for (const std::string bad : {"-1", "18446744073709551616"}) {
    const fs::path f = over_full("seed: " + bad + "\n");
    expect_error(error_of([&] { load_scenario(f); }), f, 2, "seed",
                 bad + " is out of range: must be between 0 and 18446744073709551615", "");
  }
}

TEST_F(ScenarioFiles, EndBeforeStart) {
  const fs::path f = over_full("horizon:\n  start: 2026-01\n  end: 2025-12\n");
  expect_error(error_of([&] { load_scenario(f); }), f, 4, "horizon.end",
               "end 2025-12 is before start 2026-01",
               "the horizon runs from start to end, both months included");
}

TEST_F(ScenarioFiles, SharesThatDoNotSumToOne) {
  const fs::path f = over_full("behaviour:\n  recruitment:\n    source_shares: {graduate: 0.5}\n");
  expect_error(error_of([&] { load_scenario(f); }), f, 4, "behaviour.recruitment.source_shares",
               "shares sum to 0.95, they must sum to 1", "adjust them so that they add up to 1");
  const fs::path g = over_full(
      "behaviour:\n  recruitment:\n    entrants:\n      outsider:\n"
      "        level_shares: {high_end: 0.5}\n");
  expect_error(error_of([&] { load_scenario(g); }), g, 6,
               "behaviour.recruitment.entrants.outsider.level_shares",
               "shares sum to 1.45, they must sum to 1", "adjust them so that they add up to 1");
  const fs::path h = over_full("behaviour:\n  pay:\n    employer_shares: {venture: 0.1}\n");
  expect_error(error_of([&] { load_scenario(h); }), h, 4, "behaviour.pay.employer_shares",
               "shares sum to 1.05, they must sum to 1", "adjust them so that they add up to 1");
}

TEST_F(ScenarioFiles, EntrantAgesAndTitles) {
  const fs::path f =
      over_full("behaviour:\n  recruitment:\n    entrants:\n      graduate: {max_age_years: 20}\n");
  expect_error(error_of([&] { load_scenario(f); }), f, 5,
               "behaviour.recruitment.entrants.graduate.max_age_years",
               "20 is below min_age_years 21", "");
  const fs::path g = over_full("behaviour:\n  recruitment:\n    title_by_level: {mid: senoir}\n");
  expect_error(error_of([&] { load_scenario(g); }), g, 4,
               "behaviour.recruitment.title_by_level.mid", "unknown value 'senoir'",
               "did you mean 'senior'? " + hint_of("behaviour.recruitment.title_by_level.mid"));
}

TEST_F(ScenarioFiles, EntrepreneurAges) {
  const fs::path f = over_full("behaviour:\n  entrepreneurship:\n    max_age_years: 24\n");
  expect_error(error_of([&] { load_scenario(f); }), f, 4,
               "behaviour.entrepreneurship.max_age_years", "24 is below min_age_years 25", "");
}

TEST_F(ScenarioFiles, DegreeRequirementStartsAtATitle) {
  const fs::path f = over_full("behaviour:\n  titles:\n    degree_required_from: none\n");
  expect_error(error_of([&] { load_scenario(f); }), f, 4, "behaviour.titles.degree_required_from",
               "unknown value 'none'",
               "one of: junior, intermediate, associate_senior, senior; " + hint_of("behaviour.titles.degree_required_from"));
  const fs::path g =
      over_full("behaviour:\n  titles:\n    degree_required_from: associate_senoir\n");
  expect_error(error_of([&] { load_scenario(g); }), g, 4, "behaviour.titles.degree_required_from",
               "unknown value 'associate_senoir'",
               "did you mean 'associate_senior'? " + hint_of("behaviour.titles.degree_required_from"));
  EXPECT_EQ(load_scenario(over_full("behaviour:\n  titles:\n    degree_required_from: junior\n"))
                .behaviour.titles.degree_required_from,
            Title::junior);
}

TEST_F(ScenarioFiles, PolicyEntries) {
  const fs::path f = over_full("policies:\n  loan:\n    amount: 5\n");
  expect_error(error_of([&] { load_scenario(f); }), f, 3, "policies.loan.type",
               "missing required key", "every policy names its type, such as type: housing_rent_subsidy");
  const fs::path g = over_full("policies:\n  loan: 5\n");
  expect_error(error_of([&] { load_scenario(g); }), g, 3, "policies.loan",
               "expected a map with a type, got '5'", "");
  const Scenario s = load_scenario(over_full(
      "policies:\n  loan: {type: talent_loan, amount_cny: 500000, interest_discount: 0.5, default_rate: 0.05,\n"
      "         government_loss_share: 0.8, term_years: 5}\n"));
  ASSERT_EQ(s.policies.size(), 2u);
  EXPECT_EQ(s.policies[1].name, "loan");
  EXPECT_EQ(s.policies[1].type, "talent_loan");
  EXPECT_EQ(s.policies[1].params.find("interest_discount")->text(), "0.5");
  // Loading builds the policies once, so a policy that would not build is an error of the file
  // (validating needs no population).
  const fs::path h = over_full("policies:\n  loan: {type: talent_loan, rate: 0.02}\n");
  expect_error(error_of([&] { load_scenario(h); }), h, 3, "policies.loan.rate",
               "unknown key 'rate' for a talent_loan policy",
               "allowed keys: type, start, end, target, payer, amount_cny, interest_discount, default_rate, "
               "government_loss_share, term_years");
}

TEST_F(ScenarioFiles, YamlSyntaxError) {
  const fs::path f = write("scenario.yaml", "name: x\nhorizon: {start: 2026-01\n");
  const InputError e = error_of([&] { load_scenario(f); });
  EXPECT_EQ(e.where().file, abs_path(f));
  EXPECT_EQ(e.where().line, 3);
  EXPECT_EQ(e.message(), "YAML syntax error: end of map flow not found");
}

TEST_F(ScenarioFiles, ScenarioFileMissing) {
  const InputError e = error_of([&] { load_scenario(dir_ / "nowhere.yaml"); });
  EXPECT_EQ(e.where().file, abs_path(dir_ / "nowhere.yaml"));
  EXPECT_EQ(e.message(), "file not found: " + abs_path(dir_ / "nowhere.yaml"));
  EXPECT_EQ(std::string(e.what()), abs_path(dir_ / "nowhere.yaml") +
                                       ": file not found: " + abs_path(dir_ / "nowhere.yaml"));
}

TEST_F(ScenarioFiles, DataFileMissing) {
  const fs::path f = over_full("regions: no_regions.csv\n");
  expect_error(error_of([&] { load_scenario(f); }), f, 2, "regions",
               "file not found: " + abs_path(dir_ / "no_regions.csv"),
               "paths are relative to the directory of the scenario file that writes them");
  const fs::path g = over_full("population:\n  margins: ../margins.csv\n");
  expect_error(error_of([&] { load_scenario(g); }), g, 3, "population.margins",
               "file not found: " + abs_path(dir_.parent_path() / "margins.csv"),
               "paths are relative to the directory of the scenario file that writes them");
}

TEST_F(ScenarioFiles, RegionTableErrorPassesThroughUnchanged) {
  const fs::path csv = kData / "data/bad_regions.csv";
  const fs::path f = over_full("regions: " + abs_path(csv) + "\n");
  const InputError e = error_of([&] { load_scenario(f); });
  EXPECT_EQ(e.where().file, abs_path(csv));
  EXPECT_EQ(e.where().line, 4);
  EXPECT_EQ(e.key(), "type");
}

// ---------------------------------------------------------------------------------------------
// Every numeric key refuses NaN, infinities and values outside its declared range

// The full fixture's tree with `key` set to `text`, written at bad.yaml line 7.
ConfigNode full_tree_with(const std::string& key, const std::string& text) {
  static const ConfigNode full = load_scenario_tree(kData / "full.yaml");
  ConfigNode tree = full;
  set_path(tree, key, ConfigNode::scalar(text, {"bad.yaml", 7, 3}));
  return tree;
}

// A value outside [min, max] (or at an exclusive min), whole when the parameter is: nullopt when
// the declaration has no finite bound.
std::vector<std::string> out_of_range_values(double min, double max, bool min_exclusive) {
  std::vector<std::string> out;
  if (std::isfinite(max)) out.push_back(format_shortest(max + std::fabs(max) + 1));
  if (std::isfinite(min)) out.push_back(format_shortest(min_exclusive ? min : min - std::fabs(min) - 1));
  return out;
}

const std::vector<std::string> kNonFinite = {".nan", ".NaN", ".inf", "-.inf", "nan", "inf", "-Infinity"};

// One test per declared behaviour parameter that holds a number.
class BehaviourNumberRefusals : public ::testing::TestWithParam<const BehaviourParameter*> {};

std::vector<const BehaviourParameter*> numeric_behaviour_parameters() {
  std::vector<const BehaviourParameter*> out;
  for (const auto& p : behaviour_parameters())
    if (p.declaration.type == ParameterType::number || p.declaration.type == ParameterType::integer)
      out.push_back(&p);
  return out;
}

TEST_P(BehaviourNumberRefusals, NanInfinityAndOutOfRangeNameTheKey) {
  const Parameter& d = GetParam()->declaration;
  const std::string expected = d.type == ParameterType::integer ? "an integer" : "a number";
  // Every numeric parameter is bounded on both sides: nothing can swamp a run's arithmetic.
  EXPECT_TRUE(std::isfinite(d.min) && std::isfinite(d.max)) << d.key << ": " << range_phrase(d);
  for (const std::string& bad : kNonFinite) {
    const InputError e = error_of([&] { scenario_from_tree(full_tree_with(d.key, bad), kData); });
    EXPECT_EQ(e.where().file, "bad.yaml") << d.key << " " << bad;
    EXPECT_EQ(e.where().line, 7);
    EXPECT_EQ(e.key(), d.key);
    EXPECT_EQ(e.message(), "expected " + expected + ", got '" + bad + "'");
    EXPECT_EQ(e.hint(), "infinity and NaN are not allowed");
  }
  for (const std::string& bad : out_of_range_values(d.min, d.max, d.min_exclusive)) {
    const InputError e = error_of([&] { scenario_from_tree(full_tree_with(d.key, bad), kData); });
    EXPECT_EQ(e.where().line, 7) << d.key << " " << bad;
    EXPECT_EQ(e.key(), d.key);
    EXPECT_EQ(e.message(), bad + " is out of range: " + range_text(key_spec(d)));
    EXPECT_EQ(e.hint(), parameter_hint(d));
  }
}

std::string test_name(const std::string& key) {
  std::string out;
  for (const char c : key) out += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  return out;
}

INSTANTIATE_TEST_SUITE_P(EveryDeclared, BehaviourNumberRefusals, ::testing::ValuesIn(numeric_behaviour_parameters()),
                         [](const auto& info) { return test_name(info.param->declaration.key); });

// One test per numeric parameter of every policy type, set in a policy entry of the full fixture.
struct PolicyParameterCase {
  const PolicyType* type;
  const Parameter* parameter;
};

class PolicyNumberRefusals : public ::testing::TestWithParam<PolicyParameterCase> {};

std::vector<PolicyParameterCase> numeric_policy_parameters() {
  std::vector<PolicyParameterCase> out;
  for (const PolicyType& t : policy_types())
    for (const Parameter& p : t.parameters)
      if (p.type == ParameterType::number || p.type == ParameterType::integer) out.push_back({&t, &p});
  return out;
}

TEST_P(PolicyNumberRefusals, NanInfinityAndOutOfRangeNameTheKey) {
  const PolicyType& t = *GetParam().type;
  const Parameter& d = *GetParam().parameter;
  const std::string key = "policies.probe." + d.key;
  const std::string expected = d.type == ParameterType::integer ? "an integer" : "a number";
  EXPECT_TRUE(std::isfinite(d.min) && std::isfinite(d.max)) << t.name << " " << d.key << ": " << range_phrase(d);
  const auto tree_with = [&](const std::string& text) {
    ConfigNode tree = full_tree_with("policies.probe.type", t.name);
    set_path(tree, key, ConfigNode::scalar(text, {"bad.yaml", 8, 5}));
    return tree;
  };
  for (const std::string& bad : {std::string(".nan"), std::string(".inf"), std::string("-.inf")}) {
    const InputError e = error_of([&] { scenario_from_tree(tree_with(bad), kData); });
    EXPECT_EQ(e.where().file, "bad.yaml") << key << " " << bad << ": " << e.what();
    EXPECT_EQ(e.where().line, 8);
    EXPECT_EQ(e.key(), key);
    EXPECT_EQ(e.message(), "expected " + expected + ", got '" + bad + "'");
    EXPECT_EQ(e.hint(), "infinity and NaN are not allowed");
  }
  for (const std::string& bad : out_of_range_values(d.min, d.max, d.min_exclusive)) {
    const InputError e = error_of([&] { scenario_from_tree(tree_with(bad), kData); });
    EXPECT_EQ(e.where().line, 8) << key << " " << bad << ": " << e.what();
    EXPECT_EQ(e.key(), key);
    EXPECT_EQ(e.message(), bad + " is out of range: " + range_text(key_spec(d)));
  }
}

INSTANTIATE_TEST_SUITE_P(EveryDeclared, PolicyNumberRefusals, ::testing::ValuesIn(numeric_policy_parameters()),
                         [](const auto& info) {
                           return test_name(info.param.type->name + "_" + info.param.parameter->key);
                         });

TEST(ScenarioNumbers, PopulationAndHorizonKeysRefuseNanInfinityAndAbsurdValues) {
  struct Case {
    std::string key, text, message, hint;
  };
  for (const Case& c : std::vector<Case>{
           {"population.total", ".nan", "expected a number, got '.nan'", "infinity and NaN are not allowed"},
           {"population.total", ".inf", "expected a number, got '.inf'", "infinity and NaN are not allowed"},
           {"population.total", "1e15", "1e15 is out of range: must be greater than 0 and at most 1000000000", ""},
           {"population.total", "-5", "-5 is out of range: must be greater than 0 and at most 1000000000", ""},
           {"population.scale", "-.inf", "expected a number, got '-.inf'", "infinity and NaN are not allowed"},
           {"population.scale", "1e308", "1e308 is out of range: must be between 0.01 and 1000", ""},
           {"replications", ".inf", "expected an integer, got '.inf'", "infinity and NaN are not allowed"},
           {"replications", "0", "0 is out of range: must be between 1 and 10000", ""},
           {"seed", ".nan", "expected an integer, got '.nan'", "infinity and NaN are not allowed"},
           {"seed", "-1", "-1 is out of range: must be between 0 and 18446744073709551615", ""},
           {"horizon.start", "2026-13", "expected a date YYYY-MM, got '2026-13'",
            "there is no month 13: months run from 01 to 12, as in 2026-01"},
           {"horizon.start", "2026-00", "expected a date YYYY-MM, got '2026-00'",
            "there is no month 00: months run from 01 to 12, as in 2026-01"},
           {"horizon.end", "3000-01", "expected a date YYYY-MM, got '3000-01'", "years run from 1900 to 2999"},
           {"horizon.end", ".inf", "expected a date YYYY-MM, got '.inf'", "write it like 2026-01"},
           {"behaviour.retirement.reform_first_cohort_male", "1965-13", "expected a date YYYY-MM, got '1965-13'",
            "there is no month 13: months run from 01 to 12, as in 2026-01"},
       }) {
    const InputError e = error_of([&] { scenario_from_tree(full_tree_with(c.key, c.text), kData); });
    EXPECT_EQ(e.where().file, "bad.yaml") << c.key << " " << c.text;
    EXPECT_EQ(e.where().line, 7) << c.key << " " << c.text;
    EXPECT_EQ(e.key(), c.key);
    EXPECT_EQ(e.message(), c.message);
    EXPECT_EQ(e.hint(), c.hint) << c.key << " " << c.text;
  }
}

TEST_F(ScenarioFiles, ARegionTableNumberOutOfRangeFailsTheScenario) {
  // The case: jobs_health: 1e15 at scale 0.02 wrapped the job capacity, and the run exited 0.
  std::ifstream in(kData / "data/regions.csv");
  std::ostringstream all;
  all << in.rdbuf();
  std::string table = all.str();
  const std::string chengzhong_jobs = ",325813,1200,900";  // line 5: jobs_health, jobs_education
  ASSERT_NE(table.find(chengzhong_jobs), std::string::npos);
  table.replace(table.find(chengzhong_jobs), chengzhong_jobs.size(), ",325813,1e15,900");
  write("regions.csv", table);
  const fs::path f = write("s.yaml", "extends: " + abs_path(kData / "full.yaml") + "\nregions: regions.csv\n");
  const InputError e = error_of([&] { load_scenario(f); });
  EXPECT_EQ(e.where().file, (dir_ / "regions.csv").string());
  EXPECT_EQ(e.where().line, 5);
  EXPECT_EQ(e.where().column, 18);
  EXPECT_EQ(e.key(), "jobs_health");
  EXPECT_EQ(e.message(), "jobs_health 1e+15 is out of range: must be between 0 and 1000000 (posts at full scale)");
}

}  // namespace
}  // namespace kunlun
