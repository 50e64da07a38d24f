// libFuzzer target: the region table loader (RegionTable::load); an input is the CSV file.
#include <cstddef>
#include <cstdint>

#include "core/errors.h"
#include "core/region_table.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto file = kunlun::fuzz::write_file(
      "regions.csv", std::string_view(reinterpret_cast<const char*>(data), size));
  try {
    const kunlun::RegionTable table = kunlun::RegionTable::load(file);
    // What a run asks of a loaded table must hold for every table that loads.
    for (int slot = 0; slot < table.county_count(); ++slot) {
      static_cast<void>(table.county(slot));
      static_cast<void>(table.prefecture_slot_of_county(slot));
    }
    for (const auto& code : table.codes()) static_cast<void>(table.find(code));
  } catch (const kunlun::InputError& e) {
    static_cast<void>(e.what());
  }
  return 0;
}
