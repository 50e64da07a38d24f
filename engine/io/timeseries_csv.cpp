#include "io/timeseries_csv.h"

#include <charconv>
#include <cstdio>
#include <stdexcept>

namespace kunlun {

TimeseriesCsv::TimeseriesCsv(const std::filesystem::path& path, const RegionTable& regions,
                             const CellLayout& cells)
    : path_(path), out_(path, std::ios::binary | std::ios::trunc) {
  if (!out_) throw std::runtime_error("cannot open " + path.string() + " for writing");
  cell_labels_.resize(static_cast<std::size_t>(cells.size()));
  for (int c = 0; c < cells.counties; ++c) {
    const std::string& pref = regions.region(regions.prefectures()[static_cast<std::size_t>(
                                                 regions.prefecture_slot_of_county(c))]).code;
    for (int f = 0; f < cells.fields; ++f)
      for (int l = 0; l < kLevels; ++l)
        cell_labels_[static_cast<std::size_t>(cells.index(c, f, l))] =
            pref + "," + regions.county(c).code + "," + regions.fields()[static_cast<std::size_t>(f)] + "," +
            std::string(kLevelNames[static_cast<std::size_t>(l)]);
  }
  buffer_ = kHeader;
  buffer_.reserve(1 << 20);
}

namespace {
void append_int(std::string& out, std::int64_t v) {
  char buf[24];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, r.ptr);
}
}  // namespace

void TimeseriesCsv::write_step(std::uint32_t replication, const StepResult& step) {
  const std::string prefix = step.date.str() + "," + std::to_string(replication) + ",";
  for (std::size_t cell = 0; cell < cell_labels_.size(); ++cell) {
    buffer_ += prefix;
    buffer_ += cell_labels_[cell];
    buffer_ += ',';
    append_int(buffer_, step.stock[cell]);
    for (int f = 0; f < kFlowCount; ++f) {
      buffer_ += ',';
      append_int(buffer_, step.flows.get(static_cast<Flow>(f), static_cast<int>(cell)));
    }
    // Whole days when the days per month are whole (the default); otherwise up to 10 digits.
    char days[32];
    std::snprintf(days, sizeof days, ",%.10g", step.service_days[cell]);
    buffer_ += days;
    buffer_ += '\n';
  }
  if (buffer_.size() > (1u << 20)) flush();
}

void TimeseriesCsv::flush() {
  out_.write(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
  buffer_.clear();
  if (!out_) throw std::runtime_error("writing " + path_.string() + " failed (disk full?)");
}

void TimeseriesCsv::close() {
  flush();
  out_.close();
  if (!out_) throw std::runtime_error("closing " + path_.string() + " failed (disk full?)");
}

}  // namespace kunlun
