// The `recruitment_programme` policy (high-end innovation talent plan and the like): brings in
// high-end talents from outside each year and raises mid-level talents of its target to high-end.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <optional>
#include <vector>

#include "policy/policy_parameters.h"
#include "policy/policy_registry.h"

namespace kunlun {

namespace {

class RecruitmentProgramme final : public Policy {
 public:
  RecruitmentProgramme(const PolicyEntry& e, std::vector<PlacementOrder> introduced, int cultivated, double grant_cny,
                       double cultivation_cny, int arrival_month)
      : Policy(e.common),
        introduced_(std::move(introduced)),
        cultivated_(cultivated),
        grant_cny_(grant_cny),
        cultivation_cny_(cultivation_cny),
        arrival_month_(arrival_month),
        eligible_(cultivated > 0
                      ? e.common.target.mask(ClassLayout{e.regions.county_count(), e.regions.field_count()})
                      : std::vector<std::uint8_t>{}) {}

  // Once a year, in the arrival month: this year's introduced talents and this year's cultivation.
  void write_levers(LeverTable& levers, YearMonth month) const override {
    if (month.month() != arrival_month_) return;
    levers.placements.insert(levers.placements.end(), introduced_.begin(), introduced_.end());
    if (cultivated_ > 0)
      levers.selections.push_back(SelectionOrder{SelectionOrder::Kind::cultivate, position(), cultivated_, &eligible_});
  }

  // The settling grant is paid on arrival, the cultivation cost when a talent is raised; both in
  // the county where it happens. Orders run only in active months, so nothing is booked after.
  void book_costs(const CostBasis& basis, CostLedger& ledger, YearMonth) const override {
    for (int c = 0; c < basis.layout.counties; ++c) {
      const std::size_t at = basis.order_index(position(), c);
      const double cny = basis.placed[at] * grant_cny_ + basis.selected[at] * cultivation_cny_;
      if (cny != 0) ledger.book(position(), c, cny);
    }
  }

 private:
  std::vector<PlacementOrder> introduced_;
  int cultivated_;
  double grant_cny_, cultivation_cny_;
  int arrival_month_;
  std::vector<std::uint8_t> eligible_;
};

}  // namespace

PolicyType recruitment_programme_type() {
  return {"recruitment_programme",
          "introduces high-end talents from outside each year (placed by job capacity, optionally bonded) and "
          "cultivates mid-level talents of its target into high-end ones",
          {{.key = "introduced_per_year",
            .unit = "talents a year, full scale",
            .min = 0,
            .max = 1e6,
            .meaning = "the number of high-end talents brought in a year (the reference year: 86)",
            .evidence = kPolicyDesign},
           {.key = "cultivated_per_year",
            .unit = "talents a year, full scale",
            .min = 0,
            .max = 1e6,
            .meaning = "the number of mid-level talents raised to high-end a year (the reference year: 124)",
            .evidence = kPolicyDesign},
           {.key = "settling_grant_cny",
            .unit = "CNY",
            .min = 0,
            .max = 1e8,
            .meaning = "the grant paid once to each introduced talent on arrival",
            .evidence = kPolicyDesign},
           {.key = "cultivation_cny",
            .unit = "CNY",
            .min = 0,
            .max = 1e8,
            .meaning = "the cost of raising one talent to high-end, booked when it happens",
            .evidence = kPolicyDesign},
           {.key = "service_years",
            .unit = "years",
            .min = 0,
            .max = 30,
            .default_value = 0.0,
            .meaning = "the bond of introduced talents: no voluntary move (and no venture) for that many years after "
                       "arrival",
            .evidence = kPolicyDesign},
           {.key = "arrival_month",
            .type = ParameterType::integer,
            .unit = "calendar month",
            .min = 1,
            .max = 12,
            .default_value = 3.0,
            .meaning = "the calendar month of the arrivals and of the cultivation",
            .evidence = kPolicyDesign}},
          [](const PolicyEntry& e) -> std::unique_ptr<Policy> {
            const PolicyValues& v = e.values;
            const double scale = e.context.scale;
            const int introduced_count = static_cast<int>(std::lround(v.number("introduced_per_year") * scale));
            const int cultivated_count = static_cast<int>(std::lround(v.number("cultivated_per_year") * scale));
            const PolicyTarget& t = e.target();
            if (cultivated_count > 0 && !t.level[static_cast<std::size_t>(Level::mid)])
              throw InputError(v.where("cultivated_per_year"), v.key("cultivated_per_year"),
                               "cultivation raises mid-level talents to high-end, but the target's levels leave "
                               "out mid",
                               "add mid to target.levels, or set cultivated_per_year: 0");

            // Introduced talents go to the target's counties x fields in proportion to job capacity
            // at the run's scale, the same split every year.
            std::vector<PlacementOrder> orders;
            if (introduced_count > 0) {
              PlacementOrder talent;
              talent.payer = e.common.position;
              talent.level = static_cast<int>(Level::high_end);
              talent.title = static_cast<int>(Title::associate_senior);
              talent.education = static_cast<int>(Education::doctorate);
              talent.origin = static_cast<int>(Origin::outsider);
              talent.bond_months = static_cast<int>(std::lround(v.number("service_years") * 12));
              talent.min_age_years = 35;
              talent.max_age_years = 50;
              auto split = placements_by_capacity(e, introduced_count, talent);
              if (!split)
                throw InputError(v.where("introduced_per_year"), v.key("introduced_per_year"),
                                 "the target's counties have no jobs in the target's fields to place introduced "
                                 "talents in",
                                 "widen target.regions or target.fields, or set introduced_per_year: 0");
              orders = std::move(*split);
            }
            return std::make_unique<RecruitmentProgramme>(e, std::move(orders), cultivated_count,
                                                          v.number("settling_grant_cny"), v.number("cultivation_cny"),
                                                          v.integer("arrival_month"));
          }};
}

}  // namespace kunlun
