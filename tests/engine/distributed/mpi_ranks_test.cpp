// The command line under mpirun: every experiment spread over 1 to 4 ranks writes the same bytes
// as one process without MPI (the manifest aside, which records the command and the ranks), and
// an error one rank meets ends the job with its message and nothing written. Skipped in a build
// without MPI. Ranks on this 2-core machine are oversubscribed: this checks correctness, not speed.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include "testing/cli_testing.h"

namespace kunlun::testing {
namespace {

namespace fs = std::filesystem;

#ifdef KUNLUN_MPIEXEC
const std::string kSmall = std::string(KUNLUN_TEST_DATA) + "/sim/small.yaml";

// `mpirun -np N kunlun ARGS`, as root too, ranks beyond the cores allowed; the ranks' temporary
// folder is dir/tmp, so that what they leave there can be checked.
CliResult on_ranks(Cli& cli, int n, const std::string& args, const fs::path& dir) {
  fs::create_directories(dir / "tmp");
  const std::string cmd = "env TMPDIR=" + (dir / "tmp").string() + " " + std::string(KUNLUN_MPIEXEC) +
                          " --allow-run-as-root --oversubscribe -np " +
                          std::to_string(n) + " " + kCli + " " + args + " >" + (dir / "stdout").string() + " 2>" +
                          (dir / "stderr").string();
  (void)cli;
  const int status = std::system(cmd.c_str());
  return {WEXITSTATUS(status), slurp(dir / "stdout"), slurp(dir / "stderr")};
}

// Every file below `a` (but manifest.json and report.html, which hold the command and run time)
// has the same bytes below `b`, and `b` has no other file.
void expect_same_files(const fs::path& a, const fs::path& b) {
  std::vector<std::string> seen;
  for (const auto& e : fs::recursive_directory_iterator(a)) {
    if (!e.is_regular_file()) continue;
    const fs::path rel = fs::relative(e.path(), a);
    seen.push_back(rel.string());
    if (rel.filename() == "manifest.json" || rel.filename() == "report.html") continue;
    ASSERT_TRUE(fs::exists(b / rel)) << rel;
    EXPECT_TRUE(slurp(e.path()) == slurp(b / rel)) << rel << " differs";
  }
  std::size_t in_b = 0;
  for (const auto& e : fs::recursive_directory_iterator(b)) in_b += e.is_regular_file() ? 1 : 0;
  EXPECT_EQ(in_b, seen.size());
}

TEST_F(Cli, ACompareOnOneToFourRanksWritesTheBytesOfOneProcess) {
  const auto stay = write("stay.yaml", "extends: " + kSmall +
                                           "\nname: stay\npolicies:\n  stay:\n    type: behaviour\n    target: {}\n"
                                           "    exit_log_odds: -1\n");
  const std::string args = "compare " + kSmall + " " + stay.string() + " -r 3 --threads 1 -q -o ";
  ASSERT_EQ(run(args + (dir_ / "alone").string()).code, 0);
  for (const int n : {1, 2, 3, 4}) {
    const fs::path out = dir_ / ("ranks" + std::to_string(n));
    const CliResult r = on_ranks(*this, n, args + out.string(), dir_);
    ASSERT_EQ(r.code, 0) << r.err;
    expect_same_files(dir_ / "alone", out);
    EXPECT_NE(slurp(out / "manifest.json").find("\"ranks\": " + std::to_string(n)), std::string::npos);
  }
  // Only rank 0 wrote: the other ranks' discarded folders are gone.
  for (const auto& e : fs::directory_iterator(dir_ / "tmp"))
    EXPECT_EQ(e.path().filename().string().rfind("kunlun-discarded-", 0), std::string::npos) << e.path();
}

TEST_F(Cli, EveryMultiRunCommandOnRanksWritesTheBytesOfOneProcess) {
  const auto [targets, design] = write_small_calibration();
  const std::string hindcast = std::string(KUNLUN_SOURCE_DIR) + "/scenarios/qinghai/hindcast.yaml";
  const std::vector<std::pair<int, std::string>> commands{
      // A posterior: every replication its own starting state.
      {3, "run " + hindcast + " --set population.scale=0.01 --set horizon.end=2016-12 -r 4"},
      {2, "sweep " + kSmall + " --set behaviour.mobility.annual_move_rate=0.1:0.14:0.02"},
      {3, "sensitivity " + kSmall + " --parameters behaviour.mobility --trajectories 2 --resamples 50"},
      {2, "calibrate " + kSmall + " --targets " + targets.string() + " --design " + design.string()},
  };
  for (std::size_t k = 0; k < commands.size(); ++k) {
    const auto& [n, args] = commands[k];
    const fs::path alone = dir_ / ("alone" + std::to_string(k)), ranks = dir_ / ("ranks" + std::to_string(k));
    const CliResult one = run(args + " --threads 1 -q -o " + alone.string());
    ASSERT_EQ(one.code, 0) << args << "\n" << one.err;
    const CliResult r = on_ranks(*this, n, args + " --threads 1 -q -o " + ranks.string(), dir_);
    ASSERT_EQ(r.code, 0) << args << "\n" << r.err;
    expect_same_files(alone, ranks);
  }
}

// A run interrupted on one process resumes on ranks: every rank skips the replications the
// journal holds, and rank 0 writes the bytes of an uninterrupted run.
TEST_F(Cli, ARunInterruptedAloneResumesOnRanksToTheSameBytes) {
  const std::string args = "run " + kSmall + " -r 4 -q -t 1 -o ";
  ASSERT_EQ(run(args + (dir_ / "whole").string()).code, 0);
  // Killed once the first replication is kept.
  const fs::path err = dir_ / "cut.err";
  const std::string kill_after_first =
      "KUNLUN_PAUSE_AT=kept KUNLUN_PAUSE_SECONDS=10 " + kCli + " " + args + (dir_ / "cut").string() + " 2>" +
      err.string() + " & p=$!; until grep -q 'paused at kept' " + err.string() +
      " 2>/dev/null; do sleep 0.02; done; kill -9 $p; wait $p";
  ASSERT_NE(std::system(kill_after_first.c_str()), 0);
  ASSERT_TRUE(fs::exists(dir_ / ".cut.resume" / "records.bin"));
  ASSERT_FALSE(fs::exists(dir_ / "cut"));
  const CliResult r = on_ranks(*this, 2, args + (dir_ / "cut").string() + " --resume", dir_);
  ASSERT_EQ(r.code, 0) << r.err;
  expect_same_files(dir_ / "whole", dir_ / "cut");
  EXPECT_FALSE(fs::exists(dir_ / ".cut.resume"));
}

TEST_F(Cli, AnErrorOnOneRankEndsTheJobWithItsMessageAndNoOutput) {
  // The output folder exists: rank 0 refuses, alone, and the job ends with exit code 2.
  fs::create_directories(dir_ / "taken");
  write("taken/notes.txt", "mine");
  const CliResult r = on_ranks(*this, 2, "run " + kSmall + " -q -o " + (dir_ / "taken").string(), dir_);
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("kunlun: <command line>: --out: output directory"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("(rank 1)"), std::string::npos) << r.err;
  EXPECT_EQ(slurp(dir_ / "taken" / "notes.txt"), "mine");
  // --profile times one process.
  const CliResult p = on_ranks(*this, 2, "run " + kSmall + " --profile -o " + (dir_ / "p").string(), dir_);
  EXPECT_EQ(p.code, 2);
  EXPECT_NE(p.err.find("--profile times one process"), std::string::npos) << p.err;
  EXPECT_FALSE(fs::exists(dir_ / "p"));
  // What a rank ended by MPI_Abort leaves in its temporary folder, the next job removes: here the
  // folder of a process that has ended (a shell, waited for).
  const pid_t gone = ::fork();
  if (gone == 0) ::_exit(0);
  ::waitpid(gone, nullptr, 0);
  const fs::path left = dir_ / "tmp" / ("kunlun-discarded-" + std::to_string(gone)) / "0";
  fs::create_directories(left);
  write("tmp/kunlun-discarded-" + std::to_string(gone) + "/0/timeseries.csv", "half");
  ASSERT_EQ(on_ranks(*this, 2, "run " + kSmall + " -q -o " + (dir_ / "next").string(), dir_).code, 0);
  EXPECT_FALSE(fs::exists(left.parent_path()));
}
#else
TEST(MpiRanks, NeedsABuildWithMpi) { GTEST_SKIP() << "built without MPI (KUNLUN_WITH_MPI=OFF or no MPI found)"; }
#endif

}  // namespace
}  // namespace kunlun::testing
