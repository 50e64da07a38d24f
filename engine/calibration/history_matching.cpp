// History matching in waves and the posterior on the emulators.
#include "calibration/history_matching.h"

#include <Eigen/Cholesky>
#include <boost/math/distributions/normal.hpp>

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/errors.h"
#include "sensitivity/keyed_stream.h"
#include "sensitivity/quasi_random.h"

namespace kunlun::calibration {

namespace {

constexpr double kMinusInfinity = -std::numeric_limits<double>::infinity();

// log Phi(z), kept finite far in the lower tail (Abramowitz and Stegun 26.2.12's leading term).
double log_normal_cdf(double z) {
  if (z > -30) return std::log(0.5 * std::erfc(-z / std::sqrt(2.0)));
  return -0.5 * z * z - std::log(-z) - 0.5 * std::log(2 * M_PI);
}

double variance_at(const Observation& o, const GaussianProcess::Prediction& p, const GaussianProcess& gp) {
  return o.variance + p.variance + gp.nugget();
}

// Is a point inside the space every wave so far leaves (implausibility within the cut-off)?
bool inside(const std::vector<Observation>& obs, const std::vector<Wave>& waves, std::size_t upto,
            const Eigen::Ref<const Eigen::RowVectorXd>& point, double cutoff) {
  for (std::size_t w = 0; w < upto; ++w)
    if (wave_implausibility(obs, waves[w], point) > cutoff) return false;
  return true;
}

// Greedy maximin: `count` rows of `pool`, each the farthest from those already chosen, starting
// with the first; a space-filling design inside whatever shape the pool has.
DesignMatrix maximin_subset(const DesignMatrix& pool, std::size_t count) {
  const Eigen::Index n = pool.rows();
  count = std::min<std::size_t>(count, static_cast<std::size_t>(n));
  DesignMatrix out(static_cast<Eigen::Index>(count), pool.cols());
  if (count == 0) return out;
  Eigen::VectorXd nearest = Eigen::VectorXd::Constant(n, std::numeric_limits<double>::infinity());
  Eigen::Index next = 0;
  for (std::size_t k = 0; k < count; ++k) {
    out.row(static_cast<Eigen::Index>(k)) = pool.row(next);
    for (Eigen::Index i = 0; i < n; ++i) nearest[i] = std::min(nearest[i], (pool.row(i) - pool.row(next)).squaredNorm());
    nearest.maxCoeff(&next);
  }
  return out;
}

// Random-walk Metropolis chains on `log_density` over the unit cube (zero density outside),
// started at `starts`, with a normal proposal of the starts' covariance scaled by 2.38^2 / d
// (Roberts, Gelman and Gilks 1997) and tuned in burn-in towards acceptance 0.234. Each chain's
// draws come from its own keyed stream, so the samples do not depend on the thread count.
struct ChainSample {
  DesignMatrix draws;  // chains x steps rows, chain by chain
  double acceptance = 0;
};

ChainSample run_chains(const std::function<double(const Eigen::RowVectorXd&)>& log_density, const DesignMatrix& starts,
                       const Eigen::MatrixXd& spread, std::size_t chains, std::size_t steps, std::uint64_t seed,
                       std::uint64_t stream_offset, int threads) {
  const Eigen::Index d = starts.cols();
  Eigen::MatrixXd cov = spread * (2.38 * 2.38 / static_cast<double>(d));
  cov.diagonal().array() += 1e-8;
  const Eigen::MatrixXd root = Eigen::LLT<Eigen::MatrixXd>(cov).matrixL();
  const sensitivity::KeyedStream stream(seed, sensitivity::Stream::calibration_chain);
  const boost::math::normal normal;
  ChainSample out;
  out.draws.resize(static_cast<Eigen::Index>(chains * steps), d);
  std::vector<std::size_t> accepted(chains, 0);
#pragma omp parallel for num_threads(threads) schedule(dynamic)
  for (std::size_t c = 0; c < chains; ++c) {
    const std::uint64_t id = stream_offset + c;
    Eigen::RowVectorXd x = starts.row(static_cast<Eigen::Index>(c % static_cast<std::size_t>(starts.rows())));
    double lx = log_density(x);
    double scale = 1;
    std::size_t accepted_window = 0;
    Eigen::VectorXd z(d);
    for (std::size_t t = 0; t < 2 * steps; ++t) {
      // Draw t of chain c: d normal deviates and one acceptance uniform, all keyed by (chain, step).
      for (Eigen::Index k = 0; k < d; ++k)
        z[k] = boost::math::quantile(normal, stream.uniform(id * (4 * steps + 1) + t, static_cast<std::uint32_t>(k)));
      const Eigen::RowVectorXd y = x + scale * (root * z).transpose();
      const bool in_cube = (y.array() > 0).all() && (y.array() < 1).all();
      const double ly = in_cube ? log_density(y) : kMinusInfinity;
      const double u = stream.uniform(id * (4 * steps + 1) + t, static_cast<std::uint32_t>(d));
      const bool accept = ly > kMinusInfinity && std::log(u) < ly - lx;
      if (accept) {
        x = y;
        lx = ly;
      }
      if (t < steps) {
        accepted_window += accept;
        if ((t + 1) % 100 == 0) {
          scale *= std::exp(static_cast<double>(accepted_window) / 100.0 - 0.234);
          accepted_window = 0;
        }
      } else {
        accepted[c] += accept;
        out.draws.row(static_cast<Eigen::Index>(c * steps + (t - steps))) = x;
      }
    }
  }
  std::size_t total = 0;
  for (const auto a : accepted) total += a;
  out.acceptance = static_cast<double>(total) / static_cast<double>(chains * steps);
  return out;
}

Eigen::MatrixXd covariance_of(const DesignMatrix& points) {
  const Eigen::Index d = points.cols();
  if (points.rows() <= d) return Eigen::MatrixXd::Identity(d, d) * 0.01;
  const Eigen::RowVectorXd mean = points.colwise().mean();
  const Eigen::MatrixXd centred = points.rowwise() - mean;
  Eigen::MatrixXd cov = centred.transpose() * centred / static_cast<double>(points.rows() - 1);
  cov.diagonal().array() += 1e-6;
  return cov;
}

}  // namespace

std::size_t wave_points(const HistoryMatchingSettings& settings, std::size_t parameters) {
  return settings.points_per_wave != 0 ? settings.points_per_wave : 10 * parameters;
}

std::size_t wave_repeats(const HistoryMatchingSettings& settings, std::size_t points) {
  return settings.repeats_per_wave != 0 ? settings.repeats_per_wave : std::max<std::size_t>(4, points / 5);
}

double implausibility(const Observation& o, double mean, double variance) {
  double gap = mean - o.value;
  if (o.bound == TargetBound::lower) gap = std::min(gap, 0.0);
  if (o.bound == TargetBound::upper) gap = std::max(gap, 0.0);
  return std::abs(gap) / std::sqrt(variance);
}

double wave_implausibility(const std::vector<Observation>& observations, const Wave& wave,
                           const Eigen::Ref<const Eigen::RowVectorXd>& point) {
  double worst = 0;
  for (std::size_t k = 0; k < observations.size(); ++k) {
    const GaussianProcess& gp = wave.emulators[k];
    const auto p = gp.predict(point);
    worst = std::max(worst, implausibility(observations[k], p.mean, variance_at(observations[k], p, gp)));
  }
  return worst;
}

namespace {

// The largest implausibility and the log likelihood at a point, from one prediction per emulator.
struct WaveFit {
  double implausibility = 0, log_likelihood = 0;
};

WaveFit wave_fit(const std::vector<Observation>& observations, const Wave& wave,
                 const Eigen::Ref<const Eigen::RowVectorXd>& point) {
  WaveFit fit;
  for (std::size_t k = 0; k < observations.size(); ++k) {
    const Observation& o = observations[k];
    const GaussianProcess& gp = wave.emulators[k];
    const auto p = gp.predict(point);
    const double variance = variance_at(o, p, gp);
    fit.implausibility = std::max(fit.implausibility, implausibility(o, p.mean, variance));
    const double sd = std::sqrt(variance);
    const double z = (p.mean - o.value) / sd;
    switch (o.bound) {
      case TargetBound::value: fit.log_likelihood += -0.5 * z * z - std::log(sd); break;
      case TargetBound::lower: fit.log_likelihood += log_normal_cdf(z); break;  // the simulated mean above the bound
      case TargetBound::upper: fit.log_likelihood += log_normal_cdf(-z); break;
    }
  }
  return fit;
}

}  // namespace

double emulated_log_likelihood(const std::vector<Observation>& observations, const Wave& wave,
                               const Eigen::Ref<const Eigen::RowVectorXd>& point) {
  return wave_fit(observations, wave, point).log_likelihood;
}

HistoryMatch history_match(const std::vector<Observation>& obs, std::size_t parameters, const Simulator& simulate,
                           const HistoryMatchingSettings& settings, const MatchProgress& progress) {
  const auto d = static_cast<Eigen::Index>(parameters);
  const std::size_t per_wave = wave_points(settings, parameters);
  const std::size_t repeats = wave_repeats(settings, per_wave);
  const double cutoff = settings.cutoff;
  const int threads = std::max(settings.threads, 1);
  const sensitivity::KeyedStream candidate_seeds(settings.seed, sensitivity::Stream::calibration_candidates);
  HistoryMatch match;
  DesignMatrix design = sensitivity::shifted_sobol_points(per_wave, parameters, settings.seed);
  DesignMatrix survivors;
  for (std::size_t w = 0; w < settings.waves; ++w) {
    Wave wave;
    wave.repeats = std::min<std::size_t>(repeats, static_cast<std::size_t>(design.rows()));
    wave.unit.resize(design.rows() + static_cast<Eigen::Index>(wave.repeats), d);
    wave.unit.topRows(design.rows()) = design;
    wave.unit.bottomRows(static_cast<Eigen::Index>(wave.repeats)) = design.topRows(static_cast<Eigen::Index>(wave.repeats));
    wave.outputs = simulate(wave.unit);
    match.simulations += static_cast<std::size_t>(wave.unit.rows());
    // Trained on this wave's runs and the earlier ones inside the space the earlier waves leave.
    // The repeated pairs among them measure the run-to-run variance directly, a check on the
    // emulators' nugget (waves.csv).
    std::vector<std::pair<std::size_t, Eigen::Index>> runs;
    for (std::size_t v = 0; v < w; ++v)
      for (Eigen::Index i = 0; i < match.waves[v].unit.rows(); ++i)
        if (inside(obs, match.waves, w, match.waves[v].unit.row(i), cutoff)) runs.emplace_back(v, i);
    for (Eigen::Index i = 0; i < wave.unit.rows(); ++i) runs.emplace_back(w, i);
    const auto unit_of = [&](std::size_t v) -> const Wave& { return v == w ? wave : match.waves[v]; };
    const auto n = static_cast<Eigen::Index>(runs.size());
    Eigen::MatrixXd x(n, d), y(n, static_cast<Eigen::Index>(obs.size()));
    Eigen::VectorXd pair_sum = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(obs.size()));
    std::size_t pairs = 0;
    for (Eigen::Index r = 0; r < n; ++r) {
      const auto [v, i] = runs[static_cast<std::size_t>(r)];
      const Wave& from = unit_of(v);
      x.row(r) = from.unit.row(i);
      y.row(r) = from.outputs.row(i);
      const Eigen::Index first_repeat = from.unit.rows() - static_cast<Eigen::Index>(from.repeats);
      // A repeat and its original are both inside or both outside: the same point.
      if (i >= first_repeat) {
        pair_sum += (from.outputs.row(i) - from.outputs.row(i - first_repeat)).array().square().matrix().transpose() / 2;
        ++pairs;
      }
    }
    wave.run_variance = pairs > 0 ? Eigen::VectorXd(pair_sum / static_cast<double>(pairs))
                                  : Eigen::VectorXd::Constant(static_cast<Eigen::Index>(obs.size()), -1.0);
    wave.training_runs = static_cast<std::size_t>(n);
    wave.emulators.resize(obs.size());
#pragma omp parallel for num_threads(threads) schedule(dynamic)
    for (std::size_t k = 0; k < obs.size(); ++k)
      wave.emulators[k] = GaussianProcess::fit(x, y.col(static_cast<Eigen::Index>(k)));
    for (const auto& gp : wave.emulators) {
      const Eigen::VectorXd e = gp.leave_one_out_errors();
      EmulatorCheck c;
      c.within_2 = static_cast<double>((e.array().abs() <= 2).count()) / static_cast<double>(e.size());
      c.beyond_3 = static_cast<double>((e.array().abs() > 3).count()) / static_cast<double>(e.size());
      wave.checks.push_back(c);
    }
    for (Eigen::Index i = 0; i < wave.unit.rows(); ++i) {
      bool ok = true;
      for (std::size_t k = 0; k < obs.size(); ++k)
        ok = ok && implausibility(obs[k], wave.outputs(i, static_cast<Eigen::Index>(k)), obs[k].variance) <= cutoff;
      wave.runs_matching += ok;
    }
    match.waves.push_back(std::move(wave));

    // The space left: the candidates inside every wave's cut-off.
    const DesignMatrix candidates =
        sensitivity::shifted_sobol_points(settings.candidates, parameters, candidate_seeds.word64(w, 0));
    std::vector<char> in(static_cast<std::size_t>(candidates.rows()), 0);
#pragma omp parallel for num_threads(threads) schedule(static)
    for (Eigen::Index i = 0; i < candidates.rows(); ++i)
      in[static_cast<std::size_t>(i)] = inside(obs, match.waves, w + 1, candidates.row(i), cutoff);
    const auto left = static_cast<Eigen::Index>(std::count(in.begin(), in.end(), 1));
    match.waves.back().space_left = static_cast<double>(left) / static_cast<double>(candidates.rows());
    survivors.resize(left, d);
    for (Eigen::Index i = 0, j = 0; i < candidates.rows(); ++i)
      if (in[static_cast<std::size_t>(i)]) survivors.row(j++) = candidates.row(i);
    if (left == 0) {
      // Which observation rules out most of the cube alone, under this wave's emulators?
      std::vector<std::size_t> out_by(obs.size(), 0);
      const Wave& last = match.waves.back();
      for (Eigen::Index i = 0; i < candidates.rows(); ++i)
        for (std::size_t k = 0; k < obs.size(); ++k) {
          const auto p = last.emulators[k].predict(candidates.row(i));
          out_by[k] += implausibility(obs[k], p.mean, variance_at(obs[k], p, last.emulators[k])) > cutoff;
        }
      const std::size_t worst = static_cast<std::size_t>(std::max_element(out_by.begin(), out_by.end()) - out_by.begin());
      throw InputError({.argument = "targets", .item = obs[worst].name}, "",
                       "wave " + std::to_string(w + 1) + " leaves no parameter set within the declared ranges that "
                       "reproduces every target; " + obs[worst].name + " alone rules out " +
                       std::to_string(static_cast<int>(std::lround(100.0 * static_cast<double>(out_by[worst]) /
                                                                    static_cast<double>(candidates.rows())))) +
                       "% of them",
                       "check that target's value, uncertainty and definition against the model's quantity, widen the "
                       "ranges of the parameters that move it, calibrate more parameters, or leave the target out");
    }
    if (progress) progress(match);
    if (w + 1 == settings.waves) break;
    // The next wave's runs fill the space left; a small space is filled by chains on it.
    DesignMatrix pool = survivors;
    if (static_cast<std::size_t>(left) < 4 * per_wave) {
      const DesignMatrix starts = maximin_subset(survivors, settings.chains);
      const ChainSample s = run_chains(
          [&](const Eigen::RowVectorXd& p) { return inside(obs, match.waves, w + 1, p, cutoff) ? 0.0 : kMinusInfinity; },
          starts, covariance_of(survivors), settings.chains, 4 * per_wave / settings.chains + 1, settings.seed,
          (w + 1) * settings.chains, threads);
      pool.resize(left + s.draws.rows(), d);
      pool.topRows(left) = survivors;
      pool.bottomRows(s.draws.rows()) = s.draws;
    }
    design = maximin_subset(pool, per_wave);
  }

