// The `hardship_allowance` policy: a top-up of the hardship allowance (艰苦边远地区津贴) paid with the
// monthly salary, flat or by the county's hardship class from the region table.
#include <array>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "policy/policy_registry.h"

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
    for (int c = 0; c < basis.layout.counties; ++c) {
      const double amount = by_county_[static_cast<std::size_t>(c)];
      if (amount <= 0) continue;
      std::int64_t heads = 0;
      for (int k = 0; k < basis.layout.classes(); ++k)
        if (target().reaches_class(k)) heads += basis.headcount[basis.index(c, k)];
      if (heads != 0) ledger.book(position(), c, static_cast<double>(heads) * amount);
    }
  }

 private:
  std::vector<double> by_county_;
};

}  // namespace

PolicyType hardship_allowance_type() {
  std::vector<Parameter> parameters = {{.key = "monthly_cny",
                                        .unit = "CNY a month",
                                        .min = 0,
                                        .max = kMaxMonthly,
                                        .meaning = "the same top-up per targeted talent in every targeted county, whatever its class (class 0 "
                                                   "included); give it or monthly_cny_by_class, not both",
                                        .evidence = kPolicyDesign,
                                        .optional = true}};
  // By the county's hardship class from the region table; class 0 has no allowance to top up.
  for (int h = 1; h < kHardshipClasses; ++h)
    parameters.push_back({.key = "monthly_cny_by_class.class_" + std::to_string(h),
                          .unit = "CNY a month",
                          .min = 0,
                          .max = kMaxMonthly,
                          .meaning = "the top-up per targeted talent in counties of hardship class " +
                                     std::to_string(h) + "; a class left out gets 0, and class-0 counties get nothing by class",
                          .evidence = kPolicyDesign,
                          .optional = true});
  return {"hardship_allowance",
          "a monthly top-up of the hardship allowance for targeted talents, flat or by the county's hardship class",
          std::move(parameters),
          [](const PolicyEntry& e) -> std::unique_ptr<Policy> {
            const bool flat = e.values.written("monthly_cny");
            bool by_class = e.spec.params.find("monthly_cny_by_class") != nullptr;
            const std::string either =
                "give either monthly_cny (the same top-up in every targeted county) or monthly_cny_by_class "
                "(a map class_1 .. class_6 -> CNY, by the county's hardship class)";
            if (flat && by_class)
              throw InputError(e.spec.params.key_where("monthly_cny_by_class"), e.key,
                               "both monthly_cny and monthly_cny_by_class are given", either + ", not both");
            if (!flat && !by_class)
              throw InputError(e.spec.params.where(), e.key, "the top-up is missing", either);

            // Top-up by hardship class 0..6; class 0 (no hardship allowance) gets nothing by class.
            std::array<double, kHardshipClasses> by_hardship{};
            if (flat) {
              by_hardship.fill(e.values.number("monthly_cny"));
            } else {
              for (int h = 1; h < kHardshipClasses; ++h) {
                const std::string name = "monthly_cny_by_class.class_" + std::to_string(h);
                if (e.values.has(name)) by_hardship[static_cast<std::size_t>(h)] = e.values.number(name);
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
