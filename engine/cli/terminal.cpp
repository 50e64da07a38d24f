#include "cli/terminal.h"

#include <omp.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>

#include <set>
#include <sstream>

#include "cli/commands.h"
#include "io/file_bytes.h"
#include "io/output_directory.h"
#include "core/errors.h"
#include "experiment/memory_estimate.h"
#include "experiment/parameter_setting.h"
#include "experiment/thread_count.h"
#include "parameters/config_tree.h"

namespace kunlun::cli {

Scenario load_with_overrides(const std::string& file, const std::optional<std::string>& seed,
                             const std::optional<std::string>& replications, const std::vector<std::string>& settings) {
  Scenario sc = load_scenario(file);
  const SourceLocation cli{"<command line>", 0, 0};
  std::vector<std::pair<std::string, ConfigNode>> changes;
  // --seed and --replications set the keys of their names: errors name the option.
  if (seed) changes.emplace_back("seed", ConfigNode::scalar(*seed, {.argument = "seed"}));
  if (replications) changes.emplace_back("replications", ConfigNode::scalar(*replications, {.argument = "replications"}));
  for (const auto& s : settings) {
    const auto eq = s.find('=');
    if (eq == std::string::npos || eq == 0)
      throw InputError(cli, "--set", "'" + s + "' is not KEY=VALUE", "e.g. --set policies.rent.monthly_cny=1500");
    changes.emplace_back(s.substr(0, eq), ConfigNode::scalar(s.substr(eq + 1), {.argument = "set", .item = s}));
  }
  if (changes.empty()) return sc;
  try {
    set_parameters(sc, changes, sc.file.parent_path());
  } catch (const InputError& e) {
    // "--replications abc" is refused as "expected an integer": add what the option allows.
    const std::string& argument = e.where().argument;
    const std::string range = argument == "set" ? "" : scenario_key_range(argument);
    if (!range.empty() && e.hint().empty() && e.message().find(range) == std::string::npos)
      throw InputError(e.where(), e.key(), e.message(), range, e.suggestions());
    throw;
  }
  return sc;
}

int thread_count(const po::variables_map& vm) {
  if (!vm.count("threads")) return default_thread_count();
  const std::string text = vm["threads"].as<std::string>();
  std::int64_t requested = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), requested);
  if (text.empty() || end != text.data() + text.size())
    throw InputError({.argument = "threads"}, "", "'" + text + "' is not a thread count", thread_count_hint());
  if (ec == std::errc::result_out_of_range)
    throw InputError({.argument = "threads"}, "", text + " is not a thread count", thread_count_hint());
  const int threads = checked_thread_count(requested);
  omp_set_num_threads(threads);
  return threads;
}

ExperimentOptions experiment_options(const po::variables_map& vm, const std::string& command) {
  ExperimentOptions options;
  options.force = vm.count("force") > 0;
  options.command = command;
  options.threads = thread_count(vm);
  options.memory_limit = memory_limit_option(vm);
  options.cancel = &g_cancel;
  options.ranks = process_ranks();
  return options;
}

namespace {
RankGroup* g_ranks = nullptr;
}
void set_process_ranks(RankGroup* ranks) { g_ranks = ranks; }
RankGroup* process_ranks() { return g_ranks; }

std::size_t memory_limit_option(const po::variables_map& vm) {
  return vm.count("memory-limit") ? parse_memory_limit(vm["memory-limit"].as<std::string>()) : 0;
}

std::optional<std::string> option(const po::variables_map& vm, const char* name) {
  if (!vm.count(name)) return std::nullopt;
  return vm[name].as<std::string>();
}

po::variables_map parse_with_files(const std::vector<std::string>& args, const po::options_description& opts,
                                   int max_files) {
  po::options_description hidden;
  hidden.add_options()("file", po::value<std::vector<std::string>>(), "scenario files");
  po::options_description all;
  all.add(opts).add(hidden);
  po::positional_options_description pos;
  pos.add("file", max_files);
  po::variables_map vm;
  po::store(po::command_line_parser(args).options(all).positional(pos).run(), vm);
  return vm;
}

std::string option_of(const std::string& argument) {
  if (argument == "axes") return "--set";
  std::string option = "--" + argument;
  std::replace(option.begin(), option.end(), '_', '-');
  return option;
}

namespace {
std::string command_line_words(const ArgumentChange& c) {
  const std::string option = option_of(c.argument);
  switch (c.kind) {
    case ArgumentChange::Kind::another: return "choose another " + option;
    case ArgumentChange::Kind::on: return "add " + option;
    case ArgumentChange::Kind::give: return "give " + option;
    case ArgumentChange::Kind::example: return "e.g. " + option + " " + (c.key.empty() ? c.value : c.key + "=" + c.value);
  }
  return option;
}
}  // namespace

std::string command_line_message(const InputError& e) {
  const SourceLocation& where = e.where();
  const std::string hint = hint_with_suggestions(e, command_line_words);
  if (!where.file.empty() || where.argument.empty()) return format_input_error(where, e.key(), e.message(), hint);
  const std::string option = option_of(where.argument);
  if (!where.item.empty()) return format_input_error({option + " " + where.item}, e.key(), e.message(), hint);
  // An option that sets the scenario key of its name (--seed, --replications) is named once.
  if (e.key() == where.argument) return format_input_error({"<command line>"}, option, e.message(), hint);
  return format_input_error({"<command line>"}, e.key().empty() ? option : option + " " + e.key(), e.message(), hint);
}

