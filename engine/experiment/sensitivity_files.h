// The files of a sensitivity analysis: sensitivity.csv (one row per indicator x parameter with
// the indices and their bootstrap intervals), design.csv (every point's values and outputs, for
// re-analysis), parameters.csv (what varied, over which distribution and why), manifest.json and
// report.html (ranked bar charts).
#pragma once

#include <filesystem>
#include <string>

#include "experiment/sensitivity_analysis.h"

namespace kunlun {

// Writes the files into `out_dir` through a staged folder: complete files or none.
void write_sensitivity_files(const SensitivityReport& report, const Scenario& base, const Scenario* variant,
                             const std::filesystem::path& out_dir, const SensitivityOptions& options);

// The ranked table of one indicator as CSV text (the rows of sensitivity.csv): what Python reads.
std::string sensitivity_csv(const SensitivityReport& report);
// parameters.csv of an analysis or a calibration: what varied, its distribution, range, reasoning, unit.
std::string parameters_csv(const std::vector<UncertainParameter>& parameters);

}  // namespace kunlun
