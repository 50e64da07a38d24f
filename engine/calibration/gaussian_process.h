// A Gaussian-process emulator of one simulated output over the unit cube of the calibrated
// parameters: what the simulator's mean would be at an untried point, and how unsure that guess
// is. History matching rules out parameter space with it instead of with simulations.
#pragma once

#include <Eigen/Core>

#include <vector>

namespace kunlun::calibration {

// A linear mean (least squares on 1 and the inputs) plus a zero-mean process with a squared
// exponential covariance, one length per input (automatic relevance), and a nugget: the
// simulator's own run-to-run variance, which a stochastic model has and the mean function does
// not (Andrianakis et al. 2015, PLoS Comput Biol 11:e1003968, section "Emulation"). Lengths
// start at a tenth of a parameter's range: shorter ones let maximum likelihood explain a few
// dozen noisy runs by a wiggly mean with no nugget, and the emulator then rules out too much;
// repeated runs in the design pin the nugget down. Hyperparameters maximise the marginal likelihood (Rasmussen and
// Williams 2006, Gaussian Processes for Machine Learning, eq. 5.8), each in turn by Brent's
// method over a bounded log range, three sweeps.
// The regression coefficients are taken as known: with the 10 points per input a wave has, their
// uncertainty is small beside the process variance, and the prediction variance leaves it out.
class GaussianProcess {
 public:
  struct Prediction {
    double mean = 0;
    double variance = 0;  // of the simulator's mean at the point; the nugget not included
  };

  // x: points (rows) in [0, 1]^d, repeats allowed; y: one output per point. std::invalid_argument
  // when there are fewer points than inputs + 2 or a value is not finite.
  static GaussianProcess fit(const Eigen::MatrixXd& x, const Eigen::VectorXd& y);

  Prediction predict(const Eigen::Ref<const Eigen::RowVectorXd>& point) const;
  // The run-to-run variance of the simulator, in the output's units squared.
  double nugget() const { return nugget_ * scale_ * scale_; }
  double signal_variance() const { return signal_ * scale_ * scale_; }
  const Eigen::VectorXd& lengths() const { return lengths_; }

  // Leave-one-out check (Bastos and O'Hagan 2009, Technometrics 51:425-438): each point's output
  // predicted from the others, standardised by the predictive sd (nugget included). A sound
  // emulator has about 95% of them within 2 and almost none beyond 3.
  Eigen::VectorXd leave_one_out_errors() const;

 private:
  Eigen::MatrixXd x_;
  Eigen::VectorXd beta_;        // linear mean, on the standardised output
  Eigen::VectorXd alpha_;       // K^-1 (y - mean), standardised
  Eigen::MatrixXd chol_;        // lower Cholesky factor of K (signal covariance + nugget)
  Eigen::MatrixXd k_inverse_;   // for the leave-one-out check
  Eigen::VectorXd residual_;    // standardised y less the linear mean
  Eigen::VectorXd lengths_;
  double signal_ = 1, nugget_ = 1e-4;  // standardised
  double centre_ = 0, scale_ = 1;      // of the output

  double kernel(const Eigen::Ref<const Eigen::RowVectorXd>& a, const Eigen::Ref<const Eigen::RowVectorXd>& b) const;
};

}  // namespace kunlun::calibration
