// What is known about an assumed value: a distribution over a plausible range with one line of
// reasoning, declared beside the parameter; and the overrides a scenario or a design file writes
// to narrow, widen, replace or fix it. Sensitivity analysis (and calibration, as priors) draws from
// it by mapping points of the unit cube through the quantile function.
#pragma once

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "parameters/config_tree.h"

namespace kunlun {

struct Parameter;

enum class Distribution {
  uniform,      // flat on [low, high]
  log_uniform,  // flat in ln x on [low, high], low > 0: for a value known only to its order
  triangular,   // on [low, high] with its peak at `mode`
  normal,       // mean, sd, truncated to [low, high]
  beta,         // Beta(alpha, beta) stretched onto [low, high]
  choice,       // one of `options`, each as likely
};
inline constexpr const char* kDistributionNames[] = {"uniform", "log_uniform", "triangular",
                                                     "normal",  "beta",        "choice"};

// How low, high (and mode, mean) are read: as values, or relative to the value in force, so that
// a policy parameter's range follows what the scenario writes for it.
enum class Anchor {
  value,       // as written
  times_value, // factors of the value in force (0.5 and 2: half to double)
  plus_value,  // offsets from the value in force (-1 and 1)
};

struct Uncertainty {
  Distribution distribution = Distribution::uniform;
  double low = 0, high = 0;
  double mode = 0;              // triangular
  double mean = 0, sd = 0;      // normal (before truncation)
  double alpha = 0, beta = 0;   // beta
  std::vector<std::string> options{};  // choice
  Anchor anchor = Anchor::value;
  std::string reasoning{};      // one line: why this range
};

// Builders for the declarations, so that each reads as one phrase.
Uncertainty uniform(double low, double high, std::string reasoning);
Uncertainty log_uniform(double low, double high, std::string reasoning);
Uncertainty triangular(double low, double mode, double high, std::string reasoning);
Uncertainty truncated_normal(double mean, double sd, double low, double high, std::string reasoning);
Uncertainty beta(double alpha, double beta, double low, double high, std::string reasoning);
Uncertainty one_of(std::vector<std::string> options, std::string reasoning);
// The same distribution with low, high (and mode or mean) relative to the value in force.
Uncertainty times_value(Uncertainty u);
Uncertainty plus_value(Uncertainty u);

// The uncertainty with its anchor applied to `value` (Anchor::value on return). Throws InputError
// naming `key` when the result is not a distribution (low >= high, a log-uniform reaching 0, a
// mode outside the range) or leaves the parameter's valid range: nothing is clamped.
Uncertainty resolve(const Uncertainty& u, const Parameter& p, const std::string& key, double value,
                    const SourceLocation& where = {});

// The value at probability `u` in [0, 1] of a resolved uncertainty (for a choice, the option's
// index as a double). Integer parameters take the nearest whole number, a uniform one spreading
// its probability evenly over the whole numbers low .. high.
double quantile(const Uncertainty& resolved, const Parameter& p, double u);

// "log-uniform 0.3 to 3", "uniform x0.5 to x2 of the value", "normal 1 (sd 0.3) in 0 to 2",
// "one of junior, intermediate": how docs and listings state it.
std::string uncertainty_text(const Uncertainty& u);

// An override of a declared uncertainty, as a scenario's `uncertainty:` map or a design file
// writes it under a parameter's key:
//   fixed                                   never varied (also {fixed: true})
//   {scale: 0.5}                            the range narrowed (< 1) or widened (> 1) about the value in force
//   {low: 0.2, high: 0.8}                   new bounds, the declared distribution kept
//   {distribution: normal, mean: 1, sd: 0.2, low: 0.5, high: 1.5, reasoning: "..."}   replaced
struct UncertaintyOverride {
  std::string key;
  SourceLocation where{};
  bool fixed = false;
  std::optional<double> scale{};
  std::optional<Uncertainty> replacement{};  // bounds only: distribution kept from the declaration
  bool bounds_only = false;
};

// Reads one override (the node under `key`), checking its shape and numbers; the key's parameter
// is checked by the caller. Throws InputError located at the offending entry.
UncertaintyOverride read_uncertainty_override(const std::string& key, const ConfigNode& node,
                                              const SourceLocation& key_at);
// Reads a whole `uncertainty:` map, in file order.
std::vector<UncertaintyOverride> read_uncertainty_overrides(const ConfigNode& map, const std::string& map_key);

// The uncertainty in force: the declaration resolved at `value`, then the override applied.
// std::nullopt when the override fixes the parameter. Throws InputError at the override when the
// result is not a distribution or leaves the valid range.
std::optional<Uncertainty> apply_override(const Uncertainty& declared, const Parameter& p, double value,
                                          const UncertaintyOverride* override_);

}  // namespace kunlun
