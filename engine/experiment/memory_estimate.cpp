#include "experiment/memory_estimate.h"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "core/agent_store.h"
#include "core/errors.h"

namespace kunlun {

std::size_t starting_agents(const Scenario& scenario) {
  return static_cast<std::size_t>(std::llround(scenario.population.total * scenario.population.scale));
}

std::size_t replication_bytes(std::size_t agents) {
  const std::size_t store = AgentStore::bytes_per_agent();
  return agents * (store + store / 4 + kWorkingBytesPerAgent);
}

MemoryEstimate estimate_memory(const std::vector<const Scenario*>& scenarios) {
  MemoryEstimate e;
  const std::size_t store = AgentStore::bytes_per_agent();
  std::size_t replications = 0, all_agents = 0;
  for (const Scenario* s : scenarios) {
    e.agents = std::max(e.agents, starting_agents(*s));
    all_agents += starting_agents(*s);
    replications += static_cast<std::size_t>(std::max(s->replications, 1));
  }
  // Synthesis: the store, plus its per-agent draws and working arrays.
  e.synthesis_bytes = e.agents * (store + kSynthesisBytesPerAgent);
  // The populations prepared together stay in memory for the replications still to start, unless
  // a single replication takes its population over.
  const std::size_t kept = replications > 1 ? all_agents * store : 0;
  e.simulation_bytes = kept + replication_bytes(e.agents) + (std::size_t{64} << 20);
  return e;
}

std::size_t memory_limit(std::size_t limit_bytes) {
  if (limit_bytes > 0) return limit_bytes;
  std::ifstream meminfo("/proc/meminfo");
  std::string line;
  while (std::getline(meminfo, line))
    if (line.rfind("MemAvailable:", 0) == 0) {
      std::istringstream in(line.substr(13));
      std::size_t kib = 0;
      if (in >> kib) return kib * 1024;
    }
  const long pages = sysconf(_SC_AVPHYS_PAGES), size = sysconf(_SC_PAGESIZE);
  return pages > 0 && size > 0 ? static_cast<std::size_t>(pages) * static_cast<std::size_t>(size) : 0;
}

std::string format_bytes(std::size_t bytes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f GiB", static_cast<double>(bytes) / (1024.0 * 1024.0 * 1024.0));
  return buf;
}

void check_memory(const std::vector<const Scenario*>& scenarios, std::size_t limit_bytes) {
  if (scenarios.empty()) return;
  const MemoryEstimate e = estimate_memory(scenarios);
  const std::size_t limit = memory_limit(limit_bytes);
  if (limit == 0 || e.peak() <= limit) return;
  const Scenario* largest = scenarios.front();
  for (const Scenario* s : scenarios)
    if (starting_agents(*s) > starting_agents(*largest)) largest = s;
  char agents[32];
  std::snprintf(agents, sizeof agents, "%zu", e.agents);
  throw InputError({largest->file.string(), 0}, "population.scale",
                   "the run needs about " + format_bytes(e.peak()) + " of memory (" + agents +
                       " agents: " + format_bytes(e.synthesis_bytes) + " to synthesise them, " +
                       format_bytes(e.simulation_bytes) + " to run the replications) but " +
                       format_bytes(limit) + (limit_bytes > 0 ? " is the limit set" : " is available"),
                   "lower population.scale or free memory (the estimate is for one replication at a time)",
                   {{.kind = ArgumentChange::Kind::give,
                     .argument = "memory_limit",
                     .purpose = "to set the limit yourself when the system's figure is wrong"}});
}

}  // namespace kunlun
