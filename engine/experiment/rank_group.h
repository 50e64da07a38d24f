// The processes an experiment is spread over (MPI ranks under mpirun). Every rank runs the same
// experiment; the replications of each batch are handed out from a counter they share, and every
// rank receives every record in job order, so all take the same decisions (a calibration's next
// wave) while only the first writes the outputs. The engine sees this interface only; the CLI
// supplies the MPI implementation (distributed/mpi_ranks.h).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace kunlun {

class RankGroup {
 public:
  virtual ~RankGroup() = default;
  virtual int rank() const = 0;
  virtual int size() const = 0;
  // Collective: the shared job counter back to 0, before a batch hands out its jobs.
  virtual void start_batch() = 0;
  // The next job of the batch for this rank (0, 1, ... across all ranks); any thread may call it.
  virtual std::uint64_t claim_job() = 0;
  // Collective: every rank's bytes, in rank order, on every rank.
  virtual std::vector<std::string> all_gather(const std::string& mine) = 0;
  // Collective: every rank's bytes, in rank order, on rank 0 (empty on the others).
  virtual std::vector<std::string> gather_to_first(const std::string& mine) = 0;
};

}  // namespace kunlun
