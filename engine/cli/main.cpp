// The kunlun command line: a thin face over the engine. Errors are caught here, once: bad input
// exits 2 with a one-line message in the command line's words (terminal.h), a full disk 3, an
// interruption 130, internal errors 1.
#include <boost/program_options.hpp>
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
    std::cerr << "kunlun: " << command_line_message(e) << "\n";
    return kExitBadInput;
  } catch (const po::error& e) {
    std::cerr << "kunlun: " << e.what() << "; see kunlun --help\n";
    return kExitBadInput;
  } catch (const RunCancelled&) {
    std::cerr << "kunlun: " << interruption_words() << "; no output was written\n";
    return kExitInterrupted;
  } catch (const ReportInterrupted& e) {
    std::cerr << "kunlun: " << e.what() << "\n";
    return kExitInterrupted;
  } catch (const DiskFull& e) {
    std::cerr << "kunlun: " << e.what() << "\n";
    return kExitDiskFull;
  } catch (const std::exception& e) {
    std::cerr << "kunlun: internal error: " << e.what() << "\n";
    return kExitInternal;
  }
}
