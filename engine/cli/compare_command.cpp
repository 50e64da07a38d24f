// `kunlun compare BASELINE.yaml A.yaml ...`: the paired comparison, its table and its report.
#include <unistd.h>

#include <iostream>

#include "cli/commands.h"
#include "cli/comparison_table.h"
#include "cli/report_drawing.h"
#include "cli/terminal.h"
#include "io/output_directory.h"
#include "experiment/scenario_comparison.h"

namespace kunlun::cli {

int compare_command(const std::vector<std::string>& args, const std::string& full_command) {
  po::options_description opts("Options");
  opts.add_options()
      ("help,h", "show this help")
      ("out,o", po::value<std::string>(), "output folder (default: out/compare-<baseline name>)")
      ("threads,t", po::value<std::string>(),
       "threads, 1 to 4 per processor (default: every processor); results do not depend on it")
      ("memory-limit", po::value<std::string>(), kMemoryLimitHelp)
      ("replications,r", po::value<std::string>(), "replications for every scenario (default: the baseline's)")
      ("seed,s", po::value<std::string>(), "seed for every scenario (default: the baseline's)")
      ("set", po::value<std::vector<std::string>>(), "KEY=VALUE: set one key in every scenario (repeatable)")
      ("report", "also draw report.html (charts, with Debian's matplotlib)")
      ("posterior", po::value<std::string>(), kPosteriorHelp)
      ("force,f", "replace the output folder if it exists")
      ("resume", kResumeHelp)
      ("quiet,q", "no progress or table on the terminal");
  const po::variables_map vm = parse_with_files(args, opts, -1);
  if (vm.count("help")) {
    std::cout << "Usage: kunlun compare BASELINE.yaml A.yaml [B.yaml ...] [options]\n\n"
                 "Runs every scenario with the baseline's seed and replications, so that each replication\n"
                 "meets the same luck in every scenario (common random numbers), and reports each\n"
                 "indicator's difference from the baseline replication by replication: mean and 95%\n"
                 "interval. Writes comparison.csv, cost_effectiveness.csv, comparison.json and one folder\n"
                 "per scenario with its full outputs; with --report also report.html.\n\n"
              << opts;
    return kExitOk;
  }
  if (!vm.count("file"))
    throw po::error("missing scenario files (usage: kunlun compare BASELINE.yaml A.yaml [B.yaml ...])");
  const auto files = vm["file"].as<std::vector<std::string>>();
  if (files.size() < 2)
    throw po::error("a comparison needs a baseline and at least one more scenario (usage: kunlun compare "
                    "BASELINE.yaml A.yaml [B.yaml ...])");
  const bool quiet = vm.count("quiet") > 0;
  // Every option value is checked before any scenario is read.
  const ExperimentOptions shared = experiment_options(vm, full_command);
  const std::vector<std::string> settings =
      vm.count("set") ? vm["set"].as<std::vector<std::string>>() : std::vector<std::string>{};

  // Every scenario takes the baseline's seed and replications unless the command line sets them.
  std::vector<Scenario> scenarios;
  scenarios.push_back(load_with_overrides(files.front(), option(vm, "seed"), option(vm, "replications"), settings));
  const std::string seed = std::to_string(scenarios.front().seed);
  const std::string replications = std::to_string(scenarios.front().replications);
  for (std::size_t i = 1; i < files.size(); ++i)
    scenarios.push_back(load_with_overrides(files[i], seed, replications, settings));
  check_comparable(scenarios);

  ReportDrawer drawer;
  const bool report = vm.count("report") > 0;
  if (report) {
    drawer = find_report_drawer(full_command.substr(0, full_command.find(' ')));
    check_report_drawer(drawer);  // before hours of simulation, not after
  }
  const std::string out = vm.count("out") ? vm["out"].as<std::string>() : "out/compare-" + scenarios.front().name;

  CompareOptions options{shared};
  options.posterior = posterior_option(vm, scenarios.front());
  StagedDirectory::check_target(out, options.force);
  std::vector<const Scenario*> all;
  for (const Scenario& s : scenarios) all.push_back(&s);
  options.journal = task_journal(vm, "compare", out, all);
  ProgressLine progress(!quiet && ::isatty(STDERR_FILENO), "scenario replications");
  options.on_progress = [&](const RunProgress& p) { progress.update(p); };
  const CompareReport result = run_comparison(scenarios, out, options);
  options.journal->finish();
  progress.finish();
  if (!quiet) print_comparison(std::cout, *result.comparison, scenarios.front());
  if (report) draw_report(drawer, result.out_dir);
  if (!quiet) {
    std::cout << "wrote " << result.out_dir.string()
              << "/ (comparison.csv, cost_effectiveness.csv, comparison.json, one folder per scenario)\n";
    if (report) std::cout << "report: " << (result.out_dir / "report.html").string() << "\n";
  }
  return kExitOk;
}

}  // namespace kunlun::cli
