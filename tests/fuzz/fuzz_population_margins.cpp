// libFuzzer target: the population margins loader, checked against a region table. An input is
// the margins CSV and, after the kSecondFile line, the region table CSV; without that line the
// region table is the shipped Qinghai one.
#include <cstddef>
#include <cstdint>
#include <optional>

#include "core/errors.h"
#include "core/population_margins.h"
#include "core/region_table.h"
#include "fuzz_input.h"

namespace {
std::optional<kunlun::RegionTable> qinghai;
}

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  kunlun::fuzz::copy_source_file("scenarios/data/qinghai_regions.csv", "qinghai_regions.csv");
  qinghai = kunlun::RegionTable::load(kunlun::fuzz::sandbox() / "qinghai_regions.csv");
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto [margins, regions] = kunlun::fuzz::split_input(data, size);
  try {
    const auto margins_file = kunlun::fuzz::write_file("margins.csv", margins);
    if (regions.empty()) {
      kunlun::load_population_margins(margins_file, *qinghai);
    } else {
      const auto table = kunlun::RegionTable::load(kunlun::fuzz::write_file("regions.csv", regions));
      kunlun::load_population_margins(margins_file, table);
    }
  } catch (const kunlun::InputError& e) {
    static_cast<void>(e.what());
  }
  return 0;
}
