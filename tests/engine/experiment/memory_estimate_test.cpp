// The memory a run needs: its estimate, and a run refused when it will not fit.
#include <gtest/gtest.h>

#include <cstddef>
#include <string>

#include "core/agent_store.h"
#include "experiment/memory_estimate.h"
#include "scenario/scenario.h"

using namespace kunlun;

// The memory estimate: store with a quarter of room and working lists per running replication,
// the population kept while other replications wait, synthesis's own arrays.
TEST(MemoryEstimate, CountsStoreRoomKeptPopulationAndSynthesis) {
  Scenario one;
  one.population.total = 1'000'000;
  one.population.scale = 2;
  one.replications = 1;
  const std::size_t store = AgentStore::bytes_per_agent();
  MemoryEstimate e = estimate_memory({&one});
  EXPECT_EQ(e.agents, 2'000'000u);
  EXPECT_EQ(e.synthesis_bytes, 2'000'000u * (store + kSynthesisBytesPerAgent));
  EXPECT_EQ(e.simulation_bytes, 2'000'000u * (store + store / 4 + kWorkingBytesPerAgent) + (std::size_t{64} << 20));
  Scenario five = one;
  five.replications = 5;
  EXPECT_EQ(estimate_memory({&five}).simulation_bytes, e.simulation_bytes + 2'000'000u * store);
  // Two scenarios prepared together hold both populations.
  EXPECT_EQ(estimate_memory({&one, &one}).simulation_bytes, e.simulation_bytes + 4'000'000u * store);
  EXPECT_NO_THROW(check_memory({&one}, e.peak()));
  try {
    check_memory({&one}, e.peak() - 1);
    FAIL() << "not refused";
  } catch (const InputError& err) {
    EXPECT_EQ(err.key(), "population.scale");
    ASSERT_EQ(err.suggestions().size(), 1u);  // the limit itself, worded by each front end
    EXPECT_EQ(err.suggestions()[0].argument, "memory_limit");
    EXPECT_EQ(err.suggestions()[0].kind, ArgumentChange::Kind::give);
    EXPECT_NE(err.message().find("2000000 agents"), std::string::npos) << err.message();
    EXPECT_NE(err.message().find("is the limit set"), std::string::npos) << err.message();
  }
}
