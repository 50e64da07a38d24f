// The `talent_apartments` policy (人才公寓): a number of apartments in each targeted county, let to
// targeted talents at a monthly rent discount; when units are scarce a queue decides who lives there.
#include <string>
#include <vector>

#include "policy/policy_parameters.h"
#include "policy/policy_registry.h"
#include "scenario/schema.h"

namespace kunlun {

namespace {

enum class Priority { level, title, queue };
const std::vector<std::string> kPriorityNames = {"level", "title", "queue"};

class TalentApartments final : public Policy {
 public:
  TalentApartments(const PolicyEntry& e, double scaled_units, double discount_cny, Priority priority)
      : Policy(e.common), scaled_units_(scaled_units), discount_(discount_cny), priority_(priority) {}

  void write_levers(LeverTable& levers, YearMonth) const override {
    // No units or no discount: nobody is housed, so write nothing (byte-identical to the baseline).
    if (scaled_units_ <= 0 || discount_ <= 0) return;
    target().add_to(levers, Lever::apartment_discount_cny, static_cast<float>(discount_));
    for (int c = 0; c < levers.counties(); ++c) {
      if (!target().county[static_cast<std::size_t>(c)]) continue;
      levers.add_county(CountyLever::apartment_units, c, static_cast<float>(scaled_units_));
      if (priority_ == Priority::queue) continue;  // equal priority: the longest in the county first
      for (int k = 0; k < levers.classes(); ++k)
        if (target().reaches_class(k)) levers.write(Lever::apartment_priority, c, k, priority_of(k));
    }
  }

  // The discount is what the government forgoes on each let unit. Tenants are counted only where
  // the discount lever makes a class eligible, i.e. while the policy runs.
  void book_costs(const CostBasis& basis, CostLedger& ledger, YearMonth month) const override {
    if (!active(month)) return;
    book_per_unit(basis.apartment_tenants, basis, discount_, ledger);
  }

  // Tenants are found by cell: two apartment policies reaching one cell could not be told apart.
  bool holds_agent_state() const override { return true; }

 private:
  // Higher is housed first.
  float priority_of(int agent_class) const {
    const int title = (agent_class / kOrigins) % kTitles;
    const int level = (agent_class / (kOrigins * kTitles)) % kLevels;
    if (priority_ == Priority::level) return static_cast<float>(kLevels - 1 - level);  // high_end 2 .. junior 0
    return static_cast<float>(title);  // none 0 .. senior 4
  }

  double scaled_units_, discount_;
  Priority priority_;
};

double required_in(const ConfigReader& entry, const char* name, double lo, double hi, const std::string& hint) {
  return policy_number(entry, name, {lo, hi}, hint,
                       "a talent_apartments policy needs units and rent_discount_cny");
}

}  // namespace

PolicyType talent_apartments_type() {
  return {"talent_apartments",
          "apartments in each targeted county let to targeted talents at a monthly rent discount, by a queue",
          {"units", "rent_discount_cny", "priority"},
          [](const PolicyEntry& e) -> std::unique_ptr<Policy> {
            const ConfigReader entry(e.spec.params, e.key);
            const double units = required_in(entry, "units", 0, 1e6,
                                             "units is the number of apartments in EACH targeted county at "
                                             "full scale (it is multiplied by population.scale), 0 to 1000000");
            const double discount = required_in(entry, "rent_discount_cny", 0, 100000,
                                                "rent_discount_cny is the monthly rent discount of a tenant, "
                                                "CNY, 0 to 100000");
            Priority priority = Priority::queue;
            if (entry.find("priority")) {
              const std::string p = entry.text("priority");
              bool known = false;
              for (std::size_t i = 0; i < kPriorityNames.size(); ++i)
                if (kPriorityNames[i] == p) {
                  priority = static_cast<Priority>(i);
                  known = true;
                }
              if (!known) {
                const std::string close = closest_match(p, kPriorityNames);
                throw InputError(entry.get("priority").where(), entry.key("priority"), "unknown priority '" + p + "'",
                                 (close.empty() ? std::string() : "did you mean '" + close + "'? ") +
                                     "allowed: level (high-end first, then mid, then junior), title (higher "
                                     "title first), queue (the default: the longest in the county first)");
              }
            }
            return std::make_unique<TalentApartments>(e, units * e.scenario.population.scale, discount, priority);
          }};
}

}  // namespace kunlun