std::string format_seconds(double s) {
  char buf[32];
  if (s < 60) std::snprintf(buf, sizeof buf, "%.1f s", s);
  else std::snprintf(buf, sizeof buf, "%dm%02ds", static_cast<int>(s) / 60, static_cast<int>(s) % 60);
  return buf;
}

void ProgressLine::update(const RunProgress& p) {
  if (log_lines_ && !enabled_ && p.steps_total > 0) {
    const int tenths = static_cast<int>(10 * p.steps_done / p.steps_total);
    if (tenths <= logged_tenths_) return;
    logged_tenths_ = tenths;
    const double fraction = static_cast<double>(p.steps_done) / static_cast<double>(p.steps_total);
    std::fprintf(stderr, "  %s %d/%d  %3.0f%%  elapsed %s  ETA %s\n", unit_.c_str(), p.replications_done,
                 p.replications, 100 * fraction, format_seconds(p.elapsed_seconds).c_str(),
                 format_seconds(p.elapsed_seconds * (1 - fraction) / fraction).c_str());
    std::fflush(stderr);
    return;
  }
  if (!enabled_ || p.elapsed_seconds < 1.0) return;
  const auto now = std::chrono::steady_clock::now();
  if (shown_ && now - last_ < std::chrono::milliseconds(200) && p.steps_done < p.steps_total) return;
  last_ = now;
  shown_ = true;
  const double fraction = static_cast<double>(p.steps_done) / static_cast<double>(p.steps_total);
  const double eta = fraction > 0 ? p.elapsed_seconds * (1 - fraction) / fraction : 0;
  std::fprintf(stderr, "\r  %s %d/%d  %3.0f%%  elapsed %s  ETA %s   ", unit_.c_str(), p.replications_done,
               p.replications, 100 * fraction, format_seconds(p.elapsed_seconds).c_str(), format_seconds(eta).c_str());
  std::fflush(stderr);
}

void ProgressLine::finish() {
  if (shown_) std::fprintf(stderr, "\n");
  shown_ = false;
}

std::size_t size_option(const po::variables_map& vm, const std::string& name, std::size_t fallback) {
  if (!vm.count(name)) return fallback;
  const std::string text = vm[name].as<std::string>();
  const auto n = parse_number(text);
  if (!n || *n != std::floor(*n) || *n < 1)
    throw InputError({.argument = name}, "", "'" + text + "' is not a whole number above 0", "e.g. --" + name + " 10");
  return static_cast<std::size_t>(*n);
}

std::uint64_t seed_option(const po::variables_map& vm, const std::string& name) {
  const std::string text = vm[name].as<std::string>();
  const auto n = parse_number(text);
  if (!n || *n < 0 || *n != std::floor(*n))
    throw InputError({.argument = name}, "", "'" + text + "' is not a whole number of 0 or more", "e.g. --" + name + " 7");
  return static_cast<std::uint64_t>(*n);
}

std::vector<std::string> split_commas(const std::string& text) {
  std::vector<std::string> out;
  std::string item;
  for (const char c : text + ",") {
    if (c == ',') {
      if (!item.empty()) out.push_back(item);
      item.clear();
    } else if (c != ' ') {
      item += c;
    }
  }
  return out;
}

namespace {
std::shared_ptr<TaskJournal> g_journal;  // kept to the end, for the interruption message

// A value's text: a string, strings joined, or "set" for a switch.
std::string value_text(const po::variable_value& v) {
  if (const auto* s = boost::any_cast<std::string>(&v.value())) return *s;
  if (const auto* list = boost::any_cast<std::vector<std::string>>(&v.value())) {
    std::string out;
    for (const auto& s : *list) out += s + "\n";
    return out;
  }
  return "set";
}
}  // namespace

std::shared_ptr<TaskJournal> task_journal(const po::variables_map& vm, const std::string& command, const std::string& out,
                                          const std::vector<const Scenario*>& scenarios) {
  static const std::set<std::string> kLeftOut{"threads", "memory-limit", "quiet", "force", "out", "resume", "help"};
  TaskJournal::Inputs inputs;
  inputs.emplace_back("kunlun binary", std::string(KUNLUN_VERSION) + "\n" + read_file_bytes("/proc/self/exe"));
  inputs.emplace_back("command", command);
  for (const auto& [name, value] : vm) {
    if (kLeftOut.count(name) || value.defaulted()) continue;
    const std::string text = value_text(value);
    inputs.emplace_back("option " + name, text);
    std::istringstream lines(text);
    for (std::string item; std::getline(lines, item);) {
      std::error_code ec;
      if (std::filesystem::is_regular_file(item, ec)) inputs.emplace_back("file " + item, read_file_bytes(item));
    }
  }
  for (const Scenario* s : scenarios) {
    inputs.emplace_back("scenario " + s->name, to_yaml(s->tree));
    inputs.emplace_back("region table of " + s->name, read_file_bytes(s->regions));
    inputs.emplace_back("margins of " + s->name, read_file_bytes(s->population.margins));
    if (!s->posterior.empty()) inputs.emplace_back("posterior of " + s->name, read_file_bytes(s->posterior));
  }
  auto journal = std::make_shared<TaskJournal>(std::filesystem::path(out), std::move(inputs), vm.count("resume") > 0,
                                               outputs_kept());
  g_journal = journal;
  return journal;
}

const TaskJournal* interrupted_journal() { return g_journal.get(); }

std::shared_ptr<const PosteriorSample> posterior_option(const po::variables_map& vm, const Scenario& scenario) {
  return resolve_posterior(scenario, vm.count("posterior") ? vm["posterior"].as<std::string>() : std::string());
}

}  // namespace kunlun::cli
