// Per-step counts: flows by county x field x level, arrivals by source, moves by origin and
// destination, and departures against entry cohorts. Processes count into one tally per thread; tallies are integers, so summing them in any order
// gives the same result and the output does not depend on the thread count.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

#include "core/categories.h"

namespace kunlun {

// The cells results are reported by: county slot x field x level.
struct CellLayout {
  int counties = 0;
  int fields = 0;
  int size() const { return counties * fields * kLevels; }
  int index(int county, int field, int level) const {
    return (county * fields + field) * kLevels + level;
  }
};

// inflow: arrivals from outside the province and new entrants; inflow_internal: movers from another
// county of the province (their outflow_internal there). outflow_external: those who chose to leave
// the province; term_ends: paired-support cadres and flexible talents going home when their term
// ends, as scheduled (no choice, so kept apart from the voluntary departures policies aim at).
enum class Flow : int { inflow, inflow_internal, outflow_internal, outflow_external, term_ends, retirements, count };
inline constexpr int kFlowCount = static_cast<int>(Flow::count);
// As timeseries.csv and the targets files name them, in Flow order.
inline constexpr std::array<std::string_view, kFlowCount> kFlowNames{
    "inflow", "inflow_internal", "outflow_internal", "outflow_external", "term_ends", "retirements"};

// Departures counted against an entry cohort: leaving the province (or retiring), and leaving the
// county of entry for the first time.
enum class CohortLoss : int { province, county, count };
inline constexpr int kCohortLossKinds = static_cast<int>(CohortLoss::count);
// Cohorts are followed for five years after entry.
inline constexpr int kCohortMonths = 60;

struct FlowTally {
  FlowTally() = default;
  // `places`: counties and then the outside regions, the destinations of a move.
  FlowTally(int cells, int counties, int places)
      : counts(static_cast<std::size_t>(cells) * kFlowCount, 0),
        entries(static_cast<std::size_t>(counties) * kEntrySources, 0),
        moves(static_cast<std::size_t>(counties) * places, 0),
        cohort_losses(static_cast<std::size_t>(counties) * kCohortMonths * kCohortLossKinds, 0),
        places(places) {}
  void add(Flow flow, int cell, std::int32_t n = 1) {
    counts[static_cast<std::size_t>(cell) * kFlowCount + static_cast<std::size_t>(flow)] += n;
  }
  std::int32_t get(Flow flow, int cell) const {
    return counts[static_cast<std::size_t>(cell) * kFlowCount + static_cast<std::size_t>(flow)];
  }
  void add_entry(int county, EntrySource source, std::int32_t n = 1) {
    entries[static_cast<std::size_t>(county) * kEntrySources + static_cast<std::size_t>(source)] += n;
  }
  std::int32_t entry(int county, EntrySource source) const {
    return entries[static_cast<std::size_t>(county) * kEntrySources + static_cast<std::size_t>(source)];
  }
  void add_move(int from_county, int to_place) {
    ++moves[static_cast<std::size_t>(from_county) * places + static_cast<std::size_t>(to_place)];
  }
  std::int32_t move(int from_county, int to_place) const {
    return moves[static_cast<std::size_t>(from_county) * places + static_cast<std::size_t>(to_place)];
  }
  // `months`: months since entry, 1..kCohortMonths.
  static std::size_t cohort_index(int entry_county, int months, CohortLoss kind) {
    return (static_cast<std::size_t>(entry_county) * kCohortMonths + static_cast<std::size_t>(months - 1)) *
               kCohortLossKinds + static_cast<std::size_t>(kind);
  }
  void add_cohort_loss(int entry_county, int months, CohortLoss kind) { ++cohort_losses[cohort_index(entry_county, months, kind)]; }
  std::int32_t cohort_loss(int entry_county, int months, CohortLoss kind) const {
    return cohort_losses[cohort_index(entry_county, months, kind)];
  }
  void clear();
  void merge(const FlowTally& other);

  std::vector<std::int32_t> counts;         // cell-major, kFlowCount per cell
  std::vector<std::int32_t> entries;        // county x EntrySource: arrivals into the stock
  std::vector<std::int32_t> moves;          // county x place: movers and leavers by destination
  std::vector<std::int32_t> cohort_losses;  // entry county x months since entry x CohortLoss
  int places = 0;
};

// One thread's tally per OpenMP thread, merged once after the parallel loop.
class ThreadTallies {
 public:
  ThreadTallies(int threads, const FlowTally& shape);
  FlowTally& local(int thread) { return per_thread_[static_cast<std::size_t>(thread)]; }
  void merge_into(FlowTally& total);  // adds and clears the per-thread tallies
  int threads() const { return static_cast<int>(per_thread_.size()); }

 private:
  std::vector<FlowTally> per_thread_;
};

}  // namespace kunlun
