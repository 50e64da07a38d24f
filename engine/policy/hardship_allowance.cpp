// PLACEHOLDER: replaced by the hardship_allowance policy.
#include "policy/policy_registry.h"

namespace kunlun {

PolicyType hardship_allowance_type() {
  return {"hardship_allowance", "not built yet", {}, [](const PolicyEntry& e) -> std::unique_ptr<Policy> {
            throw InputError(e.spec.params.where(), e.key, "hardship_allowance is not built yet");
          }};
}

}  // namespace kunlun
