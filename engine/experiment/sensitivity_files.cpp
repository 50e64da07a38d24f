// Writing a sensitivity analysis: tidy CSVs, the manifest and a self-contained HTML report.
#include "experiment/sensitivity_files.h"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "io/csv_field.h"
#include "io/html_text.h"
#include "io/json_writer.h"
#include "io/output_directory.h"
#include "io/output_file.h"

namespace kunlun {

namespace {

std::string design_csv(const SensitivityReport& r) {
  std::string out = "point";
  if (r.design.method == SensitivityMethod::morris) out += ",trajectory";
  else out += ",block";
  for (const auto& p : r.parameters) append_field(out, csv_field(p.key));
  for (const auto& i : r.indicators) append_field(out, csv_field(i.spec));
  out += "\n";
  const std::size_t d = r.parameters.size();
  const std::size_t per = r.design.method == SensitivityMethod::morris ? d + 1 : r.design.base_samples;
  for (Eigen::Index row = 0; row < r.values.rows(); ++row) {
    out += std::to_string(row) + ",";
    const std::size_t group = static_cast<std::size_t>(row) / per;
    if (r.design.method == SensitivityMethod::morris) out += std::to_string(group);
    else out += group == 0 ? "A" : group == 1 ? "B" : "AB_" + csv_field(r.parameters[group - 2].key);
    for (std::size_t i = 0; i < d; ++i) {
      const auto& u = r.parameters[i].uncertainty;
      const double v = r.values(row, static_cast<Eigen::Index>(i));
      append_field(out, u.distribution == Distribution::choice ? csv_field(u.options[static_cast<std::size_t>(v)])
                                                              : csv_number(v));
    }
    for (Eigen::Index k = 0; k < r.outputs.cols(); ++k) append_field(out, csv_number(r.outputs(row, k)));
    out += "\n";
  }
  return out;
}

// A horizontal bar chart of one indicator's ranked parameters (at most `top`), as inline SVG.
std::string chart(const SensitivityReport& r, const std::string& indicator, std::size_t top) {
  std::vector<const SensitivityRow*> rows;
  for (const auto& row : r.rows)
    if (row.indicator == indicator && rows.size() < top) rows.push_back(&row);
  const bool morris = r.design.method == SensitivityMethod::morris;
  double scale = 0;
  for (const auto* row : rows) {
    if (morris) scale = std::max({scale, row->morris.mu_star.high, row->morris.mu_star.value, row->morris.sigma});
    else scale = std::max({scale, row->sobol.st.high, row->sobol.s1.high, row->sobol.st.value});
  }
  if (!(scale > 0)) scale = 1;
  const int label_w = 430, bar_w = 420, row_h = morris ? 22 : 30, top_pad = 28;
  const int height = top_pad + static_cast<int>(rows.size()) * row_h + 10;
  std::ostringstream s;
  s << "<svg xmlns='http://www.w3.org/2000/svg' width='" << label_w + bar_w + 120 << "' height='" << height
    << "' font-family='sans-serif' font-size='12'>\n";
  const auto x = [&](double v) { return label_w + static_cast<int>(std::lround(std::max(0.0, v) / scale * bar_w)); };
  s << "<text x='" << label_w << "' y='14' fill='#444'>"
    << (morris ? "mu* (bar) with its bootstrap interval; sigma (diamond)"
               : "total-order ST (dark) and first-order S1 (light), with bootstrap intervals")
    << "</text>\n";
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const int y = top_pad + static_cast<int>(i) * row_h;
    s << "<text x='" << label_w - 6 << "' y='" << y + 14 << "' text-anchor='end'>" << html_escape(rows[i]->parameter)
      << "</text>\n";
    if (morris) {
      const auto& m = rows[i]->morris;
      s << "<rect x='" << label_w << "' y='" << y + 3 << "' width='" << x(m.mu_star.value) - label_w
        << "' height='14' fill='#3b6ea8'/>\n";
      s << "<line x1='" << x(m.mu_star.low) << "' x2='" << x(m.mu_star.high) << "' y1='" << y + 10 << "' y2='" << y + 10
        << "' stroke='#111' stroke-width='1.5'/>\n";
      const int sx = x(m.sigma);
      s << "<path d='M" << sx << " " << y + 4 << " l5 6 l-5 6 l-5 -6 z' fill='#d08c2a'/>\n";
      s << "<text x='" << std::max(x(m.mu_star.high), sx) + 8 << "' y='" << y + 14 << "' fill='#333'>"
        << format_significant(m.mu_star.value, 3) << "</text>\n";
    } else {
      const auto& so = rows[i]->sobol;
      s << "<rect x='" << label_w << "' y='" << y + 2 << "' width='" << x(so.st.value) - label_w
        << "' height='11' fill='#3b6ea8'/>\n";
      s << "<line x1='" << x(so.st.low) << "' x2='" << x(so.st.high) << "' y1='" << y + 7 << "' y2='" << y + 7
        << "' stroke='#111'/>\n";
      s << "<rect x='" << label_w << "' y='" << y + 14 << "' width='" << x(so.s1.value) - label_w
        << "' height='11' fill='#9cc0e6'/>\n";
      s << "<line x1='" << x(so.s1.low) << "' x2='" << x(so.s1.high) << "' y1='" << y + 19 << "' y2='" << y + 19
        << "' stroke='#111'/>\n";
      s << "<text x='" << std::max(x(so.st.high), x(so.s1.high)) + 8 << "' y='" << y + 15 << "' fill='#333'>ST "
        << format_significant(so.st.value, 2) << ", S1 " << format_significant(so.s1.value, 2) << "</text>\n";
    }
  }
  s << "</svg>\n";
  return s.str();
}

std::string report_html(const SensitivityReport& r, const Scenario& base, const Scenario* variant) {
  const bool morris = r.design.method == SensitivityMethod::morris;
  std::ostringstream h;
  h << "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'><title>kunlun sensitivity: "
    << html_escape(variant ? variant->name + " vs " + base.name : base.name) << "</title>\n"
    << "<style>body{font-family:sans-serif;max-width:1000px;margin:2em auto;color:#222}"
       "h2{margin-top:2em;border-bottom:1px solid #ccc}p.note{color:#444}</style></head><body>\n";
  h << "<h1>Which assumptions decide " << (variant ? "the effect of " + html_escape(variant->name) : html_escape(base.name))
    << "</h1>\n";
  h << "<p>" << (morris ? "Morris elementary effects" : "Sobol' indices") << " of " << r.parameters.size()
    << " uncertain parameters, " << r.values.rows() << " design points, " << r.simulations << " simulations ("
    << format_significant(r.seconds, 3) << " s). ";
  if (variant)
    h << "The analysed quantity is the paired policy effect: " << html_escape(variant->name) << " minus "
      << html_escape(base.name) << ", both simulated at the same parameter values and seed. ";
  else
    h << "The analysed quantity is the indicator of " << html_escape(base.name) << " at each design point. ";
  h << "Every point is simulated on the scenario's seed (" << base.seed << "), " << r.design.replications
    << " replication(s) each, so points differ only by the parameter values.";
  if (!r.posterior_file.empty())
    h << " Replication k of every point runs with the same parameter set drawn from the posterior "
      << html_escape(r.posterior_file) << ", whose " << r.fixed_by_posterior.size()
      << " calibrated parameters are therefore not varied: the ranking is of the assumptions the "
         "calibration left.";
  h << "</p>\n";
  if (morris)
    h << "<p class='note'><b>mu*</b> is the mean absolute change of the indicator when a parameter moves "
         "across two thirds of its uncertainty range (in probability, not in its units): how much it matters. "
         "<b>sigma</b> is the spread of those changes: large against mu* means the parameter acts through "
         "interactions or non-linearly. The interval beside mu* is a bootstrap interval over the "
         "trajectories: the sampling error of the screening from a finite design, not a forecast interval. "
         "Screening ranks parameters; it does not apportion variance.</p>\n";
  else
    h << "<p class='note'><b>ST</b> (total order) is the share of the indicator's variance that would vanish if "
         "the parameter were known exactly, interactions included; <b>S1</b> (first order) is the share it "
         "explains alone. A parameter with ST near 0 can be fixed anywhere in its range. The intervals are "
         "bootstrap intervals over the base sample: the sampling error of the indices from a finite design, "
         "not a forecast interval. Indices are relative to the ranges declared (parameters.csv).</p>\n";
  for (const auto& ind : r.indicators) {
    h << "<h2>" << html_escape(ind.spec) << "</h2>\n" << chart(r, ind.spec, 20);
  }
  h << "<p class='note'>The full table is sensitivity.csv; every point's values and outputs are in design.csv; the "
       "distributions and their reasoning in parameters.csv. kunlun " KUNLUN_VERSION ".</p>\n</body></html>\n";
  return h.str();
}

}  // namespace

