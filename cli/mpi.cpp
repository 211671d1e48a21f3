#include "cli/mpi.hpp"

#include "sim/error.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <stdexcept>
#include <string>

#ifdef CCSIM_WITH_MPI
// The C API only: the deprecated C++ bindings are neither needed nor warning-clean.
#define OMPI_SKIP_MPICXX 1
#define MPICH_SKIP_MPICXX 1
#include <mpi.h>
#endif

namespace ccsim::cli::mpi {

bool built_with_mpi() {
#ifdef CCSIM_WITH_MPI
  return true;
#else
  return false;
#endif
}

#ifdef CCSIM_WITH_MPI

namespace {

bool active() {
  int initialized = 0;
  int finalized = 0;
  MPI_Initialized(&initialized);
  MPI_Finalized(&finalized);
  return initialized != 0 && finalized == 0;
}

// Set by the launchers we know: Open MPI's mpirun, PMIx (Open MPI, `srun --mpi=pmix`), and PMI
// (MPICH's hydra, `srun --mpi=pmi2`). Without one of them, MPI_Init would only make a
// singleton: not worth its start-up time and messages for a plain `ccsim run`.
bool started_by_launcher() {
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "PMI_SIZE"}) {
    if (std::getenv(name) != nullptr) return true;
  }
  return false;
}

// What each rank tells the others at every exchange.
struct Status {
  long long code = 0;         // exit code so far: 0 fine, else failed
  long long count = 0;        // numbers it contributes to all_gather
  long long has_message = 0;  // whether it has an error message to print
  long long concluding = 0;   // 1 in `conclude`, 0 in `all_gather`
};
constexpr int kStatusFields = 4;

std::vector<Status> exchange(const Status& mine) {
  const long long send[kStatusFields] = {mine.code, mine.count, mine.has_message, mine.concluding};
  std::vector<long long> recv(static_cast<std::size_t>(kStatusFields * size()));
  MPI_Allgather(send, kStatusFields, MPI_LONG_LONG, recv.data(), kStatusFields, MPI_LONG_LONG, MPI_COMM_WORLD);
  std::vector<Status> out(static_cast<std::size_t>(size()));
  for (std::size_t r = 0; r < out.size(); ++r) {
    const long long* f = recv.data() + kStatusFields * r;
    out[r] = {f[0], f[1], f[2], f[3]};
  }
  return out;
}

int worst_code(const std::vector<Status>& statuses) {
  long long worst = 0;
  for (const auto& s : statuses) worst = std::max(worst, s.code);
  return static_cast<int>(std::min<long long>(worst, 255));
}

}  // namespace

Session::Session(int& argc, char**& argv) {
  if (!started_by_launcher()) return;
  // Only the main thread calls MPI; the replication threads never do.
  int provided = 0;
  MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided);
  initialized_ = true;
  if (rank() != 0) {
    const int null = open("/dev/null", O_WRONLY);
    if (null >= 0) {
      dup2(null, STDOUT_FILENO);
      close(null);
    }
  }
}

Session::~Session() {
  if (!initialized_) return;
  std::cout.flush();
  std::fflush(stdout);
  MPI_Finalize();
}

int rank() {
  if (!active()) return 0;
  int r = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &r);
  return r;
}

int size() {
  if (!active()) return 1;
  int n = 1;
  MPI_Comm_size(MPI_COMM_WORLD, &n);
  return n;
}

std::vector<double> all_gather(const std::exception_ptr& error, const std::vector<double>& mine) {
  if (size() == 1) {
    if (error) std::rethrow_exception(error);
    return mine;
  }
  Status status;
  status.code = error ? 2 : 0;
  status.count = error ? 0 : static_cast<long long>(mine.size());
  status.has_message = error ? 1 : 0;
  const auto statuses = exchange(status);
  int worst = worst_code(statuses);
  const bool out_of_step =
      std::any_of(statuses.begin(), statuses.end(), [](const Status& s) { return s.concluding != 0; });
  if (worst != 0 || out_of_step) {
    std::exception_ptr own = error;
    if (!own && worst == 0) {
      // A rank ended without failing while this one still simulates: a bug, or ranks that read
      // different inputs (a scenario file that differs between the cluster's nodes).
      own = std::make_exception_ptr(std::logic_error("MPI rank " + std::to_string(rank()) +
                                                     ": the ranks did not run the same work"));
    }
    throw Failed(own, statuses.front().has_message != 0, std::max(worst, 2));
  }

  std::vector<int> counts(statuses.size());
  std::vector<int> offsets(statuses.size());
  long long total = 0;
  for (std::size_t r = 0; r < statuses.size(); ++r) {
    if (total + statuses[r].count > INT_MAX) {
      // Every rank sees the same counts, so every rank throws here.
      throw InputError("MPI: " + std::to_string(total + statuses[r].count) +
                       " figures in one exchange, above MPI's limit of " + std::to_string(INT_MAX) +
                       ": split the sweep or use fewer replications per run");
    }
    counts[r] = static_cast<int>(statuses[r].count);
    offsets[r] = static_cast<int>(total);
    total += statuses[r].count;
  }
  std::vector<double> all(static_cast<std::size_t>(total));
  MPI_Allgatherv(mine.data(), static_cast<int>(mine.size()), MPI_DOUBLE, all.data(), counts.data(), offsets.data(),
                 MPI_DOUBLE, MPI_COMM_WORLD);
  return all;
}

Conclusion conclude(int code, bool has_message) {
  if (size() == 1) return {code, has_message};
  Status status;
  status.code = code;
  status.has_message = has_message ? 1 : 0;
  status.concluding = 1;
  const auto statuses = exchange(status);
  int worst = worst_code(statuses);
  // A rank still simulating (not concluding) is out of step and fails; it says why.
  for (const auto& s : statuses) {
    if (s.concluding == 0) worst = std::max(worst, 2);
  }
  return {worst, statuses.front().has_message != 0};
}

#else  // no MPI: one process, rank 0 of 1

Session::Session(int& argc, char**& argv) {
  (void)argc;
  (void)argv;
}

Session::~Session() = default;

int rank() { return 0; }

int size() { return 1; }

std::vector<double> all_gather(const std::exception_ptr& error, const std::vector<double>& mine) {
  if (error) std::rethrow_exception(error);
  return mine;
}

Conclusion conclude(int code, bool has_message) { return {code, has_message}; }

#endif

}  // namespace ccsim::cli::mpi
