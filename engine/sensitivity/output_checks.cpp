// Checks of an estimator's inputs.
#include "sensitivity/output_checks.h"

#include <cmath>
#include <set>

#include "core/errors.h"
#include "core/text.h"

namespace kunlun::sensitivity {

void check_names(const std::vector<std::string>& names, std::size_t parameters) {
  if (names.size() != parameters)
    throw InputError({.argument = "names"}, "",
                     std::to_string(names.size()) + " names for a design of " + std::to_string(parameters) +
                         " parameters",
                     "give one name per column of the design");
  std::set<std::string> seen;
  for (const auto& n : names)
    if (!seen.insert(n).second)
      throw InputError({.argument = "names", .item = n}, "", "the name '" + n + "' is given twice", "name each parameter once");
}

void check_outputs(const Eigen::VectorXd& outputs, std::size_t rows) {
  if (static_cast<std::size_t>(outputs.size()) != rows)
    throw InputError({.argument = "outputs"}, "",
                     std::to_string(outputs.size()) + " outputs for a design of " + std::to_string(rows) + " rows",
                     "the function must return one value per row of the design, in row order");
  for (Eigen::Index r = 0; r < outputs.size(); ++r)
    if (!std::isfinite(outputs[r]))
      throw InputError({.argument = "outputs"}, "",
                       "the output of design row " + std::to_string(r) + " is " + format_shortest(outputs[r]),
                       "the function must return a finite number at every point of the design");
}

}  // namespace kunlun::sensitivity
