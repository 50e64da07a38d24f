// `kunlun run` and `kunlun validate` as a planner uses them: exit codes, one-line errors, no output
// on bad input, byte-identical outputs for any thread count, no overwriting without --force, the
// memory check, profiling and verbose reports.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "model/simulation.h"
#include "testing/cli_testing.h"
#include "testing/file_testing.h"

namespace fs = std::filesystem;
using kunlun::testing::Cli;
using kunlun::testing::slurp;
using Result = kunlun::testing::CliResult;

namespace {
const std::string kSmall = std::string(KUNLUN_TEST_DATA) + "/sim/small.yaml";
}  // namespace

TEST_F(Cli, MalformedScenarioGivesOneLineErrorExitTwoAndNoOutput) {
  const fs::path bad = write("bad.yaml", "extends: " + kSmall + "\nreplications: 2\nbehavior: {}\n");
  const fs::path out = dir_ / "out";
  const Result r = run("run " + bad.string() + " --out " + out.string());
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "kunlun: " + bad.string() + ":3: behavior: unknown key 'behavior' (did you mean 'behaviour'?)\n");
  EXPECT_FALSE(fs::exists(out));
  // Nothing else appeared beside it either (no staging folder left behind).
  for (const auto& e : fs::directory_iterator(dir_))
    EXPECT_TRUE(e.path().filename() == "bad.yaml" || e.path().filename() == "stdout" || e.path().filename() == "stderr")
        << e.path();
}

TEST_F(Cli, ValidateChecksWithoutRunning) {
  const Result ok = run("validate " + kSmall);
  EXPECT_EQ(ok.code, 0) << ok.err;
  EXPECT_NE(ok.out.find(": ok (test-small"), std::string::npos) << ok.out;
  const fs::path bad = write("bad.yaml", "extends: " + kSmall + "\nhorizon: {start: 2026-01, end: 2025-06}\n");
  const Result r = run("validate " + bad.string());
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find(bad.string() + ":2: horizon.end:"), std::string::npos) << r.err;
}

// Every policy of the shipped scenarios at once (apartment queues, grants, loans, equity
// selections, cultivation, placements): population parts and shared totals are thread-safe too.
TEST_F(Cli, PolicyOutputIsByteIdenticalForOneTwoAndFourThreads) {
  const std::string combined = std::string(KUNLUN_TEST_DATA) + "/../../scenarios/qinghai/combined.yaml";
  for (const char* threads : {"1", "2", "4"}) {
    const Result r = run("run " + combined + " --quiet -r 1 --set population.scale=0.03 --set horizon.end=2027-12 --threads " +
                         threads + " --out " + (dir_ / (std::string("c") + threads)).string());
    ASSERT_EQ(r.code, 0) << r.err;
  }
  for (const char* file : {"timeseries.csv", "summary.json", "costs.csv", "od_flows.csv", "retention.csv"}) {
    const std::string one = slurp(dir_ / "c1" / file);
    EXPECT_GT(one.size(), 30u) << file;
    EXPECT_EQ(one, slurp(dir_ / "c2" / file)) << file;
    EXPECT_EQ(one, slurp(dir_ / "c4" / file)) << file;
  }
  EXPECT_NE(slurp(dir_ / "c1" / "costs.csv").find("housing"), std::string::npos);
}

// --profile names every process and every output stage; the month time is most of the run.
TEST_F(Cli, ProfilePrintsEveryProcessAndOutputStage) {
  const Result r = run("run " + kSmall + " --quiet -r 1 --profile --out " + (dir_ / "p").string());
  ASSERT_EQ(r.code, 0) << r.err;
  for (const std::string& name : kunlun::Simulation::process_order()) EXPECT_NE(r.err.find("  " + name + " ("), std::string::npos) << name;
  for (const char* stage : {"indicators", "timeseries.csv rows", "writing the CSV files", "all months", "all output",
                            "census of each pass", "throughput:"})
    EXPECT_NE(r.err.find(stage), std::string::npos) << stage << "\n" << r.err;
}

// A run estimated not to fit is refused before any work, with the estimate and the limit.
TEST_F(Cli, RunThatWillNotFitIsRefusedWithEstimateAndLimit) {
  const Result r = run("run " + kSmall + " --memory-limit 1M --out " + (dir_ / "m").string());
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("population.scale: the run needs about"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("but 0.0 GiB is the limit set"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("; give --memory-limit to set the limit yourself when the system's figure is wrong)"),
            std::string::npos)
      << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir_ / "m"));
  const Result bad = run("run " + kSmall + " --memory-limit lots --out " + (dir_ / "m").string());
  EXPECT_EQ(bad.code, 2);
  EXPECT_NE(bad.err.find("--memory-limit: 'lots' is not an amount of memory"), std::string::npos) << bad.err;
}

