// PLACEHOLDER: replaced by the title_reform policy.
#include "policy/policy_registry.h"

namespace kunlun {

PolicyType title_reform_type() {
  return {"title_reform", "not built yet", {}, [](const PolicyEntry& e) -> std::unique_ptr<Policy> {
            throw InputError(e.spec.params.where(), e.key, "title_reform is not built yet");
          }};
}

}  // namespace kunlun
