// A small CSV reader shared by the table loaders (region table, population margins): it turns a
// file into rows of trimmed cells and leaves the meaning of columns to the caller.
//
// Format accepted (RFC 4180 plus what hand-edited files need):
//   - comma separated, UTF-8; a UTF-8 byte-order mark at the start is skipped;
//   - LF or CRLF line ends;
//   - lines whose first non-blank character is '#' are comments, and blank lines are ignored
//     (both anywhere, so a file can start with a comment block);
//   - a cell may be quoted with "...": inside quotes commas, '#' and line breaks are literal and
//     "" stands for one quote; text outside the quotes must be blanks only;
//   - unquoted cells have leading and trailing blanks (space, tab) removed; quoted cells are kept
//     exactly as written between the quotes.
// The first non-comment row is the header and is returned as row 0. Every row must have as many
// cells as the header. Errors are InputError with the file, the 1-based line and, where it
// applies, the 1-based column.
// The file is read bounded (io/input_limits.h): its size before it is read, then its text (no NUL
// bytes, valid UTF-8), the number of rows, columns and the length of each cell.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "core/errors.h"
#include "io/input_limits.h"

namespace kunlun {

struct CsvRow {
  int line = 0;  // 1-based line in the file where the row starts
  std::vector<std::string> cells;
};

// Reads the whole file. Throws InputError when the file cannot be read, is larger than the limit,
// is not UTF-8 text, is empty (no header), has an unterminated or misplaced quote, a row whose
// cell count differs from the header's, more than `max_rows` rows after the header, or a cell or
// row beyond the limits.
std::vector<CsvRow> read_csv(const std::filesystem::path& path,
                             std::size_t max_rows = input_limits::kTableRows);

// Parses a whole cell as a finite number ("1.5", "-3", "2e4", "+1") by the rule of parse_number
// (core/text.h), the scenario files' rule; throws InputError at `where` with `key` as the column
// name when the cell is empty, has trailing text, or is not finite. `range` ("must be between 0
// and 1"), when given, is added to the hint, so that a user who wrote nan learns what to write.
double parse_csv_number(const std::string& cell, const SourceLocation& where,
                        const std::string& key, const std::string& range = "");

// Position of `name` in the header row, or -1.
int csv_column(const CsvRow& header, const std::string& name);

}  // namespace kunlun
