// Tests for the shared CSV reader (engine/io/csv_reader.h): comments, quotes, CRLF, blanks, errors.
#include "io/csv_reader.h"
#include "io/input_limits.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace kunlun {
namespace {

// Writes `text` byte for byte to a file named after the running test.
std::filesystem::path write_temp(const std::string& text) {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  const auto path =
      std::filesystem::temp_directory_path() / (std::string("kunlun_csv_") + info->name() + ".csv");
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

InputError read_error(const std::string& text) {
  try {
    read_csv(write_temp(text));
  } catch (const InputError& e) {
    return e;
  }
  ADD_FAILURE() << "no InputError for:\n" << text;
  return InputError({}, "", "");
}

TEST(CsvReader, CommentsBlankLinesAndTrimming) {
  const auto rows =
      read_csv(write_temp("# a comment\n\n  # indented comment\na, b ,c\n 1,\t2\t, \n\n"));
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].line, 4);
  EXPECT_EQ(rows[0].cells, (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(rows[1].line, 5);
  EXPECT_EQ(rows[1].cells, (std::vector<std::string>{"1", "2", ""}));
}

TEST(CsvReader, QuotedCellsKeepCommasQuotesAndLineBreaks) {
  const auto rows = read_csv(
      write_temp("a,b,c\n\"x, y\",\" say \"\"hi\"\" \", \"two\nlines\" \nnext,#not,comment"));
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[1].cells, (std::vector<std::string>{"x, y", " say \"hi\" ", "two\nlines"}));
  EXPECT_EQ(rows[1].line, 2);
  EXPECT_EQ(rows[2].line, 4);  // the quoted line break moved the count on
  EXPECT_EQ(rows[2].cells[1], "#not");
}

TEST(CsvReader, CrlfAndByteOrderMark) {
  const auto rows =
      read_csv(write_temp("\xEF\xBB\xBF"
                          "code,name\r\n# c\r\nxining,\"Xi\r\nning\"\r\nhaidong,Haidong \r\n"));
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].cells[0], "code");
  EXPECT_EQ(rows[1].cells[1], "Xi\nning");
  EXPECT_EQ(rows[2].cells[1], "Haidong");
  EXPECT_EQ(rows[2].line, 5);
}

TEST(CsvReader, EmptyLastCellAndNoFinalNewline) {
  const auto rows = read_csv(write_temp("a,b\n1,"));
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[1].cells, (std::vector<std::string>{"1", ""}));
}

TEST(CsvReader, WrongCellCountNamesTheLine) {
  const InputError e = read_error("a,b,c\n1,2,3\n# c\n1,2\n");
  EXPECT_EQ(e.where().line, 4);
  EXPECT_NE(e.message().find("row has 2 cells but the header has 3 columns"), std::string::npos);
}

TEST(CsvReader, QuoteErrors) {
  InputError e = read_error("a,b\n1,\"open\n2,3\n");
  EXPECT_EQ(e.where().line, 2);
  EXPECT_EQ(e.where().column, 2);
  EXPECT_NE(e.message().find("quoted cell is never closed"), std::string::npos);

  e = read_error("a,b\n1,\"x\"y\n");
  EXPECT_EQ(e.where().line, 2);
  EXPECT_NE(e.message().find("text after the closing quote"), std::string::npos);

  e = read_error("a,b\n1,x\"y\"\n");
  EXPECT_EQ(e.where().column, 2);
  EXPECT_NE(e.message().find("quote inside an unquoted cell"), std::string::npos);
}

TEST(CsvReader, EmptyAndMissingFiles) {
  EXPECT_NE(read_error("# only a comment\n\n").message().find("no header row"), std::string::npos);
  EXPECT_THROW(read_csv("/nonexistent/kunlun/file.csv"), InputError);
}

TEST(CsvReader, ParseNumber) {
  const SourceLocation at{"f.csv", 3, 2};
  EXPECT_DOUBLE_EQ(parse_csv_number("1.5", at, "x"), 1.5);
  EXPECT_DOUBLE_EQ(parse_csv_number("-2e3", at, "x"), -2000);
  for (const char* bad : {"abc", "1.5x", "", "nan", "inf", "1,5"}) {
    try {
      parse_csv_number(bad, at, "altitude_m");
      ADD_FAILURE() << bad;
    } catch (const InputError& e) {
      EXPECT_EQ(e.key(), "altitude_m");
      EXPECT_EQ(e.where().line, 3);
    }
  }
  try {
    parse_csv_number("abc", at, "x");
  } catch (const InputError& e) {
    EXPECT_EQ(e.message(), "value 'abc' is not a number");
  }
}

