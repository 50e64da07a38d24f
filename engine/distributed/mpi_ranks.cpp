// MPI ranks: one-sided job counter, gathers of variable-length bytes.
#include "distributed/mpi_ranks.h"

#include <mpi.h>

#include <climits>
#include <cstdlib>
#include <stdexcept>

namespace kunlun {

namespace {
MPI_Win& win(void* w) { return *static_cast<MPI_Win*>(w); }

int checked_size(std::size_t n) {
  if (n > static_cast<std::size_t>(INT_MAX))
    throw std::runtime_error("a rank's results exceed 2 GiB in one batch; run with fewer replications per batch");
  return static_cast<int>(n);
}
}  // namespace

bool started_by_mpirun() {
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_SIZE", "PMI_RANK"})
    if (std::getenv(name) != nullptr) return true;
  return false;
}

MpiRanks::MpiRanks(int* argc, char*** argv) {
  int provided = 0;
  MPI_Init_thread(argc, argv, MPI_THREAD_SERIALIZED, &provided);
  if (provided < MPI_THREAD_SERIALIZED) {
    MPI_Finalize();
    throw std::runtime_error("the MPI library does not let threads call it one at a time (MPI_THREAD_SERIALIZED)");
  }
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
  window_ = new MPI_Win;
  const MPI_Aint bytes = rank_ == 0 ? static_cast<MPI_Aint>(sizeof(std::int64_t)) : 0;
  MPI_Win_allocate(bytes, sizeof(std::int64_t), MPI_INFO_NULL, MPI_COMM_WORLD, &counter_, &win(window_));
}

MpiRanks::~MpiRanks() {
  MPI_Win_free(&win(window_));
  delete static_cast<MPI_Win*>(window_);
  MPI_Finalize();
}

void MpiRanks::start_batch() {
  std::lock_guard<std::mutex> lock(mpi_);
  MPI_Barrier(MPI_COMM_WORLD);  // every rank is done with the previous batch's counter
  if (rank_ == 0) {
    const std::int64_t zero = 0;
    MPI_Win_lock(MPI_LOCK_EXCLUSIVE, 0, 0, win(window_));
    MPI_Put(&zero, 1, MPI_INT64_T, 0, 0, 1, MPI_INT64_T, win(window_));
    MPI_Win_unlock(0, win(window_));
  }
  MPI_Barrier(MPI_COMM_WORLD);
}

std::uint64_t MpiRanks::claim_job() {
  std::lock_guard<std::mutex> lock(mpi_);
  const std::int64_t one = 1;
  std::int64_t got = 0;
  MPI_Win_lock(MPI_LOCK_SHARED, 0, 0, win(window_));
  MPI_Fetch_and_op(&one, &got, MPI_INT64_T, 0, 0, MPI_SUM, win(window_));
  MPI_Win_unlock(0, win(window_));
  return static_cast<std::uint64_t>(got);
}

std::vector<std::string> MpiRanks::all_gather(const std::string& mine) {
  std::lock_guard<std::mutex> lock(mpi_);
  const int n = checked_size(mine.size());
  std::vector<int> sizes(static_cast<std::size_t>(size_)), offsets(static_cast<std::size_t>(size_));
  MPI_Allgather(&n, 1, MPI_INT, sizes.data(), 1, MPI_INT, MPI_COMM_WORLD);
  std::size_t total = 0;
  for (int r = 0; r < size_; ++r) {
    offsets[static_cast<std::size_t>(r)] = checked_size(total);
    total += static_cast<std::size_t>(sizes[static_cast<std::size_t>(r)]);
  }
  checked_size(total);
  std::string all(total, '\0');
  MPI_Allgatherv(mine.data(), n, MPI_CHAR, all.data(), sizes.data(), offsets.data(), MPI_CHAR, MPI_COMM_WORLD);
  std::vector<std::string> out;
  for (int r = 0; r < size_; ++r)
    out.push_back(all.substr(static_cast<std::size_t>(offsets[static_cast<std::size_t>(r)]),
                             static_cast<std::size_t>(sizes[static_cast<std::size_t>(r)])));
  return out;
}

std::vector<std::string> MpiRanks::gather_to_first(const std::string& mine) {
  std::lock_guard<std::mutex> lock(mpi_);
  const int n = checked_size(mine.size());
  std::vector<int> sizes(static_cast<std::size_t>(size_)), offsets(static_cast<std::size_t>(size_));
  MPI_Gather(&n, 1, MPI_INT, sizes.data(), 1, MPI_INT, 0, MPI_COMM_WORLD);
  std::size_t total = 0;
  if (rank_ == 0)
    for (int r = 0; r < size_; ++r) {
      offsets[static_cast<std::size_t>(r)] = checked_size(total);
      total += static_cast<std::size_t>(sizes[static_cast<std::size_t>(r)]);
    }
  std::string all(rank_ == 0 ? static_cast<std::size_t>(checked_size(total)) : 0, '\0');
  MPI_Gatherv(mine.data(), n, MPI_CHAR, all.data(), sizes.data(), offsets.data(), MPI_CHAR, 0, MPI_COMM_WORLD);
  std::vector<std::string> out;
  if (rank_ == 0)
    for (int r = 0; r < size_; ++r)
      out.push_back(all.substr(static_cast<std::size_t>(offsets[static_cast<std::size_t>(r)]),
                               static_cast<std::size_t>(sizes[static_cast<std::size_t>(r)])));
  return out;
}

void MpiRanks::abort(int code) {
  MPI_Abort(MPI_COMM_WORLD, code);
  std::_Exit(code);
}

}  // namespace kunlun
