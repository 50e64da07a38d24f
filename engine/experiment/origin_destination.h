// Origin-destination flow matrices by calendar year for one replication: moves between counties,
// departures from each county to each outside region, and arrivals into each county from outside
// the province (every entry source).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "model/simulation.h"

namespace kunlun {

class OriginDestinationFlows {
 public:
  static constexpr const char* kHeader =
      "year,replication,origin_prefecture,origin,destination_prefecture,destination,moves\n";
  static constexpr const char* kOutside = "outside";

  explicit OriginDestinationFlows(const InitialState& initial);
  void add_step(const StepResult& step);
  // Appends the non-zero cells of every year's matrix.
  void append_rows(std::string& out, std::uint32_t replication) const;

 private:
  int start_year_;
  int counties_, places_;
  std::vector<std::string> place_labels_;  // "prefecture,code" for counties then outside regions
  std::vector<std::vector<std::int64_t>> moves_;     // year x (county x place)
  std::vector<std::vector<std::int64_t>> arrivals_;  // year x county
};

}  // namespace kunlun
