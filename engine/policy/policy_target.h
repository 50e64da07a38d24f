// Reading a policy's `target:` block: lists of regions, county types, fields, levels, titles and
// origins, each checked against the region table and the fixed categories.
#pragma once

#include <string>

#include "core/region_table.h"
#include "policy/policy.h"
#include "parameters/config_tree.h"

namespace kunlun {

// `node` is the target map; `key` its dotted name for errors ("policies.rent.target").
PolicyTarget read_policy_target(const ConfigNode& node, const std::string& key, const RegionTable& regions);

}  // namespace kunlun
