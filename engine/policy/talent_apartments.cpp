// The `talent_apartments` policy (人才公寓): a number of apartments in each targeted county, let to
// targeted talents at a monthly rent discount; when units are scarce a queue decides who lives there.
#include <algorithm>
#include <string>
#include <vector>

#include "policy/policy_registry.h"

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
    const AgentClassParts k = ClassLayout::decode(agent_class);
    if (priority_ == Priority::level) return static_cast<float>(kLevels - 1 - k.level);  // high_end 2 .. junior 0
    return static_cast<float>(k.title);  // none 0 .. senior 4
  }

  double scaled_units_, discount_;
  Priority priority_;
};

}  // namespace

PolicyType talent_apartments_type() {
  return {"talent_apartments",
          "apartments in each targeted county let to targeted talents at a monthly rent discount, by a queue",
          {{.key = "units",
            .unit = "apartments per county, full scale",
            .min = 0,
            .max = 1e6,
            .meaning = "the number of apartments in EACH targeted county at full scale; the simulation has units x "
                       "population.scale of them, rounded down (150 at scale 0.02 are 3); 0: the policy changes nothing",
            .evidence = kPolicyDesign},
           {.key = "rent_discount_cny",
            .unit = "CNY a month",
            .min = 0,
            .max = 100000,
            .meaning = "the discount off the market rent for a tenant; 0: the policy changes nothing",
            .evidence = kPolicyDesign},
           {.key = "priority",
            .type = ParameterType::choice,
            .default_value = std::string("queue"),
            .meaning = "who is housed first when units are scarce: level (high-end first, then mid, then "
                       "junior), title (higher title first), queue (the longest in the county first)",
            .evidence = kPolicyDesign,
            .choices = kPriorityNames}},
          [](const PolicyEntry& e) -> std::unique_ptr<Policy> {
            const std::string& p = e.values.text("priority");
            const auto at = std::find(kPriorityNames.begin(), kPriorityNames.end(), p) - kPriorityNames.begin();
            return std::make_unique<TalentApartments>(e, e.values.number("units") * e.context.scale,
                                                      e.values.number("rent_discount_cny"),
                                                      static_cast<Priority>(at));
          }};
}

}  // namespace kunlun
