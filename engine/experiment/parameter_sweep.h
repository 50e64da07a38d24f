// `sweep`: a scenario run over a grid of values for one or more of its keys (--set
// KEY=START:STOP:STEP, or a list a,b,c), every point on the same seed and replications, so points
// differ only by the values swept. Writes one row per point with intervals.
#pragma once

#include <atomic>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "experiment/horizon_summary.h"
#include "experiment/scenario_run.h"
#include "scenario/scenario.h"

namespace kunlun {

// One axis of a sweep (a --set of the command line, an item of kunlun.sweep's axes): a dotted
// scenario key and the values it takes, as written in YAML.
struct SweepAxis {
  std::string argument;  // as given, for messages (SourceLocation::item of the argument "axes")
  std::string key;
  std::vector<std::string> values;
};

// Parses "KEY=START:STOP:STEP" (both ends included), "KEY=a,b,c" or "KEY=value". Throws
// InputError located at the argument "axes", this axis as its item.
SweepAxis parse_sweep_axis(const std::string& argument);

struct SweepPoint {
  std::vector<std::string> values;  // one per axis
  Scenario scenario;
};

// Every combination of the axes' values (the first axis varies slowest), each validated as a
// scenario; a key the scenario format does not know, or a bad value, is located at its axis.
std::vector<SweepPoint> sweep_grid(const Scenario& base, const std::vector<SweepAxis>& axes);

struct SweepOptions : ExperimentOptions {};

struct SweepReport {
  std::filesystem::path out_dir;
  std::vector<SweepPoint> points;
  std::vector<std::shared_ptr<const HorizonSummary>> summaries;  // by point
  double seconds = 0;
};

// Writes sweep.csv (a row per point: the values, then mean and interval of the headline indicators
// for the province and the autonomous grassroots), sweep_long.csv (every group and indicator, and the
// paired difference from the first point) and manifest.json.
SweepReport run_sweep(const Scenario& base, const std::vector<SweepAxis>& axes, const std::filesystem::path& out_dir,
                      const SweepOptions& options);

}  // namespace kunlun
