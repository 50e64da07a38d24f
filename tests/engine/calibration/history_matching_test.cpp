// History matching and the emulator posterior against cases with known answers: a one-parameter
// model whose posterior is normal in closed form, a bound, the shrinking space, and coverage of
// the truth at the nominal rate over 20 synthetic truths.
#include "calibration/history_matching.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>

#include "testing/input_error_testing.h"

namespace kunlun::calibration {
namespace {

using kunlun::testing::error_of;

// A stochastic test simulator: f(point) plus normal noise of sd `noise`, from its own stream.
template <class F>
Simulator noisy(F f, double noise, std::uint64_t seed) {
  auto rng = std::make_shared<std::mt19937_64>(seed);
  return [=](const DesignMatrix& unit) {
    std::normal_distribution<double> e(0, noise);
    Eigen::MatrixXd out(unit.rows(), static_cast<Eigen::Index>(f(unit.row(0)).size()));
    for (Eigen::Index i = 0; i < unit.rows(); ++i) {
      const std::vector<double> v = f(unit.row(i));
      for (std::size_t k = 0; k < v.size(); ++k) out(i, static_cast<Eigen::Index>(k)) = v[k] + e(*rng);
    }
    return out;
  };
}

HistoryMatchingSettings small(std::size_t waves, std::size_t per_wave) {
  HistoryMatchingSettings s;
  s.waves = waves;
  s.points_per_wave = per_wave;
  s.repeats_per_wave = 8;  // the run-to-run variance from 8 pairs a wave
  s.candidates = 4000;
  s.posterior_size = 400;
  s.chains = 4;
  s.chain_steps = 1500;
  s.seed = 11;
  return s;
}

double mean_of(const Eigen::VectorXd& v) { return v.mean(); }
double sd_of(const Eigen::VectorXd& v) { return std::sqrt((v.array() - v.mean()).square().sum() / (v.size() - 1)); }

// y = theta + run noise (sd 0.04), observed 0.5 with sd 0.03, prior uniform on (0, 1): the
// posterior is normal with mean 0.5 and sd sqrt(0.03^2 + 0.04^2) = 0.05, cut far from its tails
// (0.03 if the run-to-run variance were forgotten).
TEST(HistoryMatching, RecoversAClosedFormPosterior) {
  const auto sim = noisy([](const Eigen::RowVectorXd& x) { return std::vector<double>{x[0]}; }, 0.04, 5);
  const std::vector<Observation> obs = {{"y", 0.5, 0.03 * 0.03, TargetBound::value}};
  const HistoryMatch m = history_match(obs, 1, sim, small(2, 30));
  const Eigen::VectorXd theta = m.posterior.col(0);
  EXPECT_NEAR(mean_of(theta), 0.5, 0.015);
  EXPECT_NEAR(sd_of(theta), 0.05, 0.006);
  // The space left is |theta - 0.5| <= 3 sd (0.15) give or take the estimated variances: 0.1
  // from the observation is inside it, 0.25 (5 sd) outside, after every wave.
  for (const auto& w : m.waves) {
    for (const double inside : {0.4, 0.6}) EXPECT_LT(wave_implausibility(obs, w, Eigen::RowVectorXd::Constant(1, inside)), 3);
    for (const double outside : {0.25, 0.75}) EXPECT_GT(wave_implausibility(obs, w, Eigen::RowVectorXd::Constant(1, outside)), 3);
    EXPECT_GT(w.space_left, 0.2);
    EXPECT_LT(w.space_left, 0.5);
  }
  EXPECT_EQ(m.simulations, 2u * (30u + 8u) + 400u);
  EXPECT_EQ(m.posterior_outputs.rows(), 400);
}

// A lower bound rules out only the side below it: y = theta, at least 0.7 (sd 0.02).
TEST(HistoryMatching, ALowerBoundRulesOutOneSideOnly) {
  const auto sim = noisy([](const Eigen::RowVectorXd& x) { return std::vector<double>{x[0]}; }, 0.005, 6);
  const std::vector<Observation> obs = {{"y", 0.7, 0.02 * 0.02, TargetBound::lower}};
  const HistoryMatch m = history_match(obs, 1, sim, small(2, 12));
  EXPECT_GT(m.posterior.col(0).minCoeff(), 0.6);
  EXPECT_GT(m.posterior.col(0).maxCoeff(), 0.95);  // nothing above the bound is penalised
  EXPECT_NEAR(m.waves.back().space_left, 0.36, 0.04);
}

// Two parameters, two outputs that tie them: the space shrinks from wave to wave, and the truth
// stays inside it.
TEST(HistoryMatching, WavesShrinkTheSpaceAroundTheTruth) {
  const auto f = [](const Eigen::RowVectorXd& x) {
    return std::vector<double>{x[0] + x[1] * x[1], x[0] - 0.5 * x[1]};
  };
  const Eigen::RowVector2d truth(0.3, 0.6);
  const auto at_truth = f(truth);
  const std::vector<Observation> obs = {{"a", at_truth[0], 0.02 * 0.02, TargetBound::value},
                                        {"b", at_truth[1], 0.02 * 0.02, TargetBound::value}};
  const HistoryMatch m = history_match(obs, 2, noisy(f, 0.01, 8), small(3, 20));
  ASSERT_EQ(m.waves.size(), 3u);
  EXPECT_LT(m.waves[1].space_left, m.waves[0].space_left);
  EXPECT_LE(m.waves[2].space_left, m.waves[1].space_left * 1.05);
  EXPECT_LT(m.waves[2].space_left, 0.05);
  for (const auto& w : m.waves) EXPECT_LE(wave_implausibility(obs, w, truth), 3.0);
  // Later waves' runs fall inside the space: most of them match.
  EXPECT_GT(m.waves[2].runs_matching, m.waves[0].runs_matching);
}

// Calibration of data simulated at 20 known truths: each parameter's 90% posterior interval
// should hold its truth 90% of the time. 40 intervals; with nominal coverage, fewer than 31
// covered has probability below 1%. The run-to-run noise is larger than the observation error
// here, so leaving it out of the likelihood (an overconfident posterior) fails the test.
TEST(HistoryMatching, PosteriorCoversSyntheticTruthsAtTheNominalRate) {
  const auto f = [](const Eigen::RowVectorXd& x) {
    return std::vector<double>{0.8 * x[0] + 0.3 * x[1] * x[1], x[1] - 0.5 * x[0] * x[1], x[0] * x[1]};
  };
  const double run_sd = 0.05, obs_sd = 0.02;
  std::mt19937_64 rng(2024);
  std::uniform_real_distribution<double> prior(0, 1);
  std::normal_distribution<double> normal(0, 1);
  int covered = 0, intervals = 0;
  for (int truth_index = 0; truth_index < 20; ++truth_index) {
    const Eigen::RowVector2d truth(prior(rng), prior(rng));
    const auto at_truth = f(truth);
    std::vector<Observation> obs;
    for (std::size_t k = 0; k < at_truth.size(); ++k)
      obs.push_back({std::string("y").append(std::to_string(k)), at_truth[k] + run_sd * normal(rng) + obs_sd * normal(rng),
                     obs_sd * obs_sd, TargetBound::value});
    HistoryMatchingSettings s = small(2, 20);
    s.seed = 100 + static_cast<std::uint64_t>(truth_index);
    const HistoryMatch m = history_match(obs, 2, noisy(f, run_sd, 300 + truth_index), s);
    for (Eigen::Index p = 0; p < 2; ++p) {
      std::vector<double> v(m.posterior.col(p).data(), m.posterior.col(p).data() + m.posterior.rows());
      std::sort(v.begin(), v.end());
      const double low = v[static_cast<std::size_t>(0.05 * (v.size() - 1))];
      const double high = v[static_cast<std::size_t>(0.95 * (v.size() - 1))];
      covered += truth[p] >= low && truth[p] <= high;
      ++intervals;
    }
  }
  EXPECT_EQ(intervals, 40);
  EXPECT_GE(covered, 31);
  EXPECT_LE(covered, 40);
}

TEST(HistoryMatching, NamesTheTargetThatRulesOutEverything) {
  const auto sim = noisy([](const Eigen::RowVectorXd& x) { return std::vector<double>{x[0], x[0]}; }, 0.01, 9);
  const std::vector<Observation> obs = {{"fine", 0.5, 0.01, TargetBound::value},
                                        {"impossible", 5.0, 0.01, TargetBound::value}};
  const auto e = error_of([&] { history_match(obs, 1, sim, small(2, 12)); });
  EXPECT_EQ(e.where().item, "impossible");
  EXPECT_NE(e.message().find("wave 1 leaves no parameter set"), std::string::npos);
}

TEST(HistoryMatching, SameSeedSameResultForAnyThreadCount) {
  const auto f = [](const Eigen::RowVectorXd& x) { return std::vector<double>{x[0] + x[1], x[0] * x[1]}; };
  const std::vector<Observation> obs = {{"a", 0.9, 0.03 * 0.03, TargetBound::value},
                                        {"b", 0.2, 0.03 * 0.03, TargetBound::value}};
  HistoryMatchingSettings one = small(2, 20), two = small(2, 20);
  one.threads = 1;
  two.threads = 2;
  const HistoryMatch a = history_match(obs, 2, noisy(f, 0.01, 4), one);
  const HistoryMatch b = history_match(obs, 2, noisy(f, 0.01, 4), two);
  EXPECT_EQ(a.posterior, b.posterior);
  EXPECT_EQ(a.waves[1].unit, b.waves[1].unit);
}

}  // namespace
}  // namespace kunlun::calibration
