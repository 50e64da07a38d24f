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
#include "scenario/schema.h"

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
                      ? e.common.target.mask(e.regions.county_count(), agent_class_count(e.regions.field_count()))
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
    for (int c = 0; c < basis.counties; ++c) {
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

struct Reader {
  const ConfigReader& entry;

  double number(const char* name, double lo, double hi, const std::string& hint, std::optional<double> fallback) const {
    if (!entry.find(name)) {
      if (fallback) return *fallback;
      throw InputError(entry.key_where(name), entry.key(name), "missing required key",
                       "a recruitment_programme needs introduced_per_year, cultivated_per_year, "
                       "settling_grant_cny and cultivation_cny; " +
                           hint);
    }
    const double v = entry.number(name);
    if (v < lo || v > hi)
      throw InputError(
          entry.get(name).where(), entry.key(name),
          format_number(v) + " is out of range: must be between " + format_number(lo) + " and " + format_number(hi),
          hint);
    return v;
  }
};

}  // namespace

PolicyType recruitment_programme_type() {
  return {"recruitment_programme",
          "introduces high-end talents from outside each year (placed by job capacity, optionally bonded) and "
          "cultivates mid-level talents of its target into high-end ones",
          {"introduced_per_year", "cultivated_per_year", "settling_grant_cny", "cultivation_cny", "service_years",
           "arrival_month"},
          [](const PolicyEntry& e) -> std::unique_ptr<Policy> {
            const ConfigReader entry(e.spec.params, e.key);
            const Reader r{entry};
            const double introduced = r.number("introduced_per_year", 0, 1e6,
                                               "introduced_per_year is the number of high-end talents brought in "
                                               "a year at full scale (the reference year: 86)",
                                               std::nullopt);
            const double cultivated = r.number("cultivated_per_year", 0, 1e6,
                                               "cultivated_per_year is the number of mid-level talents raised to "
                                               "high-end a year at full scale (the reference year: 124)",
                                               std::nullopt);
            const double grant = r.number("settling_grant_cny", 0, 1e8,
                                          "settling_grant_cny is paid once, CNY, to each introduced talent on "
                                          "arrival",
                                          std::nullopt);
            const double cultivation = r.number("cultivation_cny", 0, 1e8,
                                                "cultivation_cny is the cost, CNY, of raising one talent to "
                                                "high-end, booked when it happens",
                                                std::nullopt);
            const double service_years = r.number("service_years", 0, 30,
                                                  "service_years is the bond of introduced talents: no voluntary "
                                                  "move for that many years after arrival",
                                                  0.0);
            const double month = r.number("arrival_month", 1, 12, "the calendar month talents arrive, 1 to 12", 3.0);
            if (month != std::floor(month))
              throw InputError(entry.get("arrival_month").where(), entry.key("arrival_month"),
                               format_number(month) + " is not a whole month", "write a calendar month 1 to 12");

            const double scale = e.scenario.population.scale;
            const int introduced_count = static_cast<int>(std::lround(introduced * scale));
            const int cultivated_count = static_cast<int>(std::lround(cultivated * scale));
            const PolicyTarget& t = e.target();
            if (cultivated_count > 0 && !t.level[static_cast<std::size_t>(Level::mid)])
              throw InputError(entry.get("cultivated_per_year").where(), entry.key("cultivated_per_year"),
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
              talent.bond_months = static_cast<int>(std::lround(service_years * 12));
              talent.min_age_years = 35;
              talent.max_age_years = 50;
              auto split = placements_by_capacity(e, introduced_count, talent);
              if (!split)
                throw InputError(entry.get("introduced_per_year").where(), entry.key("introduced_per_year"),
                                 "the target's counties have no jobs in the target's fields to place introduced "
                                 "talents in",
                                 "widen target.regions or target.fields, or set introduced_per_year: 0");
              orders = std::move(*split);
            }
            return std::make_unique<RecruitmentProgramme>(e, std::move(orders), cultivated_count, grant, cultivation,
                                                          static_cast<int>(month));
          }};
}

}  // namespace kunlun
