// Agent store: additions, stable removal and the byte budget per agent.
#include <gtest/gtest.h>

#include "core/agent_store.h"

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
  // 4 x uint16 + status + float net income + 9 class bytes (field .. flags) + int32 bond + 8-byte
  // id + home + 6 x int32 (entry, venture, loan, loan end, grant, grant month) + uint16 entry
  // county + uint16 vesting + float claw-back share.
  EXPECT_EQ(AgentStore::bytes_per_agent(), 8u + 1u + 4u + 9u + 4u + 8u + 1u + 24u + 2u + 2u + 4u);
  // Half a million agents in under 40 MB.
  EXPECT_LE(AgentStore::bytes_per_agent(), 80u);
}
