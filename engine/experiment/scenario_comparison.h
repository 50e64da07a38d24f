// `compare`: a baseline and its variants run on the same seed and replications, each scenario's
// full outputs in a subfolder, and the paired comparison (comparison.csv, cost_effectiveness.csv,
// comparison.json) beside them, all in one folder that appears only when complete.
#pragma once

#include <atomic>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "experiment/paired_comparison.h"
#include "experiment/scenario_run.h"
#include "scenario/scenario.h"

namespace kunlun {

struct CompareOptions : ExperimentOptions {};

struct CompareReport {
  std::filesystem::path out_dir;
  std::shared_ptr<const PairedComparison> comparison;
  std::vector<std::shared_ptr<const HorizonSummary>> summaries;  // baseline first
  double seconds = 0;
};

// Throws InputError when the scenarios cannot be paired: fewer than two, names shared, or a
// different horizon, seed, replications, population scale or region table than the baseline.
void check_comparable(const std::vector<Scenario>& scenarios);

// scenarios[0] is the baseline.
CompareReport run_comparison(const std::vector<Scenario>& scenarios, const std::filesystem::path& out_dir,
                             const CompareOptions& options);

}  // namespace kunlun
