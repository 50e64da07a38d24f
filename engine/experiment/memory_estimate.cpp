#include "experiment/memory_estimate.h"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <limits>
#include <sstream>

#include "core/agent_store.h"
#include "core/errors.h"

namespace kunlun {

namespace {
// Sums and products that stop at the largest size instead of wrapping, so that an absurd
// population is refused as needing too much memory rather than wrapping round to a small figure.
constexpr std::size_t kNoLimit = std::numeric_limits<std::size_t>::max();
std::size_t times(std::size_t a, std::size_t b) { return b != 0 && a > kNoLimit / b ? kNoLimit : a * b; }
std::size_t plus(std::size_t a, std::size_t b) { return a > kNoLimit - b ? kNoLimit : a + b; }
}  // namespace

std::size_t starting_agents(const Scenario& scenario) {
  const double agents = std::round(scenario.population.total * scenario.population.scale);
  if (!(agents < 0x1p63)) return kNoLimit;  // NaN too
  return agents > 0 ? static_cast<std::size_t>(agents) : 0;
}

std::size_t replication_bytes(std::size_t agents) {
  const std::size_t store = AgentStore::bytes_per_agent();
  return times(agents, store + store / 4 + kWorkingBytesPerAgent);
}

MemoryEstimate estimate_memory(const std::vector<const Scenario*>& scenarios) {
  MemoryEstimate e;
  const std::size_t store = AgentStore::bytes_per_agent();
  std::size_t replications = 0, all_agents = 0;
  for (const Scenario* s : scenarios) {
    e.agents = std::max(e.agents, starting_agents(*s));
    all_agents = plus(all_agents, starting_agents(*s));
    replications += static_cast<std::size_t>(std::max(s->replications, 1));
  }
  // Synthesis: the store, plus its per-agent draws and working arrays.
  e.synthesis_bytes = times(e.agents, store + kSynthesisBytesPerAgent);
  // The populations prepared together stay in memory for the replications still to start, unless
  // a single replication takes its population over.
  const std::size_t kept = replications > 1 ? times(all_agents, store) : 0;
  e.simulation_bytes = plus(plus(kept, replication_bytes(e.agents)), std::size_t{64} << 20);
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

namespace {
const char* const kMemoryLimitHint =
    "give a whole number of bytes or a number with K, M, G or T (powers of 1024), e.g. 16G or 1.5T; "
    "from 1 byte to 1024T";

[[noreturn]] void bad_memory_limit(const std::string& text, const std::string& problem) {
  throw InputError({.argument = "memory_limit"}, "", "'" + text + "' " + problem, kMemoryLimitHint);
}
}  // namespace

std::size_t parse_memory_limit(const std::string& text) {
  std::size_t at = 0, end = text.size();
  while (at < end && std::isspace(static_cast<unsigned char>(text[at]))) ++at;
  while (end > at && std::isspace(static_cast<unsigned char>(text[end - 1]))) --end;
  // The number, as its whole digits and its decimals, so that 0.5K is exactly 512 bytes. Leading
  // zeros of the whole part and trailing zeros of the decimals carry nothing.
  std::string whole, decimals;
  bool any_digit = false;
  for (; at < end && std::isdigit(static_cast<unsigned char>(text[at])); ++at, any_digit = true)
    if (!whole.empty() || text[at] != '0') whole += text[at];
  if (at < end && text[at] == '.')
    for (++at; at < end && std::isdigit(static_cast<unsigned char>(text[at])); ++at, any_digit = true)
      decimals += text[at];
  while (!decimals.empty() && decimals.back() == '0') decimals.pop_back();
  while (at < end && std::isspace(static_cast<unsigned char>(text[at]))) ++at;  // "16 G" too
  std::string unit = text.substr(at, end - at);
  for (char& c : unit) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  const std::size_t prefix = unit.empty() ? std::string::npos : std::string("KMGT").find(unit[0]);
  const int power = prefix == std::string::npos ? 0 : static_cast<int>(prefix) + 1;
  if (power > 0 && (unit.size() == 1 || unit.substr(1) == "B" || unit.substr(1) == "IB")) unit.clear();
  if (unit == "B") unit.clear();
  if (!any_digit || !unit.empty()) bad_memory_limit(text, "is not an amount of memory");
  // 17 whole digits are 10^16 or more, beyond 1024T (2^50) whatever the unit; a finer fraction
  // than 12 decimals is no whole byte count that anyone means.
  if (whole.size() > 16) bad_memory_limit(text, "is more than 1024T");
  if (decimals.size() > 12) bad_memory_limit(text, "has more than 12 decimals");
  const unsigned __int128 unit_bytes = static_cast<unsigned __int128>(1) << (10 * power);
  unsigned __int128 whole_value = 0, decimal_value = 0, ten_to_decimals = 1;
  for (const char c : whole) whole_value = whole_value * 10 + static_cast<unsigned>(c - '0');
  for (const char c : decimals) {
    decimal_value = decimal_value * 10 + static_cast<unsigned>(c - '0');
    ten_to_decimals *= 10;
  }
  // Exact: below 10^16 * 2^40 and 10^12 * 2^40, both far below 2^128.
  const unsigned __int128 decimal_bytes = decimal_value * unit_bytes;
  if (decimal_bytes % ten_to_decimals != 0) bad_memory_limit(text, "is not a whole number of bytes");
  const unsigned __int128 bytes = whole_value * unit_bytes + decimal_bytes / ten_to_decimals;
  if (bytes == 0) bad_memory_limit(text, "is no memory");
  if (bytes > kMaxMemoryLimit) bad_memory_limit(text, "is more than 1024T");
  return static_cast<std::size_t>(bytes);
}

std::string format_bytes(std::size_t bytes) {
  // Small limits (--memory-limit 512K) read as what they are, not as "0.0 GiB".
  char buf[32];
  const double b = static_cast<double>(bytes);
  if (bytes >= (std::size_t{1} << 30)) std::snprintf(buf, sizeof buf, "%.1f GiB", b / (1 << 30));
  else if (bytes >= (std::size_t{1} << 20)) std::snprintf(buf, sizeof buf, "%.1f MiB", b / (1 << 20));
  else if (bytes >= 1024) std::snprintf(buf, sizeof buf, "%.1f KiB", b / 1024);
  else std::snprintf(buf, sizeof buf, "%zu bytes", bytes);
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
