// Reading a policy entry through its type's declarations, and placing counts by job capacity.
#include "policy/policy_parameters.h"

#include "policy/policy_registry.h"
#include "parameters/schema.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <stdexcept>

#include "core/apportion.h"

namespace kunlun {

namespace {

// The common keys every policy has, then the type's own, with a map row for each dotted one.
Schema entry_schema(const PolicyType& type) {
  std::vector<KeySpec> rows = {text_key("type"), optional(date_key("start")), optional(date_key("end")),
                               optional(open_map_key("target")), optional(text_key("payer"))};
  std::vector<std::string> required;
  for (const Parameter& p : type.parameters) {
    for (std::size_t dot = p.key.find('.'); dot != std::string::npos; dot = p.key.find('.', dot + 1)) {
      const std::string map = p.key.substr(0, dot);
      const bool seen = std::any_of(rows.begin(), rows.end(), [&](const KeySpec& k) { return k.path == map; });
      if (!seen) rows.push_back(optional(map_key(map)));
    }
    rows.push_back(key_spec(p));
    if (p.required()) required.push_back(p.key);
  }
  const std::string article = std::string("aeiou").find(type.name.front()) != std::string::npos ? "an " : "a ";
  return Schema(std::move(rows), article + type.name + " needs " + join_names(required, ", "));
}

}  // namespace

PolicyValues PolicyValues::read(const PolicyType& type, const ConfigNode& entry, const std::string& key) {
  entry_schema(type).validate(entry, key);
  PolicyValues v;
  v.key_ = key;
  v.entry_at_ = entry.where();
  const ConfigReader r(entry, key);
  for (const Parameter& p : type.parameters) {
    if (const ConfigNode* node = r.find(p.key)) {
      v.values_.emplace(p.key, read_parameter(p, *node, r.key(p.key), r.key_where(p.key)));
      v.written_at_.emplace(p.key, node->is_scalar() && node->where().line > 0 ? node->where() : r.key_where(p.key));
    } else if (p.default_value) {
      v.values_.emplace(p.key, *p.default_value);
    }
  }
  return v;
}

bool PolicyValues::written(const std::string& name) const { return written_at_.count(name) > 0; }
bool PolicyValues::has(const std::string& name) const { return values_.count(name) > 0; }

const ParameterValue& PolicyValues::value(const std::string& name) const {
  const auto it = values_.find(name);
  // A policy type asking for a key it neither declared with a default nor checked is a bug.
  if (it == values_.end()) throw std::logic_error(key(name) + " has no value and no default");
  return it->second;
}

double PolicyValues::number(const std::string& name) const { return std::get<double>(value(name)); }
int PolicyValues::integer(const std::string& name) const { return static_cast<int>(number(name)); }
bool PolicyValues::flag(const std::string& name) const { return number(name) != 0.0; }
const std::string& PolicyValues::text(const std::string& name) const { return std::get<std::string>(value(name)); }

SourceLocation PolicyValues::where(const std::string& name) const {
  const auto it = written_at_.find(name);
  return it == written_at_.end() ? entry_at_ : it->second;
}

const Parameter* find_policy_parameter(const PolicyType& type, const std::string& name) {
  for (const Parameter& p : type.parameters)
    if (p.key == name) return &p;
  return nullptr;
}

std::optional<std::vector<PlacementOrder>> placements_by_capacity(const PolicyEntry& e, int count,
                                                                  const PlacementOrder& prototype) {
  const PolicyTarget& t = e.target();
  const double scale = e.context.scale;
  const int counties = e.regions.county_count(), fields = e.regions.field_count();
  const auto capacity = [&](bool rounded) {
    std::vector<double> w(static_cast<std::size_t>(counties) * fields, 0.0);
    for (int c = 0; c < counties; ++c)
      for (int f = 0; f < fields; ++f)
        if (t.county[static_cast<std::size_t>(c)] && t.field[static_cast<std::size_t>(f)]) {
          const double jobs = e.regions.county(c).jobs[static_cast<std::size_t>(f)];
          w[static_cast<std::size_t>(c) * fields + f] = rounded ? std::round(jobs * scale) : jobs;
        }
    return w;
  };
  const auto none = [](const std::vector<double>& w) {
    return std::all_of(w.begin(), w.end(), [](double x) { return x == 0; });
  };
  std::vector<double> weights = capacity(true);
  if (none(weights)) weights = capacity(false);
  if (none(weights)) return std::nullopt;
  const std::vector<std::int64_t> split = largest_remainder(count, weights);
  std::vector<PlacementOrder> orders;
  for (int c = 0; c < counties; ++c)
    for (int f = 0; f < fields; ++f) {
      const int n = static_cast<int>(split[static_cast<std::size_t>(c) * fields + f]);
      if (n == 0) continue;
      PlacementOrder o = prototype;
      o.county = c;
      o.field = f;
      o.count = n;
      orders.push_back(o);
    }
  return orders;
}

}  // namespace kunlun
