#include "core/agent_store.h"

#include <algorithm>

namespace kunlun {

// Every column once, so that adding a column is one line here and one in the header.
#define KUNLUN_AGENT_COLUMNS(X)                                                                   \
  X(county) X(age_months) X(months_in_county) X(months_in_title) X(field) X(level) X(title)      \
  X(education) X(origin) X(sex) X(employer) X(performance) X(flags) X(bond_until) X(id)           \
  X(home_prefecture) X(entry_month) X(entry_county) X(venture_month) X(loan_cny) X(loan_until) X(grant_cny) X(grant_month)      \
  X(grant_vesting_months) X(grant_clawback_share)

void AgentStore::reserve(std::size_t n) {
#define KUNLUN_RESERVE(c) c.reserve(n);
  KUNLUN_AGENT_COLUMNS(KUNLUN_RESERVE)
#undef KUNLUN_RESERVE
  status.reserve(n);
  net_income.reserve(n);
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
#define KUNLUN_PUSH(c) c.push_back(a.c);
  KUNLUN_AGENT_COLUMNS(KUNLUN_PUSH)
#undef KUNLUN_PUSH
  status.push_back(AgentStatus::active);
  net_income.push_back(0.0f);
}

void AgentStore::assign_with_capacity(const AgentStore& from, std::size_t n) {
#define KUNLUN_ASSIGN(c)                          \
  c.clear();                                      \
  c.shrink_to_fit();                              \
  c.reserve(std::max(n, from.c.size()));          \
  c.assign(from.c.begin(), from.c.end());
  KUNLUN_AGENT_COLUMNS(KUNLUN_ASSIGN)
  KUNLUN_ASSIGN(status)
  KUNLUN_ASSIGN(net_income)
#undef KUNLUN_ASSIGN
}

AgentRecord AgentStore::record(std::size_t i) const {
  AgentRecord a;
#define KUNLUN_GET(c) a.c = c[i];
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
#define KUNLUN_KEEP(c) keep(c, status);
  KUNLUN_AGENT_COLUMNS(KUNLUN_KEEP)
#undef KUNLUN_KEEP
  keep(net_income, status);
  keep(status, status);  // last: the others read it
  return before - size();
}

#undef KUNLUN_AGENT_COLUMNS

}  // namespace kunlun
