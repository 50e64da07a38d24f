// The golden determinism test, in the manner of Box2D's: one fixed small scenario with every
// process and every policy type at work (tests/data/golden/golden.yaml), run in-process on 1, 2
// and 4 threads, its tables as written hashed with FNV-1a 64 and compared with a committed
// constant. Each thread count runs it twice: with its three replications (on 2 and 4 threads,
// several run at once, one thread each) and with one (all threads share each month's passes over
// the agents). Any change to what the model computes, or to how its tables are written, moves the
// hash; so does a result that depends on the thread count or on the machine.
//
// When a model change moves the hash on purpose, the commit that makes it says why and updates
// kGoldenHash to the value this test prints.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>
#include <string_view>

#include "experiment/parameter_setting.h"
#include "experiment/scenario_run.h"
#include "scenario/scenario.h"
#include "testing/file_testing.h"

using namespace kunlun;
namespace fs = std::filesystem;

namespace {

constexpr std::uint64_t kGoldenHash = 0xdfc5a74c9c886b28;

// The tables of a run, in this order. summary.json and manifest.json are left out: they hold the
// scenario's path, the command and the version, which differ between checkouts.
constexpr std::string_view kTables[] = {"timeseries.csv", "vacancies.csv", "costs.csv", "od_flows.csv", "retention.csv"};

// FNV-1a, 64 bits: simple, and the same value on every platform.
std::uint64_t fnv1a(std::string_view bytes, std::uint64_t hash = 14695981039346656037ull) {
  for (const unsigned char c : bytes) {
    hash ^= c;
    hash *= 1099511628211ull;
  }
  return hash;
}

std::string hex(std::uint64_t h) {
  char text[19];
  std::snprintf(text, sizeof text, "0x%016llx", static_cast<unsigned long long>(h));
  return text;
}

// Runs `scenario` on `threads` threads and hashes its tables into `hash` (each name, then its bytes).
std::uint64_t add_run(std::uint64_t hash, const Scenario& scenario, int threads) {
  const fs::path out = fs::temp_directory_path() / ("kunlun-golden-" + std::to_string(threads));
  fs::remove_all(out);
  RunOptions options;
  options.threads = threads;
  run_scenario(scenario, out, options);
  for (const std::string_view table : kTables) {
    const std::string bytes = kunlun::testing::slurp(out / table);
    EXPECT_GT(bytes.size(), 100u) << table;
    hash = fnv1a(bytes, fnv1a(table, hash));
  }
  fs::remove_all(out);
  return hash;
}

}  // namespace

TEST(ScenarioRunGolden, TablesHashToTheCommittedConstantOnOneTwoAndFourThreads) {
  const fs::path file = fs::path(KUNLUN_TEST_DATA) / "golden" / "golden.yaml";
  const Scenario replications = load_scenario(file);
  ASSERT_EQ(replications.replications, 3);
  Scenario one = replications;
  set_parameters(one, {{"replications", ConfigNode::scalar("1", {"golden test", 0, 0})}}, file.parent_path());
  for (const int threads : {1, 2, 4}) {
    const std::uint64_t hash = add_run(add_run(fnv1a(""), replications, threads), one, threads);
    EXPECT_EQ(hex(hash), hex(kGoldenHash))
        << "on " << threads << " threads. If a model change moved the hash on purpose, set kGoldenHash "
        << "to the new value and say why in the commit; if only some thread counts differ, a result "
        << "depends on the thread count.";
  }
}
