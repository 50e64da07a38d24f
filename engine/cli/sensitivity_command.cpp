// `kunlun sensitivity SCENARIO [VARIANT] --method morris|sobol`: which uncertain parameters drive
// the indicators, or the paired effect of VARIANT against SCENARIO.
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <iostream>

#include "cli/commands.h"
#include "cli/terminal.h"
#include "io/output_directory.h"
#include "experiment/memory_estimate.h"
#include "experiment/sensitivity_analysis.h"

namespace kunlun::cli {

int sensitivity_command(const std::vector<std::string>& args, const std::string& full_command) {
  po::options_description opts("Options");
  opts.add_options()
      ("help,h", "show this help")
      ("method,m", po::value<std::string>(), "morris (screening, the default) or sobol (variance shares)")
      ("design,d", po::value<std::string>(), "design file: parameters, uncertainty overrides, sizes (docs/sensitivity.md)")
      ("parameters,p", po::value<std::string>(), "keys or prefixes to vary, comma-separated (default: every uncertain parameter)")
      ("indicators,i", po::value<std::string>(),
       "indicators, comma-separated, as NAME or GROUP:NAME (default: stock_end, grassroots_stock_end, "
       "grassroots_talent_years, outflow_external, vacancies_end, policy_cost)")
      ("trajectories", po::value<std::string>(), "Morris trajectories (default 10)")
      ("base-samples", po::value<std::string>(), "Sobol base sample n; n (parameters + 2) points (default 64)")
      ("resamples", po::value<std::string>(), "bootstrap resamples of the intervals (default 1000)")
      ("seed,s", po::value<std::string>(), "seed of the design and the bootstrap (default: the scenario's seed)")
      ("replications,r", po::value<std::string>(), "replications simulated per design point and averaged (default 1)")
      ("scale", po::value<std::string>(), "override population.scale of the scenarios (e.g. 0.05 for a quick screening)")
      ("posterior", po::value<std::string>(),
       "posterior.csv of kunlun calibrate (default: the scenario's posterior: key; none: no posterior): "
       "replication k of every point runs with the set a run's replication k draws, and the parameters "
       "it sets are not varied")
      ("out,o", po::value<std::string>(), "output folder (default: out/sensitivity-<scenario name>)")
      ("threads,t", po::value<std::string>(),
       "threads, 1 to 4 per processor (default: every processor); results do not depend on it")
      ("memory-limit", po::value<std::string>(), kMemoryLimitHelp)
      ("force,f", "replace the output folder if it exists")
      ("resume", kResumeHelp)
      ("quiet,q", "no progress or table on the terminal");
  const po::variables_map vm = parse_with_files(args, opts, 2);
  if (vm.count("help")) {
    std::cout << "Usage: kunlun sensitivity SCENARIO [VARIANT] [--method morris|sobol] [options]\n\n"
                 "Global sensitivity of the indicators at the horizon to the scenario's uncertain\n"
                 "parameters (those declared as assumptions, with the distributions kunlun parameters\n"
                 "lists). With VARIANT, the analysed quantity is the paired effect: VARIANT minus SCENARIO,\n"
                 "both simulated at the same parameter values and seed. Morris screening (mu*, sigma)\n"
                 "ranks many parameters in trajectories x (parameters + 1) simulations; Sobol' indices (S1,\n"
                 "ST) apportion the variance among a few in n x (parameters + 2). Intervals are bootstrap\n"
                 "intervals of the indices (sampling error of a finite design). With a posterior (the\n"
                 "scenario's posterior: key, or --posterior), the parameters it sets are calibrated, not\n"
                 "varied: the ranking is of the assumptions left.\n\n"
                 "Writes sensitivity.csv, design.csv, parameters.csv, report.html and manifest.json.\n\n"
                 "Examples:\n"
                 "  kunlun sensitivity scenarios/qinghai/baseline.yaml --scale 0.05\n"
                 "  kunlun sensitivity scenarios/qinghai/baseline.yaml scenarios/qinghai/housing.yaml \\\n"
                 "      --method sobol --parameters behaviour.utility.log_income,behaviour.pay.market_rent_cny\n\n"
              << opts;
    return kExitOk;
  }
  if (!vm.count("file"))
    throw po::error("missing scenario FILE (usage: kunlun sensitivity SCENARIO [VARIANT] --method morris|sobol)");
  const bool quiet = vm.count("quiet") > 0;
  const ExperimentOptions shared = experiment_options(vm, full_command);
  SensitivityDesign design = vm.count("design") ? read_sensitivity_design(vm["design"].as<std::string>())
                                                : SensitivityDesign{};
  if (vm.count("method")) design.method = parse_sensitivity_method(vm["method"].as<std::string>());
  if (vm.count("parameters")) design.parameters = split_commas(vm["parameters"].as<std::string>());
  if (vm.count("indicators")) design.indicators = split_commas(vm["indicators"].as<std::string>());
  design.trajectories = size_option(vm, "trajectories", design.trajectories);
  design.base_samples = size_option(vm, "base-samples", design.base_samples);
  design.resamples = size_option(vm, "resamples", design.resamples);
  design.replications = static_cast<int>(size_option(vm, "replications", static_cast<std::size_t>(design.replications)));
  if (vm.count("seed")) design.seed = seed_option(vm, "seed");
  check_sensitivity_design(design);
  const auto files = vm["file"].as<std::vector<std::string>>();
  std::vector<std::string> settings;
  if (vm.count("scale")) settings.push_back("population.scale=" + vm["scale"].as<std::string>());
  const auto load = [&](const std::string& file) { return load_with_overrides(file, std::nullopt, std::nullopt, settings); };
  const Scenario base = load(files.front());
  std::optional<Scenario> variant;
  if (files.size() > 1) variant = load(files[1]);
  const std::string out = vm.count("out") ? vm["out"].as<std::string>() : "out/sensitivity-" + (variant ? variant->name : base.name);

  SensitivityOptions options{shared};
  options.posterior = posterior_option(vm, base);
  StagedDirectory::check_target(out, options.force);
  std::vector<const Scenario*> analysed{&base};
  if (variant) analysed.push_back(&*variant);
  options.journal = task_journal(vm, "sensitivity", out, analysed);
  // The size of the job before it starts: parameters, points, simulations and memory.
  const auto parameters = sensitivity_parameters(base, variant ? &*variant : nullptr, design, options.posterior.get());
  const std::size_t rows = sensitivity_design_rows(design, parameters.size());
  const std::size_t simulations = rows * static_cast<std::size_t>(design.replications) * (variant ? 2 : 1);
  if (!quiet) {
    std::vector<const Scenario*> held;
    // With a posterior a point's replications each hold a starting state, one point at a time.
    const int copies = options.posterior ? design.replications : std::max(shared.threads, 1);
    for (int k = 0; k < copies; ++k) {
      held.push_back(&base);
      if (variant) held.push_back(&*variant);
    }
    std::fprintf(stderr, "%s: %zu parameters, %zu design points, %zu simulations; memory about %.1f GiB\n",
                 method_name(design.method).c_str(), parameters.size(), rows, simulations,
                 static_cast<double>(estimate_memory(held).peak()) / (1024.0 * 1024 * 1024));
  }
  // A long analysis in a batch job logs a line at every tenth.
  ProgressLine progress(!quiet && ::isatty(STDERR_FILENO), "simulations", !quiet);
  options.on_progress = [&](const RunProgress& p) { progress.update(p); };
  const SensitivityReport report = run_sensitivity(base, variant ? &*variant : nullptr, design, out, options);
  options.journal->finish();
  progress.finish();
  if (!quiet) {
    // The five most influential parameters of each indicator.
    for (const auto& ind : report.indicators) {
      std::cout << ind.spec << (report.paired ? " (paired effect)" : "") << ":\n";
      int shown = 0;
      for (const auto& row : report.rows) {
        if (row.indicator != ind.spec || shown >= 5) continue;
        ++shown;
        if (design.method == SensitivityMethod::morris)
          std::printf("  %d. %-58s mu* %-10s [%s, %s]  sigma %s\n", row.rank, row.parameter.c_str(),
                      format_significant(row.morris.mu_star.value, 3).c_str(),
                      format_significant(row.morris.mu_star.low, 3).c_str(),
                      format_significant(row.morris.mu_star.high, 3).c_str(),
                      format_significant(row.morris.sigma, 3).c_str());
        else
          std::printf("  %d. %-58s ST %-6s [%s, %s]  S1 %s [%s, %s]\n", row.rank, row.parameter.c_str(),
                      format_significant(row.sobol.st.value, 2).c_str(), format_significant(row.sobol.st.low, 2).c_str(),
                      format_significant(row.sobol.st.high, 2).c_str(), format_significant(row.sobol.s1.value, 2).c_str(),
                      format_significant(row.sobol.s1.low, 2).c_str(), format_significant(row.sobol.s1.high, 2).c_str());
      }
    }
    std::printf("%zu simulations in %.0f s\n", report.simulations, report.seconds);
    std::cout << "wrote " << report.out_dir.string()
              << "/ (sensitivity.csv, design.csv, parameters.csv, report.html, manifest.json)\n";
  }
  return kExitOk;
}

}  // namespace kunlun::cli
