// `kunlun calibrate SCENARIO --targets FILE`: the chosen uncertain parameters estimated against
// observed targets (history matching with emulators, then a posterior sample).
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <iostream>

#include "cli/commands.h"
#include "cli/terminal.h"
#include "io/output_directory.h"
#include "experiment/memory_estimate.h"
#include "experiment/scenario_calibration.h"

namespace kunlun::cli {

namespace {

// Counts as whole numbers, rates with three significant digits.
std::string shown(double v) {
  if (std::abs(v) >= 100) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.0f", v);
    return buf;
  }
  return format_significant(v, 3);
}

}  // namespace

int calibrate_command(const std::vector<std::string>& args, const std::string& full_command) {
  po::options_description opts("Options");
  opts.add_options()
      ("help,h", "show this help")
      ("targets", po::value<std::string>(), "targets file (docs/calibration.md); required")
      ("design,d", po::value<std::string>(), "design file: parameters, prior overrides, targets, sizes (docs/calibration.md)")
      ("parameters,p", po::value<std::string>(), "keys or prefixes to estimate, comma-separated (or in the design file)")
      ("only", po::value<std::string>(), "names of the targets to fit, comma-separated (default: every one the run covers)")
      ("until", po::value<std::string>(), "YYYY-MM: fit only targets observed by then (a backtest's cut-off)")
      ("waves", po::value<std::string>(), "history-matching waves (default 4)")
      ("points", po::value<std::string>(), "runs per wave (default 10 per parameter)")
      ("posterior-size", po::value<std::string>(), "parameter sets in posterior.csv (default 200)")
      ("seed,s", po::value<std::string>(), "seed of the design and the chains (default: the scenario's seed)")
      ("scale", po::value<std::string>(), "override population.scale (e.g. 0.25 for a quicker calibration)")
      ("out,o", po::value<std::string>(), "output folder (default: out/calibration-<scenario name>)")
      ("threads,t", po::value<std::string>(),
       "threads, 1 to 4 per processor (default: every processor); results do not depend on it")
      ("memory-limit", po::value<std::string>(), kMemoryLimitHelp)
      ("force,f", "replace the output folder if it exists")
      ("resume", kResumeHelp)
      ("quiet,q", "no progress or table on the terminal");
  const po::variables_map vm = parse_with_files(args, opts, 1);
  if (vm.count("help")) {
    std::cout << "Usage: kunlun calibrate SCENARIO --targets FILE [--design FILE | --parameters KEYS] [options]\n\n"
                 "Estimates the named uncertain parameters of SCENARIO against the observations in the\n"
                 "targets file: history matching with Gaussian-process emulators in waves rules out the\n"
                 "parameter values that cannot reproduce the targets, then parameter sets are drawn from\n"
                 "the posterior and simulated again. Each run is one replication with its own number.\n\n"
                 "Writes posterior.csv (the sets, for --posterior), fit.csv (each target against the\n"
                 "posterior's 90% prediction interval), prior_fit.csv, waves.csv, runs.csv, parameters.csv,\n"
                 "report.html and manifest.json.\n\n"
                 "Example:\n"
                 "  kunlun calibrate scenarios/qinghai/hindcast.yaml --targets scenarios/qinghai/targets.yaml \\\n"
                 "      --design scenarios/qinghai/calibration.yaml --scale 0.25\n\n"
              << opts;
    return kExitOk;
  }
  if (!vm.count("file")) throw po::error("missing scenario FILE (usage: kunlun calibrate SCENARIO --targets FILE)");
  if (!vm.count("targets"))
    throw InputError({.argument = "targets"}, "", "a calibration needs observations",
                     "give --targets FILE, e.g. scenarios/qinghai/targets.yaml", {{ArgumentChange::Kind::give, "targets"}});
  const bool quiet = vm.count("quiet") > 0;
  const ExperimentOptions options = experiment_options(vm, full_command);
  CalibrationDesign design = vm.count("design") ? read_calibration_design(vm["design"].as<std::string>()) : CalibrationDesign{};
  if (vm.count("parameters")) design.parameters = split_commas(vm["parameters"].as<std::string>());
  if (vm.count("only")) design.targets = split_commas(vm["only"].as<std::string>());
  if (vm.count("until")) {
    const std::string text = vm["until"].as<std::string>();
    const auto ym = YearMonth::parse(text);
    if (!ym) throw InputError({.argument = "until"}, "", "'" + text + "' is not a month", "write YYYY-MM, e.g. --until 2012-12");
    design.until = *ym;
  }
  design.waves = size_option(vm, "waves", design.waves);
  design.points_per_wave = size_option(vm, "points", design.points_per_wave);
  design.posterior_size = size_option(vm, "posterior-size", design.posterior_size);
  if (vm.count("seed")) design.seed = seed_option(vm, "seed");
  check_calibration_design(design);
  std::vector<std::string> settings;
  if (vm.count("scale")) settings.push_back("population.scale=" + vm["scale"].as<std::string>());
  const Scenario scenario =
      load_with_overrides(vm["file"].as<std::vector<std::string>>().front(), std::nullopt, std::nullopt, settings);
  const std::vector<Target> targets = read_targets(vm["targets"].as<std::string>(), RegionTable::load(scenario.regions));
  const std::string out = vm.count("out") ? vm["out"].as<std::string>() : "out/calibration-" + scenario.name;

  if (!quiet) {
    const std::size_t d = calibration_parameters(scenario, design).size();
    std::vector<std::string> left_out;
    const std::size_t fitted = targets_to_fit(scenario, targets, design, &left_out).size();
    std::vector<const Scenario*> held(static_cast<std::size_t>(std::max(options.threads, 1)), &scenario);
    std::fprintf(stderr, "calibrate: %zu parameters, %zu targets (%zu left out), %zu waves, %zu simulations; memory about %.1f GiB\n",
                 d, fitted, left_out.size(), design.waves, calibration_simulations(design, d),
                 static_cast<double>(estimate_memory(held).peak()) / (1024.0 * 1024 * 1024));
  }
  ExperimentOptions run_options = options;
  StagedDirectory::check_target(out, options.force);
  run_options.journal = task_journal(vm, "calibrate", out, {&scenario});
  ProgressLine progress(!quiet && ::isatty(STDERR_FILENO), "simulations", !quiet);
  run_options.on_progress = [&](const RunProgress& p) { progress.update(p); };
  const CalibrationReport report = run_calibration(scenario, targets, design, out, run_options);
  run_options.journal->finish();
  progress.finish();
  if (!quiet) {
    // The prediction interval: where 90% of single simulated histories fall, parameters drawn from the posterior.
    std::printf("%-34s %12s %26s %8s\n", "target", "observed", "90% prediction interval", "z");
    for (const auto& f : report.posterior_fit) {
      if (f.replications == 0) continue;
      const std::string pi = shown(f.p05) + " to " + shown(f.p95);
      const std::string observed = (f.target->bound == TargetBound::lower ? ">= " : f.target->bound == TargetBound::upper ? "<= " : "") + shown(f.target->value);
      std::printf("%-34s %12s %26s %8s\n", f.target->name.c_str(), observed.c_str(),
                  pi.c_str(), format_significant(f.standardised_error, 2).c_str());
    }
    for (std::size_t w = 0; w < report.match.waves.size(); ++w)
      std::printf("wave %zu: %.3g%% of the parameter space left\n", w + 1, 100 * report.match.waves[w].space_left);
    std::printf("z: the standardised error (simulated mean - observed) / sd; 0 for a bound that is met\n");
    std::printf("%zu simulations in %.0f s\n", report.match.simulations, report.seconds);
    std::cout << "wrote " << report.out_dir.string()
              << "/ (posterior.csv, fit.csv, prior_fit.csv, waves.csv, runs.csv, parameters.csv, report.html, manifest.json)\n";
  }
  return kExitOk;
}

}  // namespace kunlun::cli
