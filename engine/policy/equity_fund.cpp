// The `equity_fund` policy (人才创业股权投资基金): a government fund that invests in ventures of
// targeted talents; a funded venture fails less often while the fund is active.
#include <cmath>
#include <cstdint>
#include <vector>

#include "policy/policy_registry.h"
#include "scenario/schema.h"

namespace kunlun {

namespace {

class EquityFund final : public Policy {
 public:
  EquityFund(const PolicyEntry& e, double investments_per_year, double investment_cny, double failure_log_odds)
      : Policy(e.common),
        // The yearly count is stated at full scale; the simulated population is a sample of it.
        per_year_(investments_per_year * e.scenario.population.scale),
        investment_cny_(investment_cny),
        failure_log_odds_(failure_log_odds),
        // Built once: selection orders point at it for the whole run.
        eligible_(e.common.target.mask(e.regions.county_count(), agent_class_count(e.regions.field_count()))) {}

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
    for (int c = 0; c < basis.counties; ++c) {
      const std::int32_t made = basis.selected[basis.order_index(position(), c)];
      if (made != 0) ledger.book(position(), c, made * investment_cny_);
    }
  }

 private:
  double per_year_, investment_cny_, failure_log_odds_;
  std::vector<std::uint8_t> eligible_;
};

double required(const ConfigReader& entry, const char* name) {
  if (!entry.find(name))
    throw InputError(entry.key_where(name), entry.key(name), "missing required key",
                     "an equity_fund needs fund_cny, investments_per_year and failure_log_odds");
  return entry.number(name);
}

[[noreturn]] void out_of_range(const ConfigReader& entry, const char* name, const std::string& range,
                               const std::string& hint) {
  throw InputError(entry.get(name).where(), entry.key(name),
                   format_number(entry.number(name)) + " is out of range: must be " + range, hint);
}

}  // namespace

PolicyType equity_fund_type() {
  return {"equity_fund",
          "a government fund investing in targeted talents' ventures, which then fail less often",
          {"fund_cny", "investments_per_year", "failure_log_odds"},
          [](const PolicyEntry& e) -> std::unique_ptr<Policy> {
            const ConfigReader entry(e.spec.params, e.key);
            const double fund = required(entry, "fund_cny");
            if (!(fund > 0) || fund > 1e12)
              out_of_range(entry, "fund_cny", "above 0 and at most 1e+12",
                           "fund_cny is the fund's whole size, CNY, at full scale, spent evenly over its "
                           "investments; leave the policy out for no fund");
            const double per_year = required(entry, "investments_per_year");
            if (!(per_year > 0) || per_year > 1e6)
              out_of_range(entry, "investments_per_year", "above 0 and at most 1e+06",
                           "investments_per_year is the number of ventures funded a year at full scale (it is "
                           "scaled with population.scale)");
            const double shift = required(entry, "failure_log_odds");
            if (shift < -10 || shift > 0)
              out_of_range(entry, "failure_log_odds", "between -10 and 0",
                           "failure_log_odds shifts the monthly log-odds that a funded venture fails; -0.7 "
                           "about halves small failure rates");
            // Every investment the same size: the fund spread over the investments of its whole run.
            const double years = (e.common.end.months_since(e.common.start) + 1) / 12.0;
            return std::make_unique<EquityFund>(e, per_year, fund / (per_year * years), shift);
          }};
}

}  // namespace kunlun
