// The `behaviour` policy: shifts behaviour directly on the log-odds scale for its target, for
// sensitivity analysis and calibration ("what if grassroots departures were 20% less likely?").
#include "policy/policy_registry.h"

namespace kunlun {

namespace {

class BehaviourOverride final : public Policy {
 public:
  BehaviourOverride(const PolicyEntry& e, float exit_shift, float acceptance_shift)
      : Policy(e.common), exit_(exit_shift), acceptance_(acceptance_shift) {}

  void write_levers(LeverTable& levers, YearMonth) const override {
    if (exit_ != 0.0f) target().add_to(levers, Lever::exit_log_odds, exit_);
    if (acceptance_ != 0.0f) target().add_to(levers, Lever::acceptance_log_odds, acceptance_);
  }

 private:
  float exit_, acceptance_;
};

}  // namespace

PolicyType behaviour_override_type() {
  const auto shift = [](const char* key, const char* of) {
    return Parameter{.key = key,
                     .unit = "log-odds",
                     .min = -10,
                     .max = 10,
                     .default_value = 0.0,
                     .meaning = std::string("a shift of the log-odds of ") + of +
                                " (1 multiplies small odds by about 2.7)",
                     .evidence = kAssumption,
            .uncertainty = plus_value(uniform(-0.5, 0.5, "the shift stands for a measure the model does not describe; half a log-odds either side of the written shift"))};
  };
  return {"behaviour",
          "shifts the log-odds of leaving the province and of accepting an offer for its target",
          {shift("exit_log_odds", "leaving the province"), shift("acceptance_log_odds", "accepting an offer")},
          [](const PolicyEntry& e) -> std::unique_ptr<Policy> {
            if (!e.values.written("exit_log_odds") && !e.values.written("acceptance_log_odds"))
              throw InputError(e.spec.params.where(), e.key, "a behaviour policy changes nothing",
                               "give exit_log_odds, acceptance_log_odds or both");
            return std::make_unique<BehaviourOverride>(e, static_cast<float>(e.values.number("exit_log_odds")),
                                                       static_cast<float>(e.values.number("acceptance_log_odds")));
          }};
}

}  // namespace kunlun
