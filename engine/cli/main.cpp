// The kunlun command line: a thin face over the engine. Errors are caught here, once: bad input
// exits 2 with a one-line message, internal errors exit 1.
#include <omp.h>
#include <unistd.h>

#include <atomic>
#include <boost/program_options.hpp>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "core/agent_store.h"
#include "core/errors.h"
#include "experiment/scenario_run.h"
#include "model/simulation.h"
#include "scenario/scenario.h"

namespace po = boost::program_options;
using namespace kunlun;

namespace {

constexpr int kExitOk = 0, kExitInternal = 1, kExitBadInput = 2, kExitInterrupted = 130;

std::atomic<bool> g_cancel{false};
extern "C" void on_interrupt(int) { g_cancel.store(true); }

const char* const kToolHelp =
    "kunlun " KUNLUN_VERSION " - agent-based simulation of professional-talent flows\n"
    "\n"
    "Usage: kunlun <command> [options]\n"
    "\n"
    "Commands:\n"
    "  run FILE        simulate a scenario and write its outputs\n"
    "  validate FILE   check a scenario file without running it\n"
    "\n"
    "Options:\n"
    "  -h, --help      show this help (kunlun <command> --help for a command)\n"
    "  --version       print the version\n"
    "\n"
    "Exit codes: 0 ok, 2 bad input, 1 internal error, 130 interrupted.\n";

std::string command_line(int argc, char** argv) {
  std::string s;
  for (int i = 0; i < argc; ++i) {
    if (i) s += ' ';
    s += argv[i];
  }
  return s;
}

// Applies --seed and --replications to the scenario tree and validates it again, so that a bad
// override gets the same checks and messages as a bad file.
Scenario with_overrides(const std::string& file, std::optional<std::string> seed,
                        std::optional<std::string> replications) {
  Scenario sc = load_scenario(file);
  if (!seed && !replications) return sc;
  ConfigNode tree = sc.tree;
  const SourceLocation cli{"<command line>", 0, 0};
  if (seed) set_path(tree, "seed", ConfigNode::scalar(*seed, cli));
  if (replications) set_path(tree, "replications", ConfigNode::scalar(*replications, cli));
  Scenario out = scenario_from_tree(tree, sc.file.parent_path());
  out.file = sc.file;
  return out;
}

std::string format_seconds(double s) {
  char buf[32];
  if (s < 60) std::snprintf(buf, sizeof buf, "%.1f s", s);
  else std::snprintf(buf, sizeof buf, "%dm%02ds", static_cast<int>(s) / 60, static_cast<int>(s) % 60);
  return buf;
}

// Progress on stderr, only for a terminal and only once a run has taken more than a second.
class ProgressLine {
 public:
  explicit ProgressLine(bool enabled) : enabled_(enabled) {}
  void update(const RunProgress& p) {
    if (!enabled_ || p.elapsed_seconds < 1.0) return;
    const auto now = std::chrono::steady_clock::now();
    if (shown_ && now - last_ < std::chrono::milliseconds(200) && p.steps_done < p.steps_total) return;
    last_ = now;
    shown_ = true;
    const double fraction = static_cast<double>(p.steps_done) / static_cast<double>(p.steps_total);
    const double eta = fraction > 0 ? p.elapsed_seconds * (1 - fraction) / fraction : 0;
    std::fprintf(stderr, "\r  replications %d/%d  %3.0f%%  elapsed %s  ETA %s   ", p.replications_done,
                 p.replications, 100 * fraction, format_seconds(p.elapsed_seconds).c_str(),
                 format_seconds(eta).c_str());
    std::fflush(stderr);
  }
  void finish() {
    if (shown_) std::fprintf(stderr, "\n");
  }

