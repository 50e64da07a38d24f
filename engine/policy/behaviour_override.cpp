// The `behaviour` policy: shifts behaviour directly on the log-odds scale for its target, for
// sensitivity analysis and calibration ("what if grassroots departures were 20% less likely?").
#include "policy/policy_registry.h"
#include "scenario/schema.h"

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
  return {"behaviour",
          "shifts the log-odds of leaving the province and of accepting an offer for its target",
          {"exit_log_odds", "acceptance_log_odds"},
          [](const PolicyEntry& e) -> std::unique_ptr<Policy> {
            const ConfigReader entry(e.spec.params, e.key);
            const auto shift = [&](const char* name) -> float {
              if (!entry.find(name)) return 0.0f;
              const double v = entry.number(name);
              if (v < -10 || v > 10)
                throw InputError(entry.get(name).where(), entry.key(name),
                                 format_number(v) + " is out of range: must be between -10 and 10",
                                 "a log-odds shift of 1 multiplies small odds by about 2.7");
              return static_cast<float>(v);
            };
            if (!entry.find("exit_log_odds") && !entry.find("acceptance_log_odds"))
              throw InputError(e.spec.params.where(), e.key, "a behaviour policy changes nothing",
                               "give exit_log_odds, acceptance_log_odds or both");
            return std::make_unique<BehaviourOverride>(e, shift("exit_log_odds"), shift("acceptance_log_odds"));
          }};
}

}  // namespace kunlun
