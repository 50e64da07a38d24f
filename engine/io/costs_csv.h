// costs.csv: each policy's cost by month, replication and county, with the level that pays it.
// Tidy long format; only months and counties with a cost are written.
#pragma once

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "model/simulation.h"

namespace kunlun {

class CostsCsv {
 public:
  static constexpr const char* kHeader = "date,replication,policy,type,payer,prefecture,county,cost_cny\n";

  CostsCsv(const std::filesystem::path& path, const InitialState& initial);
  void write_step(std::uint32_t replication, const StepResult& step);
  void close();  // throws when the disk refused a write

 private:
  std::filesystem::path path_;
  std::ofstream out_;
  std::vector<std::string> policy_labels_;  // "policy,type,payer"
  std::vector<std::string> county_labels_;  // "prefecture,county"
  std::string buffer_;
};

}  // namespace kunlun
