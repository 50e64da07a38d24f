// The `hardship_allowance` policy: a top-up of the hardship allowance (艰苦边远地区津贴) paid with the
// monthly salary, flat or by the county's hardship class from the region table.
#include <array>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "policy/policy_registry.h"
#include "scenario/schema.h"

namespace kunlun {

namespace {

constexpr double kMaxMonthly = 100000;

class HardshipAllowance final : public Policy {
 public:
  // `by_county`: the monthly top-up of each county slot (0 outside the target).
  HardshipAllowance(const PolicyEntry& e, std::vector<double> by_county)
      : Policy(e.common), by_county_(std::move(by_county)) {}

  void write_levers(LeverTable& levers, YearMonth) const override {
    for (int c = 0; c < levers.counties(); ++c) {
      const double amount = by_county_[static_cast<std::size_t>(c)];
      if (amount <= 0) continue;  // nothing written where nothing is paid (zero policies stay identical)
      for (int k = 0; k < levers.classes(); ++k)
        if (target().reaches_class(k)) levers.write(Lever::pay_top_up_cny, c, k, static_cast<float>(amount));
    }
  }

  // Paid to every targeted talent the pay process paid this month, at its county's amount. The
  // headcount is counted every month whether the policy runs or not, so the dates decide.
  void book_costs(const CostBasis& basis, CostLedger& ledger, YearMonth month) const override {
    if (!active(month)) return;
    for (int c = 0; c < basis.counties; ++c) {
      const double amount = by_county_[static_cast<std::size_t>(c)];
      if (amount <= 0) continue;
      std::int64_t heads = 0;
      for (int k = 0; k < basis.classes; ++k)
        if (target().reaches_class(k)) heads += basis.headcount[basis.index(c, k)];
      if (heads != 0) ledger.book(position(), c, static_cast<double>(heads) * amount);
    }
  }

 private:
  std::vector<double> by_county_;
};

double amount_in_range(const ConfigNode& node, const std::string& key, const SourceLocation& key_at) {
  const double v = read_number(node, key, key_at);
  if (v < 0 || v > kMaxMonthly)
    throw InputError(node.where(), key, format_number(v) + " is out of range: must be between 0 and 100000",
                     "the top-up is CNY per targeted talent and month");
  return v;
}

}  // namespace

PolicyType hardship_allowance_type() {
  return {"hardship_allowance",
          "a monthly top-up of the hardship allowance for targeted talents, flat or by the county's hardship class",
          {"monthly_cny", "monthly_cny_by_class"},
          [](const PolicyEntry& e) -> std::unique_ptr<Policy> {
            const ConfigReader entry(e.spec.params, e.key);
            const bool flat = entry.find("monthly_cny") != nullptr;
            const bool by_class = entry.find("monthly_cny_by_class") != nullptr;
            const std::string either =
                "give either monthly_cny (the same top-up in every targeted county) or monthly_cny_by_class "
                "(a map class_1 .. class_6 -> CNY, by the county's hardship class)";
            if (flat && by_class)
              throw InputError(entry.key_where("monthly_cny_by_class"), e.key,
                               "both monthly_cny and monthly_cny_by_class are given", either + ", not both");
            if (!flat && !by_class)
              throw InputError(e.spec.params.where(), e.key, "the top-up is missing", either);

            // Top-up by hardship class 0..6; class 0 (no hardship allowance) gets nothing by class.
            std::array<double, kHardshipClasses> by_hardship{};
            if (flat) {
              by_hardship.fill(amount_in_range(entry.get("monthly_cny"), entry.key("monthly_cny"),
                                               entry.key_where("monthly_cny")));
            } else {
              const ConfigNode& map = entry.get("monthly_cny_by_class");
              const std::string map_key = entry.key("monthly_cny_by_class");
              if (!map.is_map())
                throw InputError(map.where(), map_key, "must be a map of hardship class to CNY",
                                 "write e.g. {class_4: 500, class_5: 800, class_6: 1200}; missing classes get 0");
              std::vector<std::string> names;
              for (int h = 1; h < kHardshipClasses; ++h) names.push_back("class_" + std::to_string(h));
              for (const auto& [name, value] : map.entries()) {
                int found = -1;
                for (std::size_t h = 0; h < names.size(); ++h)
                  if (names[h] == name) found = static_cast<int>(h) + 1;
                if (found < 0) {
                  // "class_7" is no typo of "class_1": name the range instead of the nearest key.
                  const bool numbered = name.rfind("class_", 0) == 0;
                  const std::string hint =
                      name == "class_0" ? "counties of class 0 have no hardship allowance to top up; reach them with a "
                                          "second policy with monthly_cny and a target"
                      : numbered        ? "the classes are class_1 (lowest) .. class_6 (highest), as in the region "
                                          "table's hardship_class"
                                        : suggestion_hint(name, names, "the classes are: ");
                  throw InputError(map.key_where(name), map_key + "." + name, "unknown hardship class '" + name + "'",
                                   hint);
                }
                by_hardship[static_cast<std::size_t>(found)] =
                    amount_in_range(value, map_key + "." + name, map.key_where(name));
              }
            }
            std::vector<double> by_county(static_cast<std::size_t>(e.regions.county_count()), 0.0);
            for (int c = 0; c < e.regions.county_count(); ++c) {
              if (!e.target().county[static_cast<std::size_t>(c)]) continue;
              const int h = e.regions.county(c).hardship_class;
              if (h >= 0 && h < static_cast<int>(by_hardship.size()))
                by_county[static_cast<std::size_t>(c)] = by_hardship[static_cast<std::size_t>(h)];
            }
            return std::make_unique<HardshipAllowance>(e, std::move(by_county));
          }};
}

}  // namespace kunlun
