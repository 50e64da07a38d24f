// The month's schedule: the processes every month runs, in the fixed order of docs/ODD.md, and how
// their parts group into passes over the agents.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "model/process.h"

namespace kunlun {

// A fresh instance of every scheduled process, in order.
std::vector<std::unique_ptr<Process>> scheduled_processes();
// Their names, in order.
std::vector<std::string> scheduled_process_names();

// One segment of a month: agent parts run together in one pass, then one process's population
// part (none when `population` is past the last process).
struct MonthSegment {
  std::vector<std::size_t> pass;
  std::size_t population = 0;
};

// Agent parts are collected until a population part needs every agent's state: then the collected
// ones run in one pass, and the population part after it. Positions index `processes`.
std::vector<MonthSegment> plan_month(const std::vector<std::unique_ptr<Process>>& processes, const StepContext& ctx);

}  // namespace kunlun
