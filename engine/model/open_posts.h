// Open posts by county x field: job capacity, plus the posts opened by ventures started since the
// run began (minus those closed), minus the talents holding a post. Flexible talents hold none.
#pragma once

#include <cstdint>
#include <vector>

#include "model/process.h"

namespace kunlun {

// Read from the census, so it counts the agents as of the last pass and the arrivals since.
std::vector<std::int32_t> open_posts(const StepContext& ctx);
// The posts themselves by county x field: job capacity plus the posts ventures opened.
std::vector<std::int32_t> posts(const StepContext& ctx);

}  // namespace kunlun
