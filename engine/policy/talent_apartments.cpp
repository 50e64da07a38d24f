// PLACEHOLDER: replaced by the talent_apartments policy.
#include "policy/policy_registry.h"

namespace kunlun {

PolicyType talent_apartments_type() {
  return {"talent_apartments", "not built yet", {}, [](const PolicyEntry& e) -> std::unique_ptr<Policy> {
            throw InputError(e.spec.params.where(), e.key, "talent_apartments is not built yet");
          }};
}

}  // namespace kunlun
