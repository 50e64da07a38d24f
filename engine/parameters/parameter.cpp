// Declared parameters as schema rows, values and text.
#include "parameters/parameter.h"

#include <cmath>

#include "core/calendar.h"
#include "core/text.h"

namespace kunlun {

namespace {
ValueType value_type(ParameterType t) {
  switch (t) {
    case ParameterType::number:
      return ValueType::number;
    case ParameterType::integer:
      return ValueType::integer;
    case ParameterType::date:
      return ValueType::date;
    case ParameterType::choice:
      return ValueType::choice;
    case ParameterType::flag:
      return ValueType::flag;
  }
  return ValueType::number;
}
}  // namespace

KeySpec key_spec(const Parameter& p) {
  KeySpec spec;
  spec.path = p.key;
  spec.type = value_type(p.type);
  spec.required = p.required();
  spec.min = p.min;
  spec.max = p.max;
  spec.min_exclusive = p.min_exclusive;
  spec.choices = p.choices;
  spec.hint = parameter_hint(p);
  spec.empty_is_absent = false;
  return spec;
}

ParameterValue read_parameter(const Parameter& p, const ConfigNode& node, const std::string& key,
                              const SourceLocation& at) {
  check_value(key_spec(p), node, key, at);
  switch (p.type) {
    case ParameterType::number:
      return read_number(node, key, at);
    case ParameterType::integer:
      return static_cast<double>(read_integer(node, key, at));
    case ParameterType::flag:
      return read_flag(node, key, at) ? 1.0 : 0.0;
    case ParameterType::date:
      return read_date(node, key, at).str();
    case ParameterType::choice:
      return read_text(node, key, at);
  }
  return 0.0;
}

std::string parameter_text(const Parameter& p, const ParameterValue& value) {
  if (const auto* text = std::get_if<std::string>(&value)) return *text;
  const double x = std::get<double>(value);
  if (p.type == ParameterType::flag) return x != 0 ? "true" : "false";
  return format_shortest(x);
}

ConfigNode parameter_node(const Parameter& p, const ParameterValue& value, const SourceLocation& where) {
  return ConfigNode::scalar(parameter_text(p, value), where);
}

std::string range_phrase(const Parameter& p) {
  switch (p.type) {
    case ParameterType::flag:
      return "true or false";
    case ParameterType::date:
      return "YYYY-MM";
    case ParameterType::choice:
      return join_names(p.choices);
    case ParameterType::number:
    case ParameterType::integer:
      break;
  }
  const bool has_min = std::isfinite(p.min), has_max = std::isfinite(p.max);
  const std::string whole = p.type == ParameterType::integer ? "whole number " : "";
  if (has_min && has_max)
    return p.min_exclusive ? whole + "greater than " + format_shortest(p.min) + ", at most " + format_shortest(p.max)
                           : whole + format_shortest(p.min) + " to " + format_shortest(p.max);
  if (has_min) return whole + (p.min_exclusive ? "greater than " : "at least ") + format_shortest(p.min);
  if (has_max) return whole + "at most " + format_shortest(p.max);
  return p.type == ParameterType::integer ? "any whole number" : "any number";
}

std::string parameter_hint(const Parameter& p) {
  const std::size_t dot = p.key.rfind('.');
  const std::string name = dot == std::string::npos ? p.key : p.key.substr(dot + 1);
  // The range is left to the messages that need it ("... is out of range: must be ...").
  return name + " is " + p.meaning + (p.unit.empty() ? "" : " (" + p.unit + ")");
}

}  // namespace kunlun
