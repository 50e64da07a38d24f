// The kunlun command line: a thin face over the engine. Errors are caught here, once: bad input
// exits 2 with a one-line message in the command line's words (terminal.h), a full disk 3, an
// interruption 130, internal errors 1.
#include <boost/program_options.hpp>

#include <algorithm>
#include <memory>
#include <iostream>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "cli/interruption.h"
#include "cli/report_drawing.h"
#include "cli/terminal.h"
#include "core/errors.h"
#include "experiment/replication_record.h"
#include "io/disk_full.h"
#include "io/output_directory.h"
#ifdef KUNLUN_HAVE_MPI
#include "distributed/mpi_ranks.h"
#endif

namespace po = boost::program_options;
using namespace kunlun;
using namespace kunlun::cli;

namespace {
const char* const kToolHelp =
    "kunlun " KUNLUN_VERSION " - agent-based simulation of professional-talent flows\n"
    "\n"
    "Usage: kunlun <command> [options]\n"
    "\n"
    "Commands:\n"
    "  run FILE                   simulate a scenario and write its outputs\n"
    "  compare BASE A [B ...]     paired comparison of scenarios with a baseline (--report: charts)\n"
    "  sweep FILE --set K=A:B:S   run a scenario over a grid of parameter values\n"
    "  sensitivity FILE [VARIANT] which uncertain parameters drive the indicators (Morris, Sobol')\n"
    "  calibrate FILE --targets T estimate uncertain parameters against observations (history matching)\n"
    "  validate FILE              check a scenario file without running it\n"
    "  parameters [FILE]          every parameter: value, unit, range, source or assumption\n"
    "\n"
    "Options:\n"
    "  -h, --help      show this help (kunlun <command> --help for a command)\n"
    "  --version       print the version, and where the report code is\n"
    "\n"
    "Exit codes: 0 ok, 2 bad input, 3 disk full (or quota used up) while writing the outputs,\n"
    "130 interrupted (Ctrl-C, SIGTERM or SIGHUP), 1 internal error.\n";

std::string command_line(int argc, char** argv) {
  std::string s;
  for (int i = 0; i < argc; ++i) {
    if (i) s += ' ';
    s += argv[i];
  }
  return s;
}

// The command line's command, its exit code; errors worded for the terminal. `rank`: this
// process's MPI rank, or -1 without MPI; a rank other than 0 leaves input errors to rank 0, which
// meets the same ones, and names itself in the others.
int dispatch(int argc, char** argv, int rank) {
  const bool speaks = rank <= 0;
  const std::string who = rank > 0 ? "kunlun (rank " + std::to_string(rank) + "): " : "kunlun: ";
  try {
    if (argc < 2) {
      std::cerr << kToolHelp;
      return kExitBadInput;
    }
    const std::string command = argv[1];
    std::vector<std::string> rest(argv + 2, argv + argc);
    if (command == "--help" || command == "-h" || command == "help") {
      std::cout << kToolHelp;
      return kExitOk;
    }
    if (command == "--version") {
      // The second line says which report code and interpreter `compare --report` would use.
      const ReportDrawer drawer = find_report_drawer(argv[0]);
      std::cout << "kunlun " KUNLUN_VERSION "\nreport code: " << drawer.module_dir << " (python: " << drawer.python
                << ")\n";
      return kExitOk;
    }
    const std::string full = command_line(argc, argv);
    if (command == "run" || command == "compare" || command == "sweep" || command == "sensitivity" ||
        command == "calibrate")
      stop_on_interruption();
    const auto given = [&](const char* a, const char* b) {
      return std::find(rest.begin(), rest.end(), a) != rest.end() || std::find(rest.begin(), rest.end(), b) != rest.end();
    };
    if (rank > 0 && !given("--quiet", "-q") &&
        (command == "run" || command == "compare" || command == "sweep" || command == "sensitivity" ||
         command == "calibrate"))
      rest.push_back("--quiet");  // rank 0 speaks for the job
    if (rank >= 0 && command == "run" && given("--profile", "--profile"))
      throw InputError({.argument = "profile"}, "", "--profile times one process, not a job spread over MPI ranks",
                       "run the profile without mpirun");
    if (command == "run") return run_command(rest, full);
    if (command == "compare") return compare_command(rest, full);
    if (command == "sweep") return sweep_command(rest, full);
    if (command == "sensitivity") return sensitivity_command(rest, full);
    if (command == "calibrate") return calibrate_command(rest, full);
    if (command == "validate") return validate_command(rest);
    if (command == "parameters") return parameters_command(rest);
    const std::string guess = closest_match(command, {"run", "compare", "sweep", "sensitivity", "calibrate", "validate", "parameters"});
    std::cerr << "kunlun: unknown command '" << command << "'"
              << (guess.empty() ? "" : " (did you mean '" + guess + "'?)") << "; see kunlun --help\n";
    return kExitBadInput;
  } catch (const InputError& e) {
    if (speaks) std::cerr << who << command_line_message(e) << "\n";
    return kExitBadInput;
  } catch (const po::error& e) {
    if (speaks) std::cerr << who << e.what() << "; see kunlun --help\n";
    return kExitBadInput;
  } catch (const RunCancelled&) {
    if (speaks) {
      std::cerr << who << interruption_words() << "; no output was written";
      if (const TaskJournal* j = interrupted_journal(); j != nullptr && j->resumed() + j->kept() > 0)
        std::cerr << " (" << j->resumed() + j->kept() << " finished replication(s) are kept in " << j->folder().string()
                  << ": the same command with --resume runs only the others)";
      std::cerr << "\n";
    }
    return kExitInterrupted;
  } catch (const ReportInterrupted& e) {
    if (speaks) std::cerr << who << e.what() << "\n";
    return kExitInterrupted;
  } catch (const DiskFull& e) {
    std::cerr << who << e.what() << "\n";
    return kExitDiskFull;
  } catch (const std::exception& e) {
    std::cerr << who << "internal error: " << e.what() << "\n";
    return kExitInternal;
  }
}

#ifdef KUNLUN_HAVE_MPI
// Under mpirun: every rank runs the command, rank 0 keeps the outputs and speaks. A rank that
// fails ends the whole job (MPI_Abort), so no rank waits for it and rank 0 commits nothing.
int dispatch_over_ranks(int argc, char** argv) {
  std::unique_ptr<MpiRanks> ranks;
  try {
    ranks = std::make_unique<MpiRanks>(&argc, &argv);
  } catch (const std::exception& e) {
    std::cerr << "kunlun: internal error: " << e.what() << "\n";
    return kExitInternal;
  }
  if (ranks->size() > 1) set_process_ranks(ranks.get());
  if (ranks->rank() > 0) keep_outputs(false);
  const int code = dispatch(argc, argv, ranks->rank());
  if (code != kExitOk && ranks->size() > 1) ranks->abort(code);
  set_process_ranks(nullptr);
  return code;
}
#endif
}  // namespace

int main(int argc, char** argv) {
#ifdef KUNLUN_HAVE_MPI
  if (started_by_mpirun()) return dispatch_over_ranks(argc, argv);
#endif
  return dispatch(argc, argv, -1);
}
