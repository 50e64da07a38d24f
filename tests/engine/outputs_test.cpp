// Output building blocks: intervals, JSON text and the staged output folder.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "core/errors.h"
#include "experiment/interval.h"
#include "io/json_writer.h"
#include "io/output_directory.h"

using namespace kunlun;
namespace fs = std::filesystem;

TEST(Interval, MatchesHandComputedStudentT) {
  // mean 3, sd sqrt(2.5), t(0.975, 4) = 2.7764451, half width = 2.7764451 * 1.5811388 / sqrt(5).
  const Interval iv = mean_interval({1, 2, 3, 4, 5});
  EXPECT_EQ(iv.n, 5);
  EXPECT_DOUBLE_EQ(iv.mean, 3.0);
  EXPECT_NEAR(iv.sd, 1.5811388, 1e-7);
  EXPECT_NEAR(iv.low, 3.0 - 1.9632432, 1e-6);
  EXPECT_NEAR(iv.high, 3.0 + 1.9632432, 1e-6);
}

TEST(Interval, OneReplicationHasNoInterval) {
  const Interval iv = mean_interval({42});
  EXPECT_EQ(iv.mean, 42);
  EXPECT_TRUE(std::isnan(iv.low));
  EXPECT_TRUE(std::isnan(iv.sd));
}

TEST(JsonWriter, WritesNestedValuesWithEscapesAndNullForNaN) {
  JsonWriter j;
  j.begin_object();
  j.field("name", "a \"quoted\"\nline");
  j.field("n", 3);
  j.field("x", 0.1);
  j.field("missing", std::nan(""));
  j.key("list").begin_array().value(1).value(true).end_array();
  j.key("empty").begin_object().end_object();
  j.end_object();
  EXPECT_EQ(j.str(),
            "{\n  \"name\": \"a \\\"quoted\\\"\\nline\",\n  \"n\": 3,\n  \"x\": 0.1,\n  \"missing\": null,\n"
            "  \"list\": [\n    1,\n    true\n  ],\n  \"empty\": {}\n}\n");
}

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
