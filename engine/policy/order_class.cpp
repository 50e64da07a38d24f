// The `order_class` policy (订单班): yearly cohorts trained at the province's expense (often outside
// it) who then arrive in the target counties, bonded to serve there for some years.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <vector>

#include "policy/policy_parameters.h"
#include "policy/policy_registry.h"

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

}  // namespace

PolicyType order_class_type() {
  return {"order_class",
          "pays for yearly cohorts of trainees who arrive in the target counties after their training, bonded "
          "to serve there",
          {{.key = "cohort_size",
            .unit = "trainees a year, full scale",
            .min = 0,
            .max = 1e6,
            .min_exclusive = true,
            .meaning = "the number of trainees enrolled a year (scaled with population.scale)",
            .evidence = kPolicyDesign},
           {.key = "training_years",
            .type = ParameterType::integer,
            .unit = "years",
            .min = 1,
            .max = 8,
            .meaning = "the whole number of years of training before the cohort arrives (3 for a college diploma)",
            .evidence = kPolicyDesign},
           {.key = "bond_years",
            .unit = "years",
            .min = 0,
            .max = 30,
            .meaning = "the service obligation from arrival: no voluntary move (and no venture) for that many years (0: "
                       "none)",
            .evidence = kPolicyDesign},
           {.key = "training_cost_cny",
            .unit = "CNY per trainee and year",
            .min = 0,
            .max = 1e7,
            .meaning = "the cost of training, paid per trainee and year of training",
            .evidence = kPolicyDesign},
           {.key = "arrival_month",
            .type = ParameterType::integer,
            .unit = "calendar month",
            .min = 1,
            .max = 12,
            .default_value = 7.0,
            .meaning = "the calendar month cohorts arrive (graduates usually arrive in 7)",
            .evidence = kPolicyDesign},
           {.key = "education",
            .type = ParameterType::choice,
            .default_value = std::string("college"),
            .meaning = "the education of the trainees on arrival",
            .evidence = kPolicyDesign,
            .choices = {kEducationNames.begin(), kEducationNames.end()}}},
          [](const PolicyEntry& e) -> std::unique_ptr<Policy> {
            const PolicyValues& v = e.values;
            const int training_years = v.integer("training_years");
            const int arrival_month = v.integer("arrival_month");
            const int education = *category_index(kEducationNames, v.text("education"));

            // A cohort enrols every twelve months from the start month while the policy is active;
            // the cohort of year Y arrives in arrival_month of Y + training_years.
            std::vector<Cohort> cohorts;
            for (YearMonth m = e.common.start; m <= e.common.end; m = m.plus_months(12))
              cohorts.push_back({m, YearMonth(m.year() + training_years, arrival_month)});

            // Each cohort is split over the target's counties x fields by job capacity at the run's
            // scale, the same way every year.
            const double scale = e.context.scale;
            const int per_cohort = static_cast<int>(std::lround(v.number("cohort_size") * scale));
            PlacementOrder cohort;
            cohort.payer = e.common.position;
            cohort.level = static_cast<int>(Level::junior);
            cohort.title = static_cast<int>(Title::none);
            cohort.education = education;
            cohort.origin = static_cast<int>(Origin::local);
            cohort.source = EntrySource::order_class;
            cohort.bond_months = static_cast<int>(std::lround(v.number("bond_years") * 12));
            cohort.min_age_years = 20;
            cohort.max_age_years = 23;
            auto orders = placements_by_capacity(e, per_cohort, cohort);
            if (!orders)
              throw InputError(e.spec.params.where(), e.key + ".target",
                               "the target's counties have no jobs in the target's fields for the cohorts",
                               "widen target.regions or target.fields");
            const int counties = e.regions.county_count();
            return std::make_unique<OrderClass>(e, std::move(cohorts), std::move(*orders), counties,
                                                v.number("training_cost_cny") / 12.0);
          }};
}

}  // namespace kunlun
