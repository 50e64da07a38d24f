// Every declared parameter with its value in a scenario: the behaviour parameters, the parameters
// of the scenario's policies, and the reference of every policy type. `kunlun parameters` prints
// it as text, CSV or Markdown (docs/parameters.md is the Markdown of the baseline).
#pragma once

#include <string>
#include <vector>

#include "scenario/scenario.h"

namespace kunlun {

struct ParameterRow {
  std::string section;  // "behaviour", "policy <name>" (the scenario's), "policy type <type>" (the reference)
  std::string key;      // behaviour.mobility.family, policies.rent.monthly_cny, or monthly_cny for a type
  std::string type;     // number, integer, date, choice, flag
  std::string value;    // in the scenario ("" for a type's reference, or an optional key left out)
  std::string default_value;  // "" when the key must be written
  bool by_default = false;    // the scenario left the key out, so the default applies
  bool required = false;      // no default: a policy entry must write it
  std::string unit, range, evidence, meaning;
  // What sensitivity analysis varies it over: the distribution in force ("" when it does not vary;
  // "fixed in the scenario" when an override fixes it) and the reasoning behind it.
  std::string uncertainty, reasoning;
};

// `scenario` may be null: then values are the defaults and no policy instance is listed.
std::vector<ParameterRow> list_parameters(const Scenario* scenario);

enum class ListingFormat { text, csv, markdown };
// The rows in a format; `source` names the scenario file in the page's heading ("" for none).
std::string format_parameters(const std::vector<ParameterRow>& rows, ListingFormat format, const std::string& source);

}  // namespace kunlun
