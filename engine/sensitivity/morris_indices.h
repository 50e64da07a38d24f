// Morris screening measures from the outputs of a Morris design: mu* (the mean absolute
// elementary effect, Campolongo et al. 2007), mu and sigma (Morris 1991), with a bootstrap
// percentile interval of mu* over trajectories.
#pragma once

#include <Eigen/Core>

#include <string>
#include <vector>

#include "sensitivity/bootstrap.h"
#include "sensitivity/morris_design.h"

namespace kunlun::sensitivity {

struct MorrisIndices {
  std::string parameter;
  IndexEstimate mu_star;
  double mu = 0, sigma = 0;
};

// An elementary effect is (f(step) - f(step before)) / (direction x delta): the change of the
// output per unit of the parameter's range in the unit cube (for a non-uniform distribution, per
// unit of probability), so that effects of parameters in different units compare. sigma is the
// sample standard deviation (n - 1) over trajectories. Same errors as sobol_indices.
std::vector<MorrisIndices> morris_indices(const MorrisDesign& design, const std::vector<std::string>& names,
                                          const Eigen::VectorXd& outputs, const BootstrapOptions& bootstrap);

}  // namespace kunlun::sensitivity
