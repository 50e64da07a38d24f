// The checks every estimator makes of what it is given: one name per parameter, one finite
// output per design row.
#pragma once

#include <Eigen/Core>

#include <string>
#include <vector>

namespace kunlun::sensitivity {

// InputError (argument "names") unless there is one distinct name per parameter.
void check_names(const std::vector<std::string>& names, std::size_t parameters);
// InputError (argument "outputs") unless there are `rows` values, all finite; names the first bad row.
void check_outputs(const Eigen::VectorXd& outputs, std::size_t rows);

}  // namespace kunlun::sensitivity