TEST(CsvReader, NanAndInfinityAreNamedWithTheAllowedRange) {
  const SourceLocation at{"f.csv", 3, 2};
  for (const char* bad : {"nan", "NaN", "inf", "-inf", "+Infinity"}) {
    try {
      parse_csv_number(bad, at, "share", "must be between 0 and 1");
      ADD_FAILURE() << bad;
    } catch (const InputError& e) {
      EXPECT_EQ(e.where().line, 3);
      EXPECT_EQ(e.key(), "share");
      EXPECT_EQ(e.message(), "value '" + std::string(bad) + "' is not a finite number");
      EXPECT_EQ(e.hint(), "infinity and NaN are not allowed; share must be between 0 and 1");
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Limits (io/input_limits.h)

TEST(CsvReader, RowsBeyondTheLimitAreRefusedAtTheirLine) {
  const auto path = write_temp("a,b\n# note\n1,2\n3,4\n5,6\n7,8\n");
  EXPECT_EQ(read_csv(path, 4).size(), 5u);  // the header and four rows
  try {
    read_csv(path, 3);
    ADD_FAILURE();
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().file, path.string());
    EXPECT_EQ(e.where().line, 6);  // the fourth data row
    EXPECT_EQ(e.message(), "more than 3 rows");
    EXPECT_EQ(e.hint(), "a table may have at most 3 rows; the limits of input files are listed in docs/scenarios.md");
  }
}

TEST(CsvReader, LongCellsAreRefusedAtTheirLineAndColumn) {
  const std::string long_cell(input_limits::kTableCellBytes + 1, 'x');
  EXPECT_NO_THROW(read_csv(write_temp("a,b\n1," + long_cell.substr(1) + "\n")));
  InputError e = read_error("a,b\n1,2\n3," + long_cell + "\n");
  EXPECT_EQ(e.where().line, 3);
  EXPECT_EQ(e.where().column, 2);
  EXPECT_EQ(e.message(), "cell is longer than 4096 bytes");
  // A quote never closed swallows the rest of the file into one cell: refused at its start.
  e = read_error("a,b\n1,\"" + long_cell + "\n2,3\n");
  EXPECT_EQ(e.where().line, 2);
  EXPECT_EQ(e.message(), "cell is longer than 4096 bytes");
  EXPECT_NE(e.hint().find("check for a quote that is never closed"), std::string::npos);
}

TEST(CsvReader, TooManyColumnsAreRefused) {
  std::string header;
  for (std::size_t i = 0; i <= input_limits::kTableColumns; ++i) header += (i ? "," : "") + std::to_string(i);
  const InputError e = read_error("# wide\n" + header + "\n");
  EXPECT_EQ(e.where().line, 2);
  EXPECT_EQ(e.where().column, 1025);
  EXPECT_EQ(e.message(), "more than 1024 cells");
}

TEST(CsvReader, NulBytesAndInvalidUtf8AreRefusedWithFileAndLine) {
  InputError e = read_error(std::string("a,b\n1,2\n3,\0\n", 12));
  EXPECT_EQ(e.where().line, 3);
  EXPECT_EQ(e.where().column, 3);
  EXPECT_EQ(e.message(), "NUL byte at column 3: this is not a text file");
  // A table saved as GBK by a spreadsheet: 玉树 is d3 f1 ca f7.
  e = read_error("code,name_zh\r\nyushu,\xd3\xf1\xca\xf7\r\n");
  EXPECT_NE(e.where().file.find("kunlun_csv_"), std::string::npos);
  EXPECT_EQ(e.where().line, 2);
  EXPECT_EQ(e.where().column, 7);
  EXPECT_EQ(e.message(), "invalid UTF-8 (byte 0xd3) at column 7");
  // UTF-16 (what some editors call "Unicode") has NUL bytes in every ASCII character.
  e = read_error(std::string("\xff\xfe" "a\0,\0b\0", 8));
  EXPECT_EQ(e.where().line, 1);
}

TEST(CsvReader, ALargeFileIsRefusedBeforeItIsRead) {
  const auto path = write_temp("a,b\n");
  std::filesystem::resize_file(path, 40u << 20);
  try {
    read_csv(path);
    ADD_FAILURE();
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().file, path.string());
    EXPECT_EQ(e.message(), "the file is 40 MiB, more than the 32 MiB a data table may have");
  }
  std::filesystem::remove(path);
}

TEST(CsvReader, ColumnLookup) {
  const CsvRow header{1, {"a", "b"}};
  EXPECT_EQ(csv_column(header, "b"), 1);
  EXPECT_EQ(csv_column(header, "c"), -1);
}

}  // namespace
}  // namespace kunlun
