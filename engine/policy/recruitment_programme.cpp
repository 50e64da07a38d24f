// PLACEHOLDER: replaced by the recruitment_programme policy.
#include "policy/policy_registry.h"

namespace kunlun {

PolicyType recruitment_programme_type() {
  return {"recruitment_programme", "not built yet", {}, [](const PolicyEntry& e) -> std::unique_ptr<Policy> {
            throw InputError(e.spec.params.where(), e.key, "recruitment_programme is not built yet");
          }};
}

}  // namespace kunlun
