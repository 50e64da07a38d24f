#include "policy/policy_registry.h"

#include <algorithm>
#include <typeinfo>

#include "policy/policy_target.h"
#include "parameters/schema.h"

namespace kunlun {

// The registered policy types: one line each, defined in the policy's own file.
#define KUNLUN_POLICY_TYPES(X)        \
  X(behaviour_override_type)          \
  X(housing_rent_subsidy_type)        \
  X(housing_purchase_subsidy_type)    \
  X(talent_apartments_type)           \
  X(hardship_allowance_type)          \
  X(talent_loan_type)                 \
  X(talent_insurance_type)            \
  X(equity_fund_type)                 \
  X(title_reform_type)                \
  X(recruitment_programme_type)       \
  X(order_class_type)

#define KUNLUN_DECLARE(f) PolicyType f();
KUNLUN_POLICY_TYPES(KUNLUN_DECLARE)
#undef KUNLUN_DECLARE

const std::vector<PolicyType>& policy_types() {
#define KUNLUN_LIST(f) f(),
  static const std::vector<PolicyType> types = {KUNLUN_POLICY_TYPES(KUNLUN_LIST)};
#undef KUNLUN_LIST
  return types;
}

namespace {

const std::vector<std::string> kCommonKeys = {"type", "start", "end", "target", "payer"};

const PolicyType& find_type(const PolicySpec& spec, const std::string& key) {
  const ConfigReader entry(spec.params, key);
  const std::string type = entry.text("type");
  std::vector<std::string> names;
  for (const auto& t : policy_types()) {
    if (t.name == type) return t;
    names.push_back(t.name);
  }
  throw InputError(entry.get("type").where(), key + ".type", "unknown policy type '" + type + "'",
                   suggestion_hint(type, names, "known types: "));
}

void check_keys(const PolicySpec& spec, const std::string& key, const PolicyType& type) {
  std::vector<std::string> allowed = kCommonKeys;
  for (const Parameter& p : type.parameters) {
    const std::string top = p.key.substr(0, p.key.find('.'));
    if (std::find(allowed.begin(), allowed.end(), top) == allowed.end()) allowed.push_back(top);
  }
  for (const auto& [name, value] : spec.params.entries()) {
    bool known = false;
    for (const auto& a : allowed) known = known || a == name;
    if (known) continue;
    throw InputError(spec.params.key_where(name), key + "." + name,
                     "unknown key '" + name + "' for a " + type.name + " policy",
                     suggestion_hint(name, allowed, "allowed keys: "));
  }
}

// Policies that leave state on agents (grants, loans, apartments) book the costs of that state to
// the cells they reach; two of one type reaching the same cell would make the payer ambiguous.
void check_no_shared_instrument(const std::vector<std::unique_ptr<Policy>>& built,
                                const std::vector<PolicySpec>& specs, const std::string& type_name) {
  const Policy& last = *built.back();
  if (!last.holds_agent_state()) return;
  for (std::size_t i = 0; i + 1 < built.size(); ++i) {
    const Policy& other = *built[i];
    if (typeid(other) != typeid(last) || !other.target().overlaps(last.target())) continue;
    const PolicySpec& spec = specs[built.size() - 1];
    throw InputError(spec.params.where(), "policies." + last.name() + ".target",
                     "reaches agents that policy '" + other.name() + "' (also " + type_name +
                         ") reaches: its grants, loans or apartments could not be told apart",
                     "give the two policies disjoint targets (regions, fields, levels, titles or origins), "
                     "or merge them into one");
  }
}

}  // namespace

std::vector<std::unique_ptr<Policy>> build_policies(const std::vector<PolicySpec>& specs, const PolicyContext& context,
                                                    const RegionTable& regions) {
  std::vector<std::unique_ptr<Policy>> out;
  // Placed talents' ids hold the ordering policy's position in 8 bits.
  if (specs.size() > 250)
    throw InputError(specs[250].params.where(), "policies",
                     std::to_string(specs.size()) + " policies: at most 250 are supported in one scenario",
                     "merge policies of the same type that share their parameters");
  for (const PolicySpec& spec : specs) {
    const std::string key = "policies." + spec.name;
    // Summaries report each policy's cost as policy_cost_<name> beside the cost by paying level
    // and to each December; a policy may not take one of those names.
    const bool year_like = spec.name.size() == 7 && spec.name.rfind("to_", 0) == 0 &&
                           std::all_of(spec.name.begin() + 3, spec.name.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (spec.name == "province" || spec.name == "prefecture" || spec.name == "county" || year_like)
      throw InputError(spec.params.where(), key,
                       "'" + spec.name + "' is reserved: summaries report policy_cost_" + spec.name +
                           " for another total",
                       "give the policy another name, e.g. " + spec.name + "_subsidy");
    if (!spec.params.is_map())
      throw InputError(spec.params.where(), key, "a policy is a map with at least a `type`",
                       "write e.g. `type: behaviour` under it");
    const PolicyType& type = find_type(spec, key);
    check_keys(spec, key, type);
    PolicyValues values = PolicyValues::read(type, spec.params, key);
    const ConfigReader entry(spec.params, key);
    // Dates default to the whole horizon.
    const YearMonth start = entry.find("start") ? entry.date("start") : context.start;
    const YearMonth end = entry.find("end") ? entry.date("end") : context.end;
    if (end < start)
      throw InputError(entry.get("end").where(), key + ".end",
                       "end " + end.str() + " is before start " + start.str(),
                       "a policy runs from its start month to its end month, both included");
    PolicyTarget target = entry.find("target") ? read_policy_target(entry.get("target"), key + ".target", regions)
                                               : PolicyTarget::everyone(regions);
    PayingLevel payer = PayingLevel::province;
    if (entry.find("payer")) {
      const std::string level = entry.text("payer");
      const auto found = category_index(kPayingLevelNames, level);
      if (!found)
        throw InputError(entry.get("payer").where(), key + ".payer", "unknown paying level '" + level + "'",
                         suggestion_hint(level, {kPayingLevelNames.begin(), kPayingLevelNames.end()},
                                         "the paying levels are: "));
      payer = static_cast<PayingLevel>(*found);
    }
    PolicyCommon common{spec.name, start, end, std::move(target), payer, static_cast<int>(out.size())};
    out.push_back(type.build(PolicyEntry{spec, key, std::move(common), std::move(values), context, regions}));
    check_no_shared_instrument(out, specs, type.name);
  }
  return out;
}

}  // namespace kunlun
