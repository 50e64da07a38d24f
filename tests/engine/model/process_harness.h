// A bench for testing one behaviour process on a hand-made population: it holds everything a
// StepContext refers to, built from a small scenario file and its region table, and runs a process
// for one month the way Simulation does (population part, then the agent part block by block).
#pragma once

#include <omp.h>

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "core/agent_store.h"
#include "core/calendar.h"
#include "core/categories.h"
#include "core/lever_table.h"
#include "core/region_table.h"
#include "core/rng.h"
#include "model/census.h"
#include "core/cost_basis.h"
#include "model/flow_tally.h"
#include "model/place_valuation.h"
#include "model/process.h"
#include "scenario/scenario.h"

namespace kunlun::testing {

inline const std::string kRulesData = std::string(KUNLUN_TEST_DATA) + "/rules";
// Three counties (capital district, county town, grassroots), two outside regions, two fields.
inline const std::string kRulesScenario = kRulesData + "/scenario.yaml";
// Two counties (capital district, grassroots), one outside region, one field.
inline const std::string kTwoCountiesScenario = kRulesData + "/two_counties.yaml";

// Months in years, for readable ages and tenures.
inline std::uint16_t months(double years) { return static_cast<std::uint16_t>(std::lround(years * 12.0)); }

// Binomial bounds: `n` trials of chance `p` give a count within `sigmas` standard deviations of
// n p except with a chance below 1e-8 at six (normal tail; n p (1-p) is large in every test).
inline double binomial_sd(double n, double p) { return std::sqrt(n * p * (1.0 - p)); }

struct ProcessHarness {
  Scenario scenario;
  RegionTable regions;
  CellLayout cells;
  LeverTable levers;  // neutral until a test writes a lever
  KeyedRng rng;
  std::vector<std::int32_t> job_capacity;  // county x field: round(jobs x scale), as a run starts
  AgentStore agents;
  ThreadTallies tallies;
  FlowTally flows;  // everything the processes counted since the harness was built
  YearMonth date;   // the month simulated: the scenario's start plus `step` months
  std::uint32_t step = 0;
  CostBasis basis;
  PlaceValues places;
  std::vector<double> departure_share;  // by county: the reference share (no peer term)
  std::vector<std::int32_t> voluntary_departures;
  std::vector<std::int32_t> initial_ventures;  // county x field: none
  Census census;

  explicit ProcessHarness(const std::filesystem::path& scenario_file, int policies = 4)
      : ProcessHarness(load_scenario(scenario_file), policies) {}

  ProcessHarness(Scenario s, int policies)
      : scenario(std::move(s)),
        regions(RegionTable::load(scenario.regions)),
        cells{regions.county_count(), regions.field_count()},
        levers(ClassLayout{regions.county_count(), regions.field_count()}),
        rng(scenario.seed, 0),
        tallies(omp_get_max_threads(), empty_tally()),
        flows(empty_tally()),
        date(scenario.start),
        basis(ClassLayout{regions.county_count(), regions.field_count()}, policies),
        departure_share(static_cast<std::size_t>(regions.county_count()), scenario.behaviour.mobility.peer_reference_share),
        voluntary_departures(static_cast<std::size_t>(regions.county_count()), 0),
        census(cells) {
    job_capacity.resize(static_cast<std::size_t>(regions.county_count()) * regions.field_count());
    for (int c = 0; c < regions.county_count(); ++c)
      for (int f = 0; f < regions.field_count(); ++f)
        job_capacity[cf(c, f)] = static_cast<std::int32_t>(
            std::lround(regions.county(c).jobs[static_cast<std::size_t>(f)] * scenario.population.scale));
    initial_ventures.assign(job_capacity.size(), 0);
  }

