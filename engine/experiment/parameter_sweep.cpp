#include "experiment/parameter_sweep.h"

#include "experiment/memory_estimate.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <set>

#include "core/errors.h"
#include "experiment/paired_comparison.h"
#include "experiment/parameter_setting.h"
#include "experiment/replication_batch.h"
#include "io/csv_field.h"
#include "io/json_writer.h"
#include "io/output_directory.h"
#include "policy/policy_registry.h"

namespace kunlun {

namespace {
constexpr std::size_t kMaxPoints = 10000;  // a grid larger than this is almost surely a typo in a step
const char* const kExample = "e.g. --set policies.rent.monthly_cny=0:3000:500";

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t"), e = s.find_last_not_of(" \t");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> parts;
  std::size_t from = 0;
  while (true) {
    const std::size_t at = s.find(sep, from);
    parts.push_back(trim(s.substr(from, at == std::string::npos ? std::string::npos : at - from)));
    if (at == std::string::npos) return parts;
    from = at + 1;
  }
}

bool parse_number(const std::string& text, double& out) {
  if (text.empty()) return false;
  char* end = nullptr;
  out = std::strtod(text.c_str(), &end);
  return end == text.c_str() + text.size() && std::isfinite(out);
}

// Ten significant digits: a range 0:0.3:0.1 gives 0.3, not 0.30000000000000004.
std::string rounded_number(double v) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.10g", v);
  return buf;
}

std::string csv_number(double v) { return std::isfinite(v) ? rounded_number(v) : ""; }

void add_cell(std::string& row, const std::string& value) {
  row += ',';
  row += value;
}

}  // namespace

SweepAxis parse_sweep_axis(const std::string& argument) {
  const SourceLocation cli{"<command line>", 0, 0};
  const std::size_t eq = argument.find('=');
  if (eq == std::string::npos)
    throw InputError(cli, "--set", "'" + argument + "' has no '='", std::string("give KEY=VALUES, ") + kExample);
  SweepAxis axis;
  axis.argument = argument;
  axis.key = trim(argument.substr(0, eq));
  const std::string values = trim(argument.substr(eq + 1));
  if (axis.key.empty())
    throw InputError(cli, "--set", "'" + argument + "' has no key before '='", std::string("give KEY=VALUES, ") + kExample);
  for (const auto& part : split(axis.key, '.'))
    if (part.empty())
      throw InputError(cli, "--set " + axis.key, "'" + axis.key + "' has an empty part between dots",
                       "write the key as in the YAML file, parts joined by dots, e.g. policies.rent.monthly_cny");
  if (values.empty())
    throw InputError(cli, "--set " + axis.key, "no values after '='",
                     "give a range START:STOP:STEP, a list a,b,c or one value");

  if (values.find(':') != std::string::npos) {
    const auto parts = split(values, ':');
    double start = 0, stop = 0, step = 0;
    if (parts.size() != 3)
      throw InputError(cli, "--set " + axis.key, "'" + values + "' is not a range START:STOP:STEP",
                       "give three numbers, e.g. 0:3000:500 for 0, 500, ..., 3000");
    if (!parse_number(parts[0], start) || !parse_number(parts[1], stop) || !parse_number(parts[2], step))
      throw InputError(cli, "--set " + axis.key, "'" + values + "' has a part that is not a number",
                       "a range is START:STOP:STEP with three numbers, e.g. 0:3000:500");
    if (step <= 0)
      throw InputError(cli, "--set " + axis.key, "the step " + parts[2] + " is not positive",
                       "give a step above 0; the range runs upward from START to STOP");
    if (stop < start)
      throw InputError(cli, "--set " + axis.key, "the range ends (" + parts[1] + ") below its start (" + parts[0] + ")",
                       "write the smaller value first, e.g. " + parts[1] + ":" + parts[0] + ":" + parts[2]);
    const double count = std::floor((stop - start) / step + 1e-9) + 1;
    if (count > static_cast<double>(kMaxPoints))
      throw InputError(cli, "--set " + axis.key,
                       "the range has " + rounded_number(count) + " values, more than " + std::to_string(kMaxPoints),
                       "use a larger step");
    for (int i = 0; i < static_cast<int>(count); ++i) axis.values.push_back(rounded_number(start + i * step));
  } else {
    axis.values = split(values, ',');
    std::set<std::string> seen;
    for (const auto& v : axis.values) {
      if (v.empty())
        throw InputError(cli, "--set " + axis.key, "'" + values + "' has an empty value in its list",
                         "separate values by single commas, e.g. 0,1000,2000");
      if (!seen.insert(v).second)
        throw InputError(cli, "--set " + axis.key, "the value " + v + " is listed twice", "list each value once");
    }
  }
  return axis;
}

