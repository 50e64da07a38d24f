// Throughput of one whole monthly step (every process of the baseline) at several population
// sizes and thread counts, in agent-steps per second. Set-up and output are excluded.
#include <benchmark/benchmark.h>
#include <omp.h>

#include <map>
#include <memory>

#include "model/simulation.h"
#include "scenario/scenario.h"

using namespace kunlun;

namespace {
// The Qinghai baseline at a given population scale (percent), prepared once per scale.
std::shared_ptr<const InitialState> baseline_at(int percent) {
  static std::map<int, std::shared_ptr<const InitialState>> cache;
  auto& state = cache[percent];
  if (!state) {
    ConfigNode tree = load_scenario_tree(std::string(KUNLUN_SOURCE_DIR) + "/scenarios/qinghai/baseline.yaml");
    set_path(tree, "population.scale", ConfigNode::scalar(std::to_string(percent / 100.0)));
    set_path(tree, "horizon.end", ConfigNode::scalar("2125-12"));  // long enough for any benchmark
    state = InitialState::prepare(scenario_from_tree(tree, std::string(KUNLUN_SOURCE_DIR) + "/scenarios/qinghai"));
  }
  return state;
}

void BM_WholeStep(benchmark::State& st) {
  const int percent = static_cast<int>(st.range(0));
  omp_set_num_threads(static_cast<int>(st.range(1)));
  const auto initial = baseline_at(percent);
  auto sim = std::make_unique<Simulation>(initial, 0);
  std::int64_t agent_steps = 0;
  for (auto _ : st) {
    if (sim->finished()) {
      st.PauseTiming();
      sim = std::make_unique<Simulation>(initial, 0);
      st.ResumeTiming();
    }
    agent_steps += sim->active_agents();
    benchmark::DoNotOptimize(sim->step());
  }
  st.counters["agents"] = static_cast<double>(sim->active_agents());
  st.counters["agent_steps_per_s"] = benchmark::Counter(static_cast<double>(agent_steps), benchmark::Counter::kIsRate);
}
}  // namespace

// Population scale in percent of the 495,700 baseline stock, then threads.
BENCHMARK(BM_WholeStep)->ArgsProduct({{10, 100, 200}, {1, 2}})->Unit(benchmark::kMillisecond)->UseRealTime();

BENCHMARK_MAIN();
