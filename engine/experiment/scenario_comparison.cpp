#include "experiment/scenario_comparison.h"

#include "experiment/memory_estimate.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <set>

#include "core/errors.h"
#include "experiment/replication_batch.h"
#include "experiment/scenario_files.h"
#include "io/json_writer.h"
#include "io/output_directory.h"

namespace kunlun {

namespace {
// Where a scenario sets `key`, for the error message; the file itself when it inherits it.
SourceLocation where_set(const Scenario& sc, const std::string& dotted_key) {
  const ConfigNode* node = &sc.tree;
  std::size_t from = 0;
  while (node && from <= dotted_key.size()) {
    const std::size_t dot = std::min(dotted_key.find('.', from), dotted_key.size());
    node = node->is_map() ? node->find(dotted_key.substr(from, dot - from)) : nullptr;
    from = dot + 1;
  }
  if (node && node->where().known()) return node->where();
  return {sc.file.string(), 0, 0};
}

// The files a comparison writes beside its scenario folders, report.html drawn there later
// (compare --report, kunlun.report) included: a scenario named like one would take its place.
constexpr const char* kComparisonFiles[] = {"comparison.csv", "cost_effectiveness.csv", "comparison.json",
                                            "manifest.json", "report.html"};

bool same_ignoring_case(const std::string& a, const std::string& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                    [](char x, char y) { return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y)); });
}

void require_same(const Scenario& base, const Scenario& sc, const std::string& key, const std::string& mine,
                  const std::string& theirs) {
  if (mine == theirs) return;
  throw InputError(where_set(sc, key), key,
                   sc.name + " has " + key + " " + mine + " but the baseline " + base.name + " has " + theirs,
                   "a paired comparison needs the same " + key + " in every scenario; set it to " + theirs);
}
}  // namespace

void check_comparable(const std::vector<Scenario>& scenarios) {
  if (scenarios.size() < 2)
    throw InputError({.argument = "scenarios"}, "", "a comparison needs a baseline and at least one more scenario",
                     "give the baseline first, then each scenario to compare with it");
  const Scenario& base = scenarios.front();
  std::set<std::string> names;
  for (const Scenario& sc : scenarios) {
    for (const char* file : kComparisonFiles)
      if (same_ignoring_case(sc.name, file))
        throw InputError(where_set(sc, "name"), "name",
                         "the scenario name '" + sc.name + "' is the name of a file the comparison writes",
                         "give the scenario another name (the name: key); a comparison writes comparison.csv, "
                         "cost_effectiveness.csv, comparison.json, manifest.json and report.html beside the "
                         "scenario folders");
    if (!names.insert(sc.name).second)
      throw InputError(where_set(sc, "name"), "name",
                       "two scenarios are named '" + sc.name + "'; their outputs would share a folder",
                       "give each scenario its own name (the name: key)");
    if (&sc == &base) continue;
    require_same(base, sc, "horizon.start", sc.start.str(), base.start.str());
    require_same(base, sc, "horizon.end", sc.end.str(), base.end.str());
    require_same(base, sc, "seed", std::to_string(sc.seed), std::to_string(base.seed));
    require_same(base, sc, "replications", std::to_string(sc.replications), std::to_string(base.replications));
    if (sc.population.scale != base.population.scale || sc.population.total != base.population.total ||
        sc.population.margins != base.population.margins)
      throw InputError(where_set(sc, "population"), "population",
                       sc.name + " simulates a different population than the baseline " + base.name,
                       "a paired comparison needs the same population (total, scale and margins)");
    if (sc.regions != base.regions)
      throw InputError(where_set(sc, "regions"), "regions",
                       sc.name + " uses the region table " + sc.regions.string() + " but the baseline uses " +
                           base.regions.string(),
                       "a paired comparison needs one region table");
  }
}

