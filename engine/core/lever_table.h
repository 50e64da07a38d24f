// Lever tables: the effective values of policy levers per county x agent class. Policies write
// them each step; behaviour processes read only them, so no process knows any policy by name.
#pragma once

#include <array>
#include <cstddef>
#include <vector>

namespace kunlun {

// Every lever a process reads. Each is additive and 0 means "no policy effect".
enum class Lever : int {
  exit_log_odds,        // shift of the monthly log-odds of leaving the province
  acceptance_log_odds,  // shift of the log-odds that a candidate accepts an offer
  count
};
inline constexpr std::size_t kLeverCount = static_cast<std::size_t>(Lever::count);

class LeverTable {
 public:
  LeverTable() = default;
  LeverTable(int counties, int classes);

  int counties() const { return counties_; }
  int classes() const { return classes_; }

  // Back to "no policy": called at the start of every step before active policies write.
  void reset();

  float get(Lever lever, int county, int agent_class) const {
    return values_[static_cast<std::size_t>(lever)][index(county, agent_class)];
  }
  void add(Lever lever, int county, int agent_class, float amount) {
    values_[static_cast<std::size_t>(lever)][index(county, agent_class)] += amount;
  }
  // The whole county x class block of one lever, row-major by county, for hot loops.
  const float* data(Lever lever) const { return values_[static_cast<std::size_t>(lever)].data(); }
  bool is_neutral(Lever lever) const;

 private:
  std::size_t index(int county, int agent_class) const {
    return static_cast<std::size_t>(county) * static_cast<std::size_t>(classes_) +
           static_cast<std::size_t>(agent_class);
  }
  int counties_ = 0, classes_ = 0;
  std::array<std::vector<float>, kLeverCount> values_;
};

}  // namespace kunlun
