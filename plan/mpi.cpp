#include "plan/mpi.hpp"

#include "sim/error.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <stdexcept>
#include <string>
#include <thread>

#ifdef CCSIM_WITH_MPI
// The C API only: the deprecated C++ bindings are neither needed nor warning-clean.
#define OMPI_SKIP_MPICXX 1
#define MPICH_SKIP_MPICXX 1
#include <mpi.h>
#endif

namespace ccsim::plan::mpi {

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
constexpr int status_fields = 4;

std::vector<Status> exchange(const Status& mine) {
  const long long send[status_fields] = {mine.code, mine.count, mine.has_message, mine.concluding};
  std::vector<long long> recv(static_cast<std::size_t>(status_fields * size()));
  // Ranks wait here for the slowest one. A blocking MPI_Allgather would spin at full speed
  // meanwhile, taking a core from the ranks still simulating when cores are shared; polling
  // every millisecond costs nothing next to a replication.
  MPI_Request request = MPI_REQUEST_NULL;
  MPI_Iallgather(send, status_fields, MPI_LONG_LONG, recv.data(), status_fields, MPI_LONG_LONG, MPI_COMM_WORLD,
                 &request);
  for (int done = 0;;) {
    MPI_Test(&request, &done, MPI_STATUS_IGNORE);
    if (done != 0) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  std::vector<Status> out(static_cast<std::size_t>(size()));
  for (std::size_t r = 0; r < out.size(); ++r) {
    const long long* f = recv.data() + status_fields * r;
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

void Session::finalize() {
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

Gathered all_gather(const std::exception_ptr& error, const std::vector<double>& mine) {
  if (size() == 1) {
    if (error) std::rethrow_exception(error);
    return {mine, {0, mine.size()}};
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
      own = std::make_exception_ptr(
          std::logic_error("MPI rank " + std::to_string(rank()) + ": the ranks did not run the same work"));
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
  Gathered all;
  all.values.resize(static_cast<std::size_t>(total));
  MPI_Allgatherv(mine.data(), static_cast<int>(mine.size()), MPI_DOUBLE, all.values.data(), counts.data(),
                 offsets.data(), MPI_DOUBLE, MPI_COMM_WORLD);
  all.starts.assign(offsets.begin(), offsets.end());
  all.starts.push_back(all.values.size());
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

namespace {

// The number of processes an MPI launcher started (mpirun, mpiexec, srun --mpi=pmi2), 1 when
// there is none.
long launched_processes() {
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE"}) {
    if (const char* value = std::getenv(name)) return std::strtol(value, nullptr, 10);
  }
  return 1;
}

bool launched_first() {
  for (const char* name : {"OMPI_COMM_WORLD_RANK", "PMI_RANK"}) {
    if (const char* value = std::getenv(name)) return std::strtol(value, nullptr, 10) == 0;
  }
  return true;
}

}  // namespace

// Under `mpirun -n K` this ccsim cannot talk to the other processes: each would run the whole
// job and write the same files. It refuses at once (exit 2), said once, by the first process.
Session::Session(int& argc, char**& argv) {
  (void)argc;
  (void)argv;
  const long processes = launched_processes();
  if (processes <= 1) return;
  if (launched_first()) {
    std::fprintf(stderr,
                 "ccsim: this ccsim was built without MPI, so it cannot share work with the other processes "
                 "started with it (%ld in all): run it alone, or rebuild with -DCCSIM_WITH_MPI=ON (libopenmpi-dev)\n",
                 processes);
  }
  std::exit(2);
}

void Session::finalize() {}

int rank() { return 0; }

int size() { return 1; }

Gathered all_gather(const std::exception_ptr& error, const std::vector<double>& mine) {
  if (error) std::rethrow_exception(error);
  return {mine, {0, mine.size()}};
}

Conclusion conclude(int code, bool has_message) { return {code, has_message}; }

#endif

Session::~Session() {
  if (initialized_) finalize();
}

}  // namespace ccsim::plan::mpi
