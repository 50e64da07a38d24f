// The `equity_fund` policy (人才创业股权投资基金): a government fund that invests in ventures of
// targeted talents; a funded venture fails less often while the fund is active.
#include <cmath>
#include <cstdint>
#include <vector>

#include "policy/policy_registry.h"

namespace kunlun {

namespace {

class EquityFund final : public Policy {
 public:
  EquityFund(const PolicyEntry& e, double investments_per_year, double investment_cny, double failure_log_odds)
      : Policy(e.common),
        // The yearly count is stated at full scale; the simulated population is a sample of it.
        per_year_(investments_per_year * e.context.scale),
        investment_cny_(investment_cny),
        failure_log_odds_(failure_log_odds),
        // Built once: selection orders point at it for the whole run.
        eligible_(e.common.target.mask(ClassLayout{e.regions.county_count(), e.regions.field_count()})) {}

  void write_levers(LeverTable& levers, YearMonth month) const override {
    if (failure_log_odds_ != 0)
      target().add_to(levers, Lever::venture_failure_log_odds, static_cast<float>(failure_log_odds_));
    // This month's share of the yearly investments, fractions carried from month to month so that
    // a year invests the yearly number (within one) whatever the scale.
    const int m = month.months_since(start());
    const int count =
        static_cast<int>(std::floor((m + 1) * per_year_ / 12.0 + 1e-9) - std::floor(m * per_year_ / 12.0 + 1e-9));
    if (count > 0)
      levers.selections.push_back(SelectionOrder{SelectionOrder::Kind::invest, position(), count, &eligible_});
  }

  // Each investment is booked in the month it is made, in the county of the venture. At scale s
  // the fund makes s times the investments of the same size, so it spends s times fund_cny, like
  // every other stock of the run.
  void book_costs(const CostBasis& basis, CostLedger& ledger, YearMonth) const override {
    for (int c = 0; c < basis.layout.counties; ++c) {
      const std::int32_t made = basis.selected[basis.order_index(position(), c)];
      if (made != 0) ledger.book(position(), c, made * investment_cny_);
    }
  }

 private:
  double per_year_, investment_cny_, failure_log_odds_;
  std::vector<std::uint8_t> eligible_;
};

}  // namespace

PolicyType equity_fund_type() {
  return {"equity_fund",
          "a government fund investing in targeted talents' ventures, which then fail less often",
          {{.key = "fund_cny",
            .unit = "CNY, full scale",
            .min = 0,
            .max = 1e12,
            .min_exclusive = true,
            .meaning = "the fund's whole size, spent evenly over its investments; leave the policy out for no fund",
            .evidence = kPolicyDesign},
           {.key = "investments_per_year",
            .unit = "ventures a year, full scale",
            .min = 0,
            .max = 1e6,
            .min_exclusive = true,
            .meaning = "the number of ventures funded a year (scaled with population.scale)",
            .evidence = kPolicyDesign},
           {.key = "failure_log_odds",
            .unit = "log-odds",
            .min = -10,
            .max = 0,
            .meaning = "the shift of the monthly log-odds that a funded venture fails (-0.7 about halves small "
                       "failure rates)",
            .evidence = kAssumption,
            .uncertainty = plus_value(uniform(-0.5, 0.5, "how much funding keeps a venture alive is not measured; half a log-odds either side"))}},
          [](const PolicyEntry& e) -> std::unique_ptr<Policy> {
            const double fund = e.values.number("fund_cny"), per_year = e.values.number("investments_per_year");
            // Every investment the same size: the fund spread over the investments of its whole run.
            const double years = (e.common.end.months_since(e.common.start) + 1) / 12.0;
            return std::make_unique<EquityFund>(e, per_year, fund / (per_year * years),
                                                e.values.number("failure_log_odds"));
          }};
}

}  // namespace kunlun
