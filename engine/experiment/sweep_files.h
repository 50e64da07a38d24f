// The files of a sweep: sweep.csv (a row per point with the headline indicators), sweep_long.csv
// (every group and indicator, with the paired difference from the first point) and manifest.json.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "experiment/parameter_sweep.h"

namespace kunlun {

// Writes the files into `out_dir` through a staged folder: complete files or none.
void write_sweep_files(const Scenario& base, const std::vector<SweepAxis>& axes, const SweepReport& report,
                       const std::filesystem::path& out_dir, const SweepOptions& options);

}  // namespace kunlun
