// Writing a calibration's files.
#include "experiment/calibration_files.h"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "core/text.h"
#include "experiment/sensitivity_files.h"
#include "io/csv_field.h"
#include "io/html_text.h"
#include "io/json_writer.h"
#include "io/output_directory.h"
#include "io/output_file.h"

namespace kunlun {

namespace {

std::string parameter_text(const UncertainParameter& p, double value, int digits = 10) {
  const auto& u = p.uncertainty;
  if (u.distribution == Distribution::choice) return u.options[static_cast<std::size_t>(value)];
  return digits == 10 ? csv_number(value) : format_significant(value, digits);
}

std::string runs_csv(const CalibrationReport& r) {
  std::string out = "wave,replication";
  for (const auto& p : r.parameters) append_field(out, csv_field(p.key));
  for (const auto& t : r.targets) append_field(out, csv_field(t.name));
  out += "\n";
  for (const auto& run : r.runs) {
    out += (run.wave == 0 ? std::string("posterior") : std::to_string(run.wave)) + "," + std::to_string(run.replication);
    for (std::size_t i = 0; i < r.parameters.size(); ++i)
      append_field(out, csv_field(parameter_text(r.parameters[i], quantile(r.parameters[i].uncertainty,
                                                                            *r.parameters[i].declaration,
                                                                            run.unit[static_cast<Eigen::Index>(i)]))));
    for (const double v : run.target_values) append_field(out, csv_number(v));
    out += "\n";
  }
  return out;
}

std::string waves_csv(const CalibrationReport& r) {
  std::string out = "wave,runs,repeated,training_runs,space_left,runs_matching";
  for (const std::size_t k : r.fitted) {
    const std::string& n = r.targets[k].name;
    for (const char* c : {"_run_sd", "_repeat_sd", "_loo_within_2", "_loo_beyond_3"}) append_field(out, csv_field(n + c));
  }
  out += "\n";
  for (std::size_t w = 0; w < r.match.waves.size(); ++w) {
    const auto& wave = r.match.waves[w];
    out += std::to_string(w + 1) + "," + std::to_string(wave.unit.rows()) + "," + std::to_string(wave.repeats) + "," +
           std::to_string(wave.training_runs) + "," + csv_number(wave.space_left) + "," + std::to_string(wave.runs_matching);
    for (std::size_t k = 0; k < r.fitted.size(); ++k) {
      append_field(out, csv_number(std::sqrt(wave.emulators[k].nugget())));
      const double measured = wave.run_variance[static_cast<Eigen::Index>(k)];
      append_field(out, measured >= 0 ? csv_number(std::sqrt(measured)) : "");
      append_field(out, csv_number(wave.checks[k].within_2));
      append_field(out, csv_number(wave.checks[k].beyond_3));
    }
    out += "\n";
  }
  return out;
}

bool is_fitted(const CalibrationReport& r, std::size_t k) {
  return std::find(r.fitted.begin(), r.fitted.end(), k) != r.fitted.end();
}

// One row per target: the observation (+-2 sd, or the bound), wave 1's runs (the prior's 90%
// range) and the posterior's 90% prediction interval with its median, each row on its own scale.
std::string targets_chart(const CalibrationReport& r) {
  const int label_w = 300, plot_w = 520, row_h = 34, top = 30;
  std::ostringstream s;
  const int height = top + static_cast<int>(r.targets.size()) * row_h + 10;
  s << "<svg xmlns='http://www.w3.org/2000/svg' width='" << label_w + plot_w + 40 << "' height='" << height
    << "' font-family='sans-serif' font-size='12'>\n";
  s << "<text x='" << label_w << "' y='12' fill='#444'>observed +-2 sd (black), prior runs' 5-95% (grey), posterior "
       "90% prediction interval (blue) and median</text>\n";
  for (std::size_t k = 0; k < r.targets.size(); ++k) {
    const Target& t = r.targets[k];
    const TargetFit& prior = r.prior_fit[k];
    const TargetFit& post = r.posterior_fit[k];
    const int y = top + static_cast<int>(k) * row_h;
    const std::string status = is_fitted(r, k) ? "" : post.replications > 0 ? " (not fitted)" : " (outside the run)";
    s << "<text x='" << label_w - 6 << "' y='" << y + 16 << "' text-anchor='end'>" << html_escape(t.name + status)
      << "</text>\n";
    double lo = t.value - 2 * t.sd, hi = t.value + 2 * t.sd;
    if (prior.replications > 0) lo = std::min(lo, prior.p05), hi = std::max(hi, prior.p95);
    if (post.replications > 0) lo = std::min(lo, post.p05), hi = std::max(hi, post.p95);
    const double pad = (hi - lo) * 0.05 + 1e-12;
    lo -= pad;
    hi += pad;
    const auto x = [&](double v) { return label_w + static_cast<int>(std::lround((v - lo) / (hi - lo) * plot_w)); };
    s << "<line x1='" << label_w << "' x2='" << label_w + plot_w << "' y1='" << y + 28 << "' y2='" << y + 28
      << "' stroke='#eee'/>\n";
    const double olo = t.bound == TargetBound::lower ? t.value : t.value - 2 * t.sd;
    const double ohi = t.bound == TargetBound::upper ? t.value : t.bound == TargetBound::lower ? hi : t.value + 2 * t.sd;
    s << "<line x1='" << x(t.bound == TargetBound::upper ? lo : olo) << "' x2='" << x(ohi) << "' y1='" << y + 6
      << "' y2='" << y + 6 << "' stroke='#111' stroke-width='2'/>\n";
    s << "<circle cx='" << x(t.value) << "' cy='" << y + 6 << "' r='3' fill='#111'/>\n";
    if (prior.replications > 0)
      s << "<rect x='" << x(prior.p05) << "' y='" << y + 11 << "' width='" << std::max(1, x(prior.p95) - x(prior.p05))
        << "' height='6' fill='#bbb'/>\n";
    if (post.replications > 0) {
      s << "<rect x='" << x(post.p05) << "' y='" << y + 19 << "' width='" << std::max(1, x(post.p95) - x(post.p05))
        << "' height='7' fill='#3b6ea8'/>\n";
      s << "<circle cx='" << x(post.p50) << "' cy='" << y + 22 << "' r='3' fill='#d08c2a'/>\n";
    }
    s << "<text x='" << label_w + plot_w + 4 << "' y='" << y + 16 << "' fill='#555' font-size='10'>"
      << format_significant(t.value, 3) << "</text>\n";
  }
  s << "</svg>\n";
  return s.str();
}

// Pairs of parameters: below the diagonal the posterior sets, above it every wave's runs (later
// waves darker: the space shrinking), on the diagonal the posterior's histogram against the
// prior's flat density in quantile terms. Axes are prior quantiles (0 to 1).
std::string pairs_chart(const CalibrationReport& r) {
  const std::size_t d = std::min<std::size_t>(r.parameters.size(), 8);
  const int cell = 110, gap = 6, left = 20, top = 20;
  std::ostringstream s;
  const int size = left + static_cast<int>(d) * (cell + gap) + 10;
  s << "<svg xmlns='http://www.w3.org/2000/svg' width='" << size << "' height='" << size + 20
    << "' font-family='sans-serif' font-size='10'>\n";
  const auto& post = r.match.posterior;
  const std::size_t waves = r.match.waves.size();
  for (std::size_t i = 0; i < d; ++i)
    for (std::size_t j = 0; j < d; ++j) {
      const int x0 = left + static_cast<int>(j) * (cell + gap), y0 = top + static_cast<int>(i) * (cell + gap);
      s << "<rect x='" << x0 << "' y='" << y0 << "' width='" << cell << "' height='" << cell
        << "' fill='none' stroke='#ccc'/>\n";
      const auto px = [&](double u) { return x0 + static_cast<int>(std::lround(u * cell)); };
      const auto py = [&](double u) { return y0 + cell - static_cast<int>(std::lround(u * cell)); };
      if (i == j) {
        const int bins = 10;
        std::vector<int> count(bins, 0);
        for (Eigen::Index k = 0; k < post.rows(); ++k)
          ++count[static_cast<std::size_t>(std::min(bins - 1, static_cast<int>(post(k, static_cast<Eigen::Index>(i)) * bins)))];
        const int most = std::max(1, *std::max_element(count.begin(), count.end()));
        for (int b = 0; b < bins; ++b) {
          const int h = count[static_cast<std::size_t>(b)] * (cell - 20) / most;
          s << "<rect x='" << x0 + b * cell / bins + 1 << "' y='" << y0 + cell - h << "' width='" << cell / bins - 2
            << "' height='" << h << "' fill='#3b6ea8'/>\n";
        }
        const int flat = static_cast<int>(post.rows()) / bins * (cell - 20) / most;
        s << "<line x1='" << x0 << "' x2='" << x0 + cell << "' y1='" << y0 + cell - flat << "' y2='" << y0 + cell - flat
          << "' stroke='#d08c2a' stroke-dasharray='3,2'/>\n";
        s << "<text x='" << x0 + 2 << "' y='" << y0 + 10 << "'>" << html_escape(r.parameters[i].key.substr(r.parameters[i].key.rfind('.') + 1))
          << "</text>\n";
      } else if (i > j) {
        for (Eigen::Index k = 0; k < post.rows(); ++k)
          s << "<circle cx='" << px(post(k, static_cast<Eigen::Index>(j))) << "' cy='" << py(post(k, static_cast<Eigen::Index>(i)))
            << "' r='1.3' fill='#3b6ea8'/>";
        s << "\n";
      } else {
        for (std::size_t w = 0; w < waves; ++w) {
          const auto& u = r.match.waves[w].unit;
          const int shade = 200 - static_cast<int>(160 * w / std::max<std::size_t>(waves - 1, 1));
          for (Eigen::Index k = 0; k < u.rows(); ++k)
            s << "<circle cx='" << px(u(k, static_cast<Eigen::Index>(j))) << "' cy='" << py(u(k, static_cast<Eigen::Index>(i)))
              << "' r='1.5' fill='rgb(" << shade << "," << shade << "," << shade << ")'/>";
        }
        s << "\n";
      }
    }
  s << "</svg>\n";
  return s.str();
}

std::string report_html(const CalibrationReport& r, const Scenario& scenario) {
  std::ostringstream h;
  h << "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'><title>kunlun calibration: "
    << html_escape(scenario.name) << "</title>\n<style>body{font-family:sans-serif;max-width:1000px;margin:2em auto;"
       "color:#222}h2{margin-top:2em;border-bottom:1px solid #ccc}p.note{color:#444}table{border-collapse:collapse}"
       "td,th{border:1px solid #ccc;padding:2px 8px;text-align:right}td:first-child{text-align:left}</style></head><body>\n";
  h << "<h1>Calibration of " << html_escape(scenario.name) << "</h1>\n";
  h << "<p>" << r.parameters.size() << " parameters estimated against " << r.fitted.size() << " targets by history "
    << "matching in " << r.match.waves.size() << " waves, then " << r.match.posterior.rows()
    << " parameter sets drawn from the posterior and each simulated again: " << r.match.simulations << " simulations in "
    << format_significant(r.seconds, 3) << " s (seed " << r.seed << ").</p>\n";
  h << "<p class='note'>A wave simulates points spread over the parameter space still in play, fits an emulator (a "
       "Gaussian process) to each target, and rules out the points whose <b>implausibility</b> exceeds "
    << format_significant(r.design.cutoff, 3)
    << ": the distance between the emulated run and the observation, in standard deviations of the observation's "
       "uncertainty, the emulator's own uncertainty and the model's run-to-run variation (Vernon, Goldstein and Bower "
       "2010). The posterior is then sampled on the last wave's emulators inside the space left (Metropolis chains), "
       "the prior being the declared uncertainty of each parameter. The blue bars below are <b>90% prediction "
       "intervals</b>: where 90% of single simulated histories fall when parameter values are drawn from the "
       "posterior; they include the parameter uncertainty and the model's own randomness, not the definitional gap "
       "between a target and the model's quantity, which the black bar (observation +-2 sd) carries.</p>\n";
  h << "<h2>Targets against simulation</h2>\n" << targets_chart(r);
  if (!r.left_out.empty()) {
    h << "<p class='note'>Not fitted: ";
    for (std::size_t i = 0; i < r.left_out.size(); ++i) h << (i ? "; " : "") << html_escape(r.left_out[i]);
    h << ".</p>\n";
  }
  h << "<h2>Waves</h2>\n<table><tr><th>wave</th><th>runs</th><th>space left</th><th>runs within the cut-off of every "
       "target</th></tr>\n";
  for (std::size_t w = 0; w < r.match.waves.size(); ++w) {
    const auto& wave = r.match.waves[w];
    h << "<tr><td>" << w + 1 << "</td><td>" << wave.unit.rows() << "</td><td>"
      << format_significant(100 * wave.space_left, 3) << "%</td><td>" << wave.runs_matching << "</td></tr>\n";
  }
  h << "</table>\n<p class='note'>Space left: the share of the prior's parameter space not ruled out after the wave. "
       "Re-simulated posterior sets within the cut-off of every target: "
    << (r.match.posterior_implausibility.array() <= r.design.cutoff).count() << " of " << r.match.posterior.rows()
    << ". Chains' acceptance " << format_significant(r.match.acceptance, 2) << ".</p>\n";
  h << "<h2>Parameters: posterior and the waves' shrinking space</h2>\n" << pairs_chart(r);
  h << "<p class='note'>Axes are prior quantiles (0 to 1) of each parameter. Diagonal: the posterior's histogram; the "
       "dashed line is the prior (flat in quantiles). Below it: the posterior sets. Above it: every wave's runs, later "
       "waves darker.</p>\n<table><tr><th>parameter</th><th>prior range</th><th>posterior median</th><th>posterior 90% "
       "interval</th></tr>\n";
  for (std::size_t i = 0; i < r.parameters.size(); ++i) {
    const auto& p = r.parameters[i];
    std::vector<double> v(static_cast<std::size_t>(r.posterior_values.rows()));
    for (Eigen::Index k = 0; k < r.posterior_values.rows(); ++k) v[static_cast<std::size_t>(k)] = r.posterior_values(k, static_cast<Eigen::Index>(i));
    std::sort(v.begin(), v.end());
    const auto q = [&](double f) { return v[static_cast<std::size_t>(f * static_cast<double>(v.size() - 1))]; };
    h << "<tr><td>" << html_escape(p.key) << "</td><td>" << html_escape(uncertainty_text(p.uncertainty)) << "</td><td>"
      << html_escape(parameter_text(p, q(0.5), 3)) << "</td><td>" << html_escape(parameter_text(p, q(0.05), 3)) << " to "
      << html_escape(parameter_text(p, q(0.95), 3)) << "</td></tr>\n";
  }
  h << "</table>\n<p class='note'>posterior.csv holds the sets (use it with --posterior); fit.csv the posterior's fit "
       "to every target, prior_fit.csv wave 1's; waves.csv the waves and the emulators' checks; runs.csv every run. "
       "kunlun " KUNLUN_VERSION ".</p>\n</body></html>\n";
  return h.str();
}

}  // namespace

std::string posterior_csv(const CalibrationReport& r) {
  std::string out = "set,weight,replication";
  for (const auto& p : r.parameters) append_field(out, csv_field(p.key));
  append_field(out, "implausibility");
  for (const auto& t : r.targets) append_field(out, csv_field(t.name));
  out += "\n";
  std::size_t set = 0;
  const double weight = 1.0 / static_cast<double>(r.posterior_values.rows());
  for (const auto& run : r.runs) {
    if (run.wave != 0) continue;
    out += std::to_string(set) + "," + csv_number(weight) + "," + std::to_string(run.replication);
    for (std::size_t i = 0; i < r.parameters.size(); ++i)
      append_field(out, csv_field(parameter_text(r.parameters[i], r.posterior_values(static_cast<Eigen::Index>(set), static_cast<Eigen::Index>(i)))));
    append_field(out, csv_number(r.match.posterior_implausibility[static_cast<Eigen::Index>(set)]));
    for (const double v : run.target_values) append_field(out, csv_number(v));
    out += "\n";
    ++set;
  }
  return out;
}

void write_calibration_files(const CalibrationReport& r, const Scenario& scenario, const std::filesystem::path& out_dir,
                             const ExperimentOptions& options) {
  JsonWriter j;
  j.begin_object();
  j.field("kunlun_version", KUNLUN_VERSION);
  j.field("command", options.command);
  j.field("method", "history matching with Gaussian-process emulators, then Metropolis chains on the emulators");
  j.field("scenario", scenario.name);
  j.field("scenario_file", scenario.file.string());
  if (!r.design.file.empty()) j.field("design_file", r.design.file.string());
  j.field("model_seed", static_cast<std::uint64_t>(scenario.seed));
  j.field("simulated_to", r.simulated_to.str());
  j.field("design_seed", static_cast<std::uint64_t>(r.seed));
  j.field("waves", static_cast<std::uint64_t>(r.match.waves.size()));
  j.field("cutoff", r.design.cutoff);
  if (r.design.until) j.field("until", r.design.until->str());
  j.field("posterior_sets", static_cast<std::uint64_t>(r.match.posterior.rows()));
  j.field("simulations", static_cast<std::uint64_t>(r.match.simulations));
  j.field("threads", options.threads);
  j.field("ranks", options.rank_count());
  j.field("seconds", r.seconds);
  j.key("parameters").begin_array();
  for (const auto& p : r.parameters) j.value(p.key);
  j.end_array();
  j.key("fitted_targets").begin_array();
  for (const std::size_t k : r.fitted) j.value(r.targets[k].name);
  j.end_array();
  j.key("left_out").begin_array();
  for (const auto& s : r.left_out) j.value(s);
  j.end_array();
  j.key("files").begin_array();
  for (const char* f : {"posterior.csv", "fit.csv", "prior_fit.csv", "waves.csv", "runs.csv", "parameters.csv",
                        "report.html", "manifest.json"})
    j.value(f);
  j.end_array();
  j.field("resolved_scenario", to_yaml(scenario.tree));
  j.end_object();

  StagedDirectory out(out_dir, options.force);
  write_file_atomically(out.staging() / "posterior.csv", posterior_csv(r));
  write_file_atomically(out.staging() / "fit.csv", fit_csv(r.posterior_fit));
  write_file_atomically(out.staging() / "prior_fit.csv", fit_csv(r.prior_fit));
  write_file_atomically(out.staging() / "waves.csv", waves_csv(r));
  write_file_atomically(out.staging() / "runs.csv", runs_csv(r));
  write_file_atomically(out.staging() / "parameters.csv", parameters_csv(r.parameters));
  write_file_atomically(out.staging() / "report.html", report_html(r, scenario));
  write_file_atomically(out.staging() / "manifest.json", j.str());
  out.commit();
}

}  // namespace kunlun
