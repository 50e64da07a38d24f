// Calendar months: the model's unit of time. Dates in files are written "YYYY-MM".
#pragma once

#include <compare>
#include <optional>
#include <string>
#include <string_view>

namespace kunlun {

// A calendar month, stored as months since year 0 so that differences are step counts.
class YearMonth {
 public:
  constexpr YearMonth() = default;
  constexpr YearMonth(int year, int month) : index_(year * 12 + (month - 1)) {}
  static constexpr YearMonth from_index(int index) {
    YearMonth ym;
    ym.index_ = index;
    return ym;
  }
  // Parses "YYYY-MM"; nullopt when the text is not a valid month.
  static std::optional<YearMonth> parse(std::string_view text);

  constexpr int year() const { return index_ / 12; }
  constexpr int month() const { return index_ % 12 + 1; }
  constexpr int index() const { return index_; }
  constexpr YearMonth plus_months(int n) const { return from_index(index_ + n); }
  constexpr int months_since(YearMonth earlier) const { return index_ - earlier.index_; }
  std::string str() const;

  constexpr auto operator<=>(const YearMonth&) const = default;

 private:
  int index_ = 0;
};

}  // namespace kunlun
