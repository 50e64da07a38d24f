// Throughput of the monthly step of the Qinghai baseline (every process on), in agent-steps per
// second, set-up and output excluded:
//   BM_WholeStep/<agents>/<threads>    one whole month;
//   BM_Process/<process>/<agents>/<threads>   one process's share of a month, from the engine's
//                                      own per-process timing (manual time);
//   BM_Months/<months>                 <months> months in a row at 1M agents on 2 threads, for
//                                      the cost against steps.
// Populations above the 495,700 of the baseline use population.scale > 1 (the province's
// structure at a larger size). Set KUNLUN_BENCH_LARGE=1 to add 10^8 agents.
#include <benchmark/benchmark.h>
#include <omp.h>

#include <cstdlib>
#include <map>
#include <memory>
#include <string>

#include "model/simulation.h"
#include "scenario/scenario.h"

using namespace kunlun;

namespace {
constexpr double kBaselineStock = 495700;

// The Qinghai baseline with about `agents` agents, prepared once per size (the largest last).
std::shared_ptr<const InitialState> baseline_with(std::int64_t agents) {
  static std::map<std::int64_t, std::shared_ptr<const InitialState>> cache;
  auto& state = cache[agents];
  if (!state) {
    if (cache.size() > 1)  // keep one size at a time: 10^7 agents are 570 MB
      for (auto& [n, s] : cache)
        if (n != agents) s.reset();
    ConfigNode tree = load_scenario_tree(std::string(KUNLUN_SOURCE_DIR) + "/scenarios/qinghai/baseline.yaml");
    set_path(tree, "population.scale", ConfigNode::scalar(std::to_string(static_cast<double>(agents) / kBaselineStock)));
    set_path(tree, "horizon.end", ConfigNode::scalar("2125-12"));  // long enough for any benchmark
    state = InitialState::prepare(scenario_from_tree(tree, std::string(KUNLUN_SOURCE_DIR) + "/scenarios/qinghai"));
  }
  return state;
}

// A simulation two months in (past the first month's one-off reference valuation).
std::unique_ptr<Simulation> warmed(const std::shared_ptr<const InitialState>& initial) {
  auto sim = std::make_unique<Simulation>(initial, 0);
  sim->step();
  sim->step();
  return sim;
}

void BM_WholeStep(benchmark::State& st) {
  omp_set_num_threads(static_cast<int>(st.range(1)));
  const auto initial = baseline_with(st.range(0));
  auto sim = warmed(initial);
  std::int64_t agent_steps = 0;
  for (auto _ : st) {
    if (sim->finished()) {
      st.PauseTiming();
      sim = warmed(initial);
      st.ResumeTiming();
    }
    agent_steps += sim->active_agents();
    benchmark::DoNotOptimize(sim->step());
  }
  st.counters["agents"] = static_cast<double>(sim->active_agents());
  st.counters["threads"] = static_cast<double>(st.range(1));
  st.counters["agent_steps_per_s"] = benchmark::Counter(static_cast<double>(agent_steps), benchmark::Counter::kIsRate);
}

void BM_Process(benchmark::State& st) {
  const auto process = static_cast<std::size_t>(st.range(0));
  omp_set_num_threads(static_cast<int>(st.range(2)));
  const auto initial = baseline_with(st.range(1));
  auto sim = warmed(initial);
  sim->set_profiling(true);
  const auto names = Simulation::process_order();
  st.SetLabel(names[process]);
  double seconds = 0, measured = 0;
  std::int64_t agent_steps = 0;
  for (auto _ : st) {
    if (sim->finished()) {
      sim = warmed(initial);
      sim->set_profiling(true);
      seconds = 0;
    }
    agent_steps += sim->active_agents();
    sim->step();
    // The process's time this month: its population part plus its agent part's thread-seconds
    // over the threads (its share of the fused passes).
    const StepProfile p = sim->profile();
    const double total = p.population_seconds[process] + p.agent_thread_seconds[process] / p.threads;
    st.SetIterationTime(std::max(total - seconds, 1e-9));
    measured += total - seconds;
    seconds = total;
  }
  st.counters["agents"] = static_cast<double>(sim->active_agents());
  // Nanoseconds of the month's wall time per agent (0 for a process idle in the baseline).
  st.counters["ns_per_agent_step"] = measured * 1e9 / static_cast<double>(std::max<std::int64_t>(agent_steps, 1));
}

void BM_Months(benchmark::State& st) {
  omp_set_num_threads(2);
  const auto initial = baseline_with(1'000'000);
  for (auto _ : st) {
    st.PauseTiming();
    auto sim = warmed(initial);
    st.ResumeTiming();
    for (std::int64_t m = 0; m < st.range(0); ++m) benchmark::DoNotOptimize(sim->step());
  }
  st.counters["months"] = static_cast<double>(st.range(0));
}

void register_all() {
  for (std::int64_t agents : {10'000, 100'000, 1'000'000, 10'000'000})
    for (int threads : {1, 2})
      benchmark::RegisterBenchmark("BM_WholeStep", BM_WholeStep)->Args({agents, threads})->Unit(benchmark::kMillisecond)->UseRealTime();
  if (std::getenv("KUNLUN_BENCH_LARGE"))
    benchmark::RegisterBenchmark("BM_WholeStep", BM_WholeStep)->Args({100'000'000, 2})->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);
  const auto processes = static_cast<std::int64_t>(Simulation::process_order().size());
  for (std::int64_t p = 0; p < processes; ++p)
    for (std::int64_t agents : {1'000'000})
      for (int threads : {1, 2})
        // A fixed year of months: a small process's manual time would otherwise call for thousands of whole months.
        benchmark::RegisterBenchmark("BM_Process", BM_Process)->Args({p, agents, threads})->Unit(benchmark::kMillisecond)->UseManualTime()->Iterations(12);
  for (int months : {12, 24, 48})
    benchmark::RegisterBenchmark("BM_Months", BM_Months)->Arg(months)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(2);
}
}  // namespace

int main(int argc, char** argv) {
  register_all();
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
