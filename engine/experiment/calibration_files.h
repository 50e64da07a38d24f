// Writing a calibration: the posterior sample, the fit to every target before and after, the
// waves, every run, the prior, the manifest and a self-contained HTML report.
#pragma once

#include <filesystem>
#include <string>

#include "experiment/scenario_calibration.h"

namespace kunlun {

// posterior.csv: set, weight, replication, then each parameter's value (a choice as its option),
// then implausibility (the largest over the fitted targets, of the set's re-simulated run
// against the observation), then every target's re-simulated value.
std::string posterior_csv(const CalibrationReport& report);

void write_calibration_files(const CalibrationReport& report, const Scenario& scenario,
                             const std::filesystem::path& out_dir, const ExperimentOptions& options);

}  // namespace kunlun
