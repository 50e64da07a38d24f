// PLACEHOLDER: replaced by the housing_purchase_subsidy policy.
#include "policy/policy_registry.h"

namespace kunlun {

PolicyType housing_purchase_subsidy_type() {
  return {"housing_purchase_subsidy", "not built yet", {}, [](const PolicyEntry& e) -> std::unique_ptr<Policy> {
            throw InputError(e.spec.params.where(), e.key, "housing_purchase_subsidy is not built yet");
          }};
}

}  // namespace kunlun
