// The `talent_loan` policy (人才贷): a loan for targeted talents who start a venture, with part of
// the interest and of the losses on defaults borne by the government, as Weihai's talent loans are.
#include <cmath>

#include "policy/policy_registry.h"

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

}  // namespace

PolicyType talent_loan_type() {
  return {"talent_loan",
          "a loan for targeted talents who start a venture; the government pays part of the interest and "
          "bears part of the losses on defaults",
          {{.key = "amount_cny",
            .unit = "CNY",
            .min = 0,
            .max = 1e8,
            .meaning = "the loan available to a targeted talent who starts a venture (Weihai lends up to 10,000,000 "
                       "unsecured); 0: the policy lends nothing and changes nothing",
            .evidence = kPolicyDesign},
           {.key = "interest_discount",
            .unit = "share of the interest",
            .min = 0,
            .max = 1,
            .meaning = "the share of the interest the government pays, at "
                       "behaviour.entrepreneurship.base_interest_rate (1: interest-free)",
            .evidence = kPolicyDesign},
           {.key = "default_rate",
            .unit = "share of the balance a year",
            .min = 0,
            .max = 1,
            .meaning = "the yearly share of the outstanding balance lost to defaults, for pricing the losses (0.05: 5% a "
                       "year)",
            .evidence = kAssumption,
            .uncertainty = times_value(log_uniform(0.5, 2, "no default rate of talent loans was found; half to twice the written rate"))},
           {.key = "government_loss_share",
            .unit = "share of the losses",
            .min = 0,
            .max = 1,
            .meaning = "the share of losses on defaults the government bears (Weihai: 0.8)",
            .evidence = kPolicyDesign},
           {.key = "term_years",
            .unit = "years",
            .min = 0.5,
            .max = 30,
            .meaning = "the term of each loan, repaid at its end (rounded to whole months)",
            .evidence = kPolicyDesign}},
          [](const PolicyEntry& e) -> std::unique_ptr<Policy> {
            const PolicyValues& v = e.values;
            const double yearly_rate =
                e.context.behaviour.entrepreneurship.base_interest_rate * v.number("interest_discount") +
                v.number("default_rate") * v.number("government_loss_share");
            return std::make_unique<TalentLoan>(e, v.number("amount_cny"), std::round(v.number("term_years") * 12.0),
                                                yearly_rate / 12.0);
          }};
}

}  // namespace kunlun
