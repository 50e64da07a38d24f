// One field of a CSV row, quoted as RFC 4180 asks when it holds a separator, a quote or a newline.
#pragma once

#include <string>

namespace kunlun {

std::string csv_field(const std::string& s);

}  // namespace kunlun
