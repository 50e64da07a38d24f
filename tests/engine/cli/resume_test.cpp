// --resume: a multi-run command killed (kill -9) after some replications finished, or while its
// outputs were being moved into place, finishes with --resume to the bytes of an uninterrupted run,
// running only what it had not finished, whatever the threads; nothing partial is ever visible;
// other inputs are refused naming what changed; Ctrl-C says how to resume.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include "testing/cli_testing.h"

namespace kunlun::testing {
namespace {

namespace fs = std::filesystem;
const std::string kSmall = std::string(KUNLUN_TEST_DATA) + "/sim/small.yaml";

// The command started in the background, held at pause point `point` (the `nth` time it is
// reached), then sent `sig`; returns once it has ended.
void interrupt_at(const fs::path& dir, const std::string& args, const std::string& point, int nth, int sig) {
  const fs::path err = dir / "interrupted.err";
  fs::remove(err);
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::setenv("KUNLUN_PAUSE_AT", point.c_str(), 1);
    ::setenv("KUNLUN_PAUSE_SECONDS", "0.3", 1);
    const std::string cmd = "exec " + kCli + " " + args + " >/dev/null 2>" + err.string();
    ::execl("/bin/sh", "sh", "-c", cmd.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  // Each pause lasts 0.3 s; the nth is seen in the log, and then the signal comes during it.
  const std::string mark = "paused at " + point;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (true) {
    const std::string log = slurp(err);
    int seen = 0;
    for (std::size_t at = log.find(mark); at != std::string::npos; at = log.find(mark, at + 1)) ++seen;
    if (seen >= nth) break;
    ASSERT_LT(std::chrono::steady_clock::now(), deadline) << "never paused at " << point << " " << nth << " times";
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ::kill(pid, sig);
  int status = 0;
  ::waitpid(pid, &status, 0);
}

// Every file of `a` but the manifest has the bytes of `b`'s.
void expect_same_outputs(const fs::path& a, const fs::path& b) {
  std::size_t files = 0;
  for (const auto& e : fs::recursive_directory_iterator(a)) {
    if (!e.is_regular_file() || e.path().filename() == "manifest.json" || e.path().filename() == "report.html") continue;
    ++files;
    const fs::path rel = fs::relative(e.path(), a);
    EXPECT_TRUE(slurp(e.path()) == slurp(b / rel)) << rel << " differs";
  }
  EXPECT_GE(files, 2u);
}

TEST_F(Cli, AKilledRunResumesToTheBytesOfAnUninterruptedOneRunningOnlyWhatIsMissing) {
  const std::string args = "run " + kSmall + " -r 4 -q ";
  ASSERT_EQ(run(args + "-t 1 -o " + (dir_ / "whole").string()).code, 0);
  interrupt_at(dir_, args + "-t 1 -o " + (dir_ / "cut").string(), "kept", 2, SIGKILL);
  EXPECT_FALSE(fs::exists(dir_ / "cut")) << "nothing partial is visible";
  ASSERT_TRUE(fs::exists(dir_ / ".cut.resume" / "records.bin"));
  // Resumed on two threads: the replications are the same whatever runs them.
  const CliResult r = run_with("KUNLUN_PAUSE_AT=kept KUNLUN_PAUSE_SECONDS=0", "run " + kSmall + " -r 4 -t 2 --resume -o " +
                                                                                 (dir_ / "cut").string());
  ASSERT_EQ(r.code, 0) << r.err;
  std::size_t ran = 0;
  for (std::size_t at = r.err.find("paused at kept"); at != std::string::npos; at = r.err.find("paused at kept", at + 1))
    ++ran;
  EXPECT_EQ(ran, 2u) << "two of the four replications were kept; only the other two run";
  expect_same_outputs(dir_ / "whole", dir_ / "cut");
  EXPECT_FALSE(fs::exists(dir_ / ".cut.resume")) << "a finished command removes its journal";
}

TEST_F(Cli, AnInterruptedSweepAndCalibrationResumeToIdenticalBytes) {
  const auto [targets, design] = write_small_calibration();
  const std::string sweep = "sweep " + kSmall + " --set behaviour.mobility.annual_move_rate=0.1:0.16:0.02 -q -t 1 ";
  const std::string calibrate = "calibrate " + kSmall + " --targets " + targets.string() + " --design " +
                                design.string() + " -q -t 1 ";
  for (const auto& [name, args, nth] : {std::tuple{"sweep", sweep, 3}, std::tuple{"calibration", calibrate, 9}}) {
    const fs::path whole = dir_ / (std::string(name) + "-whole"), cut = dir_ / (std::string(name) + "-cut");
    ASSERT_EQ(run(args + "-o " + whole.string()).code, 0) << name;
    // Into the second wave of the calibration: the first is taken whole from the journal.
    interrupt_at(dir_, args + "-o " + cut.string(), "kept", nth, SIGKILL);
    EXPECT_FALSE(fs::exists(cut)) << name;
    const CliResult r = run(args + "--resume -o " + cut.string());
    ASSERT_EQ(r.code, 0) << name << ": " << r.err;
    expect_same_outputs(whole, cut);
  }
}

TEST_F(Cli, AKillWhileTheOutputsAreMovedIntoPlaceLeavesNoneAndResumesWithoutSimulating) {
  const auto stay = write("stay.yaml", "extends: " + kSmall +
                                           "\nname: stay\npolicies:\n  stay:\n    type: behaviour\n    target: {}\n"
                                           "    exit_log_odds: -1\n");
  const std::string args = "compare " + kSmall + " " + stay.string() + " -q -t 1 ";
  ASSERT_EQ(run(args + "-o " + (dir_ / "whole").string()).code, 0);
  interrupt_at(dir_, args + "-o " + (dir_ / "cut").string(), "before-rename", 1, SIGKILL);
  EXPECT_FALSE(fs::exists(dir_ / "cut"));
  const CliResult r = run_with("KUNLUN_PAUSE_AT=kept KUNLUN_PAUSE_SECONDS=0", args + "--resume -o " + (dir_ / "cut").string());
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.err.find("paused at kept"), std::string::npos) << "every replication came from the journal";
  expect_same_outputs(dir_ / "whole", dir_ / "cut");
}

TEST_F(Cli, AResumeWithOtherInputsIsRefusedNamingWhatChangedAndCtrlCSaysHowToResume) {
  const std::string args = "run " + kSmall + " -r 4 -t 1 -o " + (dir_ / "cut").string();
  interrupt_at(dir_, args, "kept", 1, SIGKILL);
  const CliResult seed = run(args + " --seed 5 --resume");
  EXPECT_EQ(seed.code, 2);
  EXPECT_NE(seed.err.find("--resume: the unfinished run kept in"), std::string::npos) << seed.err;
  EXPECT_NE(seed.err.find("was made with another option seed"), std::string::npos) << seed.err;
  EXPECT_FALSE(fs::exists(dir_ / "cut"));
  // Ctrl-C: the replications done are kept, and the message says how to finish.
  interrupt_at(dir_, args, "kept", 2, SIGINT);
  const std::string said = slurp(dir_ / "interrupted.err");
  EXPECT_NE(said.find("finished replication(s) are kept in"), std::string::npos) << said;
  EXPECT_NE(said.find("the same command with --resume runs only the others"), std::string::npos) << said;
  const CliResult r = run(args + " --resume -q");
  ASSERT_EQ(r.code, 0) << r.err;
}

}  // namespace
}  // namespace kunlun::testing
