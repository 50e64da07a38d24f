// A full disk while writing outputs is DiskFull, naming the output folder and the file system;
// /dev/full answers every write with ENOSPC, as a full disk does.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <system_error>

#include "io/disk_full.h"
#include "io/output_directory.h"
#include "io/output_file.h"
#include "testing/file_testing.h"

using namespace kunlun;
namespace fs = std::filesystem;

TEST(OutputFile, WritesEveryChunk) {
  const fs::path file = fs::temp_directory_path() / ("kunlun-output-file-" + std::to_string(::getpid()) + ".csv");
  {
    OutputFile out(file, "a,b\n");
    out.append("1,2\n");
    out.append("");
    out.append(std::string(1 << 20, 'x'));
    out.close();
  }
  EXPECT_EQ(kunlun::testing::slurp(file), "a,b\n1,2\n" + std::string(1 << 20, 'x'));
  fs::remove(file);
}

TEST(OutputFile, AFullDiskIsDiskFull) {
  if (!fs::exists("/dev/full")) GTEST_SKIP() << "no /dev/full";
  try {
    OutputFile out("/dev/full", "date,stock\n");
    FAIL() << "a write to /dev/full succeeded";
  } catch (const DiskFull& e) {
    EXPECT_EQ(e.error_number(), ENOSPC);
    EXPECT_EQ(e.folder(), fs::path("/dev"));
    EXPECT_EQ(e.mount_point(), fs::path("/dev"));
    EXPECT_EQ(std::string(e.what()).rfind("/dev: the disk is full (No space left on device) while writing full, on "
                                          "the file system mounted at /dev with ",
                                          0),
              0u)
        << e.what();
  }
}

TEST(OutputFile, TheMessageNamesTheOutputFolderNotTheStagingFolder) {
  const DiskFull e("/tmp/out/.compare.partial-12/base/timeseries.csv", EDQUOT);
  EXPECT_EQ(e.folder(), fs::path("/tmp/out/compare"));
  const std::string what = e.what();
  EXPECT_EQ(what.rfind("/tmp/out/compare: the disk quota is used up (Disk quota exceeded) while writing "
                       "base/timeseries.csv, on the file system mounted at ",
                       0),
            0u)
      << what;
  EXPECT_NE(what.find("; no output was written (free some space there, or write the outputs to another disk)"),
            std::string::npos);
}

TEST(OutputFile, OtherFailuresAreSystemErrors) {
  EXPECT_THROW(OutputFile("/nonexistent-folder/x.csv", ""), std::system_error);
  EXPECT_THROW(write_file_atomically("/nonexistent-folder/x.json", "{}"), std::system_error);
}
