// The schedule. A process is added with its file (the class and its factory) and one line below.
#include "model/schedule.h"

namespace kunlun {

// One line a process, in the order of docs/ODD.md ("Process overview and scheduling"). Each names
// the factory `make_<name>()` its process's file defines. Policies are not processes: they write
// the lever tables before the processes run.
#define KUNLUN_SCHEDULE(PROCESS)   \
  PROCESS(ageing_and_retirement)   \
  PROCESS(title_evaluation)        \
  PROCESS(housing)                 \
  PROCESS(pay)                     \
  PROCESS(place_valuation)         \
  PROCESS(stay_or_move)            \
  PROCESS(destination)             \
  PROCESS(entrepreneurship)        \
  PROCESS(placement)               \
  PROCESS(recruitment)

#define KUNLUN_DECLARE_FACTORY(name) std::unique_ptr<Process> make_##name();
KUNLUN_SCHEDULE(KUNLUN_DECLARE_FACTORY)
#undef KUNLUN_DECLARE_FACTORY

std::vector<std::unique_ptr<Process>> scheduled_processes() {
  std::vector<std::unique_ptr<Process>> p;
#define KUNLUN_MAKE(name) p.push_back(make_##name());
  KUNLUN_SCHEDULE(KUNLUN_MAKE)
#undef KUNLUN_MAKE
  return p;
}

std::vector<std::string> scheduled_process_names() {
  std::vector<std::string> names;
  for (const auto& p : scheduled_processes()) names.emplace_back(p->name());
  return names;
}

std::vector<MonthSegment> plan_month(const std::vector<std::unique_ptr<Process>>& processes, const StepContext& ctx) {
  std::vector<MonthSegment> plan(1);
  for (std::size_t p = 0; p < processes.size(); ++p) {
    if (processes[p]->acts_on_population(ctx)) {
      plan.back().population = p;
      plan.emplace_back();
    }
    if (processes[p]->visits_agents(ctx)) plan.back().pass.push_back(p);
  }
  plan.back().population = processes.size();
  return plan;
}

}  // namespace kunlun
