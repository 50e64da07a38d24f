// One field of a CSV row, quoted as RFC 4180 asks when it holds a separator, a quote or a newline.
#pragma once

#include <string>

namespace kunlun {

std::string csv_field(const std::string& s);
// A number as the result files write it (up to 10 significant digits); empty for NaN or infinity.
std::string csv_number(double v);

}  // namespace kunlun