  // The posterior: the targets' likelihood on the last wave's emulators, inside the space every
  // wave leaves, the prior uniform on the cube (the declared distributions, by their quantiles).
  const std::size_t waves = match.waves.size();
  const Wave& last = match.waves.back();
  const ChainSample s = run_chains(
      [&](const Eigen::RowVectorXd& p) {
        // The earlier waves' cut-offs, then the last wave's cut-off and likelihood from one prediction.
        if (!inside(obs, match.waves, waves - 1, p, cutoff)) return kMinusInfinity;
        const WaveFit fit = wave_fit(obs, last, p);
        return fit.implausibility <= cutoff ? fit.log_likelihood : kMinusInfinity;
      },
      maximin_subset(survivors, settings.chains), covariance_of(survivors), settings.chains, settings.chain_steps,
      settings.seed, 0, threads);
  match.acceptance = s.acceptance;
  const Eigen::Index total = s.draws.rows();
  match.posterior.resize(static_cast<Eigen::Index>(settings.posterior_size), d);
  for (std::size_t i = 0; i < settings.posterior_size; ++i)
    match.posterior.row(static_cast<Eigen::Index>(i)) =
        s.draws.row(static_cast<Eigen::Index>((i * static_cast<std::size_t>(total)) / settings.posterior_size));
  match.posterior_outputs = simulate(match.posterior);
  match.simulations += settings.posterior_size;
  match.posterior_implausibility.resize(static_cast<Eigen::Index>(settings.posterior_size));
  for (Eigen::Index i = 0; i < match.posterior.rows(); ++i) {
    double worst = 0;
    for (std::size_t k = 0; k < obs.size(); ++k)
      worst = std::max(worst, implausibility(obs[k], match.posterior_outputs(i, static_cast<Eigen::Index>(k)), obs[k].variance));
    match.posterior_implausibility[i] = worst;
  }
  if (progress) progress(match);
  return match;
}

}  // namespace kunlun::calibration
