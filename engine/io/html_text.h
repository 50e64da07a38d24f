// Text placed in the self-contained HTML reports the engine writes (sensitivity, calibration).
#pragma once

#include <string>

namespace kunlun {

// &, <, > and " as entities, so that names and reasoning show as written.
std::string html_escape(const std::string& s);

}  // namespace kunlun