TEST_F(Cli, OutputIsByteIdenticalForOneTwoAndFourThreads) {
  // Three replications: on two or four threads several run at once, on one thread one after
  // another; with one replication, all threads share each month's passes.
  for (const char* reps : {"3", "1"}) {
    const std::string tag = std::string("r") + reps;
    for (const char* threads : {"1", "2", "4"}) {
      const Result r = run("run " + kSmall + " --quiet -r " + reps + " --threads " + threads + " --out " +
                           (dir_ / (tag + "t" + threads)).string());
      ASSERT_EQ(r.code, 0) << r.err;
    }
    for (const char* file : {"timeseries.csv", "summary.json", "costs.csv", "od_flows.csv", "retention.csv"}) {
      const std::string one = slurp(dir_ / (tag + "t1") / file);
      EXPECT_GT(one.size(), 30u) << file;
      EXPECT_EQ(one, slurp(dir_ / (tag + "t2") / file)) << tag << " " << file;
      EXPECT_EQ(one, slurp(dir_ / (tag + "t4") / file)) << tag << " " << file;
    }
  }
  std::filesystem::rename(dir_ / "r3t1", dir_ / "t1");
  std::filesystem::rename(dir_ / "r3t2", dir_ / "t2");
  const std::string a = slurp(dir_ / "t1" / "timeseries.csv");
  EXPECT_GT(a.size(), 1000u);
  EXPECT_NE(a.find("\n2027-12,2,"), std::string::npos) << "the last replication is written last";
  EXPECT_EQ(a.substr(0, a.find('\n')),
            "date,replication,prefecture,county,field,level,stock,inflow,inflow_internal,outflow_internal,"
            "outflow_external,retirements,service_days");
  // The manifest records the command and the resolved scenario.
  const std::string manifest = slurp(dir_ / "t2" / "manifest.json");
  EXPECT_NE(manifest.find("--threads 2"), std::string::npos);
  EXPECT_NE(manifest.find("\"seed\": 20261124"), std::string::npos);
  EXPECT_NE(manifest.find("resolved_scenario"), std::string::npos);
}

// --force replaces only a folder kunlun wrote: a user's own files are never deleted.
TEST_F(Cli, ExistingOutputIsKeptWithoutForceAndReplacedWithItOnlyWhenKunlunWroteIt) {
  const fs::path out = dir_ / "out";
  fs::create_directories(out);
  std::ofstream(out / "keep.txt") << "mine";
  const Result refused = run("run " + kSmall + " --quiet --out " + out.string());
  EXPECT_EQ(refused.code, 2);
  EXPECT_NE(refused.err.find("already exists"), std::string::npos);
  EXPECT_NE(refused.err.find("--force"), std::string::npos);
  EXPECT_TRUE(fs::exists(out / "keep.txt"));
  const Result not_ours = run("run " + kSmall + " --quiet --force --replications 1 --out " + out.string());
  EXPECT_EQ(not_ours.code, 2);
  EXPECT_EQ(not_ours.err, "kunlun: <command line>: --force: will not replace '" + out.string() +
                              "': it has no manifest.json, so kunlun did not write it (only a folder that kunlun "
                              "wrote, holding nothing else, is replaced; move what you want to keep, or remove the "
                              "folder yourself; choose another --out)\n");
  EXPECT_EQ(slurp(out / "keep.txt"), "mine");

  const fs::path ours = dir_ / "ours";
  ASSERT_EQ(run("run " + kSmall + " --quiet --replications 1 --out " + ours.string()).code, 0);
  std::ofstream(ours / "notes.txt") << "mine";
  const Result foreign = run("run " + kSmall + " --quiet --force --replications 1 --out " + ours.string());
  EXPECT_EQ(foreign.code, 2);
  EXPECT_NE(foreign.err.find("it holds notes.txt, which kunlun did not write"), std::string::npos) << foreign.err;
  fs::remove(ours / "notes.txt");
  const Result forced = run("run " + kSmall + " --quiet --force --seed 7 --replications 1 --out " + ours.string());
  ASSERT_EQ(forced.code, 0) << forced.err;
  EXPECT_TRUE(fs::exists(ours / "timeseries.csv"));
  EXPECT_NE(slurp(ours / "summary.json").find("\"seed\": 7"), std::string::npos);
}

// The engine names the output folder's argument by key ("out") and suggests "force"; the command
// line spells both as its options.
TEST_F(Cli, ExistingOutputFolderIsNamedByItsOptions) {
  const fs::path out = dir_ / "taken";
  fs::create_directories(out);
  const Result r = run("run " + kSmall + " --quiet --out " + out.string());
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "kunlun: <command line>: --out: output directory '" + out.string() +
                       "' already exists (choose another --out, or add --force to replace it)\n");
}

TEST_F(Cli, BadOverrideIsBadInput) {
  const Result r = run("run " + kSmall + " --replications 0 --out " + (dir_ / "o").string());
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("<command line>: replications:"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir_ / "o"));
}

TEST_F(Cli, VerbosePrintsBytesPerAgent) {
  const Result r = run("run " + kSmall + " --verbose --replications 1 --out " + (dir_ / "v").string());
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.err.find("bytes per agent:   57"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("processes:         ageing_retirement > title_evaluation > housing > pay > place_valuation > "
                                "stay_or_move > destination > entrepreneurship > placement > recruitment"), std::string::npos)
      << r.err;
}
