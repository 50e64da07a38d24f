// Text parsing and number formatting shared by every reader and writer: trimming and splitting
// fields, dotted keys, the one rule for reading a number, and the two ways numbers are written.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kunlun {

// `text` without its leading and trailing blanks (spaces and tabs; fields are single lines).
std::string trim(std::string_view text);

// The parts of `text` between `separator`s, exactly as written: n separators give n + 1 parts,
// and empty parts are kept so that callers can report them ("a,,b" gives a, "", b; "" gives "").
std::vector<std::string> split(std::string_view text, char separator);

// split(), then each part trimmed: "0 : 10" by ':' gives "0", "10".
std::vector<std::string> split_trimmed(std::string_view text, char separator);

// The dotted key of `key` under `prefix`: "policies" and "rent" give "policies.rent"; an empty
// prefix gives `key` itself.
std::string join_key(std::string_view prefix, std::string_view key);

// The finite number that the whole of `text` spells ("0.03", "-4", "1e3", "+5"), or nullopt: no
// blanks, no trailing text, no NaN or infinity, at most one leading '+'. Locale-independent. The
// rule of the scenario files and of the CSV tables.
std::optional<double> parse_number(std::string_view text);

// The shortest text that parse_number reads back as exactly `value` (0.1, 1e-07, 1.5e+20), with
// whole numbers below 1e15 written in full (200000, not 2e+05: amounts in CNY are read by people).
// Non-finite values give "inf", "-inf" or "nan".
std::string format_shortest(double value);

// `value` rounded to `digits` significant digits and written without trailing zeros, in exponent
// form only for very large or small values (printf's %.<digits>g): with 10 digits, 0.1 + 0.2 gives
// "0.3", 1e6 gives "1000000" and 1e-5 gives "1e-05". For tables and messages where noise in the
// last binary digits must not show; it does not round-trip in general. `digits` is 1 to 17
// (std::invalid_argument otherwise).
std::string format_significant(double value, int digits = 10);

}  // namespace kunlun
