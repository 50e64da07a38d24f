// Reading a policy type's own parameters: range-checked numbers whose errors name the key and say
// what the type needs, and the whole-number split of yearly counts over counties and fields.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "policy/policy_registry.h"
#include "scenario/schema.h"

namespace kunlun {

struct ParameterRange {
  double lo, hi;
  bool lo_exclusive = false;  // "above lo" rather than "at least lo"
};

// The number `name` of a policy entry, within `range`. A missing key is an error whose hint starts
// with `needs` (what the type requires, e.g. "a talent_loan needs amount_cny and term_years").
double policy_number(const ConfigReader& entry, const char* name, ParameterRange range, const std::string& hint,
                     const std::string& needs);

// Splits `total` over `weights` in proportion, whole numbers summing to `total`: floors first,
// then one more to the largest remainders, ties to the lower index (the same every run).
std::vector<int> largest_remainder(int total, const std::vector<double>& weights);

// Orders placing `count` talents like `prototype` (its county, field and count are set here) over
// the target's counties x fields, in proportion to job capacity at the run's scale, or to the jobs
// themselves when every targeted capacity rounds to 0 at a small scale. The same split every
// time. nullopt when the target's counties have no jobs in the target's fields.
std::optional<std::vector<PlacementOrder>> placements_by_capacity(const PolicyEntry& e, int count,
                                                                  const PlacementOrder& prototype);

}  // namespace kunlun
