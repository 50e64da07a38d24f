// What a calibration estimates and how: the parameters (keys or prefixes of the scenario's
// uncertain ones), uncertainty overrides (the prior), the targets used, the waves' sizes, the
// cut-off and the posterior's size. Read from a design file (`kunlun calibrate --design FILE`)
// or set by a front end.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/calendar.h"
#include "parameters/uncertainty.h"

namespace kunlun {

struct CalibrationDesign {
  std::vector<std::string> parameters;  // keys or prefixes; required (a calibration picks what matters)
  std::vector<UncertaintyOverride> uncertainty;  // applied after the scenario's own
  // Names of the targets to fit; empty: every target the scenario covers.
  std::vector<std::string> targets;
  // Only targets observed up to this month (a backtest's cut-off): a stock's month, or the end of
  // a period.
  std::optional<YearMonth> until;
  std::size_t waves = 4;
  std::size_t points_per_wave = 0;   // 0: 10 per parameter
  std::size_t repeats_per_wave = 0;  // 0: a fifth of the points, at least 4
  std::size_t candidates = 20000;
  double cutoff = 3;
  std::size_t posterior_size = 200;
  std::size_t chains = 8;
  std::size_t chain_steps = 4000;
  std::optional<std::uint64_t> seed;  // of the design and the chains; default: the scenario's seed
  std::filesystem::path file;
};

// Reads a design file:
//   parameters: [behaviour.mobility.utility_gap, behaviour.utility.altitude_per_km]
//   uncertainty: {behaviour.mobility.utility_gap: {low: 0.5, high: 2}}
//   targets: [health_technical_2013, graduates_staying_2016]
//   until: 2012-12
//   waves: 4
//   points_per_wave: 60
//   repeats_per_wave: 12
//   candidates: 20000
//   cutoff: 3
//   posterior: {size: 200, chains: 8, steps: 4000}
//   seed: 7
// Every error names the file, line and key.
CalibrationDesign read_calibration_design(const std::filesystem::path& file);

// Checks sizes and settings (InputError naming the key or argument): waves 1 to 20, points per
// wave 0 or at least parameters + 2 (checked when the parameters are known), cut-off 1 to 10,
// posterior size 10 to 100000, chains 1 to 64, steps 100 to 10^6, candidates 100 to 10^7.
void check_calibration_design(const CalibrationDesign& design);

}  // namespace kunlun
