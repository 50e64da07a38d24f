// The `talent_loan` policy (人才贷): a loan for targeted talents who start a venture, with part of
// the interest and of the losses on defaults borne by the government, as Weihai's talent loans are.
#include <cmath>

#include "policy/policy_parameters.h"
#include "policy/policy_registry.h"
#include "scenario/schema.h"

namespace kunlun {

namespace {

class TalentLoan final : public Policy {
 public:
  TalentLoan(const PolicyEntry& e, double amount_cny, double term_months, double monthly_cost_rate)
      : Policy(e.common), amount_(amount_cny), term_months_(term_months), monthly_cost_rate_(monthly_cost_rate) {}

  void write_levers(LeverTable& levers, YearMonth) const override {
    // Nothing at all for a zero loan: the run stays byte-identical to the baseline.
    if (amount_ <= 0) return;
    target().add_to(levers, Lever::loan_amount_cny, static_cast<float>(amount_));
    target().add_to(levers, Lever::loan_term_months, static_cast<float>(term_months_));
  }

  // Loans outlive the policy, so the interest discount and the expected loss on defaults are
  // booked every month on the balance outstanding in the target, active or not. Defaults are
  // priced at their expected rate rather than when they happen: the venture process writes a
  // failed venture's loan off without telling which policy lent it.
  void book_costs(const CostBasis& basis, CostLedger& ledger, YearMonth) const override {
    if (amount_ <= 0) return;  // lent nothing, owes nothing
    book_per_unit(basis.loan_balance_cny, basis, monthly_cost_rate_, ledger);
  }

  // The balance is found by cell, so two loan policies reaching one cell could not be told apart.
  bool holds_agent_state() const override { return true; }

 private:
  double amount_, term_months_, monthly_cost_rate_;
};

// A required number within [lo, hi]; errors name the value, the range and what the key means.
double required_in(const ConfigReader& entry, const char* name, double lo, double hi, const std::string& hint) {
  return policy_number(entry, name, {lo, hi}, hint,
                       "a talent_loan needs amount_cny, interest_discount, default_rate, government_loss_share "
                       "and term_years");
}

}  // namespace

PolicyType talent_loan_type() {
  return {"talent_loan",
          "a loan for targeted talents who start a venture; the government pays part of the interest and "
          "bears part of the losses on defaults",
          {"amount_cny", "interest_discount", "default_rate", "government_loss_share", "term_years"},
          [](const PolicyEntry& e) -> std::unique_ptr<Policy> {
            const ConfigReader entry(e.spec.params, e.key);
            const double amount = required_in(entry, "amount_cny", 0, 1e8,
                                              "amount_cny is the loan, CNY, available to a talent who starts a "
                                              "venture (Weihai lends up to 10,000,000 unsecured)");
            const double discount = required_in(entry, "interest_discount", 0, 1,
                                                "interest_discount is the share of the interest the government "
                                                "pays, 0 to 1 (1: interest-free)");
            const double default_rate = required_in(entry, "default_rate", 0, 1,
                                                    "default_rate is the yearly share of the loan balance lost "
                                                    "to defaults, 0 to 1 (0.05: 5% a year)");
            const double loss_share = required_in(entry, "government_loss_share", 0, 1,
                                                  "government_loss_share is the share of losses on defaults the "
                                                  "government bears, 0 to 1 (Weihai: 0.8)");
            const double term_years =
                required_in(entry, "term_years", 0.5, 30, "term_years is the loan's term in years, 0.5 to 30");
            const double yearly_rate =
                e.scenario.behaviour.entrepreneurship.base_interest_rate * discount + default_rate * loss_share;
            return std::make_unique<TalentLoan>(e, amount, std::round(term_years * 12.0), yearly_rate / 12.0);
          }};
}

}  // namespace kunlun
