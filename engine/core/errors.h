// Errors a user can act on. InputError is bad input (exit code 2 at the CLI, ScenarioError in
// Python); anything else escaping the engine is an internal error (exit code 1).
#pragma once

#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

namespace kunlun {

// Where a bad value came from. Written in a file: the file, 1-based line (0 when unknown) and
// column. Given to a call instead (a run's output folder, a sweep's axes): `argument`, the
// argument's key ("out", "force", "memory_limit", "axes"), which each front end spells its own way
// (the command line's --out, Python's out=), and for one item of a list argument, such as one
// sweep axis, that item as given; `file` stays empty until a front end names the call.
struct SourceLocation {
  std::string file{};
  int line = 0;
  int column = 0;
  std::string argument{};
  std::string item{};

  bool known() const { return !file.empty() || !argument.empty(); }
};

// A setting of another argument that would fix an error ("add --force to replace it"). It is kept
// apart from the hint's text so that each front end words it with its own spelling.
struct ArgumentChange {
  enum class Kind {
    another,  // a different value of the argument: "choose another --out"
    on,       // a switch turned on: "add --force", "give force=True"
    give,     // the argument given at all: "give --memory-limit", "give memory_limit="
    example,  // an example: `key` set to `value` in a keyed argument (a sweep's axes), else `value`
  };
  Kind kind = Kind::another;
  std::string argument{};  // by key, as in SourceLocation::argument
  std::string purpose{};   // what the change does, worded after it: "to replace it"; may be empty
  std::string key{}, value{};  // of an example
};

class InputError : public std::runtime_error {
 public:
  // `key` is the dotted scenario key or column the error concerns; for an error about a call's
  // argument as a whole it is empty and where.argument names the argument.
  InputError(SourceLocation where, std::string key, std::string message, std::string hint = "",
             std::vector<ArgumentChange> suggestions = {});

  const SourceLocation& where() const { return where_; }
  const std::string& key() const { return key_; }
  const std::string& message() const { return message_; }
  // The hint's own text, without the suggested argument changes.
  const std::string& hint() const { return hint_; }
  const std::vector<ArgumentChange>& suggestions() const { return suggestions_; }

  // The same error at another place: a front end naming the call an argument was given to.
  InputError at(SourceLocation where) const;

 private:
  SourceLocation where_;
  std::string key_, message_, hint_;
  std::vector<ArgumentChange> suggestions_;
};

// Formats "place: key: message (hint)", the one-line form every front end prints, with the place
// ("file:line") and the words of key and hint already the front end's own.
std::string format_input_error(const SourceLocation& where, const std::string& key,
                               const std::string& message, const std::string& hint);

// The hint followed by its suggested argument changes, each worded by `word` (the change without
// its purpose: "add --force"): "choose another --out, or add --force to replace it". Alternatives
// follow the hint's text after "; ", examples after ", ".
std::string hint_with_suggestions(const InputError& e, const std::function<std::string(const ArgumentChange&)>& word);

// The closest candidate by edit distance, or "" when none is close enough to be a likely typo.
std::string closest_match(const std::string& word, const std::vector<std::string>& candidates);

// The hint for an unknown name: "did you mean 'x'?" when one candidate is close, otherwise
// `list_intro` followed by every candidate ("known types: a, b").
std::string suggestion_hint(const std::string& word, const std::vector<std::string>& candidates,
                            const std::string& list_intro);
std::string join_names(const std::vector<std::string>& names, const std::string& separator = ", ");

}  // namespace kunlun
