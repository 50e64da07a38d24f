// PLACEHOLDER: replaced by the order_class policy.
#include "policy/policy_registry.h"

namespace kunlun {

PolicyType order_class_type() {
  return {"order_class", "not built yet", {}, [](const PolicyEntry& e) -> std::unique_ptr<Policy> {
            throw InputError(e.spec.params.where(), e.key, "order_class is not built yet");
          }};
}

}  // namespace kunlun
