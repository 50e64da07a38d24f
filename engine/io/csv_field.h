// One field of a CSV row, quoted as RFC 4180 asks when it holds a separator, a quote or a newline.
#pragma once

#include <string>

namespace kunlun {

std::string csv_field(const std::string& s);
// A number as the result files write it (up to 10 significant digits); empty for NaN or infinity.
std::string csv_number(double v);
// ",value" appended to a row (one append at a time: GCC 12 warns falsely of overlap on "," + text).
void append_field(std::string& row, const std::string& value);

}  // namespace kunlun
