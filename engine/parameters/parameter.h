// A declared parameter: its key, type, unit, valid range, default, one line of meaning, its
// evidence and, for an assumption, its uncertainty. Validation, the readers, setters by key and
// the reference listing all derive from it.
#pragma once

#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "parameters/config_tree.h"
#include "parameters/schema.h"
#include "parameters/uncertainty.h"

namespace kunlun {

enum class ParameterType { number, integer, date, choice, flag };

// Numbers, integers and flags (0 or 1) as double; dates (YYYY-MM) and choices as text.
using ParameterValue = std::variant<double, std::string>;

// The evidence of a value no observation has touched yet.
inline constexpr const char kAssumption[] = "assumption, to calibrate";
// The evidence of a policy's lever: what the planner decides, not something to estimate.
inline constexpr const char kPolicyDesign[] = "policy design";

struct Parameter {
  std::string key{};  // dotted: full for behaviour ("behaviour.mobility.family"), relative for a policy type
  ParameterType type = ParameterType::number;
  std::string unit{};  // "per year", "CNY a month", "log-odds", "years", ... ("" for a plain share)
  double min = -std::numeric_limits<double>::infinity();
  double max = std::numeric_limits<double>::infinity();
  bool min_exclusive = false;                   // "greater than min" rather than "at least min"
  std::optional<ParameterValue> default_value{};  // none: the key must be written, unless optional
  std::string meaning{};                        // one line, as it would follow "<name> is"
  std::string evidence{};                       // a source, kAssumption, or kPolicyDesign
  std::vector<std::string> choices{};           // ParameterType::choice
  bool optional = false;  // may be left out with no default: the owner says what absence means
  // What is known about an assumed value: every parameter whose evidence is an assumption has one
  // (a test checks), and sensitivity analysis varies it over this.
  std::optional<Uncertainty> uncertainty{};

  bool required() const { return !default_value.has_value() && !optional; }
};

// The schema row that validates the parameter; its errors carry the meaning as their hint.
KeySpec key_spec(const Parameter& p);
// The value written at `node` (already validated by key_spec's row) in the parameter's type.
ParameterValue read_parameter(const Parameter& p, const ConfigNode& node, const std::string& key,
                              const SourceLocation& at);
// How a value is written in a scenario file (0.12, 2026-01, senior, true).
std::string parameter_text(const Parameter& p, const ParameterValue& value);
// The tree node a value is written as, located at `where`.
ConfigNode parameter_node(const Parameter& p, const ParameterValue& value, const SourceLocation& where);
// "0 to 0.99", "greater than 0", "junior, senior", "true or false": the range as docs say it.
std::string range_phrase(const Parameter& p);
// The hint of every error about the parameter: its meaning, unit and range.
std::string parameter_hint(const Parameter& p);

}  // namespace kunlun
