// `kunlun sweep FILE --set KEY=START:STOP:STEP ...`: a grid of scenario variants.
#include <unistd.h>

#include <iostream>

#include "cli/commands.h"
#include "cli/terminal.h"
#include "io/output_directory.h"
#include "experiment/parameter_sweep.h"

namespace kunlun::cli {

int sweep_command(const std::vector<std::string>& args, const std::string& full_command) {
  po::options_description opts("Options");
  opts.add_options()
      ("help,h", "show this help")
      ("set", po::value<std::vector<std::string>>(), "KEY=START:STOP:STEP, KEY=a,b,c or KEY=value (repeatable)")
      ("out,o", po::value<std::string>(), "output folder (default: out/sweep-<scenario name>)")
      ("threads,t", po::value<std::string>(),
       "threads, 1 to 4 per processor (default: every processor); results do not depend on it")
      ("memory-limit", po::value<std::string>(), kMemoryLimitHelp)
      ("replications,r", po::value<std::string>(), "override the scenario's replications")
      ("seed,s", po::value<std::string>(), "override the scenario's seed")
      ("posterior", po::value<std::string>(), kPosteriorHelp)
      ("force,f", "replace the output folder if it exists")
      ("resume", kResumeHelp)
      ("quiet,q", "no progress or table on the terminal");
  const po::variables_map vm = parse_with_files(args, opts, 1);
  if (vm.count("help")) {
    std::cout << "Usage: kunlun sweep FILE --set KEY=START:STOP:STEP [--set ...] [options]\n\n"
                 "Runs the scenario at every point of the grid the --set options span (both ends of a\n"
                 "range included; several --set give every combination), all points on the same seed and\n"
                 "replications. Writes sweep.csv (one row per point: the values, then mean and 95%\n"
                 "interval of the headline indicators), sweep_long.csv (every indicator, with the paired\n"
                 "difference from the first point) and manifest.json.\n\n"
                 "Example: kunlun sweep scenarios/qinghai/housing.yaml --set policies.grassroots_rent_subsidy.monthly_cny=0:3000:500\n\n"
              << opts;
    return kExitOk;
  }
  if (!vm.count("file")) throw po::error("missing scenario FILE (usage: kunlun sweep FILE --set KEY=VALUES)");
  const bool quiet = vm.count("quiet") > 0;
  // Every option value is checked before any scenario is read.
  const ExperimentOptions shared = experiment_options(vm, full_command);
  std::vector<SweepAxis> axes;
  if (vm.count("set"))
    for (const auto& s : vm["set"].as<std::vector<std::string>>()) axes.push_back(parse_sweep_axis(s));
  const Scenario base = load_with_overrides(vm["file"].as<std::vector<std::string>>().front(), option(vm, "seed"),
                                            option(vm, "replications"));
  const std::string out = vm.count("out") ? vm["out"].as<std::string>() : "out/sweep-" + base.name;

  SweepOptions options{shared};
  options.posterior = posterior_option(vm, base);
  StagedDirectory::check_target(out, options.force);
  options.journal = task_journal(vm, "sweep", out, {&base});
  ProgressLine progress(!quiet && ::isatty(STDERR_FILENO), "point replications");
  options.on_progress = [&](const RunProgress& p) { progress.update(p); };
  const SweepReport report = run_sweep(base, axes, out, options);
  options.journal->finish();
  progress.finish();
  if (!quiet) {
    // One line per point: its values and the province's stock at the horizon.
    for (std::size_t p = 0; p < report.points.size(); ++p) {
      const HorizonSummary& s = *report.summaries[p];
      const Interval stock = s.interval(0, s.layout().index("stock_end"));
      const Interval grassroots = s.interval(s.groups().size() - 1, s.layout().index("grassroots_stock_end"));
      std::cout << "point " << p << ":";
      for (std::size_t a = 0; a < axes.size(); ++a) std::cout << " " << axes[a].key << "=" << report.points[p].values[a];
      std::printf("  stock %.0f, autonomous grassroots %.0f\n", stock.mean, grassroots.mean);
      std::fflush(stdout);
    }
    std::cout << "wrote " << report.out_dir.string() << "/ (sweep.csv, sweep_long.csv, manifest.json)\n";
  }
  return kExitOk;
}

}  // namespace kunlun::cli
