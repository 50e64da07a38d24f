// PLACEHOLDER: replaced by the equity_fund policy.
#include "policy/policy_registry.h"

namespace kunlun {

PolicyType equity_fund_type() {
  return {"equity_fund", "not built yet", {}, [](const PolicyEntry& e) -> std::unique_ptr<Policy> {
            throw InputError(e.spec.params.where(), e.key, "equity_fund is not built yet");
          }};
}

}  // namespace kunlun
