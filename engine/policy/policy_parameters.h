// A policy type's own parameters, read through their declarations: every key checked for type,
// range and presence in one place, so a policy file only states what its keys mean. Also the
// whole-number split of yearly counts over counties and fields by job capacity.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "policy/policy.h"
#include "parameters/config_tree.h"
#include "parameters/parameter.h"

namespace kunlun {

struct PolicyEntry;
struct PolicyType;

// The values of one policy entry: each declared parameter as written, or by its default.
class PolicyValues {
 public:
  // Checks the entry against the type's declarations (unknown keys, types, ranges, missing keys)
  // and reads every value. `key` is "policies.<name>". Throws InputError.
  static PolicyValues read(const PolicyType& type, const ConfigNode& entry, const std::string& key);

  bool written(const std::string& name) const;  // in the entry, not by default
  bool has(const std::string& name) const;      // written, or declared with a default
  double number(const std::string& name) const;
  int integer(const std::string& name) const;
  bool flag(const std::string& name) const;
  const std::string& text(const std::string& name) const;
  // Where the value was written (the entry itself when it was not): for the type's own checks.
  SourceLocation where(const std::string& name) const;
  std::string key(const std::string& name) const { return key_ + "." + name; }

 private:
  const ParameterValue& value(const std::string& name) const;

  std::string key_;
  SourceLocation entry_at_;
  std::map<std::string, ParameterValue> values_;
  std::map<std::string, SourceLocation> written_at_;
};

// The declaration of a policy type's parameter `name` ("monthly_cny"); nullptr when it has none.
const Parameter* find_policy_parameter(const PolicyType& type, const std::string& name);

// Orders placing `count` talents like `prototype` (its county, field and count are set here) over
// the target's counties x fields, in proportion to job capacity at the run's scale, or to the jobs
// themselves when every targeted capacity rounds to 0 at a small scale, by largest_remainder
// (core/apportion.h): the same split every time. nullopt when the target's counties have no jobs
// in the target's fields. `count` is at least 0.
std::optional<std::vector<PlacementOrder>> placements_by_capacity(const PolicyEntry& e, int count,
                                                                  const PlacementOrder& prototype);

}  // namespace kunlun
