#include "policy/policy_target.h"

#include "core/errors.h"

namespace kunlun {

namespace {

const std::vector<std::string> kTargetKeys = {"regions", "county_types", "fields", "levels", "titles", "origins"};

// The names of a list entry, each with where it was written.
std::vector<const ConfigNode*> names_in(const ConfigNode& node, const std::string& key) {
  if (!node.is_list())
    throw InputError(node.where(), key, "expected a list", "write it as [a, b] or as lines starting with '- '");
  if (node.items().empty())
    throw InputError(node.where(), key, "the list is empty, so the policy would reach no one",
                     "name at least one, or leave the key out to reach everyone");
  std::vector<const ConfigNode*> out;
  for (const auto& item : node.items()) {
    if (!item.is_scalar() || item.text().empty())
      throw InputError(item.where(), key, "expected a name", "write plain names such as [yushu, golog]");
    out.push_back(&item);
  }
  return out;
}

[[noreturn]] void unknown(const ConfigNode& item, const std::string& key, const std::string& what,
                          const std::vector<std::string>& names) {
  throw InputError(item.where(), key, "unknown " + what + " '" + item.text() + "'",
                   suggestion_hint(item.text(), names, "known: "));
}

// A list of fixed category names into a flag per category (all true when the key is absent).
template <std::size_t N>
std::array<bool, N> read_categories(const ConfigNode* node, const std::string& key, const char* what,
                                    const std::array<std::string_view, N>& names) {
  std::array<bool, N> flags{};
  if (!node) {
    flags.fill(true);
    return flags;
  }
  const std::vector<std::string> all(names.begin(), names.end());
  for (const ConfigNode* item : names_in(*node, key)) {
    const auto index = category_index(names, item->text());
    if (!index) unknown(*item, key, what, all);
    flags[static_cast<std::size_t>(*index)] = true;
  }
  return flags;
}

}  // namespace

PolicyTarget read_policy_target(const ConfigNode& node, const std::string& key, const RegionTable& regions) {
  if (!node.is_map())
    throw InputError(node.where(), key, "expected a map of regions, county_types, fields, levels, titles, origins",
                     "leave `target` out to reach everyone");
  for (const auto& [name, value] : node.entries()) {
    bool known = false;
    for (const auto& k : kTargetKeys) known = known || k == name;
    if (!known) {
      throw InputError(node.key_where(name), key + "." + name, "unknown key '" + name + "'",
                       suggestion_hint(name, kTargetKeys, "allowed keys: "));
    }
  }
  PolicyTarget t = PolicyTarget::everyone(regions);
  const int counties = regions.county_count();

  if (const ConfigNode* list = node.find("regions")) {
    const std::string k = key + ".regions";
    std::vector<bool> chosen(static_cast<std::size_t>(counties), false);
    for (const ConfigNode* item : names_in(*list, k)) {
      const auto row = regions.find(item->text());
      if (!row) unknown(*item, k, "region", regions.codes());
      const Region& r = regions.region(*row);
      if (r.level == RegionLevel::outside)
        throw InputError(item->where(), k, "'" + item->text() + "' is outside the province",
                         "policies reach the province's own prefectures and counties");
      for (int c = 0; c < counties; ++c) {
        const int county_row = regions.counties()[static_cast<std::size_t>(c)];
        const bool in = r.level == RegionLevel::province || county_row == *row ||
                        (r.level == RegionLevel::prefecture && regions.region(county_row).parent == *row);
        if (in) chosen[static_cast<std::size_t>(c)] = true;
      }
    }
    t.county = chosen;
  }
  if (const ConfigNode* list = node.find("county_types")) {
    const std::string k = key + ".county_types";
    std::vector<bool> type_on(static_cast<std::size_t>(kCountyTypes), false);
    for (const ConfigNode* item : names_in(*list, k)) {
      const auto type = parse_region_type(item->text());
      const int index = type ? county_type_index(*type) : -1;
      if (index < 0) unknown(*item, k, "county type", county_type_names());
      type_on[static_cast<std::size_t>(index)] = true;
    }
    for (int c = 0; c < counties; ++c)
      if (!type_on[static_cast<std::size_t>(county_type_index(regions.county(c).type))])
        t.county[static_cast<std::size_t>(c)] = false;
  }
  if (const ConfigNode* list = node.find("fields")) {
    const std::string k = key + ".fields";
    t.field.assign(static_cast<std::size_t>(regions.field_count()), false);
    for (const ConfigNode* item : names_in(*list, k)) {
      const auto f = regions.find_field(item->text());
      if (!f) unknown(*item, k, "field", regions.fields());
      t.field[static_cast<std::size_t>(*f)] = true;
    }
  }
  t.level = read_categories(node.find("levels"), key + ".levels", "level", kLevelNames);
  t.title = read_categories(node.find("titles"), key + ".titles", "title", kTitleNames);
  t.origin = read_categories(node.find("origins"), key + ".origins", "origin", kOriginNames);
  return t;
}

}  // namespace kunlun
