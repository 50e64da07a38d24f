// What a sensitivity analysis varies and how: the method and its sizes, the parameters (all the
// scenario's uncertain ones, or those a design file names), uncertainty overrides, the indicators
// and seeds. Read from a design file (`kunlun sensitivity --design FILE`) or set by a front end.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "parameters/uncertainty.h"

namespace kunlun {

enum class SensitivityMethod { morris, sobol };

struct SensitivityDesign {
  SensitivityMethod method = SensitivityMethod::morris;
  // Keys or key prefixes ("behaviour.mobility" takes every uncertain parameter under it); empty:
  // every uncertain parameter of the scenario.
  std::vector<std::string> parameters;
  std::vector<UncertaintyOverride> uncertainty;  // applied after the scenario's own
  std::size_t trajectories = 10;  // Morris
  std::size_t levels = 4;         // Morris grid levels
  std::size_t base_samples = 64;  // Sobol: rows of A; n (d + 2) points
  std::size_t resamples = 1000;   // bootstrap
  double confidence = 0.95;
  // "indicator" (the province) or "group:indicator" ("autonomous_grassroots:grassroots_talent_years");
  // empty: kDefaultSensitivityIndicators.
  std::vector<std::string> indicators;
  std::optional<std::uint64_t> seed;  // of the design and the bootstrap; default: the scenario's seed
  int replications = 1;               // simulated per design point and averaged
  std::filesystem::path file;         // the design file, if one was read
};

// Stock, grassroots stock and talent-years, voluntary departures from the province, open posts
// and the cost, at the horizon, for the province.
extern const std::vector<std::string> kDefaultSensitivityIndicators;

std::string method_name(SensitivityMethod m);
// Throws InputError (argument "method") for anything but morris or sobol.
SensitivityMethod parse_sensitivity_method(const std::string& name);

// Reads a design file:
//   method: morris | sobol
//   parameters: [behaviour.mobility, behaviour.utility.hometown]
//   uncertainty: {behaviour.mobility.utility_gap: {low: 0.5, high: 2}}
//   morris: {trajectories: 20, levels: 4}
//   sobol: {base_samples: 256}
//   bootstrap: {resamples: 1000, confidence: 0.95}
//   indicators: [stock_end, autonomous_grassroots:grassroots_talent_years]
//   seed: 7
//   replications: 1
// Every error names the file, line and key.
SensitivityDesign read_sensitivity_design(const std::filesystem::path& file);

// Checks sizes and settings (InputError naming the key or argument): trajectories 2 to 1000,
// levels even 2 to 100, base samples 2 to 2^16, resamples 1 to 100000, confidence in (0, 1),
// replications 1 to 1000.
void check_sensitivity_design(const SensitivityDesign& design);

}  // namespace kunlun
