// Errors a user can act on. InputError is bad input (exit code 2 at the CLI, ScenarioError in
// Python); anything else escaping the engine is an internal error (exit code 1).
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace kunlun {

// Where a bad value was written: file, 1-based line (0 when unknown) and the dotted key or
// column name. The message says what is wrong; the hint says how to fix it.
struct SourceLocation {
  std::string file;
  int line = 0;
  int column = 0;
};

class InputError : public std::runtime_error {
 public:
  InputError(SourceLocation where, std::string key, std::string message, std::string hint = "");

  const SourceLocation& where() const { return where_; }
  const std::string& key() const { return key_; }
  const std::string& message() const { return message_; }
  const std::string& hint() const { return hint_; }

 private:
  SourceLocation where_;
  std::string key_, message_, hint_;
};

// Formats "file:line: key: message (hint)", the one-line form every front end prints.
std::string format_input_error(const SourceLocation& where, const std::string& key,
                               const std::string& message, const std::string& hint);

// The closest candidate by edit distance, or "" when none is close enough to be a likely typo.
std::string closest_match(const std::string& word, const std::vector<std::string>& candidates);

// The hint for an unknown name: "did you mean 'x'?" when one candidate is close, otherwise
// `list_intro` followed by every candidate ("known types: a, b").
std::string suggestion_hint(const std::string& word, const std::vector<std::string>& candidates,
                            const std::string& list_intro);
std::string join_names(const std::vector<std::string>& names, const std::string& separator = ", ");

}  // namespace kunlun
