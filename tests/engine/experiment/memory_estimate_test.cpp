// The memory a run needs: its estimate, and a run refused when it will not fit.
#include <gtest/gtest.h>

#include <cstddef>
#include <limits>
#include <string>

#include "core/agent_store.h"
#include "core/errors.h"
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

namespace {
std::string memory_limit_refusal(const std::string& text) {
  try {
    return "accepted " + std::to_string(parse_memory_limit(text));
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().argument, "memory_limit") << text;
    EXPECT_NE(e.hint().find("from 1 byte to 1024T"), std::string::npos) << e.hint();
    return e.message();
  }
}
}  // namespace

// Exact, in powers of 1024, with the units people write; no rounding through a double.
TEST(MemoryLimit, ReadsWholeBytesAndSizesExactly) {
  EXPECT_EQ(parse_memory_limit("17179869184"), std::size_t{16} << 30);
  EXPECT_EQ(parse_memory_limit("16G"), std::size_t{16} << 30);
  EXPECT_EQ(parse_memory_limit("16g"), std::size_t{16} << 30);
  EXPECT_EQ(parse_memory_limit("16GB"), std::size_t{16} << 30);
  EXPECT_EQ(parse_memory_limit("16GiB"), std::size_t{16} << 30);
  EXPECT_EQ(parse_memory_limit(" 16 G "), std::size_t{16} << 30);
  EXPECT_EQ(parse_memory_limit("1.5T"), std::size_t{3} << 39);
  EXPECT_EQ(parse_memory_limit("0.5K"), 512u);
  EXPECT_EQ(parse_memory_limit("800M"), std::size_t{800} << 20);
  EXPECT_EQ(parse_memory_limit("1"), 1u);
  EXPECT_EQ(parse_memory_limit("1024B"), 1024u);
  EXPECT_EQ(parse_memory_limit("2.000"), 2u);
  EXPECT_EQ(parse_memory_limit("0001K"), 1024u);
  EXPECT_EQ(parse_memory_limit("1024T"), kMaxMemoryLimit);
  EXPECT_EQ(parse_memory_limit("1125899906842624"), kMaxMemoryLimit);
}

// Infinity used to reach a double-to-unsigned conversion (UBSan) and 0.5 to truncate to 0, which
// meant no limit at all.
TEST(MemoryLimit, RefusesWhatIsNotOneByteTo1024T) {
  EXPECT_EQ(memory_limit_refusal("inf"), "'inf' is not an amount of memory");
  EXPECT_EQ(memory_limit_refusal("infinity"), "'infinity' is not an amount of memory");
  EXPECT_EQ(memory_limit_refusal("nan"), "'nan' is not an amount of memory");
  EXPECT_EQ(memory_limit_refusal("0.5"), "'0.5' is not a whole number of bytes");
  EXPECT_EQ(memory_limit_refusal("1.3K"), "'1.3K' is not a whole number of bytes");
  EXPECT_EQ(memory_limit_refusal("0"), "'0' is no memory");
  EXPECT_EQ(memory_limit_refusal("0.0G"), "'0.0G' is no memory");
  EXPECT_EQ(memory_limit_refusal("-1G"), "'-1G' is not an amount of memory");
  EXPECT_EQ(memory_limit_refusal("+1G"), "'+1G' is not an amount of memory");
  EXPECT_EQ(memory_limit_refusal("1e9"), "'1e9' is not an amount of memory");
  EXPECT_EQ(memory_limit_refusal("0x10"), "'0x10' is not an amount of memory");
  EXPECT_EQ(memory_limit_refusal("16X"), "'16X' is not an amount of memory");
  EXPECT_EQ(memory_limit_refusal("16iB"), "'16iB' is not an amount of memory");
  EXPECT_EQ(memory_limit_refusal("G"), "'G' is not an amount of memory");
  EXPECT_EQ(memory_limit_refusal("."), "'.' is not an amount of memory");
  EXPECT_EQ(memory_limit_refusal(""), "'' is not an amount of memory");
  EXPECT_EQ(memory_limit_refusal("1.2.3"), "'1.2.3' is not an amount of memory");
  EXPECT_EQ(memory_limit_refusal("1025T"), "'1025T' is more than 1024T");
  EXPECT_EQ(memory_limit_refusal("1125899906842625"), "'1125899906842625' is more than 1024T");
  EXPECT_EQ(memory_limit_refusal("99999999999999999999999999999"), "'99999999999999999999999999999' is more than 1024T");
  EXPECT_EQ(memory_limit_refusal("1.0000000000001K"), "'1.0000000000001K' has more than 12 decimals");
}

// A population too large for any machine is refused as needing too much memory, not let through
// by a product that wraps round to a small figure.
TEST(MemoryEstimate, AbsurdPopulationSaturatesInsteadOfWrapping) {
  Scenario huge;
  huge.population.total = 1e15;
  huge.population.scale = 1000;
  huge.replications = 2;
  const MemoryEstimate e = estimate_memory({&huge, &huge});
  EXPECT_EQ(e.agents, std::size_t{1'000'000'000'000'000'000});
  EXPECT_EQ(e.peak(), std::numeric_limits<std::size_t>::max());
  EXPECT_THROW(check_memory({&huge}, kMaxMemoryLimit), InputError);
  huge.population.total = 1e300;
  EXPECT_EQ(starting_agents(huge), std::numeric_limits<std::size_t>::max());
}

TEST(MemoryEstimate, FormatsSmallSizesInTheirOwnUnit) {
  EXPECT_EQ(format_bytes(std::size_t{23} << 29), "11.5 GiB");
  EXPECT_EQ(format_bytes(std::size_t{65} << 20), "65.0 MiB");
  EXPECT_EQ(format_bytes(512 * 1024), "512.0 KiB");
  EXPECT_EQ(format_bytes(512), "512 bytes");
}