std::vector<SweepPoint> sweep_grid(const Scenario& base, const std::vector<SweepAxis>& axes) {
  const SourceLocation cli{"<command line>", 0, 0};
  if (axes.empty())
    throw InputError(cli, "--set", "a sweep needs at least one --set", kExample);
  std::set<std::string> keys;
  std::size_t total = 1;
  for (const auto& axis : axes) {
    if (!keys.insert(axis.key).second)
      throw InputError(cli, "--set " + axis.key, "the key is swept twice", "give each key one --set");
    require_policy_of_key(base, axis.key, cli, "--set " + axis.key, "add the policy to the scenario file first");
    const auto parts = split_key(axis.key);
    if (parts.size() >= 2 && parts[0] == "policies") {
      if (parts.size() == 2)
        throw InputError(cli, "--set " + axis.key, "the key names a whole policy, not one of its parameters",
                         "add the parameter, e.g. policies." + parts[1] + ".start");
    }
    total *= axis.values.size();
    if (total > kMaxPoints)
      throw InputError(cli, "--set", "the grid has more than " + std::to_string(kMaxPoints) + " points",
                       "sweep fewer values or fewer keys at once");
  }

  std::vector<SweepPoint> points;
  std::vector<std::size_t> at(axes.size(), 0);
  for (std::size_t p = 0; p < total; ++p) {
    SweepPoint point;
    std::vector<std::pair<std::string, ConfigNode>> settings;
    for (std::size_t a = 0; a < axes.size(); ++a) {
      const std::string& value = axes[a].values[at[a]];
      point.values.push_back(value);
      settings.emplace_back(axes[a].key, ConfigNode::scalar(value, {"--set " + axes[a].argument, 0, 0}));
    }
    // Declared parameters are set through their declarations, other keys validate the point
    // again; either way its policies are built once, so that a bad value fails before any runs.
    point.scenario = base;
    set_parameters(point.scenario, settings, base.file.parent_path());
    points.push_back(std::move(point));
    for (std::size_t a = axes.size(); a-- > 0;) {  // the last axis varies fastest
      if (++at[a] < axes[a].values.size()) break;
      at[a] = 0;
    }
  }
  return points;
}

SweepReport run_sweep(const Scenario& base, const std::vector<SweepAxis>& axes, const std::filesystem::path& out_dir,
                      const SweepOptions& options) {
  SweepReport report;
  report.points = sweep_grid(base, axes);
  StagedDirectory::check_target(out_dir, options.force);
  const auto t0 = std::chrono::steady_clock::now();

  // Points run a few at a time: each holds its own starting population, and a grid may have
  // thousands of them. Progress counts over the whole grid.
  const std::size_t per_chunk = static_cast<std::size_t>(std::max(options.threads, 1));
  // Held at once: the points of a chunk. Every chunk is checked before any runs (a sweep of
  // population.scale grows as it goes).
  for (std::size_t first = 0; first < report.points.size(); first += per_chunk) {
    std::vector<const Scenario*> chunk;
    for (std::size_t p = first; p < std::min(first + per_chunk, report.points.size()); ++p)
      chunk.push_back(&report.points[p].scenario);
    check_memory(chunk, options.memory_limit);
  }
  RunProgress before;
  for (const auto& point : report.points) {
    before.replications += point.scenario.replications;
    before.steps_total += static_cast<long>(point.scenario.replications) * point.scenario.months();
  }
  std::vector<std::shared_ptr<HorizonSummary>> summaries;
  for (std::size_t first_point = 0; first_point < report.points.size(); first_point += per_chunk) {
    const std::size_t end_point = std::min(report.points.size(), first_point + per_chunk);
    std::vector<std::shared_ptr<const RecordLayout>> layouts;
    std::vector<ReplicationJob> jobs;
    std::vector<std::size_t> point_of_job;
    for (std::size_t p = first_point; p < end_point; ++p) {
      layouts.push_back(std::make_shared<RecordLayout>(InitialState::prepare(report.points[p].scenario)));
      layouts.back()->initial->plan_simulations(report.points[p].scenario.replications);
      summaries.push_back(std::make_shared<HorizonSummary>(layouts.back()->indicators));
      for (int r = 0; r < report.points[p].scenario.replications; ++r) {
        jobs.push_back({layouts.back().get(), static_cast<std::uint32_t>(r), false});
        point_of_job.push_back(p);
      }
    }
    BatchOptions batch;
    batch.threads = options.threads;
    batch.memory_limit = options.memory_limit;
    batch.cancel = options.cancel;
    RunProgress last;
    batch.on_progress = [&](const RunProgress& chunk) {
      last = chunk;
      if (!options.on_progress) return;
      RunProgress p = before;
      p.replications_done += chunk.replications_done;
      p.steps_done += chunk.steps_done;
      p.elapsed_seconds += chunk.elapsed_seconds;
      options.on_progress(p);
    };
    run_replications(jobs, batch, [&](std::size_t job, ReplicationRecord&& record) {
      summaries[point_of_job[job]]->add_replication(record.indicators);
    });
    before.replications_done += last.replications_done;
    before.steps_done += last.steps_done;
    before.elapsed_seconds += last.elapsed_seconds;
  }
  for (const auto& s : summaries) report.summaries.push_back(s);

  // sweep.csv: the headline indicators of the province and the autonomous grassroots, per point.
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
  j.field("threads", options.threads);
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
  report.out_dir = out_dir;
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return report;
}

}  // namespace kunlun
