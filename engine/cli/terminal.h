// What the command-line commands share: reading scenario files with command-line overrides, the
// thread count, the progress line with an ETA, and bad input in the command line's words.
#pragma once

#include <boost/program_options.hpp>
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "core/errors.h"
#include "experiment/scenario_run.h"
#include "scenario/scenario.h"

namespace kunlun::cli {

namespace po = boost::program_options;

// Loads a scenario and applies --seed, --replications and KEY=VALUE settings to its tree, then
// validates it again, so that a bad override gets the same checks and messages as a bad file.
Scenario load_with_overrides(const std::string& file, const std::optional<std::string>& seed,
                             const std::optional<std::string>& replications,
                             const std::vector<std::string>& settings = {});

// --threads when given, otherwise OpenMP's default (every processor, or OMP_NUM_THREADS), checked
// against the limit of experiment/thread_count.h; sets OpenMP's count.
int thread_count(const po::variables_map& vm);

// --memory-limit in bytes, read exactly (parse_memory_limit: a number with an optional K, M, G or
// T, powers of 1024; 1 byte to 1024T), or 0 when not given (the system's available memory is the
// limit).
std::size_t memory_limit_option(const po::variables_map& vm);
// The text of the --memory-limit option, for each command's option list.
inline constexpr const char* kMemoryLimitHelp =
    "memory the run may use, e.g. 16G (default: what the system reports available); a run estimated to need more is refused";

// --posterior FILE|none: posterior.csv of kunlun calibrate, read against the scenario it is for;
// when not given, the scenario's posterior: key, if any.
inline constexpr const char* kPosteriorHelp =
    "posterior.csv of kunlun calibrate (default: the scenario's posterior: key; none: no posterior): each "
    "replication draws a parameter set from it (by seed and replication), so the spread over replications "
    "carries parameter uncertainty";
std::shared_ptr<const PosteriorSample> posterior_option(const po::variables_map& vm, const Scenario& scenario);

inline constexpr const char* kResumeHelp =
    "finish an interrupted run of this same command: the replications it kept as they finished "
    "(beside the output folder, in .NAME.resume) are not run again, and the outputs are the bytes an "
    "uninterrupted run writes; a command with other inputs is refused";
// The journal of the command's output folder `out` (--resume, experiment/task_journal.h), bound
// to its inputs: the kunlun binary, the command and its options but those that leave the results
// alone (threads, memory limit, quiet, force, out, resume), the contents of every file an option
// names, and each scenario as resolved with its region, margins and posterior files. Also the
// journal the interruption message speaks of (interrupted_journal).
std::shared_ptr<TaskJournal> task_journal(const po::variables_map& vm, const std::string& command, const std::string& out,
                                          const std::vector<const Scenario*>& scenarios);
// The journal of the command that was interrupted, or null.
const TaskJournal* interrupted_journal();

// The options every command's experiment shares: --force, --memory-limit, the command line,
// --threads and Ctrl-C. Each command reads them first, so that a bad value is refused before any
// scenario is read.
ExperimentOptions experiment_options(const po::variables_map& vm, const std::string& command);

// The MPI ranks this process is one of (set by main under mpirun), or null.
void set_process_ranks(RankGroup* ranks);
RankGroup* process_ranks();

// The value of a string option, or nullopt.
std::optional<std::string> option(const po::variables_map& vm, const char* name);
// A whole-number option above 0, or `fallback` when not given (InputError naming the option).
std::size_t size_option(const po::variables_map& vm, const std::string& name, std::size_t fallback);
// A seed option: a whole number of 0 or more (InputError naming the option).
std::uint64_t seed_option(const po::variables_map& vm, const std::string& name);
// "a, b,c" as {"a", "b", "c"}.
std::vector<std::string> split_commas(const std::string& text);

// Parses a command's options plus positional FILE arguments (`max_files`, -1 for any number).
po::variables_map parse_with_files(const std::vector<std::string>& args, const po::options_description& opts,
                                   int max_files);

std::string format_seconds(double s);

// The option that gives an argument the engine names by key: "out" is --out, "memory_limit"
// --memory-limit, a sweep's "axes" are its --set options.
std::string option_of(const std::string& argument);

// An InputError in the command line's words, the line main() prints after "kunlun: ". A value
// from an argument is placed at "<command line>" with the option as its key ("<command line>:
// --out: ..."), or, for one item of an argument, at the item as typed ("--set seed=10:1:1: seed:
// ..."); suggested changes read "choose another --out", "add --force", "give --memory-limit".
std::string command_line_message(const InputError& e);

// Progress on stderr, only for a terminal and only once work has taken more than a second. The
// line is ended when the object goes, so that a message after it starts on a line of its own.
// `log_lines`: when stderr is not a terminal (a batch job's log), a line at every tenth instead.
class ProgressLine {
 public:
  ProgressLine(bool enabled, std::string unit, bool log_lines = false)
      : enabled_(enabled), log_lines_(log_lines), unit_(std::move(unit)) {}
  ~ProgressLine() { finish(); }
  ProgressLine(const ProgressLine&) = delete;
  ProgressLine& operator=(const ProgressLine&) = delete;
  void update(const RunProgress& p);
  void finish();  // ends the line; later updates start a new one

 private:
  bool enabled_, log_lines_;
  int logged_tenths_ = 0;
  std::string unit_;
  bool shown_ = false;
  std::chrono::steady_clock::time_point last_{};
};

}  // namespace kunlun::cli
