// The rows of costs.csv: each policy's cost by month, replication and county, with the level that
// pays it. Tidy long format; only months and counties with a cost are written.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "model/simulation.h"

namespace kunlun {

class CostsCsv {
 public:
  static constexpr const char* kHeader = "date,replication,policy,type,payer,prefecture,county,cost_cny\n";

  explicit CostsCsv(const InitialState& initial);
  // Appends the rows of one month to `out`.
  void append_step(std::string& out, std::uint32_t replication, const StepResult& step) const;

 private:
  std::vector<std::string> policy_labels_;  // "policy,type,payer"
  std::vector<std::string> county_labels_;  // "prefecture,county"
};

}  // namespace kunlun
