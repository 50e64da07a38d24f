#include "experiment/origin_destination.h"

namespace kunlun {

OriginDestinationFlows::OriginDestinationFlows(const InitialState& initial)
    : start_year_(initial.scenario.start.year()),
      counties_(initial.regions.county_count()),
      places_(initial.regions.county_count() + static_cast<int>(initial.regions.outside().size())) {
  const RegionTable& regions = initial.regions;
  for (int c = 0; c < counties_; ++c)
    place_labels_.push_back(
        regions.region(regions.prefectures()[static_cast<std::size_t>(regions.prefecture_slot_of_county(c))]).code +
        "," + regions.county(c).code);
  for (const int o : regions.outside()) place_labels_.push_back(std::string(kOutside) + "," + regions.region(o).code);
  const int years = initial.scenario.end.year() - start_year_ + 1;
  moves_.assign(static_cast<std::size_t>(years), std::vector<std::int64_t>(static_cast<std::size_t>(counties_) * places_, 0));
  arrivals_.assign(static_cast<std::size_t>(years), std::vector<std::int64_t>(static_cast<std::size_t>(counties_), 0));
}

void OriginDestinationFlows::add_step(const StepResult& step) {
  const auto y = static_cast<std::size_t>(step.date.year() - start_year_);
  auto& moves = moves_[y];
  for (std::size_t k = 0; k < moves.size(); ++k) moves[k] += step.flows.moves[k];
  for (int c = 0; c < counties_; ++c)
    for (int s = 0; s < kEntrySources; ++s)
      arrivals_[y][static_cast<std::size_t>(c)] += step.flows.entry(c, static_cast<EntrySource>(s));
}

void OriginDestinationFlows::append_rows(std::string& out, std::uint32_t replication) const {
  const std::string outside = std::string(kOutside) + "," + kOutside;
  for (std::size_t y = 0; y < moves_.size(); ++y) {
    const std::string prefix = std::to_string(start_year_ + static_cast<int>(y)) + "," + std::to_string(replication) + ",";
    for (int c = 0; c < counties_; ++c) {
      const std::int64_t n = arrivals_[y][static_cast<std::size_t>(c)];
      if (n != 0)
        out += prefix + outside + "," + place_labels_[static_cast<std::size_t>(c)] + "," + std::to_string(n) + "\n";
    }
    for (int from = 0; from < counties_; ++from)
      for (int to = 0; to < places_; ++to) {
        const std::int64_t n = moves_[y][static_cast<std::size_t>(from) * places_ + static_cast<std::size_t>(to)];
        if (n != 0)
          out += prefix + place_labels_[static_cast<std::size_t>(from)] + "," + place_labels_[static_cast<std::size_t>(to)] +
                 "," + std::to_string(n) + "\n";
      }
  }
}

}  // namespace kunlun
