// First- and total-order Sobol' indices from the outputs of a Saltelli design: S1 by the estimator
// of Saltelli et al. 2010 (Comput. Phys. Commun. 181:259-270, Table 2 (b)), ST by Jansen's
// (1999; ibid. Table 2 (f)), each with a bootstrap percentile interval over the base rows.
#pragma once

#include <Eigen/Core>

#include <string>
#include <vector>

#include "sensitivity/bootstrap.h"
#include "sensitivity/saltelli_design.h"

namespace kunlun::sensitivity {

struct SobolIndices {
  std::string parameter;
  IndexEstimate s1, st;
};

// `outputs`: one value per row of the design, in row order. The variance is that of the outputs
// of A and B together, and f_B is centred on their mean in the S1 estimator, as SALib does by
// standardising the output: adding a constant to the output leaves every index as it was. When the outputs do not vary at all, every index is 0 with interval [0, 0]:
// no parameter moves the output. Throws InputError (argument "outputs") for a wrong length or a
// value that is not finite (naming the first such row), and (argument "names") for a wrong count.
// The bootstrap resamples the n base points with replacement (the same draw for every
// parameter), keyed by the design's seed: results do not depend on the thread count.
std::vector<SobolIndices> sobol_indices(const SaltelliDesign& design, const std::vector<std::string>& names,
                                        const Eigen::VectorXd& outputs, const BootstrapOptions& bootstrap);

}  // namespace kunlun::sensitivity
