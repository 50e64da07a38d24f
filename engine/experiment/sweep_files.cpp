#include "experiment/sweep_files.h"

#include <cmath>
#include <limits>

#include "core/text.h"
#include "experiment/paired_comparison.h"
#include "io/csv_field.h"
#include "io/json_writer.h"
#include "io/output_directory.h"
#include "io/output_file.h"

namespace kunlun {

namespace {
// Ten significant digits; a statistic that is not defined (an interval of one replication) is an
// empty cell.

void add_cell(std::string& row, const std::string& value) {
  row += ',';
  row += value;
}
}  // namespace

void write_sweep_files(const Scenario& base, const std::vector<SweepAxis>& axes, const SweepReport& report,
                       const std::filesystem::path& out_dir, const SweepOptions& options) {
  // sweep.csv: the headline indicators of the province and the autonomous grassroots, per point.
  const auto& summaries = report.summaries;
  const HorizonSummary& first = *summaries.front();
  std::vector<std::size_t> groups;
  for (std::size_t g = 0; g < first.groups().size(); ++g)
    if (g == 0 || first.groups()[g].code == "autonomous_grassroots") groups.push_back(g);
  std::string wide = "point";
  for (const auto& axis : axes) add_cell(wide, csv_field(axis.key));
  for (const std::size_t g : groups)
    for (const auto& ind : PairedComparison::headline())
      for (const char* part : {"_mean", "_ci95_low", "_ci95_high"}) add_cell(wide, first.groups()[g].code + "." + ind + part);
  wide += "\n";
  std::string tall =
      "point,group,indicator,mean,ci95_low,ci95_high,difference_from_point_0_mean,"
      "difference_from_point_0_ci95_low,difference_from_point_0_ci95_high\n";
  for (std::size_t p = 0; p < summaries.size(); ++p) {
    const HorizonSummary& s = *summaries[p];
    wide += std::to_string(p);
    for (const auto& v : report.points[p].values) add_cell(wide, csv_field(v));
    for (const std::size_t g : groups)
      for (const auto& ind : PairedComparison::headline()) {
        const Interval iv = s.interval(g, s.layout().index(ind));
        add_cell(wide, csv_number(iv.mean) + "," + csv_number(iv.low) + "," + csv_number(iv.high));
      }
    wide += "\n";
    for (std::size_t g = 0; g < s.groups().size(); ++g)
      for (std::size_t k = 0; k < s.indicator_names().size(); ++k) {
        const std::string& name = s.indicator_names()[k];
        const Interval iv = s.interval(g, k);
        Interval d{};
        d.mean = d.low = d.high = std::numeric_limits<double>::quiet_NaN();
        if (first.layout().has(name)) d = paired_difference(first.values(g, first.layout().index(name)), s.values(g, k));
        tall += std::to_string(p) + "," + s.groups()[g].code + "," + name + "," + csv_number(iv.mean) + "," +
                csv_number(iv.low) + "," + csv_number(iv.high) + "," + csv_number(d.mean) + "," + csv_number(d.low) +
                "," + csv_number(d.high) + "\n";
      }
  }

  JsonWriter j;
  j.begin_object();
  j.field("kunlun_version", KUNLUN_VERSION);
  j.field("command", options.command);
  j.field("scenario", base.name);
  j.field("scenario_file", base.file.string());
  j.field("seed", static_cast<std::uint64_t>(base.seed));
  j.field("replications", base.replications);
  if (options.posterior) j.field("posterior_file", options.posterior->file.string());
  j.field("threads", options.threads);
  j.field("ranks", options.rank_count());
  j.key("axes").begin_array();
  for (const auto& axis : axes) {
    j.begin_object();
    j.field("key", axis.key);
    j.key("values").begin_array();
    for (const auto& v : axis.values) j.value(v);
    j.end_array();
    j.end_object();
  }
  j.end_array();
  j.field("points", static_cast<std::uint64_t>(report.points.size()));
  j.key("files").begin_array().value("sweep.csv").value("sweep_long.csv").value("manifest.json").end_array();
  j.field("resolved_scenario", to_yaml(base.tree));
  j.end_object();

  StagedDirectory out(out_dir, options.force);
  write_file_atomically(out.staging() / "sweep.csv", wide);
  write_file_atomically(out.staging() / "sweep_long.csv", tall);
  write_file_atomically(out.staging() / "manifest.json", j.str());
  out.commit();
}

}  // namespace kunlun
