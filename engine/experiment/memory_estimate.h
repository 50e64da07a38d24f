// What a run needs in memory, estimated from its scenarios before anything is built, and the
// check that refuses a run that will not fit, naming the estimate and the limit.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "scenario/scenario.h"

namespace kunlun {

struct MemoryEstimate {
  std::size_t agents = 0;             // the largest scenario's starting population
  std::size_t synthesis_bytes = 0;    // peak while one population is synthesised
  std::size_t simulation_bytes = 0;   // peak while the replications run
  std::size_t peak() const { return synthesis_bytes > simulation_bytes ? synthesis_bytes : simulation_bytes; }
};

// Bytes per agent, by what holds them (see docs/ODD.md and benchmarks/README.md):
inline constexpr std::size_t kSynthesisBytesPerAgent = 34;  // draws, attributes and order keys of synthesis, beyond the store
inline constexpr std::size_t kWorkingBytesPerAgent = 12;    // candidate lists of title evaluation and queues
// The agents a scenario starts with: its stock at its scale.
std::size_t starting_agents(const Scenario& scenario);

// Peak memory of running `scenarios` (a run, a comparison, the points of a sweep prepared
// together: those whose populations are held at once) with one replication
// at a time, the least a run can do (the batch runs more at once only when memory allows it,
// replication_batch.h). A replication's store has a quarter of room to grow; the synthesised
// population is kept for the replications still to start and handed to the last one.
MemoryEstimate estimate_memory(const std::vector<const Scenario*>& scenarios);

// Memory one running replication of `agents` needs, beyond the population kept for the others.
std::size_t replication_bytes(std::size_t agents);

// The largest memory limit accepted: 1 PiB (1024T), beyond any machine's memory, so that a larger
// figure is a typing mistake rather than a wish.
inline constexpr std::size_t kMaxMemoryLimit = std::size_t{1} << 50;

// Bytes from a memory limit as written: a whole number of bytes, or a decimal number with K, M, G
// or T (powers of 1024; "B" or "iB" may follow: 16G, 16GB and 16GiB are one size), read exactly
// (no rounding through a double). Throws InputError at the argument "memory_limit" for anything
// else, for a fraction of a byte (0.5, 1.3K is not whole) and outside 1 byte to kMaxMemoryLimit.
std::size_t parse_memory_limit(const std::string& text);

// Memory a run may use: `limit_bytes` when given (> 0), else what the system reports available.
std::size_t memory_limit(std::size_t limit_bytes);

// Throws InputError (file and key of the largest scenario's population.scale) when the estimate
// exceeds the limit.
void check_memory(const std::vector<const Scenario*>& scenarios, std::size_t limit_bytes);

// "12.3 GiB", "512.0 KiB", "100 bytes"
std::string format_bytes(std::size_t bytes);

}  // namespace kunlun
