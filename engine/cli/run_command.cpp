// `kunlun run FILE` and `kunlun validate FILE`.
#include <unistd.h>

#include <cstdio>
#include <iostream>

#include "cli/commands.h"
#include "cli/profile_table.h"
#include "cli/terminal.h"
#include "io/output_directory.h"
#include "core/agent_store.h"
#include "core/errors.h"
#include "experiment/scenario_run.h"
#include "model/initial_state_check.h"
#include "model/simulation.h"

namespace kunlun::cli {

namespace {
// The stock at the start and at the horizon for every group: mean, 95% interval of the mean and
// the range 90% of replications fall in.
void print_headline(std::ostream& out, const Scenario& sc, const HorizonSummary& summary) {
  const IndicatorLayout& layout = summary.layout();
  const std::size_t start = layout.index("stock_start"), end = layout.index("stock_end"),
                    exits = layout.index("outflow_external"), cost = layout.index("policy_cost");
  char line[240];
  std::snprintf(line, sizeof line, "%-24s %14s %24s %22s %22s %18s\n", "talent stock", ("start " + sc.start.str()).c_str(),
                (sc.end.str() + " [95% CI of mean]").c_str(), "90% of replications", "chose to leave province",
                "policy cost, CNY m");
  out << line;
  for (std::size_t g = 0; g < summary.groups().size(); ++g) {
    const Interval s0 = summary.interval(g, start), s1 = summary.interval(g, end), x = summary.interval(g, exits),
                   c = summary.interval(g, cost);
    char interval[64] = "", spread[64] = "";
    if (s1.n > 1) {
      std::snprintf(interval, sizeof interval, " [%.0f, %.0f]", s1.low, s1.high);
      std::snprintf(spread, sizeof spread, "%.0f to %.0f", s1.p05, s1.p95);
    }
    std::snprintf(line, sizeof line, "%-24s %14.0f %9.0f%-15s %22s %22.0f %18.1f\n", summary.groups()[g].code.c_str(),
                  s0.mean, s1.mean, interval, spread, x.mean, c.mean / 1e6);
    out << line;
  }
}
}  // namespace

int validate_command(const std::vector<std::string>& args) {
  po::options_description opts("Options");
  opts.add_options()("help,h", "show this help");
  const po::variables_map vm = parse_with_files(args, opts, 1);
  if (vm.count("help")) {
    std::cout << "Usage: kunlun validate FILE\n\nChecks a scenario file (with everything it extends, "
                 "its policies, region table and\npopulation margins) without running it or "
                 "synthesising its population. The agent\ncount it prints is round(population.total "
                 "x population.scale), the population a run\nstarts with.\n\n"
              << opts;
    return kExitOk;
  }
  if (!vm.count("file")) throw po::error("missing scenario FILE (usage: kunlun validate FILE)");
  const std::string file = vm["file"].as<std::vector<std::string>>().front();
  const Scenario sc = load_scenario(file);
  // The population margins are checked with the region table as a run would, without building
  // the population (a large one would take minutes and gigabytes).
  const InitialStateCheck initial = check_initial_state(sc);
  std::cout << file << ": ok (" << sc.name << ", " << sc.start.str() << " to " << sc.end.str() << ", "
            << initial.agents << " agents, " << sc.replications << " replication"
            << (sc.replications == 1 ? "" : "s") << ")\n";
  return kExitOk;
}

int run_command(const std::vector<std::string>& args, const std::string& full_command) {
  po::options_description opts("Options");
  opts.add_options()
      ("help,h", "show this help")
      ("out,o", po::value<std::string>(), "output folder (default: out/<scenario name>)")
      ("threads,t", po::value<std::string>(),
       "threads, 1 to 4 per processor (default: every processor); results do not depend on it")
      ("memory-limit", po::value<std::string>(), kMemoryLimitHelp)
      ("replications,r", po::value<std::string>(), "override the scenario's replications")
      ("seed,s", po::value<std::string>(), "override the scenario's seed")
      ("set", po::value<std::vector<std::string>>(), "KEY=VALUE: override one scenario key (repeatable)")
      ("targets", po::value<std::string>(),
       "targets file (docs/calibration.md): also write fit.csv, each observation against the replications")
      ("posterior", po::value<std::string>(), kPosteriorHelp)
      ("force,f", "replace the output folder if it exists")
      ("resume", kResumeHelp)
      ("quiet,q", "no progress or summary on the terminal")
      ("verbose,v", "print the population size, bytes per agent, process order and timings")
      ("profile", "print the time each process and each output stage took");
  const po::variables_map vm = parse_with_files(args, opts, 1);
  if (vm.count("help")) {
    std::cout << "Usage: kunlun run FILE [options]\n\nSimulates the scenario in FILE and writes timeseries.csv, "
                 "costs.csv, od_flows.csv,\nretention.csv, summary.json and manifest.json into the output folder, "
                 "which appears\nonly when every file is complete.\n\n"
              << opts;
    return kExitOk;
  }
  if (!vm.count("file")) throw po::error("missing scenario FILE (usage: kunlun run FILE [options])");
  const bool quiet = vm.count("quiet") > 0, verbose = vm.count("verbose") > 0;
  // Every option value is checked before any scenario is read.
  const ExperimentOptions shared = experiment_options(vm, full_command);
  const std::vector<std::string> settings =
      vm.count("set") ? vm["set"].as<std::vector<std::string>>() : std::vector<std::string>{};
  const Scenario sc = load_with_overrides(vm["file"].as<std::vector<std::string>>().front(), option(vm, "seed"),
                                          option(vm, "replications"), settings);
  const std::string out = vm.count("out") ? vm["out"].as<std::string>() : "out/" + sc.name;

  RunOptions options{shared};
  options.profile = vm.count("profile") > 0;
  if (vm.count("targets"))
    options.targets = std::make_shared<const std::vector<Target>>(
        read_targets(vm["targets"].as<std::string>(), RegionTable::load(sc.regions)));
  options.posterior = posterior_option(vm, sc);
  StagedDirectory::check_target(out, options.force);
  options.journal = task_journal(vm, "run", out, {&sc});
  ProgressLine progress(!quiet && ::isatty(STDERR_FILENO), "replications");
  options.on_progress = [&](const RunProgress& p) { progress.update(p); };

  const RunReport report = run_scenario(sc, out, options);
  options.journal->finish();
  progress.finish();
  if (verbose) {
    std::cerr << "agents at start:   " << report.initial_agents << "\n"
              << "bytes per agent:   " << report.bytes_per_agent << " (agent store columns)\n"
              << "threads:           " << options.threads << "\n"
              << "processes:         " << join_names(report.process_order, " > ") << "\n"
              << "months x reps:     " << report.months << " x " << report.replications << "\n"
              << "set-up:            " << format_seconds(report.setup_seconds) << "\n"
              << "simulate + write:  " << format_seconds(report.simulate_seconds) << "\n";
  }
  if (options.profile)
    print_profile(std::cerr, report.profile, report.simulate_seconds,
                  static_cast<double>(report.initial_agents) * report.months * report.replications);
  if (!quiet) {
    print_headline(std::cout, sc, *report.summary);
    std::cout << "wrote " << report.out_dir.string()
              << "/ (timeseries.csv, vacancies.csv, costs.csv, od_flows.csv, retention.csv, summary.json, "
              << (options.targets ? "fit.csv, " : "") << "manifest.json)\n";
  }
  return kExitOk;
}

}  // namespace kunlun::cli
