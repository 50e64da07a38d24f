// PLACEHOLDER: replaced by the housing_rent_subsidy policy.
#include "policy/policy_registry.h"

namespace kunlun {

PolicyType housing_rent_subsidy_type() {
  return {"housing_rent_subsidy", "not built yet", {}, [](const PolicyEntry& e) -> std::unique_ptr<Policy> {
            throw InputError(e.spec.params.where(), e.key, "housing_rent_subsidy is not built yet");
          }};
}

}  // namespace kunlun
