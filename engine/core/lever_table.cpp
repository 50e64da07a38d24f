#include "core/lever_table.h"

#include <algorithm>

namespace kunlun {

LeverTable::LeverTable(int counties, int classes) : counties_(counties), classes_(classes) {
  for (auto& v : values_) v.assign(static_cast<std::size_t>(counties) * classes, 0.0f);
}

void LeverTable::reset() {
  for (auto& v : values_) std::fill(v.begin(), v.end(), 0.0f);
}

bool LeverTable::is_neutral(Lever lever) const {
  const auto& v = values_[static_cast<std::size_t>(lever)];
  return std::all_of(v.begin(), v.end(), [](float x) { return x == 0.0f; });
}

}  // namespace kunlun
