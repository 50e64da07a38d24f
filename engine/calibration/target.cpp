// Reading targets files.
#include "calibration/target.h"

#include <cmath>

#include "core/categories.h"
#include "model/flow_tally.h"
#include "core/text.h"
#include "parameters/config_tree.h"
#include "parameters/schema.h"

namespace kunlun {

namespace {

std::vector<std::string> quantity_names() {
  std::vector<std::string> out = {"stock", "turnover"};
  for (const auto f : kFlowNames) out.emplace_back(f);
  for (const auto s : kEntrySourceNames) out.push_back("entrants_" + std::string(s));
  return out;
}

const Schema& entry_schema() {
  static const Schema schema(
      {choice_key("quantity", quantity_names()), optional(date_key("at")), optional(date_key("from")),
       optional(date_key("to")), optional(map_key("where")), optional(text_list_key("where.prefectures")),
       optional(text_list_key("where.county_types")), optional(text_list_key("where.fields")),
       optional(text_list_key("where.levels")), optional(text_list_key("where.titles")), number_key("value", 0, 1e9), optional(positive_key("sd")),
       optional(text_list_key("interval")), optional(choice_key("bound", {"value", "lower", "upper"})),
       optional(map_key("simulated_over")), optional(date_key("simulated_over.from")), optional(date_key("simulated_over.to")),
       text_key("reasoning"), text_key("source")},
      "docs/calibration.md shows a complete target");
  return schema;
}

// The listed names, each checked against the names there are.
std::vector<std::string> names_in(const ConfigReader& r, const std::string& path, const std::vector<std::string>& known,
                                  const std::string& what) {
  std::vector<std::string> out;
  const ConfigNode* list = r.find(path);
  if (list == nullptr) return out;
  for (const ConfigNode& item : list->items()) {
    const std::string name = item.text();
    bool ok = false;
    for (const auto& k : known) ok = ok || k == name;
    if (!ok) {
      const std::string guess = closest_match(name, known);
      throw InputError(item.where(), r.key(path), "'" + name + "' is not one of the " + what,
                       guess.empty() ? what + " are " + join_names(known) : "did you mean '" + guess + "'?");
    }
    out.push_back(name);
  }
  return out;
}

Target read_entry(const std::string& name, const ConfigNode& node, const SourceLocation& key_at,
                  const RegionTable& regions) {
  const std::string key = "targets." + name;
  if (!node.is_map())
    throw InputError(key_at, key, "a target is a map", "give quantity, value, sd, reasoning and source");
  entry_schema().validate(node, key);
  const ConfigReader r(node, key);
  Target t;
  t.name = name;
  t.where = key_at;
  const std::string q = r.text("quantity");
  if (q == "stock") {
    t.quantity = TargetQuantity::stock;
  } else if (q == "turnover") {
    t.quantity = TargetQuantity::turnover;
  } else if (q.rfind("entrants_", 0) == 0) {
    t.quantity = TargetQuantity::entrants;
    t.flow = q.substr(9);
  } else {
    t.quantity = TargetQuantity::flow;
    t.flow = q;
  }
  if (t.quantity == TargetQuantity::stock) {
    if (r.find("at") == nullptr)
      throw InputError(r.key_where("quantity"), r.key("at"), "a stock is counted at a month: give at",
                       "at: 2008-12 counts the stock at the end of December 2008");
    for (const char* k : {"from", "to", "simulated_over"})
      if (r.find(k) != nullptr)
        throw InputError(r.key_where(k), r.key(k), "a stock has no period", "give at: YYYY-MM only");
    t.at = r.date("at");
  } else {
    if (r.find("from") == nullptr || r.find("to") == nullptr)
      throw InputError(r.key_where("quantity"), r.key(r.find("from") ? "to" : "from"),
                       "a " + q + " is counted over a period: give from and to",
                       "from: 1998-01 and to: 2002-12 average it over five years");
    if (r.find("at") != nullptr) throw InputError(r.key_where("at"), r.key("at"), "only a stock has at", "give from and to");
    t.from = r.date("from");
    t.to = r.date("to");
    if (t.to < t.from)
      throw InputError(r.get("to").where(), r.key("to"), "to " + t.to.str() + " is before from " + t.from.str(),
                       "the period runs from from to to, both months included");
    t.simulated_from = t.from;
    t.simulated_to = t.to;
    if (r.find("simulated_over") != nullptr) {
      if (r.find("simulated_over.from") == nullptr || r.find("simulated_over.to") == nullptr)
        throw InputError(r.key_where("simulated_over"), r.key("simulated_over"), "give both from and to",
                         "simulated_over: {from: 2009-01, to: 2011-12} sets the observation against those months");
      t.simulated_from = r.date("simulated_over.from");
      t.simulated_to = r.date("simulated_over.to");
      if (t.simulated_to < t.simulated_from)
        throw InputError(r.get("simulated_over.to").where(), r.key("simulated_over.to"),
                         t.simulated_to.str() + " is before " + t.simulated_from.str(), "from comes first");
    }
  }
  std::vector<std::string> prefecture_codes;
  for (const int p : regions.prefectures()) prefecture_codes.push_back(regions.regions()[static_cast<std::size_t>(p)].code);
  std::vector<std::string> levels;
  for (const auto l : kLevelNames) levels.emplace_back(l);
  t.prefectures = names_in(r, "where.prefectures", prefecture_codes, "prefectures");
  t.county_types = names_in(r, "where.county_types", county_type_names(), "county types");
  t.fields = names_in(r, "where.fields", regions.fields(), "fields");
  t.levels = names_in(r, "where.levels", levels, "levels");
  std::vector<std::string> titles;
  for (const auto n : kTitleNames) titles.emplace_back(n);
  t.titles = names_in(r, "where.titles", titles, "titles");
  if (!t.titles.empty() && (t.quantity != TargetQuantity::stock || !t.fields.empty() || !t.levels.empty()))
    throw InputError(r.key_where("where"), r.key("where.titles"),
                     "titles are counted for a stock by county, not with fields, levels or flows",
                     "count titles in a stock target of their own");
  if (t.quantity == TargetQuantity::entrants && (!t.fields.empty() || !t.levels.empty()))
    throw InputError(r.key_where("where"), r.key("where"), "entrants are counted by county only",
                     "leave out fields and levels, or use quantity: inflow");
  t.value = r.number("value");
  const bool has_sd = r.find("sd") != nullptr, has_interval = r.find("interval") != nullptr;
  if (has_sd == has_interval)
    throw InputError(key_at, key + (has_sd ? ".interval" : ".sd"),
                     has_sd ? "give sd or interval, not both" : "the observation needs an uncertainty",
                     "sd: one standard deviation, or interval: [low, high], a 90% interval");
  if (has_sd) {
    t.sd = r.number("sd");
  } else {
    const ConfigNode& list = r.get("interval");
    if (list.items().size() != 2)
      throw InputError(list.where(), r.key("interval"), "an interval is two numbers", "interval: [low, high]");
    const double low = read_number(list.items()[0], r.key("interval"), list.where());
    const double high = read_number(list.items()[1], r.key("interval"), list.where());
    if (!(low < high) || t.value < low || t.value > high)
      throw InputError(list.where(), r.key("interval"),
                       "[" + format_shortest(low) + ", " + format_shortest(high) + "] is not a range around the value " +
                           format_shortest(t.value),
                       "give low < value < high");
    // A 90% interval of a normal distribution spans 2 x 1.645 standard deviations.
    t.sd = (high - low) / (2 * 1.6448536269514722);
  }
  if (r.find("bound") != nullptr) {
    const std::string b = r.text("bound");
    t.bound = b == "lower" ? TargetBound::lower : b == "upper" ? TargetBound::upper : TargetBound::value;
  }
  t.reasoning = r.text("reasoning");
  t.source = r.text("source");
  return t;
}

}  // namespace

std::vector<Target> read_targets(const std::filesystem::path& file, const RegionTable& regions) {
  const ConfigNode tree = read_yaml_file(file);
  const Schema top({open_map_key("targets")}, "docs/calibration.md shows a complete targets file");
  top.validate(tree);
  const ConfigNode& map = *tree.find("targets");
  std::vector<Target> out;
  for (const auto& [name, node] : map.entries()) out.push_back(read_entry(name, node, map.key_where(name), regions));
  if (out.empty())
    throw InputError(tree.key_where("targets"), "targets", "no targets", "give at least one target under targets:");
  return out;
}

std::string target_quantity_text(const Target& t) {
  if (t.quantity != TargetQuantity::stock && (t.simulated_from != t.from || t.simulated_to != t.to))
    return target_period_text(t) + " (simulated " + t.simulated_from.str() + " to " + t.simulated_to.str() + ")";
  return target_period_text(t);
}

std::string target_period_text(const Target& t) {
  switch (t.quantity) {
    case TargetQuantity::stock:
      return "stock at " + t.at.str();
    case TargetQuantity::flow:
      return t.flow + " a year, " + t.from.str() + " to " + t.to.str();
    case TargetQuantity::entrants:
      return t.flow + " entrants a year, " + t.from.str() + " to " + t.to.str();
    case TargetQuantity::turnover:
      return "voluntary turnover a year, " + t.from.str() + " to " + t.to.str();
  }
  return "";
}

}  // namespace kunlun
