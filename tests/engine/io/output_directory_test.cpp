// The staged output folder: it appears only on commit, replaces an existing one only when told and
// only when kunlun wrote it, never a home or working folder, and cleans what killed runs left.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "core/errors.h"
#include "io/output_directory.h"
#include "io/replaceable_folder.h"
#include "io/staging_folders.h"
#include "testing/file_testing.h"
#include "testing/input_error_testing.h"

using namespace kunlun;
using kunlun::testing::error_of;
using kunlun::testing::slurp;
namespace fs = std::filesystem;

namespace {
class OutputFolder : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() /
            ("kunlun-output-" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::remove_all(root_);
    fs::create_directories(root_);
  }
  void TearDown() override { fs::remove_all(root_); }

  // A folder as `kunlun run` writes it: its files and a manifest listing them.
  fs::path run_folder(const std::string& name) {
    const fs::path dir = root_ / name;
    fs::create_directories(dir);
    std::ofstream(dir / "timeseries.csv") << "date\n";
    std::ofstream(dir / "manifest.json")
        << "{\n  \"kunlun_version\": \"0.1.0\",\n  \"files\": [\"timeseries.csv\", \"summary.json\", "
           "\"manifest.json\"],\n  \"resolved_scenario\": \"name: x\\n\"\n}";
    return dir;
  }
  fs::path root_;
};

// The id of a process that has ended (until the system gives it to another).
long dead_pid() {
  const pid_t child = ::fork();
  if (child == 0) ::_exit(0);
  int status = 0;
  ::waitpid(child, &status, 0);
  return child;
}

void make_folder_with_file(const fs::path& dir) {
  fs::create_directories(dir);
  std::ofstream(dir / "timeseries.csv") << "part";
}
}  // namespace

TEST_F(OutputFolder, OutputAppearsOnlyOnCommit) {
  const fs::path target = root_ / "run";
  {
    StagedDirectory out(target, false);
    write_file_atomically(out.file("a.txt"), "hello");
    EXPECT_FALSE(fs::exists(target));
    // Dropped without commit: as if the run failed.
  }
  EXPECT_FALSE(fs::exists(target));
  EXPECT_TRUE(fs::is_empty(root_));  // the staging folder was cleaned up
  {
    StagedDirectory out(target, false);
    write_file_atomically(out.file("a.txt"), "hello");
    write_file_atomically(out.file("manifest.json"), R"({"kunlun_version": "0", "files": ["a.txt", "manifest.json"]})");
    out.commit();
  }
  EXPECT_TRUE(fs::exists(target / "a.txt"));
  EXPECT_THROW(StagedDirectory(target, false), InputError);
  // The error names the argument "out" by key and suggests "force"; front ends spell both.
  const InputError e = error_of([&] { StagedDirectory::check_target(target, false); });
  EXPECT_EQ(e.where().argument, "out");
  EXPECT_EQ(e.key(), "");
  ASSERT_EQ(e.suggestions().size(), 2u);
  EXPECT_EQ(e.suggestions()[0].argument, "out");
  EXPECT_EQ(e.suggestions()[0].kind, ArgumentChange::Kind::another);
  EXPECT_EQ(e.suggestions()[1].argument, "force");
  EXPECT_EQ(e.suggestions()[1].kind, ArgumentChange::Kind::on);
  EXPECT_EQ(std::string(e.what()), "out: output directory '" + target.string() +
                                       "' already exists (choose another out, or set force to replace it)");
  // A front end words each change; the hint joins them with their purposes.
  EXPECT_EQ(hint_with_suggestions(e, [](const ArgumentChange& c) { return "<" + c.argument + ">"; }),
            "<out>, or <force> to replace it");
  {
    StagedDirectory out(target, true);
    write_file_atomically(out.file("b.txt"), "new");
    out.commit();
  }
  EXPECT_FALSE(fs::exists(target / "a.txt"));
  EXPECT_TRUE(fs::exists(target / "b.txt"));
  EXPECT_EQ(std::distance(fs::directory_iterator(root_), fs::directory_iterator()), 1) << "nothing left beside it";
}

