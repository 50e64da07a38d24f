// Agent store: additions, stable removal and the byte budget per agent.
#include <gtest/gtest.h>

#include <type_traits>

#include "core/agent_store.h"
#include "core/calendar.h"

using namespace kunlun;

namespace {
AgentStore store_with_ids(std::initializer_list<std::uint64_t> ids) {
  AgentStore s;
  for (const auto id : ids) {
    AgentRecord r;
    r.id = id;
    r.age_months = static_cast<std::uint16_t>(300 + id);
    r.county = static_cast<std::uint16_t>(id % 7);
    s.add(r);
  }
  return s;
}
}  // namespace

TEST(AgentStore, RemovalKeepsTheOrderOfTheRemainingAgents) {
  AgentStore s = store_with_ids({10, 11, 12, 13, 14, 15});
  s.status[1] = AgentStatus::retired;
  s.status[4] = AgentStatus::left_province;
  EXPECT_EQ(s.remove_inactive(), 2u);
  ASSERT_EQ(s.size(), 4u);
  EXPECT_EQ(s.id, (std::vector<std::uint64_t>{10, 12, 13, 15}));
  // Every column moved together with its id.
  for (std::size_t i = 0; i < s.size(); ++i) {
    EXPECT_EQ(s.age_months[i], 300 + s.id[i]);
    EXPECT_EQ(s.county[i], s.id[i] % 7);
    EXPECT_EQ(s.status[i], AgentStatus::active);
  }
}

TEST(AgentStore, RecordRoundTrips) {
  AgentRecord r;
  r.id = 0x8000000000000123ULL;
  r.county = 43;
  r.age_months = 600;
  r.months_in_county = 12;
  r.months_in_title = 5;
  r.field = 9;
  r.level = 1;
  r.title = 4;
  r.education = 3;
  r.origin = 2;
  r.sex = 1;
  r.home_prefecture = 7;
  r.entry_month = 2026 * 12;
  AgentStore s;
  s.add(r);
  const AgentRecord back = s.record(0);
  EXPECT_EQ(back.id, r.id);
  EXPECT_EQ(back.county, r.county);
  EXPECT_EQ(back.months_in_title, r.months_in_title);
  EXPECT_EQ(back.home_prefecture, r.home_prefecture);
  EXPECT_EQ(back.entry_month, r.entry_month);
  EXPECT_EQ(back.sex, r.sex);
}

TEST(AgentStore, BytesPerAgentIsTheSumOfTheColumns) {
  // Every column's element size, read off the columns themselves.
  AgentStore a;
  const auto size_of = [](const auto& column) { return sizeof(typename std::decay_t<decltype(column)>::value_type); };
  const std::size_t sum = size_of(a.county) + size_of(a.age_months) + size_of(a.months_in_county) +
                          size_of(a.months_in_title) + size_of(a.status) + size_of(a.net_income) + size_of(a.field) +
                          size_of(a.level) + size_of(a.title) + size_of(a.education) + size_of(a.origin) +
                          size_of(a.sex) + size_of(a.employer) + size_of(a.performance) + size_of(a.flags) +
                          size_of(a.bond_until) + size_of(a.id) + size_of(a.home_prefecture) + size_of(a.entry_month) +
                          size_of(a.entry_county) + size_of(a.venture_month) + size_of(a.loan_cny) +
                          size_of(a.loan_until) + size_of(a.grant_cny) + size_of(a.grant_month) +
                          size_of(a.grant_vesting_months) + size_of(a.grant_clawback_share);
  EXPECT_EQ(AgentStore::bytes_per_agent(), sum);
  // The promise to batch users: at most 64 bytes per agent (220 million agents in 14 GB).
  EXPECT_LE(AgentStore::bytes_per_agent(), 64u);
  EXPECT_EQ(AgentStore::bytes_per_agent(), 57u);
}

// Months fit two bytes for every date a scenario may hold (1900-01 .. 2999-12, plus terms).
TEST(AgentStore, MonthColumnsHoldEveryScenarioDate) {
  AgentStore a;
  AgentRecord r;
  r.entry_month = YearMonth(2999, 12).index() + 120;
  r.bond_until = YearMonth(1900, 1).index();
  a.add(r);
  EXPECT_EQ(a.record(0).entry_month, r.entry_month);
  EXPECT_EQ(a.record(0).bond_until, r.bond_until);
}

// Zero-copy views (the Python package) hold pointers into the columns: when the store grows while
// they are open, the old columns live on, unchanged, in replaced_columns.
TEST(AgentStore, GrowthKeepsTheOldColumnsWhenAskedTo) {
  AgentStore s = store_with_ids({1, 2, 3});
  s.replaced_columns = std::make_shared<std::vector<AgentStore>>();
  const std::uint64_t* old_ids = s.id.data();
  const std::uint16_t* old_ages = s.age_months.data();
  const std::size_t capacity = s.capacity();
  AgentRecord r;
  for (std::uint64_t id = 4; s.capacity() == capacity; ++id) {
    r.id = id;
    s.add(r);
  }
  ASSERT_EQ(s.replaced_columns->size(), 1u);
  const AgentStore& old = s.replaced_columns->front();
  EXPECT_EQ(old.id.data(), old_ids) << "the same buffer, not a copy";
  EXPECT_EQ(old.age_months.data(), old_ages);
  EXPECT_EQ(old_ids[0], 1u);
  EXPECT_EQ(old_ages[2], 303u);
  EXPECT_NE(s.id.data(), old_ids);
  EXPECT_EQ(s.id[0], 1u);
  EXPECT_EQ(s.id.back(), s.size());
  EXPECT_EQ(s.age_months[2], 303u);
  EXPECT_FALSE(old.replaced_columns) << "the sink is not nested";

  AgentStore plain = store_with_ids({1});
  for (std::uint64_t id = 2; id < 5000; ++id) {
    r.id = id;
    plain.add(r);
  }
  EXPECT_FALSE(plain.replaced_columns) << "without a sink, growth frees the old columns";
}
