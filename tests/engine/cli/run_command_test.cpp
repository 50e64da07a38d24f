// `kunlun run` and `kunlun validate` as a planner uses them: exit codes, one-line errors, no output
// on bad input, byte-identical outputs for any thread count, no overwriting without --force, the
// memory check, profiling and verbose reports.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include "experiment/thread_count.h"
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
  for (const char* file : {"timeseries.csv", "vacancies.csv", "summary.json", "costs.csv", "od_flows.csv", "retention.csv",
                             "end_margins.csv"}) {
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
  EXPECT_NE(r.err.find("but 1.0 MiB is the limit set"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("; give --memory-limit to set the limit yourself when the system's figure is wrong)"),
            std::string::npos)
      << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir_ / "m"));
  const Result bad = run("run " + kSmall + " --memory-limit lots --out " + (dir_ / "m").string());
  EXPECT_EQ(bad.code, 2);
  EXPECT_NE(bad.err.find("--memory-limit: 'lots' is not an amount of memory"), std::string::npos) << bad.err;
}

// Every command-line value is checked before any work, naming the option and what it allows;
// --threads 100000 used to crash OpenMP's runtime and --memory-limit inf to reach a conversion of
// infinity to an integer (UBSan), --memory-limit 0.5 to mean no limit at all.
TEST_F(Cli, BadOptionValuesAreRefusedNamingTheOptionAndItsRange) {
  const std::string threads_hint =
      " (give 1 to " + std::to_string(kunlun::thread_limit()) + ": at most 4 per processor, and ";
  const std::string memory_hint =
      " (give a whole number of bytes or a number with K, M, G or T (powers of 1024), e.g. 16G or 1.5T; from 1 byte "
      "to 1024T)\n";
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"--threads 0", "<command line>: --threads: 0 is not a thread count" + threads_hint},
      {"--threads -2", "<command line>: --threads: -2 is not a thread count" + threads_hint},
      {"-t abc", "<command line>: --threads: 'abc' is not a thread count" + threads_hint},
      {"-t 2.5", "<command line>: --threads: '2.5' is not a thread count" + threads_hint},
      {"-t 30000", "<command line>: --threads: 30000 threads are more than this machine can use" + threads_hint},
      {"--threads 100000", "<command line>: --threads: 100000 threads are more than this machine can use" + threads_hint},
      {"-t 99999999999999999999", "<command line>: --threads: 99999999999999999999 is not a thread count" + threads_hint},
      {"--memory-limit inf", "<command line>: --memory-limit: 'inf' is not an amount of memory" + memory_hint},
      {"--memory-limit 0.5", "<command line>: --memory-limit: '0.5' is not a whole number of bytes" + memory_hint},
      {"--memory-limit 0", "<command line>: --memory-limit: '0' is no memory" + memory_hint},
      {"--memory-limit -1G", "<command line>: --memory-limit: '-1G' is not an amount of memory" + memory_hint},
      {"--memory-limit 1e300", "<command line>: --memory-limit: '1e300' is not an amount of memory" + memory_hint},
      {"--memory-limit 2000T", "<command line>: --memory-limit: '2000T' is more than 1024T" + memory_hint},
      {"-r 0", "<command line>: --replications: 0 is out of range: must be between 1 and 10000\n"},
      {"-r -1", "<command line>: --replications: -1 is out of range: must be between 1 and 10000\n"},
      {"-r 1e9", "<command line>: --replications: 1e9 is out of range: must be between 1 and 10000\n"},
      {"-r many", "<command line>: --replications: expected an integer, got 'many' (must be between 1 and 10000)\n"},
      {"--seed -1", "<command line>: --seed: -1 is out of range: must be between 0 and 18446744073709551615\n"},
      {"--seed 18446744073709551616",
       "<command line>: --seed: 18446744073709551616 is out of range: must be between 0 and 18446744073709551615\n"},
      {"-s x", "<command line>: --seed: expected an integer, got 'x' (must be between 0 and 18446744073709551615)\n"},
      {"--set replications=0", "--set replications=0: replications: 0 is out of range: must be between 1 and 10000\n"},
      {"--set population.scale=inf", "--set population.scale=inf: population.scale: expected a number, got 'inf'"},
      {"--set =5", "<command line>: --set: '=5' is not KEY=VALUE (e.g. --set policies.rent.monthly_cny=1500)\n"},
      {"--set seed", "<command line>: --set: 'seed' is not KEY=VALUE (e.g. --set policies.rent.monthly_cny=1500)\n"},
  };
  const fs::path out = dir_ / "out";
  for (const auto& [option, message] : cases) {
    const Result r = run("run " + kSmall + " " + option + " --quiet --out " + out.string());
    EXPECT_EQ(r.code, 2) << option;
    EXPECT_EQ(r.err.rfind("kunlun: " + message, 0), 0u) << option << "\n" << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    EXPECT_FALSE(fs::exists(out)) << option;
  }
  // sweep and compare share the checks.
  const Result sweep = run("sweep " + kSmall + " --set seed=1,2 -t 30000 --out " + out.string());
  EXPECT_EQ(sweep.code, 2);
  EXPECT_EQ(sweep.err.rfind("kunlun: <command line>: --threads: 30000 threads are more", 0), 0u) << sweep.err;
  const Result compare = run("compare " + kSmall + " " + kSmall + " --memory-limit inf --out " + out.string());
  EXPECT_EQ(compare.code, 2);
  EXPECT_EQ(compare.err.rfind("kunlun: <command line>: --memory-limit: 'inf' is not an amount of memory", 0), 0u)
      << compare.err;
  // OpenMP's own default is held to the same limit.
  const Result env = run_with("OMP_NUM_THREADS=100000", "run " + kSmall + " --quiet --out " + out.string());
  EXPECT_EQ(env.code, 2);
  EXPECT_EQ(env.err.rfind("kunlun: OMP_NUM_THREADS: 100000 threads are more than this machine can use (unset "
                          "OMP_NUM_THREADS to use every processor, or give 1 to ", 0),
            0u)
      << env.err;
  EXPECT_FALSE(fs::exists(out));
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
    for (const char* file : {"timeseries.csv", "vacancies.csv", "summary.json", "costs.csv", "od_flows.csv", "retention.csv",
                             "end_margins.csv"}) {
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
            "outflow_external,term_ends,retirements,service_days");
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
  EXPECT_NE(r.err.find("<command line>: --replications:"), std::string::npos) << r.err;
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
