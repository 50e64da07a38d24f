// Records to bytes and back: little framing, numbers copied bit for bit.
#include "experiment/record_bytes.h"

#include <cstring>
#include <stdexcept>

namespace kunlun {

void append_u64(std::string& out, std::uint64_t v) { out.append(reinterpret_cast<const char*>(&v), sizeof v); }

std::uint64_t read_u64(std::string_view& in) {
  if (in.size() < sizeof(std::uint64_t)) throw std::runtime_error("a record's bytes are cut short");
  std::uint64_t v;
  std::memcpy(&v, in.data(), sizeof v);
  in.remove_prefix(sizeof v);
  return v;
}

void append_piece(std::string& out, std::string_view piece) {
  append_u64(out, piece.size());
  out.append(piece);
}

std::string_view read_piece(std::string_view& in) {
  const std::uint64_t n = read_u64(in);
  if (in.size() < n) throw std::runtime_error("a record's bytes are cut short");
  const std::string_view piece = in.substr(0, n);
  in.remove_prefix(n);
  return piece;
}

namespace {
template <class T>
void append_values(std::string& out, const std::vector<T>& v) {
  append_piece(out, std::string_view(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(T)));
}

template <class T>
std::vector<T> read_values(std::string_view& in) {
  const std::string_view piece = read_piece(in);
  if (piece.size() % sizeof(T) != 0) throw std::runtime_error("a record's bytes are malformed");
  std::vector<T> v(piece.size() / sizeof(T));
  if (!v.empty()) std::memcpy(v.data(), piece.data(), piece.size());
  return v;
}
}  // namespace

std::string decision_bytes(const ReplicationRecord& r) {
  std::string out;
  append_u64(out, r.replication);
  append_u64(out, r.indicators.size());
  for (const auto& group : r.indicators) append_values(out, group);
  append_values(out, r.target_values);
  append_u64(out, r.end_margins.size());
  for (const auto& margin : r.end_margins) append_values(out, margin);
  return out;
}

void read_decision_bytes(std::string_view in, ReplicationRecord& r) {
  r.replication = static_cast<std::uint32_t>(read_u64(in));
  r.indicators.resize(read_u64(in));
  for (auto& group : r.indicators) group = read_values<double>(in);
  r.target_values = read_values<double>(in);
  r.end_margins.resize(read_u64(in));
  for (auto& margin : r.end_margins) margin = read_values<std::int64_t>(in);
}

std::string row_bytes(const ReplicationRecord& r) {
  std::string out;
  for (const std::string* rows : {&r.timeseries_rows, &r.vacancy_rows, &r.cost_rows, &r.flow_rows, &r.retention_rows})
    append_piece(out, *rows);
  return out;
}

void read_row_bytes(std::string_view in, ReplicationRecord& r) {
  for (std::string* rows : {&r.timeseries_rows, &r.vacancy_rows, &r.cost_rows, &r.flow_rows, &r.retention_rows})
    *rows = std::string(read_piece(in));
}

}  // namespace kunlun