std::string parameters_csv(const std::vector<UncertainParameter>& parameters) {
  std::string out = "parameter,distribution,low,high,uncertainty,reasoning,unit\n";
  for (const auto& p : parameters) {
    const auto& u = p.uncertainty;
    const bool choice = u.distribution == Distribution::choice;
    out += csv_field(p.key) + "," + kDistributionNames[static_cast<int>(u.distribution)] + "," +
           (choice ? "" : csv_number(u.low)) + "," + (choice ? "" : csv_number(u.high)) + "," + csv_field(uncertainty_text(u)) +
           "," + csv_field(u.reasoning) + "," + csv_field(p.declaration->unit) + "\n";
  }
  return out;
}

std::string sensitivity_csv(const SensitivityReport& r) {
  const bool morris = r.design.method == SensitivityMethod::morris;
  std::string out = morris ? "indicator,parameter,rank,mu_star,mu_star_low,mu_star_high,mu,sigma\n"
                           : "indicator,parameter,rank,S1,S1_low,S1_high,ST,ST_low,ST_high\n";
  for (const auto& row : r.rows) {
    out += csv_field(row.indicator) + "," + csv_field(row.parameter) + "," + std::to_string(row.rank);
    if (morris) {
      const auto& m = row.morris;
      for (const double v : {m.mu_star.value, m.mu_star.low, m.mu_star.high, m.mu, m.sigma}) append_field(out, csv_number(v));
    } else {
      const auto& s = row.sobol;
      for (const double v : {s.s1.value, s.s1.low, s.s1.high, s.st.value, s.st.low, s.st.high}) append_field(out, csv_number(v));
    }
    out += "\n";
  }
  return out;
}