CompareReport run_comparison(const std::vector<Scenario>& scenarios, const std::filesystem::path& out_dir,
                             const CompareOptions& options) {
  check_comparable(scenarios);
  StagedDirectory::check_target(out_dir, options.force);
  const PosteriorSample* posterior = options.posterior.get();
  const int replications = scenarios.front().replications;
  // With a posterior every replication's scenarios share its set and have their own starting
  // states, built for a few replications at a time.
  const int per_chunk = posterior ? std::max(1, options.parallel_slots() / static_cast<int>(scenarios.size())) : replications;
  std::vector<const Scenario*> all;
  for (int k = 0; k < (posterior ? per_chunk : 1); ++k)
    for (const Scenario& sc : scenarios) all.push_back(&sc);
  check_memory(all, options.memory_limit);
  const auto t0 = std::chrono::steady_clock::now();
  std::vector<RunManifest> manifests(scenarios.size(), RunManifest{options.command, options.threads, options.rank_count()});
  if (posterior)
    for (auto& m : manifests) m.posterior_file = posterior->file.string();

  // Each scenario's layout, shared by its replications; with a posterior, replication 0's, and
  // each other replication's built by the job that runs it (the same set for every scenario).
  std::vector<std::size_t> sets;
  if (posterior)
    for (int r = 0; r < replications; ++r)
      sets.push_back(posterior->draw(scenarios.front().seed, static_cast<std::uint32_t>(r)));
  std::vector<std::shared_ptr<RecordLayout>> first_layouts;
  for (std::size_t s = 0; s < scenarios.size(); ++s) {
    manifests[s].posterior_sets = sets;
    if (posterior) {
      first_layouts.push_back(posterior_layout(scenarios[s], *posterior, sets[0]));
    } else {
      first_layouts.push_back(std::make_shared<RecordLayout>(InitialState::prepare(scenarios[s])));
      first_layouts.back()->initial->plan_simulations(replications);
    }
  }

  StagedDirectory out(out_dir, options.force);
  std::vector<std::unique_ptr<ScenarioFiles>> files;
  for (std::size_t s = 0; s < scenarios.size(); ++s)
    files.push_back(std::make_unique<ScenarioFiles>(out.staging() / scenarios[s].name, first_layouts[s]));

  const BatchOptions batch = batch_options(options);
  ChunkedProgress progress(replications * static_cast<int>(scenarios.size()),
                           static_cast<long>(replications) * static_cast<long>(scenarios.size()) * scenarios.front().months());
  for (int first = 0; first < replications; first += per_chunk) {
    const int end = std::min(replications, first + per_chunk);
    std::vector<ReplicationJob> jobs;
    std::vector<std::size_t> scenario_of_job;
    // Replication by replication, its scenarios together: the order of the jobs over all chunks
    // is then the same whatever the chunk size (a resumed journal numbers them so).
    for (int r = first; r < end; ++r)
      for (std::size_t s = 0; s < scenarios.size(); ++s) {
        jobs.push_back({first_layouts[s].get(), static_cast<std::uint32_t>(r), true});
        if (posterior && r > 0)
          jobs.back().prepare = [&, s, set = sets[static_cast<std::size_t>(r)]] {
            return std::shared_ptr<const RecordLayout>(posterior_layout(scenarios[s], *posterior, set));
          };
        scenario_of_job.push_back(s);
      }
    run_replications(jobs, progress.chunk(batch, options.on_progress), [&](std::size_t job, ReplicationRecord&& record) {
      files[scenario_of_job[job]]->add(std::move(record));
    });
    progress.chunk_done();
  }

  CompareReport report;
  for (std::size_t s = 0; s < files.size(); ++s) {
    files[s]->finish(manifests[s]);
    report.summaries.push_back(files[s]->summary());
  }
  auto comparison = std::make_shared<PairedComparison>(scenarios[0].name, report.summaries[0]);
  for (std::size_t s = 1; s < scenarios.size(); ++s) comparison->add(scenarios[s].name, report.summaries[s]);
  write_file_atomically(out.staging() / "comparison.csv", comparison->differences_csv());
  write_file_atomically(out.staging() / "cost_effectiveness.csv", comparison->cost_effectiveness_csv());
  write_file_atomically(out.staging() / "comparison.json", comparison->to_json(scenarios[0]));

  JsonWriter j;
  j.begin_object();
  j.field("kunlun_version", KUNLUN_VERSION);
  j.field("command", options.command);
  j.field("baseline", scenarios[0].name);
  j.key("scenarios").begin_array();
  for (const Scenario& sc : scenarios) {
    j.begin_object();
    j.field("name", sc.name).field("file", sc.file.string()).field("folder", sc.name);
    j.end_object();
  }
  j.end_array();
  j.field("seed", static_cast<std::uint64_t>(scenarios[0].seed));
  j.field("replications", scenarios[0].replications);
  if (posterior) j.field("posterior_file", posterior->file.string());
  j.field("threads", options.threads);
  j.field("ranks", options.rank_count());
  j.key("files").begin_array().value("comparison.csv").value("cost_effectiveness.csv").value("comparison.json");
  j.value("manifest.json").end_array();
  j.end_object();
  write_file_atomically(out.staging() / "manifest.json", j.str());

  out.commit();
  report.out_dir = out_dir;
  report.comparison = comparison;
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return report;
}

}  // namespace kunlun
