// The shared CSV reader: see csv_reader.h for the accepted format.
#include "io/csv_reader.h"

#include <fstream>
#include <sstream>

#include "core/text.h"

namespace kunlun {

namespace {

bool is_blank(char c) { return c == ' ' || c == '\t'; }

// The file's text with CRLF turned into LF, so the parser only sees '\n'.
std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw InputError({path.string(), 0, 0}, "", "cannot open the file",
                     "check that the path exists and is readable");
  std::ostringstream buffer;
  buffer << in.rdbuf();
  std::string raw = buffer.str();
  if (raw.starts_with("\xEF\xBB\xBF")) raw.erase(0, 3);
  std::string text;
  text.reserve(raw.size());
  for (std::size_t i = 0; i < raw.size(); ++i)
    if (!(raw[i] == '\r' && i + 1 < raw.size() && raw[i + 1] == '\n')) text += raw[i];
  return text;
}

class Parser {
 public:
  Parser(std::string text, std::string file) : text_(std::move(text)), file_(std::move(file)) {}

  std::vector<CsvRow> rows() {
    std::vector<CsvRow> out;
    while (pos_ < text_.size()) {
      if (skip_comment_or_blank_line()) continue;
      CsvRow row{line_, {}};
      while (true) {
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
    }
    while (!value.empty() && (is_blank(value.back()) || value.back() == '\r')) value.pop_back();
    return value;
  }

  std::string text_, file_;
  std::size_t pos_ = 0;
  int line_ = 1;
};

}  // namespace

std::vector<CsvRow> read_csv(const std::filesystem::path& path) {
  return Parser(read_text(path), path.string()).rows();
}

double parse_csv_number(const std::string& cell, const SourceLocation& where,
                        const std::string& key) {
  if (cell.empty()) throw InputError(where, key, "value is empty", "write a number");
  const auto value = parse_number(cell);
  if (!value)
    throw InputError(where, key, "value '" + cell + "' is not a number",
                     "write a plain decimal number such as 12 or 0.35");
  return *value;
}

int csv_column(const CsvRow& header, const std::string& name) {
  for (std::size_t i = 0; i < header.cells.size(); ++i)
    if (header.cells[i] == name) return static_cast<int>(i);
  return -1;
}

}  // namespace kunlun
