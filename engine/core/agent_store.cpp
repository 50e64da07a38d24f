#include "core/agent_store.h"

#include <algorithm>
#include <type_traits>

namespace kunlun {

void AgentStore::reserve(std::size_t n) {
#define KUNLUN_RESERVE(type, c, record_type, initial) c.reserve(n);
  KUNLUN_AGENT_COLUMNS(KUNLUN_RESERVE)
#undef KUNLUN_RESERVE
}

void AgentStore::grow(std::size_t n) {
  if (!replaced_columns) {
    reserve(n);
    return;
  }
  // Moving a vector keeps its buffer, so the old columns live on, unchanged, in the sink; they go
  // there first, so that a failure to allocate the new ones cannot free them.
  auto sink = std::move(replaced_columns);
  sink->push_back(std::move(*this));
  assign_with_capacity(sink->back(), n);
  replaced_columns = std::move(sink);
}

void AgentStore::add(const AgentRecord& a) {
  // Grow by a quarter, not the vector's doubling: a national population cannot afford to hold
  // twice its columns for a month's arrivals.
  if (id.size() == id.capacity()) grow(id.size() + id.size() / 4 + 1024);
#define KUNLUN_PUSH(type, c, record_type, initial) c.push_back(static_cast<type>(a.c));
  KUNLUN_AGENT_COLUMNS(KUNLUN_PUSH)
#undef KUNLUN_PUSH
}

void AgentStore::assign_with_capacity(const AgentStore& from, std::size_t n) {
#define KUNLUN_ASSIGN(type, c, record_type, initial) \
  c.clear();                                         \
  c.shrink_to_fit();                                 \
  c.reserve(std::max(n, from.c.size()));             \
  c.assign(from.c.begin(), from.c.end());
  KUNLUN_AGENT_COLUMNS(KUNLUN_ASSIGN)
#undef KUNLUN_ASSIGN
}

AgentRecord AgentStore::record(std::size_t i) const {
  AgentRecord a;
#define KUNLUN_GET(type, c, record_type, initial) a.c = c[i];
  KUNLUN_AGENT_COLUMNS(KUNLUN_GET)
#undef KUNLUN_GET
  return a;
}

namespace {
template <class T>
void keep(std::vector<T>& column, const std::vector<AgentStatus>& status) {
  std::size_t out = 0;
  for (std::size_t i = 0; i < column.size(); ++i)
    if (status[i] == AgentStatus::active) column[out++] = column[i];
  column.resize(out);
}
}  // namespace

std::size_t AgentStore::remove_inactive() {
  const std::size_t before = size();
  // Status last: the others read it.
#define KUNLUN_KEEP(type, c, record_type, initial) \
  if constexpr (!std::is_same_v<type, AgentStatus>) keep(c, status);
  KUNLUN_AGENT_COLUMNS(KUNLUN_KEEP)
#undef KUNLUN_KEEP
  keep(status, status);
  return before - size();
}

}  // namespace kunlun
