// Tests for bounded reading (engine/io/input_file.h): sizes refused before reading, NUL bytes and
// invalid UTF-8 at their line and column, and paths that are not regular files.
#include "io/input_file.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "testing/input_error_testing.h"

namespace kunlun {
namespace {

namespace fs = std::filesystem;
using kunlun::testing::error_of;

fs::path temp_file(const std::string& text) {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  const fs::path path = fs::temp_directory_path() /
                        ("kunlun_input_file_" + std::string(info->name()) + "_" + std::to_string(::getpid()));
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

TEST(InputFile, ReadsTextWithinTheLimit) {
  const fs::path f = temp_file("a: 玉树\n");
  EXPECT_EQ(read_input_file(f, "f", 100, "a test file"), "a: 玉树\n");
  fs::remove(f);
}

TEST(InputFile, SizeIsCheckedBeforeReading) {
  const fs::path f = temp_file("x");
  fs::resize_file(f, 3u << 20);  // sparse: nothing is read to refuse it
  const InputError e = error_of([&] { read_input_file(f, "big.csv", 1u << 20, "a test file"); });
  EXPECT_EQ(e.where().file, "big.csv");
  EXPECT_EQ(e.where().line, 0);
  EXPECT_EQ(e.key(), "");
  EXPECT_EQ(e.message(), "the file is 3 MiB, more than the 1 MiB a test file may have");
  EXPECT_EQ(e.hint(), "check that this is the file you meant; the limits of input files are listed in docs/scenarios.md");
  // At the limit the file is read, and then refused for what it holds (the zeros of a sparse file).
  EXPECT_EQ(error_of([&] { read_input_file(f, "big.csv", 3u << 20, "a test file"); }).message(),
            "NUL byte at column 2: this is not a text file");
  fs::remove(f);
}

TEST(InputFile, NotARegularFile) {
  const fs::path dir = fs::temp_directory_path();
  EXPECT_EQ(unreadable_file_reason(dir, "tmp"), "tmp is a folder, not a file");
  EXPECT_EQ(unreadable_file_reason("/nonexistent/kunlun", "x.csv"), "file not found: x.csv");
  EXPECT_EQ(unreadable_file_reason("/dev/null", "/dev/null"), "/dev/null is not a regular file");
  const InputError e = error_of([&] { read_input_file("/dev/zero", "/dev/zero", 10, "a test file"); });
  EXPECT_EQ(e.message(), "/dev/zero is not a regular file");  // not read forever
  EXPECT_EQ(unreadable_file_reason(fs::path(KUNLUN_TEST_DATA) / "regions/small_valid.csv", "f"), std::nullopt);
}

TEST(InputFile, NulByteIsReportedAtItsLineAndColumn) {
  const InputError e = error_of([] { check_input_text(std::string("ab\n玉树x\0", 11), "t.csv"); });
  EXPECT_EQ(e.where().file, "t.csv");
  EXPECT_EQ(e.where().line, 2);
  EXPECT_EQ(e.where().column, 4);  // characters, not bytes: 玉, 树, x, then the NUL
  EXPECT_EQ(e.message(), "NUL byte at column 4: this is not a text file");
}

TEST(InputFile, InvalidUtf8IsReportedAtItsLineAndColumn) {
  struct Case {
    std::string text;
    int line, column;
    std::string byte;
  };
  for (const Case& c : std::vector<Case>{
           {"a\nb\n\xff", 3, 1, "0xff"},              // never valid
           {"x\xc0\xaf", 1, 2, "0xc0"},              // overlong '/'
           {"\xed\xa0\x80", 1, 1, "0xed"},            // a UTF-16 surrogate
           {"\xf4\x90\x80\x80", 1, 1, "0xf4"},        // above U+10FFFF
           {"ok \xe7\x8e", 1, 4, "0xe7"},             // cut short at the end
           {"\xe7\x8e\x89\xd3\xf1", 1, 2, "0xd3"},    // 玉 then GBK
       }) {
    const InputError e = error_of([&] { check_input_text(c.text, "t"); });
    EXPECT_EQ(e.where().line, c.line) << c.byte;
    EXPECT_EQ(e.where().column, c.column) << c.byte;
    EXPECT_EQ(e.message(), "invalid UTF-8 (byte " + c.byte + ") at column " + std::to_string(c.column));
    EXPECT_EQ(e.hint(), "save the file as UTF-8 text (a spreadsheet's 'CSV UTF-8'); convert GBK or Latin-1 text to UTF-8 first");
  }
  EXPECT_NO_THROW(check_input_text("\xEF\xBB\xBFname,玉树,\xf0\x9f\x98\x80\r\n", "t"));  // BOM, CJK, emoji
}

TEST(InputFile, ByteSizes) {
  EXPECT_EQ(byte_size_text(1), "1 byte");
  EXPECT_EQ(byte_size_text(300), "300 bytes");
  EXPECT_EQ(byte_size_text(12 * 1024), "12 KiB");
  EXPECT_EQ(byte_size_text(1u << 20), "1 MiB");
  EXPECT_EQ(byte_size_text((60u << 20) + (512u << 10)), "60.5 MiB");
}

}  // namespace
}  // namespace kunlun
