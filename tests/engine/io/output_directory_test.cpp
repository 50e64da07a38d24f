// The staged output folder: it appears only on commit, and replaces an existing one only when told.
#include <gtest/gtest.h>

#include <filesystem>

#include "core/errors.h"
#include "io/output_directory.h"
#include "io/output_file.h"

using namespace kunlun;
namespace fs = std::filesystem;

TEST(StagedDirectory, OutputAppearsOnlyOnCommit) {
  const fs::path root = fs::temp_directory_path() / "kunlun-staged-test";
  fs::remove_all(root);
  fs::create_directories(root);
  const fs::path target = root / "run";
  {
    StagedDirectory out(target, false);
    write_file_atomically(out.file("a.txt"), "hello");
    EXPECT_FALSE(fs::exists(target));
    // Dropped without commit: as if the run failed.
  }
  EXPECT_FALSE(fs::exists(target));
  EXPECT_TRUE(fs::is_empty(root));  // the staging folder was cleaned up
  {
    StagedDirectory out(target, false);
    write_file_atomically(out.file("a.txt"), "hello");
    out.commit();
  }
  EXPECT_TRUE(fs::exists(target / "a.txt"));
  EXPECT_THROW(StagedDirectory(target, false), InputError);
  // The error names the argument "out" by key and suggests "force"; front ends spell both.
  try {
    StagedDirectory::check_target(target, false);
    ADD_FAILURE() << "an existing target was accepted";
  } catch (const InputError& e) {
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
  }
  {
    StagedDirectory out(target, true);
    write_file_atomically(out.file("b.txt"), "new");
    out.commit();
  }
  EXPECT_FALSE(fs::exists(target / "a.txt"));
  EXPECT_TRUE(fs::exists(target / "b.txt"));
  fs::remove_all(root);
}
