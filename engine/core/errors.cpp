#include "core/errors.h"

#include <algorithm>
#include <cctype>

namespace kunlun {

std::string format_input_error(const SourceLocation& where, const std::string& key,
                               const std::string& message, const std::string& hint) {
  std::string out = where.file.empty() ? std::string("<input>") : where.file;
  if (where.line > 0) out.append(":").append(std::to_string(where.line));
  out.append(": ");
  if (!key.empty()) out.append(key).append(": ");
  out.append(message);
  if (!hint.empty()) out.append(" (").append(hint).append(")");
  return out;
}

namespace {
// The engine's own words, for what(): arguments by their keys. Front ends word errors themselves.
std::string neutral_words(const ArgumentChange& c) {
  switch (c.kind) {
    case ArgumentChange::Kind::another: return "choose another " + c.argument;
    case ArgumentChange::Kind::on: return "set " + c.argument;
    case ArgumentChange::Kind::give: return "give " + c.argument;
    case ArgumentChange::Kind::example:
      return "e.g. " + c.argument + " " + (c.key.empty() ? c.value : c.key + "=" + c.value);
  }
  return c.argument;
}

SourceLocation neutral_place(const SourceLocation& where) {
  if (!where.file.empty() || where.argument.empty()) return where;
  return {where.item.empty() ? where.argument : where.argument + " " + where.item, 0, 0};
}

std::string joined_hint(const std::string& hint, const std::vector<ArgumentChange>& suggestions,
                        const std::function<std::string(const ArgumentChange&)>& word) {
  std::string alternatives, examples;
  for (const ArgumentChange& c : suggestions) {
    const bool example = c.kind == ArgumentChange::Kind::example;
    std::string& list = example ? examples : alternatives;
    if (!list.empty()) list += example ? ", " : ", or ";
    list += word(c);
    if (!c.purpose.empty()) list += " " + c.purpose;
  }
  std::string out = hint;
  if (!alternatives.empty()) out += (out.empty() ? "" : "; ") + alternatives;
  if (!examples.empty()) out += (out.empty() ? "" : ", ") + examples;
  return out;
}
}  // namespace

InputError::InputError(SourceLocation where, std::string key, std::string message, std::string hint,
                       std::vector<ArgumentChange> suggestions)
    : std::runtime_error(format_input_error(neutral_place(where), key, message,
                                            joined_hint(hint, suggestions, neutral_words))),
      where_(std::move(where)),
      key_(std::move(key)),
      message_(std::move(message)),
      hint_(std::move(hint)),
      suggestions_(std::move(suggestions)) {}

InputError InputError::at(SourceLocation where) const {
  return InputError(std::move(where), key_, message_, hint_, suggestions_);
}

std::string hint_with_suggestions(const InputError& e, const std::function<std::string(const ArgumentChange&)>& word) {
  return joined_hint(e.hint(), e.suggestions(), word);
}

namespace {
std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diag = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      const bool same = std::tolower(static_cast<unsigned char>(a[i - 1])) ==
                        std::tolower(static_cast<unsigned char>(b[j - 1]));
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (same ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}
}  // namespace

namespace {
// "class_7" against "class_1": the same name with another number is another item, not a typo.
bool differs_only_in_digits(const std::string& a, const std::string& b) {
  const auto stem = [](const std::string& s) { return s.substr(0, s.find_last_not_of("0123456789") + 1); };
  return a != b && stem(a) == stem(b) && stem(a).size() < a.size() && stem(b).size() < b.size();
}
}  // namespace

std::string closest_match(const std::string& word, const std::vector<std::string>& candidates) {
  std::string best;
  std::size_t best_distance = std::string::npos;
  for (const auto& c : candidates) {
    if (differs_only_in_digits(word, c)) continue;
    const std::size_t d = edit_distance(word, c);
    if (d < best_distance) {
      best_distance = d;
      best = c;
    }
  }
  // A typo changes a few characters; beyond a third of the word it is a different word.
  const std::size_t limit = std::max<std::size_t>(2, word.size() / 3);
  return best_distance <= limit ? best : std::string();
}

std::string join_names(const std::vector<std::string>& names, const std::string& separator) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) out += (i ? separator : "") + names[i];
  return out;
}

std::string suggestion_hint(const std::string& word, const std::vector<std::string>& candidates,
                            const std::string& list_intro) {
  const std::string close = closest_match(word, candidates);
  if (!close.empty()) return "did you mean '" + close + "'?";
  return list_intro + join_names(candidates);
}

}  // namespace kunlun
