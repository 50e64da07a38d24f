// Running a sweep: the grid of points, each set by key on the base scenario, run chunk by chunk.
#include "experiment/parameter_sweep.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <set>

#include "core/errors.h"
#include "core/text.h"
#include "experiment/parameter_setting.h"
#include "experiment/memory_estimate.h"
#include "experiment/replication_batch.h"
#include "experiment/sweep_files.h"
#include "io/output_directory.h"
#include "parameters/schema.h"
#include "policy/policy_registry.h"

namespace kunlun {

namespace {
constexpr std::size_t kMaxPoints = 10000;  // a grid larger than this is almost surely a typo in a step
// The sweep's errors concern its `axes` argument (one axis, or all of them); each front end spells
// it (the command line's --set, Python's axes).
const ArgumentChange kExample{.kind = ArgumentChange::Kind::example, .argument = "axes",
                              .key = "policies.rent.monthly_cny", .value = "0:3000:500"};

// A range's numbers are read by the scenario format's own rule (core/text.h).
bool read_range_number(const std::string& text, double& out) {
  const auto value = parse_number(text);
  if (value) out = *value;
  return value.has_value();
}


}  // namespace

SweepAxis parse_sweep_axis(const std::string& argument) {
  const SourceLocation at{.argument = "axes", .item = argument};
  const std::size_t eq = argument.find('=');
  if (eq == std::string::npos)
    throw InputError(at, "", "'" + argument + "' has no '='", "give KEY=VALUES", {kExample});
  SweepAxis axis;
  axis.argument = argument;
  axis.key = trim(argument.substr(0, eq));
  const std::string values = trim(argument.substr(eq + 1));
  if (axis.key.empty())
    throw InputError(at, "", "'" + argument + "' has no key before '='", "give KEY=VALUES", {kExample});
  for (const auto& part : split_trimmed(axis.key, '.'))
    if (part.empty())
      throw InputError(at, axis.key, "'" + axis.key + "' has an empty part between dots",
                       "write the key as in the YAML file, parts joined by dots, e.g. policies.rent.monthly_cny");
  if (values.empty())
    throw InputError(at, axis.key, "no values after '='",
                     "give a range START:STOP:STEP, a list a,b,c or one value");

  if (values.find(':') != std::string::npos) {
    const auto parts = split_trimmed(values, ':');
    double start = 0, stop = 0, step = 0;
    if (parts.size() != 3)
      throw InputError(at, axis.key, "'" + values + "' is not a range START:STOP:STEP",
                       "give three numbers, e.g. 0:3000:500 for 0, 500, ..., 3000");
    if (!read_range_number(parts[0], start) || !read_range_number(parts[1], stop) ||
        !read_range_number(parts[2], step))
      throw InputError(at, axis.key, "'" + values + "' has a part that is not a number",
                       "a range is START:STOP:STEP with three numbers, e.g. 0:3000:500");
    if (step <= 0)
      throw InputError(at, axis.key, "the step " + parts[2] + " is not positive",
                       "give a step above 0; the range runs upward from START to STOP");
    if (stop < start)
      throw InputError(at, axis.key, "the range ends (" + parts[1] + ") below its start (" + parts[0] + ")",
                       "write the smaller value first, e.g. " + parts[1] + ":" + parts[0] + ":" + parts[2]);
    const double count = std::floor((stop - start) / step + 1e-9) + 1;
    if (count > static_cast<double>(kMaxPoints))
      throw InputError(at, axis.key,
                       "the range has " + format_significant(count) + " values, more than " + std::to_string(kMaxPoints),
                       "use a larger step");
    for (int i = 0; i < static_cast<int>(count); ++i) axis.values.push_back(format_significant(start + i * step));
  } else {
    axis.values = split_trimmed(values, ',');
    std::set<std::string> seen;
    for (const auto& v : axis.values) {
      if (v.empty())
        throw InputError(at, axis.key, "'" + values + "' has an empty value in its list",
                         "separate values by single commas, e.g. 0,1000,2000");
      if (!seen.insert(v).second)
        throw InputError(at, axis.key, "the value " + v + " is listed twice", "list each value once");
    }
  }
  return axis;
}

std::vector<SweepPoint> sweep_grid(const Scenario& base, const std::vector<SweepAxis>& axes) {
  const SourceLocation all_axes{.argument = "axes"};
  if (axes.empty()) throw InputError(all_axes, "", "a sweep needs at least one key to vary", "", {kExample});
  std::set<std::string> keys;
  std::size_t total = 1;
  for (const auto& axis : axes) {
    const SourceLocation given{.argument = "axes", .item = axis.argument};
    if (!keys.insert(axis.key).second) throw InputError(given, axis.key, "the key is swept twice", "give each key once");
    require_policy_of_key(base, axis.key, given, axis.key, "add the policy to the scenario file first");
    const auto parts = split_key(axis.key);
    if (parts.size() >= 2 && parts[0] == "policies") {
      if (parts.size() == 2)
        throw InputError(given, axis.key, "the key names a whole policy, not one of its parameters",
                         "add the parameter, e.g. policies." + parts[1] + ".start");
    }
    total *= axis.values.size();
    if (total > kMaxPoints)
      throw InputError(all_axes, "", "the grid has more than " + std::to_string(kMaxPoints) + " points",
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
      settings.emplace_back(axes[a].key, ConfigNode::scalar(value, {.argument = "axes", .item = axes[a].argument}));
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
  const PosteriorSample* posterior = options.posterior.get();
  if (posterior != nullptr)
    for (const auto& axis : axes)
      if (std::find(posterior->keys.begin(), posterior->keys.end(), axis.key) != posterior->keys.end())
        throw InputError({.argument = "axes", .item = axis.argument}, axis.key,
                         "the posterior sets this parameter in every replication, so sweeping it would change nothing",
                         "sweep another key, or run without the posterior",
                         {{.kind = ArgumentChange::Kind::example, .argument = "posterior", .value = "none"}});
  StagedDirectory::check_target(out_dir, options.force);
  const auto t0 = std::chrono::steady_clock::now();

  // Points run a few at a time: each holds its own starting population, and a grid may have
  // thousands of them. Progress counts over the whole grid.
  // With a posterior every replication of a point has its own starting state: one point at a time.
  const std::size_t per_chunk = posterior ? 1 : static_cast<std::size_t>(options.parallel_slots());
  // Held at once: the points of a chunk. Every chunk is checked before any runs (a sweep of
  // population.scale grows as it goes).
  for (std::size_t first = 0; first < report.points.size(); first += per_chunk) {
    std::vector<const Scenario*> chunk;
    for (std::size_t p = first; p < std::min(first + per_chunk, report.points.size()); ++p)
      for (int copies = 0; copies < (posterior ? report.points[p].scenario.replications : 1); ++copies)
        chunk.push_back(&report.points[p].scenario);
    check_memory(chunk, options.memory_limit);
  }
  int replications = 0;
  long steps = 0;
  for (const auto& point : report.points) {
    replications += point.scenario.replications;
    steps += static_cast<long>(point.scenario.replications) * point.scenario.months();
  }
  ChunkedProgress progress(replications, steps);
  std::vector<std::shared_ptr<HorizonSummary>> summaries;
  for (std::size_t first_point = 0; first_point < report.points.size(); first_point += per_chunk) {
    const std::size_t end_point = std::min(report.points.size(), first_point + per_chunk);
    std::vector<std::shared_ptr<const RecordLayout>> layouts;
    std::vector<ReplicationJob> jobs;
    std::vector<std::size_t> point_of_job;
    for (std::size_t p = first_point; p < end_point; ++p) {
      const Scenario& sc = report.points[p].scenario;
      if (posterior) {
        // Replication r draws the set replication r of any run of this scenario draws.
        for (int r = 0; r < sc.replications; ++r) {
          layouts.push_back(posterior_layout(sc, *posterior, posterior->draw(sc.seed, static_cast<std::uint32_t>(r))));
          if (r == 0) summaries.push_back(std::make_shared<HorizonSummary>(layouts.back()->indicators));
          jobs.push_back({layouts.back().get(), static_cast<std::uint32_t>(r), false});
          point_of_job.push_back(p);
        }
        continue;
      }
      layouts.push_back(std::make_shared<RecordLayout>(InitialState::prepare(sc)));
      layouts.back()->initial->plan_simulations(sc.replications);
      summaries.push_back(std::make_shared<HorizonSummary>(layouts.back()->indicators));
      for (int r = 0; r < sc.replications; ++r) {
        jobs.push_back({layouts.back().get(), static_cast<std::uint32_t>(r), false});
        point_of_job.push_back(p);
      }
    }
    const BatchOptions batch = batch_options(options);
    run_replications(jobs, progress.chunk(batch, options.on_progress), [&](std::size_t job, ReplicationRecord&& record) {
      summaries[point_of_job[job]]->add_replication(record.indicators);
    });
    progress.chunk_done();
  }
  for (const auto& s : summaries) report.summaries.push_back(s);

  write_sweep_files(base, axes, report, out_dir, options);
  report.out_dir = out_dir;
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return report;
}

}  // namespace kunlun