  FlowTally empty_tally() const {
    return FlowTally(cells.size(), regions.county_count(), regions.county_count() + static_cast<int>(regions.outside().size()));
  }
  std::size_t cf(int county, int field) const {
    return static_cast<std::size_t>(county) * static_cast<std::size_t>(regions.field_count()) + static_cast<std::size_t>(field);
  }
  int county(const std::string& code) const {
    for (int c = 0; c < regions.county_count(); ++c)
      if (regions.county(c).code == code) return c;
    throw std::logic_error("no county " + code);
  }
  // Position of an outside region among the places of a move (after the counties).
  int outside_place(const std::string& code) const {
    for (std::size_t o = 0; o < regions.outside().size(); ++o)
      if (regions.region(regions.outside()[o]).code == code) return regions.county_count() + static_cast<int>(o);
    throw std::logic_error("no outside region " + code);
  }
  // Sets the month to simulate: `month_number` months after the start (0 = the first month).
  void set_step(std::uint32_t month_number) {
    step = month_number;
    date = scenario.start.plus_months(static_cast<int>(month_number));
  }

  // A typical agent to copy and vary: a 35-year-old local man, mid-level intermediate title with a
  // bachelor's degree, in the first county and field, employed by an institution, five years in
  // county and title, average performance, no family, hometown outside, no bond, entered before
  // the run.
  AgentRecord typical(std::uint64_t id) const {
    AgentRecord r;
    r.id = id;
    r.county = 0;
    r.age_months = months(35);
    r.months_in_county = months(5);
    r.months_in_title = months(5);
    r.field = 0;
    r.level = static_cast<std::uint8_t>(Level::mid);
    r.title = static_cast<std::uint8_t>(Title::intermediate);
    r.education = static_cast<std::uint8_t>(Education::bachelor);
    r.origin = static_cast<std::uint8_t>(Origin::local);
    r.sex = static_cast<std::uint8_t>(Sex::male);
    r.employer = static_cast<std::uint8_t>(Employer::institution);
    r.home_prefecture = AgentStore::kNoHome;
    r.entry_month = scenario.start.index() - 60;
    return r;
  }
  // Adds `count` copies of `like` with ids from `first_id` on; returns the index of the first.
  std::size_t add(AgentRecord like, int count = 1, std::uint64_t first_id = 0) {
    const std::size_t first = agents.size();
    if (first_id == 0) first_id = next_id_;
    for (int k = 0; k < count; ++k) {
      like.id = first_id + static_cast<std::uint64_t>(k);
      agents.add(like);
    }
    next_id_ = std::max(next_id_, first_id + static_cast<std::uint64_t>(count));
    return first;
  }

  StepContext context() {
    return StepContext{scenario, regions, levers, rng, cells, job_capacity, agents, tallies, date, step, basis,
                       places, departure_share, voluntary_departures, initial_ventures, census};
  }

  // Runs `process` for the month as Simulation::run_processes does: the census as the last pass
  // left it, the population part (when the process has one this month), then the agent part over
  // blocks of kBlockAgents, recounting the census. Blocks run in order on one thread: an agent
  // part may not depend on the thread (process.h). The month's flows are added to `flows`.
  void run(Process& process) {
    StepContext ctx = context();
    census.clear();
    census.count(agents, 0, static_cast<std::int64_t>(agents.size()), true);
    if (process.acts_on_population(ctx)) process.act_on_population(ctx);
    if (process.visits_agents(ctx)) {
      process.prepare(ctx);
      census.clear();
      const auto n = static_cast<std::int64_t>(agents.size());
      for (std::int64_t begin = 0; begin < n; begin += kBlockAgents) {
        const AgentBlock block{begin, std::min(n, begin + kBlockAgents), 0};
        process.visit(ctx, block);
        census.count(agents, block.begin, block.end, true);
      }
      process.finish(ctx);
    }
    tallies.merge_into(flows);
  }

  // Agents with status `status` among [first, first + count).
  int count_status(std::size_t first, int count, AgentStatus status) const {
    int n = 0;
    for (std::size_t i = first; i < first + static_cast<std::size_t>(count); ++i) n += agents.status[i] == status;
    return n;
  }

 private:
  std::uint64_t next_id_ = 1;
};

}  // namespace kunlun::testing
