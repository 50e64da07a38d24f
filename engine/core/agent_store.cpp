#include "core/agent_store.h"

namespace kunlun {

void AgentStore::reserve(std::size_t n) {
  county.reserve(n);
  age_months.reserve(n);
  months_in_county.reserve(n);
  months_in_title.reserve(n);
  status.reserve(n);
  field.reserve(n);
  level.reserve(n);
  title.reserve(n);
  education.reserve(n);
  origin.reserve(n);
  sex.reserve(n);
  id.reserve(n);
  home_prefecture.reserve(n);
  entry_month.reserve(n);
}

void AgentStore::add(const AgentRecord& a) {
  county.push_back(a.county);
  age_months.push_back(a.age_months);
  months_in_county.push_back(a.months_in_county);
  months_in_title.push_back(a.months_in_title);
  status.push_back(AgentStatus::active);
  field.push_back(a.field);
  level.push_back(a.level);
  title.push_back(a.title);
  education.push_back(a.education);
  origin.push_back(a.origin);
  sex.push_back(a.sex);
  id.push_back(a.id);
  home_prefecture.push_back(a.home_prefecture);
  entry_month.push_back(a.entry_month);
}

AgentRecord AgentStore::record(std::size_t i) const {
  AgentRecord a;
  a.id = id[i];
  a.county = county[i];
  a.age_months = age_months[i];
  a.months_in_county = months_in_county[i];
  a.months_in_title = months_in_title[i];
  a.field = field[i];
  a.level = level[i];
  a.title = title[i];
  a.education = education[i];
  a.origin = origin[i];
  a.sex = sex[i];
  a.home_prefecture = home_prefecture[i];
  a.entry_month = entry_month[i];
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
  keep(county, status);
  keep(age_months, status);
  keep(months_in_county, status);
  keep(months_in_title, status);
  keep(field, status);
  keep(level, status);
  keep(title, status);
  keep(education, status);
  keep(origin, status);
  keep(sex, status);
  keep(id, status);
  keep(home_prefecture, status);
  keep(entry_month, status);
  keep(status, status);  // last: the others read it
  return before - size();
}

}  // namespace kunlun
