// Tests for the shared CSV reader (engine/io/csv_reader.h): comments, quotes, CRLF, blanks, errors.
#include "io/csv_reader.h"

#include <gtest/gtest.h>

#include <fstream>

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

TEST(CsvReader, ColumnLookup) {
  const CsvRow header{1, {"a", "b"}};
  EXPECT_EQ(csv_column(header, "b"), 1);
  EXPECT_EQ(csv_column(header, "c"), -1);
}

}  // namespace
}  // namespace kunlun
