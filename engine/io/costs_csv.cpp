#include "io/costs_csv.h"

#include <cstdio>
#include <stdexcept>

namespace kunlun {

CostsCsv::CostsCsv(const std::filesystem::path& path, const InitialState& initial)
    : path_(path), out_(path, std::ios::binary | std::ios::trunc) {
  if (!out_) throw std::runtime_error("cannot open " + path.string() + " for writing");
  const RegionTable& regions = initial.regions;
  for (const auto& p : initial.policies)
    policy_labels_.push_back(p->name() + "," + initial.scenario.policies[static_cast<std::size_t>(p->position())].type +
                             "," + std::string(kPayingLevelNames[static_cast<std::size_t>(p->payer())]));
  for (int c = 0; c < regions.county_count(); ++c)
    county_labels_.push_back(
        regions.region(regions.prefectures()[static_cast<std::size_t>(regions.prefecture_slot_of_county(c))]).code +
        "," + regions.county(c).code);
  buffer_ = kHeader;
}

void CostsCsv::write_step(std::uint32_t replication, const StepResult& step) {
  const std::string prefix = step.date.str() + "," + std::to_string(replication) + ",";
  for (int p = 0; p < step.costs.policies(); ++p)
    for (int c = 0; c < step.costs.counties(); ++c) {
      const double cny = step.costs.at(p, c);
      if (cny == 0.0) continue;
      char amount[40];
      std::snprintf(amount, sizeof amount, "%.2f", cny);
      buffer_ += prefix;
      buffer_ += policy_labels_[static_cast<std::size_t>(p)];
      buffer_ += ',';
      buffer_ += county_labels_[static_cast<std::size_t>(c)];
      buffer_ += ',';
      buffer_ += amount;
      buffer_ += '\n';
    }
  if (buffer_.size() > (1u << 20)) {
    out_.write(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
    buffer_.clear();
    if (!out_) throw std::runtime_error("writing " + path_.string() + " failed (disk full?)");
  }
}

void CostsCsv::close() {
  out_.write(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
  buffer_.clear();
  out_.close();
  if (!out_) throw std::runtime_error("closing " + path_.string() + " failed (disk full?)");
}

}  // namespace kunlun
