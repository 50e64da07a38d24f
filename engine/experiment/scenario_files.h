// One scenario's outputs in a folder: timeseries.csv, costs.csv, od_flows.csv and retention.csv
// filled replication by replication in order, then summary.json and manifest.json. The folder is
// part of a staged output, so it is seen only when complete.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "experiment/horizon_summary.h"
#include "experiment/replication_record.h"
#include "io/output_file.h"

namespace kunlun {

// What the manifest records about how the outputs were made.
struct RunManifest {
  std::string command;
  int threads = 0;
  int ranks = 1;  // MPI ranks the replications were spread over
  // With a posterior: its file and the set each replication drew.
  std::string posterior_file{};
  std::vector<std::size_t> posterior_sets{};
};

class ScenarioFiles {
 public:
  static constexpr const char* kFiles[] = {"timeseries.csv", "vacancies.csv",    "costs.csv",
                                           "od_flows.csv",   "retention.csv",    "end_margins.csv",
                                           "summary.json",   "manifest.json"};

  ScenarioFiles(const std::filesystem::path& dir, std::shared_ptr<const RecordLayout> layout);
  void add(ReplicationRecord&& record);  // in replication order
  // Closes the row files and writes summary.json and manifest.json.
  void finish(const RunManifest& manifest);

  const RecordLayout& layout() const { return *layout_; }
  std::shared_ptr<const HorizonSummary> summary() const { return summary_; }
  const std::string& summary_json() const { return summary_json_; }

 private:
  std::filesystem::path dir_;
  std::shared_ptr<const RecordLayout> layout_;
  OutputFile timeseries_, vacancies_, costs_, flows_, retention_;
  std::vector<std::vector<double>> target_values_;  // by replication
  MarginCounts end_margins_;                        // pooled over the replications
  std::shared_ptr<HorizonSummary> summary_;
  std::string summary_json_;
};

}  // namespace kunlun
