// The rules of housing (docs/ODD.md 7.3) on hand-made agents: purchase grants claimed at the
// monthly rate of the yearly uptake, once per agent, and talent apartments allocated by the
// documented queue within the county's units.
#include <gtest/gtest.h>

#include <cmath>

#include "model/housing.h"
#include "model/personal_traits.h"
#include "process_harness.h"

using namespace kunlun;
using namespace kunlun::testing;

namespace {

constexpr int kRenters = 20000;

struct GrantBench {
  ProcessHarness h{kRulesScenario};
  int capital = h.county("capital");
  AgentRecord renter = h.typical(0);
  int cls = ClassLayout::encode(renter.field, renter.level, renter.title, renter.origin);
  std::size_t renters = h.add(renter, kRenters, 1);
  // Agents who hold a grant already, and agents of a class no grant reaches.
  std::size_t holders = 0, others = 0;

  GrantBench(float uptake) {
    AgentRecord holder = renter;
    holder.grant_cny = 50000;
    holder.grant_month = h.date.index() - 3;
    holders = h.add(holder, 1000, 100000);
    AgentRecord other = renter;
    other.level = static_cast<std::uint8_t>(Level::junior);
    others = h.add(other, 1000, 200000);
    h.levers.add(Lever::purchase_grant_cny, capital, cls, 100000.4f);
    h.levers.add(Lever::purchase_uptake, capital, cls, uptake);
    h.levers.add(Lever::purchase_vesting_months, capital, cls, 60.0f);
    h.levers.add(Lever::purchase_clawback_share, capital, cls, 0.5f);
    Housing process;
    h.run(process);
  }
  bool bought(std::size_t i) const { return h.agents.grant_cny[i] > 0; }
  int buyers() const {
    int n = 0;
    for (std::size_t i = renters; i < renters + kRenters; ++i) n += bought(i);
    return n;
  }
};

}  // namespace

TEST(HousingRule, RentersClaimThePurchaseGrantAtTheMonthlyRateOfTheYearlyUptake) {
  GrantBench b(0.9f);
  // Monthly chance m(u) = 1 - (1 - u)^(1/12) = 0.175 for u = 0.9: about 3,490 of 20,000, binomial
  // standard deviation 54; the bound is six of them. (A high uptake tells m(u) from u / 12 = 0.075.)
  const double m = monthly_probability(0.9f);
  const int buyers = b.buyers();
  EXPECT_NEAR(buyers, kRenters * m, 6 * binomial_sd(kRenters, m));
  // A buyer gets round(G), the month, the cell's vesting and claw-back; the month's grants are
  // paid into the cost basis of the cell.
  for (std::size_t i = b.renters; i < b.renters + kRenters; ++i) {
    if (!b.bought(i)) continue;
    EXPECT_EQ(b.h.agents.grant_cny[i], 100000);
    EXPECT_EQ(b.h.agents.grant_month[i], b.h.date.index());
    EXPECT_EQ(b.h.agents.grant_vesting_months[i], 60);
    EXPECT_EQ(b.h.agents.grant_clawback_share[i], 0.5f);
  }
  EXPECT_EQ(b.h.basis.grants_paid_cny[b.h.basis.index(b.capital, b.cls)], 100000LL * buyers);
  // One grant per agent, and none where no grant is written.
  for (std::size_t i = b.holders; i < b.holders + 1000; ++i) EXPECT_EQ(b.h.agents.grant_cny[i], 50000);
  for (std::size_t i = b.others; i < b.others + 1000; ++i) EXPECT_FALSE(b.bought(i));
}

TEST(HousingRule, HigherUptakeRaisesTheShareThatBuysWithTheSameDraws) {
  GrantBench low(0.3f), high(0.9f);
  // The same agents meet the same draws: everyone who bought at the lower uptake buys at the
  // higher one, and the count follows m(0.9) = 0.175.
  for (std::size_t i = low.renters; i < low.renters + kRenters; ++i)
    if (low.bought(i)) { EXPECT_TRUE(high.bought(i)); }
  const double m = monthly_probability(0.9f);
  EXPECT_NEAR(high.buyers(), kRenters * m, 6 * binomial_sd(kRenters, m));
  EXPECT_GT(high.buyers(), low.buyers());
}

TEST(HousingRule, NoGrantLeverNoPurchase) {
  ProcessHarness h(kRulesScenario);
  const std::size_t first = h.add(h.typical(0), 1000);
  Housing process;
  EXPECT_FALSE(process.visits_agents(h.context()));
  h.run(process);
  for (std::size_t i = first; i < first + 1000; ++i) EXPECT_EQ(h.agents.grant_cny[i], 0);
}