 private:
  bool enabled_;
  bool shown_ = false;
  std::chrono::steady_clock::time_point last_{};
};

// The stock at the start and at the horizon for every group, mean and 95% interval.
void print_headline(std::ostream& out, const Scenario& sc, const HorizonSummary& summary) {
  const auto& names = summary.indicator_names();
  const auto col = [&](const std::string& name) {
    for (std::size_t k = 0; k < names.size(); ++k)
      if (names[k] == name) return k;
    throw std::logic_error("no indicator " + name);
  };
  const std::size_t start = col("stock_start"), end = col("stock_end"), exits = col("outflow_external"),
                    cost = col("policy_cost");
  char line[240];
  std::snprintf(line, sizeof line, "%-24s %14s %24s %22s %18s\n", "talent stock", ("start " + sc.start.str()).c_str(),
                (sc.end.str() + " (95% interval)").c_str(), "left province, total", "policy cost, CNY m");
  out << line;
  for (std::size_t g = 0; g < summary.groups().size(); ++g) {
    const Interval s0 = summary.interval(g, start), s1 = summary.interval(g, end), x = summary.interval(g, exits),
                   c = summary.interval(g, cost);
    char interval[64] = "";
    if (s1.n > 1) std::snprintf(interval, sizeof interval, " [%.0f, %.0f]", s1.low, s1.high);
    std::snprintf(line, sizeof line, "%-24s %14.0f %9.0f%-15s %22.0f %18.1f\n", summary.groups()[g].code.c_str(),
                  s0.mean, s1.mean, interval, x.mean, c.mean / 1e6);
    out << line;
  }
}

// Parses a command's options plus its one positional scenario FILE.
po::variables_map parse_with_file(const std::vector<std::string>& args, const po::options_description& opts) {
  po::options_description hidden;
  hidden.add_options()("file", po::value<std::string>(), "scenario file");
  po::options_description all;
  all.add(opts).add(hidden);
  po::positional_options_description pos;
  pos.add("file", 1);
  po::variables_map vm;
  po::store(po::command_line_parser(args).options(all).positional(pos).run(), vm);
  return vm;
}

int cmd_validate(const std::vector<std::string>& args) {
  po::options_description opts("Options");
  opts.add_options()("help,h", "show this help");
  const po::variables_map vm = parse_with_file(args, opts);
  if (vm.count("help")) {
    std::cout << "Usage: kunlun validate FILE\n\nChecks a scenario file (with everything it extends, "
                 "its region table and population margins) without running it.\n\n"
              << opts;
    return kExitOk;
  }
  if (!vm.count("file")) throw po::error("missing scenario FILE (usage: kunlun validate FILE)");
  const Scenario sc = load_scenario(vm["file"].as<std::string>());
  // The population margins are checked with the region table, as a run would.
  const auto initial = InitialState::prepare(sc);
  std::cout << vm["file"].as<std::string>() << ": ok (" << sc.name << ", " << sc.start.str() << " to "
            << sc.end.str() << ", " << initial->population.size() << " agents, " << sc.replications
            << " replication" << (sc.replications == 1 ? "" : "s") << ")\n";
  return kExitOk;
}

int cmd_run(const std::vector<std::string>& args, const std::string& full_command) {
  po::options_description opts("Options");
  opts.add_options()
      ("help,h", "show this help")
      ("out,o", po::value<std::string>(), "output folder (default: out/<scenario name>)")
      ("threads,t", po::value<int>(), "OpenMP threads (default: all cores); results do not depend on it")
      ("replications,r", po::value<std::string>(), "override the scenario's replications")
      ("seed,s", po::value<std::string>(), "override the scenario's seed")
      ("force,f", "replace the output folder if it exists")
      ("quiet,q", "no progress or summary on the terminal")
      ("verbose,v", "print the population size, bytes per agent, process order and timings");
  const po::variables_map vm = parse_with_file(args, opts);
  if (vm.count("help")) {
    std::cout << "Usage: kunlun run FILE [options]\n\nSimulates the scenario in FILE and writes "
                 "timeseries.csv, summary.json and manifest.json\ninto the output folder, which "
                 "appears only when every file is complete.\n\n"
              << opts;
    return kExitOk;
  }
  if (!vm.count("file")) throw po::error("missing scenario FILE (usage: kunlun run FILE [options])");
  const bool quiet = vm.count("quiet") > 0, verbose = vm.count("verbose") > 0;

  int threads = omp_get_max_threads();
  if (vm.count("threads")) {
    threads = vm["threads"].as<int>();
    if (threads < 1)
      throw InputError({"<command line>"}, "--threads", std::to_string(threads) + " is not a thread count",
                       "give 1 or more");
    omp_set_num_threads(threads);
  }
  const auto opt = [&](const char* k) -> std::optional<std::string> {
    if (!vm.count(k)) return std::nullopt;
    return vm[k].as<std::string>();
  };
  const Scenario sc = with_overrides(vm["file"].as<std::string>(), opt("seed"), opt("replications"));
  const std::string out = vm.count("out") ? vm["out"].as<std::string>() : "out/" + sc.name;

  RunOptions options;
  options.force = vm.count("force") > 0;
  options.command = full_command;
  options.threads = threads;
  options.cancel = &g_cancel;
  ProgressLine progress(!quiet && ::isatty(STDERR_FILENO));
  options.on_progress = [&](const RunProgress& p) { progress.update(p); };
  std::signal(SIGINT, on_interrupt);

  RunReport report;
  try {
    report = run_scenario(sc, out, options);
  } catch (...) {
    progress.finish();
    throw;
  }
  progress.finish();
  if (verbose) {
    std::cerr << "agents at start:   " << report.initial_agents << "\n"
              << "bytes per agent:   " << report.bytes_per_agent << " (agent store columns)\n"
              << "threads:           " << threads << "\n"
              << "processes:         " << join_names(report.process_order, " > ") << "\n"
              << "months x reps:     " << report.months << " x " << report.replications << "\n"
              << "set-up:            " << format_seconds(report.setup_seconds) << "\n"
              << "simulate + write:  " << format_seconds(report.simulate_seconds) << "\n";
  }
  if (!quiet) {
    print_headline(std::cout, sc, *report.summary);
    std::cout << "wrote " << report.out_dir.string() << "/ (timeseries.csv, summary.json, manifest.json)\n";
  }
  return kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    if (argc < 2) {
      std::cerr << kToolHelp;
      return kExitBadInput;
    }
    const std::string command = argv[1];
    const std::vector<std::string> rest(argv + 2, argv + argc);
    if (command == "--help" || command == "-h" || command == "help") {
      std::cout << kToolHelp;
      return kExitOk;
    }
    if (command == "--version") {
      std::cout << "kunlun " KUNLUN_VERSION "\n";
      return kExitOk;
    }
    if (command == "run") return cmd_run(rest, command_line(argc, argv));
    if (command == "validate") return cmd_validate(rest);
    const std::string guess = closest_match(command, {"run", "validate"});
    std::cerr << "kunlun: unknown command '" << command << "'"
              << (guess.empty() ? "" : " (did you mean '" + guess + "'?)") << "; see kunlun --help\n";
    return kExitBadInput;
  } catch (const InputError& e) {
    std::cerr << "kunlun: " << e.what() << "\n";
    return kExitBadInput;
  } catch (const po::error& e) {
    std::cerr << "kunlun: " << e.what() << "; see kunlun --help\n";
    return kExitBadInput;
  } catch (const RunCancelled&) {
    std::cerr << "kunlun: interrupted; no output was written\n";
    return kExitInterrupted;
  } catch (const std::exception& e) {
    std::cerr << "kunlun: internal error: " << e.what() << "\n";
    return kExitInternal;
  }
}
