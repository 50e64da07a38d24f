// The MPI ranks of a job started by mpirun, as the engine's RankGroup: a job counter on rank 0
// that every rank's threads take from (MPI-3 one-sided fetch-and-add), and the gathers. Built
// into the CLI only when CMake finds MPI; the engine and the Python package never link MPI.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "experiment/rank_group.h"

namespace kunlun {

// Whether this process was started by mpirun (OpenMPI's or a PMI launcher's environment), so
// that a plain `kunlun run` never initialises MPI.
bool started_by_mpirun();

class MpiRanks final : public RankGroup {
 public:
  // Initialises MPI (threads serialised: any thread may claim a job, one at a time).
  MpiRanks(int* argc, char*** argv);
  ~MpiRanks() override;  // finalises MPI
  MpiRanks(const MpiRanks&) = delete;
  MpiRanks& operator=(const MpiRanks&) = delete;

  int rank() const override { return rank_; }
  int size() const override { return size_; }
  void start_batch() override;
  std::uint64_t claim_job() override;
  std::vector<std::string> all_gather(const std::string& mine) override;
  std::vector<std::string> gather_to_first(const std::string& mine) override;

  // Ends every rank of the job at once, with `code`: for an error one rank met alone, which would
  // leave the others waiting in a gather.
  [[noreturn]] void abort(int code);

 private:
  int rank_ = 0, size_ = 1;
  void* window_ = nullptr;  // MPI_Win, kept opaque so that this header needs no mpi.h
  std::int64_t* counter_ = nullptr;
  std::mutex mpi_;
};

}  // namespace kunlun