TEST(HousingRule, ApartmentsGoToSittingTenantsThenByPriorityThenTenureThenId) {
  ProcessHarness h(kRulesScenario);
  const int capital = h.county("capital");
  AgentRecord base = h.typical(0);
  AgentRecord senior = base;  // a class with a higher priority
  senior.level = static_cast<std::uint8_t>(Level::high_end);
  AgentRecord outsider = base;  // a class that is not eligible
  outsider.origin = static_cast<std::uint8_t>(Origin::outsider);
  const auto cls = [](const AgentRecord& r) { return ClassLayout::encode(r.field, r.level, r.title, r.origin); };
  // The levers a talent-apartment policy writes each month.
  const auto write_levers = [&](float units) {
    h.levers.reset();
    h.levers.add(Lever::apartment_discount_cny, capital, cls(base), 800.0f);
    h.levers.add(Lever::apartment_discount_cny, capital, cls(senior), 800.0f);
    h.levers.add(Lever::apartment_priority, capital, cls(base), 1.0f);
    h.levers.add(Lever::apartment_priority, capital, cls(senior), 2.0f);
    h.levers.add_county(CountyLever::apartment_units, capital, units);
  };

  const auto with = [](AgentRecord r, int tenure, bool tenant) {
    r.months_in_county = static_cast<std::uint16_t>(tenure);
    r.flags = tenant ? agent_flag::apartment : 0;
    return r;
  };
  const std::size_t tenant = h.add(with(base, 1, true), 1, 10);           // sitting tenant, low priority
  const std::size_t lost = h.add(with(outsider, 200, true), 1, 11);       // tenant no longer eligible
  const std::size_t senior_short = h.add(with(senior, 10, false), 1, 12); // high priority, short tenure
  const std::size_t senior_long = h.add(with(senior, 50, false), 1, 13);  // high priority, long tenure
  const std::size_t base_a = h.add(with(base, 100, false), 1, 14);        // low priority, long tenure
  const std::size_t base_b = h.add(with(base, 100, false), 1, 15);        // the same, higher id
  const std::size_t base_c = h.add(with(base, 100, false), 1, 9);         // the same, lowest id

  const auto housed = [&](std::size_t i) { return h.agents.has(i, agent_flag::apartment); };
  Housing process;
  // Two units (2.9 rounds down): the sitting tenant, then the queue: higher priority first, and of
  // the two seniors the one longer in the county. The tenant whose class lost eligibility leaves.
  write_levers(2.9f);
  h.run(process);
  EXPECT_TRUE(housed(tenant));
  EXPECT_FALSE(housed(lost));
  EXPECT_TRUE(housed(senior_long));
  EXPECT_FALSE(housed(senior_short));
  EXPECT_FALSE(housed(base_a) || housed(base_b) || housed(base_c));
  EXPECT_EQ(h.basis.apartment_tenants[h.basis.index(capital, cls(base))], 1);
  EXPECT_EQ(h.basis.apartment_tenants[h.basis.index(capital, cls(senior))], 1);

  // Next month four units: the two tenants keep theirs, then the other senior, then of three
  // equal in priority and tenure the lowest id.
  h.basis.clear();
  write_levers(4.0f);
  h.run(process);
  EXPECT_TRUE(housed(tenant) && housed(senior_long) && housed(senior_short));
  EXPECT_TRUE(housed(base_c));
  EXPECT_FALSE(housed(base_a) || housed(base_b));
  EXPECT_EQ(h.basis.apartment_tenants[h.basis.index(capital, cls(base))], 2);
  EXPECT_EQ(h.basis.apartment_tenants[h.basis.index(capital, cls(senior))], 2);

  // Then one unit: more tenants than units, so the lowest-ranked tenants move out; tenants are
  // ranked by the same queue (priority, then tenure), so only the longer-serving senior stays.
  h.basis.clear();
  write_levers(1.0f);
  h.run(process);
  EXPECT_TRUE(housed(senior_long));
  EXPECT_FALSE(housed(senior_short) || housed(tenant) || housed(base_c) || housed(base_a) || housed(base_b));
  EXPECT_EQ(h.basis.apartment_tenants[h.basis.index(capital, cls(senior))], 1);
  EXPECT_EQ(h.basis.apartment_tenants[h.basis.index(capital, cls(base))], 0);
}
