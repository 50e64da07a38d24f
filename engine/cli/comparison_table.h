// The compact table `kunlun compare` prints: for the province and the grassroots of the autonomous
// prefectures, each headline indicator's paired difference from the baseline, one column per
// scenario, and the cost of an extra grassroots talent-year.
#pragma once

#include <ostream>

#include "experiment/paired_comparison.h"

namespace kunlun::cli {

void print_comparison(std::ostream& out, const PairedComparison& comparison, const Scenario& baseline);

}  // namespace kunlun::cli
