// libFuzzer target: the scenario loader (YAML, `extends`, schema, region table, policies). An
// input is a scenario file and, after the kSecondFile line, the base.yaml it may extend; the
// region and margins tables it may name are the shipped ones (regions.csv, margins.csv) and the
// tests' small ones (small/regions.csv, small/margins.csv).
#include <cstddef>
#include <cstdint>

#include "core/errors.h"
#include "fuzz_input.h"
#include "parameters/config_tree.h"
#include "scenario/scenario.h"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  using kunlun::fuzz::copy_source_file;
  copy_source_file("scenarios/data/qinghai_regions.csv", "regions.csv");
  copy_source_file("scenarios/data/qinghai_population_margins.csv", "margins.csv");
  copy_source_file("tests/data/scenarios/data/regions.csv", "small/regions.csv");
  copy_source_file("tests/data/scenarios/data/margins.csv", "small/margins.csv");
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto [scenario, base] = kunlun::fuzz::split_input(data, size);
  kunlun::fuzz::write_file("base.yaml", base);
  const auto file = kunlun::fuzz::write_file("scenario.yaml", scenario);
  try {
    const kunlun::Scenario s = kunlun::load_scenario(file);
    // A run's manifest records the resolved tree as YAML: it must read back.
    kunlun::read_yaml_text(kunlun::to_yaml(s.tree), "<manifest>");
  } catch (const kunlun::InputError& e) {
    // Refusing bad input is the loader's job. Anything else escaping it (another exception, a
    // sanitizer report, a hang, unbounded memory) is a finding.
    static_cast<void>(e.what());
  }
  return 0;
}
