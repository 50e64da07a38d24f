#include "cli/profile_table.h"

#include <cstdio>
#include <string>

namespace kunlun::cli {

namespace {
void row(std::ostream& out, const std::string& name, double seconds, double total) {
  char line[160];
  std::snprintf(line, sizeof line, "  %-38s %10.3f %7.1f%%\n", name.c_str(), seconds,
                total > 0 ? 100.0 * seconds / total : 0.0);
  out << line;
}
}  // namespace

void print_profile(std::ostream& out, const RunProfile& profile, double total_seconds, double agent_steps) {
  const StepProfile& s = profile.steps;
  const double threads = s.threads > 0 ? s.threads : 1;
  char head[200];
  std::snprintf(head, sizeof head,
                "profile: %u months simulated on %d thread(s); seconds of wall time, share of the run (%.3f s)\n",
                s.steps, s.threads, total_seconds);
  out << head;
  out << "processes (an agent part's time is its thread-seconds / threads; parts of one pass overlap in time)\n";
  for (std::size_t p = 0; p < s.processes.size(); ++p) {
    if (s.population_seconds[p] > 0) row(out, s.processes[p] + " (population)", s.population_seconds[p], total_seconds);
    if (s.agent_thread_seconds[p] > 0)
      row(out, s.processes[p] + " (agents)", s.agent_thread_seconds[p] / threads, total_seconds);
  }
  row(out, "census of each pass", s.census_thread_seconds / threads, total_seconds);
  row(out, "levers, tallies, results, compaction", s.bookkeeping_seconds, total_seconds);
  row(out, "all months", s.step_seconds, total_seconds);
  out << "output\n";
  double output = 0;
  for (const auto& [stage, seconds] : profile.output) {
    row(out, stage, seconds, total_seconds);
    output += seconds;
  }
  row(out, "all output", output, total_seconds);
  if (s.step_seconds > 0) {
    char tail[160];
    std::snprintf(tail, sizeof tail, "throughput: %.1f million agent-steps per second of month time\n",
                  agent_steps / s.step_seconds / 1e6);
    out << tail;
  }
}

}  // namespace kunlun::cli
