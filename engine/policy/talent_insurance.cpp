// PLACEHOLDER: replaced by the talent_insurance policy.
#include "policy/policy_registry.h"

namespace kunlun {

PolicyType talent_insurance_type() {
  return {"talent_insurance", "not built yet", {}, [](const PolicyEntry& e) -> std::unique_ptr<Policy> {
            throw InputError(e.spec.params.where(), e.key, "talent_insurance is not built yet");
          }};
}

}  // namespace kunlun
