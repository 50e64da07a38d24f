// PLACEHOLDER: replaced by the talent_loan policy.
#include "policy/policy_registry.h"

namespace kunlun {

PolicyType talent_loan_type() {
  return {"talent_loan", "not built yet", {}, [](const PolicyEntry& e) -> std::unique_ptr<Policy> {
            throw InputError(e.spec.params.where(), e.key, "talent_loan is not built yet");
          }};
}

}  // namespace kunlun
