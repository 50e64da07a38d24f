// The `order_class` policy (订单班): yearly cohorts trained at the province's expense (often outside
// it) who then arrive in the target counties, bonded to serve there for some years.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <vector>

#include "policy/policy_parameters.h"
#include "policy/policy_registry.h"
#include "scenario/schema.h"

namespace kunlun {

namespace {

// One cohort: enrols in `enrol`, trains until the month before `arrival`, arrives in `arrival`.
struct Cohort {
  YearMonth enrol, arrival;
};

class OrderClass final : public Policy {
 public:
  OrderClass(const PolicyEntry& e, std::vector<Cohort> cohorts, std::vector<PlacementOrder> orders, int counties,
             double monthly_cost_per_trainee)
      : Policy(e.common),
        cohorts_(std::move(cohorts)),
        orders_(std::move(orders)),
        trainees_by_county_(static_cast<std::size_t>(counties), 0),
        monthly_cost_(monthly_cost_per_trainee) {
    for (const PlacementOrder& o : orders_) trainees_by_county_[static_cast<std::size_t>(o.county)] += o.count;
  }

  // A cohort enrolled while the policy was active still arrives after its end.
  bool writes_in(YearMonth month) const override {
    return active(month) || (!cohorts_.empty() && month <= cohorts_.back().arrival);
  }

  void write_levers(LeverTable& levers, YearMonth month) const override {
    for (const Cohort& c : cohorts_)
      if (c.arrival == month) levers.placements.insert(levers.placements.end(), orders_.begin(), orders_.end());
  }

  // Training is paid monthly for every cohort in training, active or not, and booked to the
  // counties the trainees will serve in (each cohort is split over counties the same way).
  void book_costs(const CostBasis&, CostLedger& ledger, YearMonth month) const override {
    if (monthly_cost_ == 0) return;
    int in_training = 0;
    for (const Cohort& c : cohorts_) in_training += (c.enrol <= month && month < c.arrival) ? 1 : 0;
    if (in_training == 0) return;
    for (std::size_t c = 0; c < trainees_by_county_.size(); ++c)
      if (trainees_by_county_[c] > 0)
        ledger.book(position(), static_cast<int>(c), in_training * trainees_by_county_[c] * monthly_cost_);
  }

 private:
  std::vector<Cohort> cohorts_;          // by enrolment
  std::vector<PlacementOrder> orders_;   // one cohort's arrival, county x field
  std::vector<int> trainees_by_county_;  // one cohort, by the county it will serve
  double monthly_cost_;
};

double required_in(const ConfigReader& entry, const char* name, double lo, double hi, bool lo_exclusive,
                   const std::string& hint) {
  return policy_number(entry, name, {lo, hi, lo_exclusive}, hint,
                       "an order_class needs cohort_size, training_years, bond_years and training_cost_cny");
}

}  // namespace

PolicyType order_class_type() {
  return {"order_class",
          "pays for yearly cohorts of trainees who arrive in the target counties after their training, bonded "
          "to serve there",
          {"cohort_size", "training_years", "bond_years", "training_cost_cny", "arrival_month", "education"},
          [](const PolicyEntry& e) -> std::unique_ptr<Policy> {
            const ConfigReader entry(e.spec.params, e.key);
            const double cohort_size = required_in(entry, "cohort_size", 0, 1e6, true,
                                                   "cohort_size is the number of trainees enrolled a year at full "
                                                   "scale (scaled with population.scale)");
            const double training_years = required_in(entry, "training_years", 1, 8, false,
                                                      "training_years is the whole number of years of training "
                                                      "before the cohort arrives, 1 to 8 (3 for a college "
                                                      "diploma)");
            if (training_years != std::floor(training_years))
              throw InputError(entry.get("training_years").where(), entry.key("training_years"),
                               format_number(training_years) + " is not a whole number of years",
                               "cohorts enrol and arrive once a year: write 1 to 8");
            const double bond_years = required_in(entry, "bond_years", 0, 30, false,
                                                  "bond_years is the service obligation after arrival: no "
                                                  "voluntary move for that many years (0: none)");
            const double cost = required_in(entry, "training_cost_cny", 0, 1e7, false,
                                            "training_cost_cny is paid per trainee and year of training, CNY");
            int arrival_month = 7;
            if (entry.find("arrival_month")) {
              const double m = entry.number("arrival_month");
              if (m < 1 || m > 12 || m != std::floor(m))
                throw InputError(entry.get("arrival_month").where(), entry.key("arrival_month"),
                                 format_number(m) + " is not a calendar month",
                                 "write a whole month 1 to 12; graduates usually arrive in 7");
              arrival_month = static_cast<int>(m);
            }
            int education = static_cast<int>(Education::college);
            if (entry.find("education")) {
              const std::string name = entry.text("education");
              const auto found = category_index(kEducationNames, name);
              if (!found)
                throw InputError(entry.get("education").where(), entry.key("education"),
                                 "unknown education '" + name + "'",
                                 suggestion_hint(name, {kEducationNames.begin(), kEducationNames.end()}, "one of: "));
              education = *found;
            }

            // A cohort enrols every twelve months from the start month while the policy is active;
            // the cohort of year Y arrives in arrival_month of Y + training_years.
            std::vector<Cohort> cohorts;
            for (YearMonth m = e.common.start; m <= e.common.end; m = m.plus_months(12))
              cohorts.push_back({m, YearMonth(m.year() + static_cast<int>(training_years), arrival_month)});

            // Each cohort is split over the target's counties x fields by job capacity at the run's
            // scale, the same way every year.
            const double scale = e.scenario.population.scale;
            const int per_cohort = static_cast<int>(std::lround(cohort_size * scale));
            PlacementOrder cohort;
            cohort.payer = e.common.position;
            cohort.level = static_cast<int>(Level::junior);
            cohort.title = static_cast<int>(Title::none);
            cohort.education = education;
            cohort.origin = static_cast<int>(Origin::local);
            cohort.source = EntrySource::order_class;
            cohort.bond_months = static_cast<int>(std::lround(bond_years * 12));
            cohort.min_age_years = 20;
            cohort.max_age_years = 23;
            auto orders = placements_by_capacity(e, per_cohort, cohort);
            if (!orders)
              throw InputError(e.spec.params.where(), e.key + ".target",
                               "the target's counties have no jobs in the target's fields for the cohorts",
                               "widen target.regions or target.fields");
            const int counties = e.regions.county_count();
            return std::make_unique<OrderClass>(e, std::move(cohorts), std::move(*orders), counties, cost / 12.0);
          }};
}

}  // namespace kunlun