TEST_F(OutputFolder, ForceReplacesOnlyWhatKunlunWrote) {
  EXPECT_EQ(why_not_replaceable(run_folder("ours")), "");
  fs::create_directories(root_ / "empty");
  EXPECT_EQ(why_not_replaceable(root_ / "empty"), "") << "an empty folder has nothing to lose";

  const fs::path mine = root_ / "mine";
  fs::create_directories(mine);
  std::ofstream(mine / "thesis.tex") << "years of work";
  EXPECT_EQ(why_not_replaceable(mine), "it has no manifest.json, so kunlun did not write it");
  std::ofstream(mine / "manifest.json") << "{\"name\": \"my project\"}";
  EXPECT_EQ(why_not_replaceable(mine), "its manifest.json is not one kunlun wrote (it has no kunlun_version and files)");
  std::ofstream(mine / "manifest.json") << "{\"kunlun_version\": ";
  EXPECT_EQ(why_not_replaceable(mine), "its manifest.json is not one kunlun wrote (it is not valid JSON)");

  const fs::path added = run_folder("added");
  std::ofstream(added / "notes.txt") << "mine";
  EXPECT_EQ(why_not_replaceable(added), "it holds notes.txt, which kunlun did not write");
  fs::create_directories(added / "plots");
  fs::create_directories(added / "summary.json");  // a listed name, but a folder
  EXPECT_EQ(why_not_replaceable(added), "it holds notes.txt and 2 more, which kunlun did not write");

  // A comparison: a folder per scenario (each kunlun's), report.html, and the report's temporary
  // file when its drawing was killed.
  const fs::path compare = root_ / "compare";
  fs::create_directories(compare);
  fs::rename(run_folder("base"), compare / "base");
  std::ofstream(compare / "comparison.csv") << "x\n";
  std::ofstream(compare / "report.html") << "<html>";
  std::ofstream(compare / ".report.html.abc123.tmp") << "<ht";
  std::ofstream(compare / "manifest.json")
      << R"({"kunlun_version": "0.1.0", "baseline": "base", "scenarios": [{"name": "base", "folder": "base"}],)"
      << R"( "files": ["comparison.csv", "manifest.json"]})";
  EXPECT_EQ(why_not_replaceable(compare), "");
  std::ofstream(compare / "base" / "mine.txt") << "mine";
  EXPECT_EQ(why_not_replaceable(compare), "its folder base: it holds mine.txt, which kunlun did not write");

  // The refusal is located at "force" and suggests another "out".
  const InputError e = error_of([&] { StagedDirectory::check_target(mine, true); });
  EXPECT_EQ(e.where().argument, "force");
  EXPECT_EQ(e.message(), "will not replace '" + mine.string() + "': its manifest.json is not one kunlun wrote (it is "
                                                              "not valid JSON)");
  ASSERT_EQ(e.suggestions().size(), 1u);
  EXPECT_EQ(e.suggestions()[0].argument, "out");
  EXPECT_TRUE(fs::exists(mine / "thesis.tex"));
}

TEST_F(OutputFolder, ForceNeverReplacesTheHomeOrWorkingFolderOrOneHoldingThem) {
  const fs::path home = run_folder("home"), work = run_folder("home") / "project";
  fs::create_directories(work);
  const char* old_home = std::getenv("HOME");
  const std::string saved_home = old_home ? old_home : "";
  const fs::path saved_cwd = fs::current_path();
  ::setenv("HOME", home.c_str(), 1);
  fs::current_path(work);
  EXPECT_EQ(why_not_replaceable(home), "it is your home folder");
  EXPECT_EQ(why_not_replaceable(work), "it is the working folder");
  EXPECT_EQ(why_not_replaceable(root_), "it holds the working folder");
  EXPECT_EQ(why_not_replaceable("/"), "it is the root folder");
  EXPECT_EQ(why_not_replaceable(fs::path(root_) / "home" / "project" / ".." / ".." / "home"), "it is your home folder");
  const InputError e = error_of([&] { StagedDirectory::check_target("../../home", true); });
  EXPECT_EQ(e.where().argument, "force");
  EXPECT_EQ(e.message(), "will not replace '../../home': it is your home folder");
  EXPECT_EQ(e.hint(), "the outputs need a folder of their own, such as out/baseline");
  fs::current_path(saved_cwd);
  if (old_home) ::setenv("HOME", saved_home.c_str(), 1);
  else ::unsetenv("HOME");
  EXPECT_TRUE(fs::exists(home / "manifest.json"));
}

