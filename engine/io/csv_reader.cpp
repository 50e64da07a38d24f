// The shared CSV reader: see csv_reader.h for the accepted format.
#include "io/csv_reader.h"

#include "core/text.h"
#include "io/input_file.h"
#include "io/input_limits.h"

namespace kunlun {

namespace {

bool is_blank(char c) { return c == ' ' || c == '\t'; }

// The file's text with CRLF turned into LF, so the parser only sees '\n'. Read bounded, and checked
// for NUL bytes and invalid UTF-8, before any parsing.
std::string read_text(const std::filesystem::path& path) {
  std::string raw =
      read_input_file(path, path.string(), input_limits::kTableFileBytes, "a data table");
  if (raw.starts_with("\xEF\xBB\xBF")) raw.erase(0, 3);
  std::string text;
  text.reserve(raw.size());
  for (std::size_t i = 0; i < raw.size(); ++i)
    if (!(raw[i] == '\r' && i + 1 < raw.size() && raw[i + 1] == '\n')) text += raw[i];
  return text;
}

class Parser {
 public:
  Parser(std::string text, std::string file, std::size_t max_rows)
      : text_(std::move(text)), file_(std::move(file)), max_rows_(max_rows) {}

  std::vector<CsvRow> rows() {
    std::vector<CsvRow> out;
    while (pos_ < text_.size()) {
      if (skip_comment_or_blank_line()) continue;
      CsvRow row{line_, {}};
      // The header is row 0: data rows beyond the limit are refused before they are parsed.
      if (out.size() > max_rows_)
        throw InputError({file_, row.line, 0}, "",
                         "more than " + std::to_string(max_rows_) + " rows",
                         "a table may have at most " + std::to_string(max_rows_) +
                             " rows; the limits of input files are listed in docs/scenarios.md");
      while (true) {
        if (row.cells.size() == input_limits::kTableColumns)
          throw InputError({file_, line_, static_cast<int>(row.cells.size()) + 1}, "",
                           "more than " + std::to_string(input_limits::kTableColumns) + " cells",
                           "a table may have at most " +
                               std::to_string(input_limits::kTableColumns) + " columns");
        row.cells.push_back(cell(row));
        if (at_end() || text_[pos_] == '\n') break;
        ++pos_;  // the comma
      }
      if (!at_end()) {  // the newline
        ++pos_;
        ++line_;
      }
      if (!out.empty() && row.cells.size() != out.front().cells.size())
        throw InputError(
            {file_, row.line, 0}, "",
            "row has " + std::to_string(row.cells.size()) + " cells but the header has " +
                std::to_string(out.front().cells.size()) + " columns",
            "every row needs one cell per header column; quote cells that contain commas");
      out.push_back(std::move(row));
    }
    if (out.empty())
      throw InputError({file_, 0, 0}, "", "the file has no header row",
                       "the first non-comment line must name the columns");
    return out;
  }

 private:
  bool at_end() const { return pos_ >= text_.size(); }

  // Skips one line when it is blank or a '#' comment.
  bool skip_comment_or_blank_line() {
    std::size_t p = pos_;
    while (p < text_.size() && is_blank(text_[p])) ++p;
    if (p < text_.size() && text_[p] != '\n' && text_[p] != '#') return false;
    const std::size_t end = text_.find('\n', p);
    pos_ = end == std::string::npos ? text_.size() : end + 1;
    ++line_;
    return true;
  }

  // One cell, leaving pos_ on the comma, newline or end that follows it.
  std::string cell(const CsvRow& row) {
    const int column = static_cast<int>(row.cells.size()) + 1;
    while (!at_end() && is_blank(text_[pos_])) ++pos_;
    std::string value;
    if (!at_end() && text_[pos_] == '"') {
      const int open_line = line_;
      ++pos_;
      while (true) {
        if (at_end())
          throw InputError({file_, open_line, column}, "", "quoted cell is never closed",
                           "add the closing '\"'; write a quote inside a quoted cell as \"\"");
        const char c = text_[pos_++];
        if (c == '"') {
          if (!at_end() && text_[pos_] == '"') {
            value += '"';
            ++pos_;
          } else {
            break;
          }
        } else {
          if (c == '\n') ++line_;
          value += c;
        }
        check_length(value, open_line, column);
      }
      while (!at_end() && is_blank(text_[pos_])) ++pos_;
      if (!at_end() && text_[pos_] != ',' && text_[pos_] != '\n')
        throw InputError({file_, line_, column}, "", "text after the closing quote of a cell",
                         "put the whole cell inside the quotes");
      return value;
    }
    while (!at_end() && text_[pos_] != ',' && text_[pos_] != '\n') {
      if (text_[pos_] == '"')
        throw InputError({file_, line_, column}, "", "quote inside an unquoted cell",
                         "quote the whole cell and double the inner quote: \"a \"\"b\"\"\"");
      value += text_[pos_++];
      check_length(value, line_, column);
    }
    while (!value.empty() && (is_blank(value.back()) || value.back() == '\r')) value.pop_back();
    return value;
  }

  // Refuses a cell that grew past the limit, at the line where it started.
  void check_length(const std::string& value, int line, int column) const {
    if (value.size() <= input_limits::kTableCellBytes) return;
    throw InputError({file_, line, column}, "",
                     "cell is longer than " + std::to_string(input_limits::kTableCellBytes) +
                         " bytes",
                     "a cell holds a code, a name, a number or a short note; check for a quote "
                     "that is never closed");
  }

  std::string text_, file_;
  std::size_t max_rows_;
  std::size_t pos_ = 0;
  int line_ = 1;
};

}  // namespace

std::vector<CsvRow> read_csv(const std::filesystem::path& path, std::size_t max_rows) {
  return Parser(read_text(path), path.string(), max_rows).rows();
}

double parse_csv_number(const std::string& cell, const SourceLocation& where,
                        const std::string& key, const std::string& range) {
  const std::string allowed = range.empty() ? "" : "; " + key + " " + range;
  if (cell.empty()) throw InputError(where, key, "value is empty", "write a number" + allowed);
  const auto value = parse_number(cell);
  if (value) return *value;
  std::string lower;
  for (const char c : cell) lower += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  if (lower.find("inf") != std::string::npos || lower.find("nan") != std::string::npos)
    throw InputError(where, key, "value '" + cell + "' is not a finite number",
                     "infinity and NaN are not allowed" + allowed);
  throw InputError(where, key, "value '" + cell + "' is not a number",
                   "write a plain decimal number such as 12 or 0.35" + allowed);
}

int csv_column(const CsvRow& header, const std::string& name) {
  for (std::size_t i = 0; i < header.cells.size(); ++i)
    if (header.cells[i] == name) return static_cast<int>(i);
  return -1;
}

}  // namespace kunlun