void write_sensitivity_files(const SensitivityReport& r, const Scenario& base, const Scenario* variant,
                             const std::filesystem::path& out_dir, const SensitivityOptions& options) {
  JsonWriter j;
  j.begin_object();
  j.field("kunlun_version", KUNLUN_VERSION);
  j.field("command", options.command);
  j.field("method", method_name(r.design.method));
  j.field("scenario", base.name);
  j.field("scenario_file", base.file.string());
  if (variant != nullptr) {
    j.field("variant", variant->name);
    j.field("variant_file", variant->file.string());
    j.field("analysed", "variant minus scenario, paired at every design point");
  }
  if (!r.design.file.empty()) j.field("design_file", r.design.file.string());
  j.field("model_seed", static_cast<std::uint64_t>(base.seed));
  j.field("design_seed", static_cast<std::uint64_t>(r.seed));
  j.field("replications_per_point", r.design.replications);
  if (!r.posterior_file.empty()) {
    j.field("posterior_file", r.posterior_file);
    j.key("posterior_sets").begin_array();
    for (const std::size_t set : r.posterior_sets) j.value(static_cast<std::uint64_t>(set));
    j.end_array();
    j.key("set_by_posterior").begin_array();
    for (const auto& key : r.fixed_by_posterior) j.value(key);
    j.end_array();
  }
  if (r.design.method == SensitivityMethod::morris) {
    j.field("trajectories", static_cast<std::uint64_t>(r.design.trajectories));
    j.field("levels", static_cast<std::uint64_t>(r.design.levels));
  } else {
    j.field("base_samples", static_cast<std::uint64_t>(r.design.base_samples));
  }
  j.field("bootstrap_resamples", static_cast<std::uint64_t>(r.design.resamples));
  j.field("confidence", r.design.confidence);
  j.field("parameters", static_cast<std::uint64_t>(r.parameters.size()));
  j.field("design_points", static_cast<std::uint64_t>(r.values.rows()));
  j.field("simulations", static_cast<std::uint64_t>(r.simulations));
  j.field("threads", options.threads);
  j.field("ranks", options.rank_count());
  j.field("seconds", r.seconds);
  j.key("indicators").begin_array();
  for (const auto& i : r.indicators) j.value(i.spec);
  j.end_array();
  j.key("files")
      .begin_array()
      .value("sensitivity.csv")
      .value("design.csv")
      .value("parameters.csv")
      .value("report.html")
      .value("manifest.json")
      .end_array();
  j.field("resolved_scenario", to_yaml(base.tree));
  if (variant != nullptr) j.field("resolved_variant", to_yaml(variant->tree));
  j.end_object();

  StagedDirectory out(out_dir, options.force);
  write_file_atomically(out.staging() / "sensitivity.csv", sensitivity_csv(r));
  write_file_atomically(out.staging() / "design.csv", design_csv(r));
  write_file_atomically(out.staging() / "parameters.csv", parameters_csv(r.parameters));
  write_file_atomically(out.staging() / "report.html", report_html(r, base, variant));
  write_file_atomically(out.staging() / "manifest.json", j.str());
  out.commit();
}

}  // namespace kunlun