TEST_F(OutputFolder, StagingNamesAreReadBack) {
  const auto partial = parse_staging_name(".test-small.partial-1234");
  ASSERT_TRUE(partial);
  EXPECT_EQ(partial->target, "test-small");
  EXPECT_FALSE(partial->replaced);
  EXPECT_EQ(partial->pid, 1234);
  const auto replaced = parse_staging_name(".a.partial-1.replaced-99");
  ASSERT_TRUE(replaced);
  EXPECT_EQ(replaced->target, "a.partial-1");
  EXPECT_TRUE(replaced->replaced);
  for (const char* other : {"a.partial-12", ".a.partial-", ".a.partial-12x", ".partial-12", ".x", ".a.replaced-123456789012"})
    EXPECT_FALSE(parse_staging_name(other)) << other;
  EXPECT_EQ(output_folder_of("/x/out/.cmp.partial-77/base/timeseries.csv"), fs::path("/x/out/cmp"));
  EXPECT_EQ(output_folder_of("/x/out/a.csv"), fs::path("/x/out"));
  EXPECT_EQ(staging_path("out/run", false), fs::path("out/.run.partial-" + std::to_string(::getpid())));
}

// What killed runs left (their staging, a replaced folder half removed) goes at the next run into
// the same parent; a folder whose process still runs, or is locked, stays.
TEST_F(OutputFolder, StagingOfDeadProcessesIsRemovedAtTheNextRun) {
  const long dead = dead_pid();
  const fs::path partial = root_ / (".run.partial-" + std::to_string(dead));
  const fs::path replaced = root_ / (".other.replaced-" + std::to_string(dead));
  const fs::path alive = root_ / (".run.partial-" + std::to_string(::getppid()));
  const fs::path locked = root_ / (".third.partial-" + std::to_string(dead));
  const fs::path not_staging = root_ / ".run.partial-notapid";
  for (const fs::path& p : {partial, replaced, alive, locked, not_staging}) make_folder_with_file(p);
  {
    const FolderLock held(locked);  // as a live command holds its own
    ASSERT_EQ(held.state(), FolderLock::State::held);
    StagedDirectory out(root_ / "new", false);
    EXPECT_FALSE(fs::exists(partial));
    EXPECT_FALSE(fs::exists(replaced));
    EXPECT_TRUE(fs::exists(alive / "timeseries.csv")) << "its process id is in use";
    EXPECT_TRUE(fs::exists(locked / "timeseries.csv")) << "its lock is held";
    EXPECT_TRUE(fs::exists(not_staging / "timeseries.csv"));
    // A target being written by a live command is refused at once, naming the process.
    const InputError e = error_of([&] { StagedDirectory::check_target(root_ / "third", false); });
    EXPECT_EQ(e.message(), "another command (process " + std::to_string(dead) + ") is writing output directory '" +
                               (root_ / "third").string() + "' now");
    EXPECT_EQ(e.where().argument, "out");
    // So is one this process writes already (another thread, in Python).
    EXPECT_THROW(StagedDirectory(root_ / "new", true), InputError);
  }
  StagedDirectory again(root_ / "fourth", false);
  EXPECT_FALSE(fs::exists(locked)) << "its lock went with its process";
}

TEST_F(OutputFolder, AFolderWrittenMeanwhileIsNotOverwrittenWithoutForce) {
  const fs::path target = root_ / "run";
  StagedDirectory late(target, false);
  write_file_atomically(late.file("timeseries.csv"), "late");
  run_folder("run");  // another command finished first
  const InputError e = error_of([&] { late.commit(); });
  EXPECT_EQ(e.message(), "output directory '" + target.string() +
                             "' was written by another command while this one ran; this command's outputs were not kept");
  EXPECT_EQ(slurp(target / "timeseries.csv"), "date\n");
}

TEST_F(OutputFolder, AFolderWrittenMeanwhileIsReplacedWithForceWhenKunlunWroteIt) {
  const fs::path target = root_ / "run";
  {
    StagedDirectory late(target, true);
    write_file_atomically(late.file("timeseries.csv"), "late");
    run_folder("run");
    late.commit();
  }
  EXPECT_EQ(slurp(target / "timeseries.csv"), "late");
  EXPECT_EQ(std::distance(fs::directory_iterator(root_), fs::directory_iterator()), 1) << "the old folder is gone";
  fs::remove_all(target);
  StagedDirectory refused(target, true);
  run_folder("run");
  std::ofstream(target / "notes.txt") << "mine";
  EXPECT_EQ(error_of([&] { refused.commit(); }).where().argument, "force");
  EXPECT_TRUE(fs::exists(target / "notes.txt"));
}
