// MPI for the planning layer: `mpirun -n K ccsim run|sweep ...` spreads replications over K
// processes (ranks), each with its own thread pool. Without an MPI build (-DCCSIM_WITH_MPI=OFF),
// or when ccsim was not started by an MPI launcher, every function here is the single-process
// path: rank 0 of 1, and nothing is sent anywhere.
//
// Error protocol. A rank that fails must not leave the others waiting in a collective, and
// every rank must end with the same exit code. So every exchange starts with each rank's
// status: `all_gather` (during a simulation) and `conclude` (at the end of main) are the same
// collective underneath, so a rank that failed early and went straight to `conclude` meets the
// others in their next `all_gather`. When any rank has failed, `all_gather` throws `Failed` on
// every rank and nobody takes part in any further exchange; otherwise every rank ends in
// `conclude`. Messages are printed by rank 0, and by another rank only when rank 0 has none.
#pragma once

#include <cstddef>
#include <exception>
#include <utility>
#include <vector>

namespace ccsim::plan::mpi {

// Whether this ccsim was built with MPI (`ccsim --version` then ends in "(MPI)").
[[nodiscard]] bool built_with_mpi();

// MPI_Init / MPI_Finalize around main, when ccsim was started by an MPI launcher (mpirun,
// mpiexec, srun with PMI/PMIx): a plain `ccsim run` never initialises MPI. On ranks other
// than 0, stdout goes to /dev/null: only rank 0 prints results. A ccsim built without MPI but
// started as one of several processes by a launcher says so and exits with code 2 at once:
// each copy would otherwise run the whole job and write the same files.
class Session {
public:
  Session(int& argc, char**& argv);
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;
  Session(Session&&) = delete;
  Session& operator=(Session&&) = delete;
  ~Session();

private:
  static void finalize();
  bool initialized_ = false;
};

// This process's rank, and how many there are: 0 and 1 outside an MPI run.
[[nodiscard]] int rank();
[[nodiscard]] int size();
[[nodiscard]] inline bool is_root() { return rank() == 0; }

// Thrown by `all_gather` on every rank when some rank failed. Carries this rank's own error
// (null when it did not fail itself), whether rank 0 has an error message of its own, and the
// highest exit status of any rank.
class Failed : public std::exception {
public:
  Failed(std::exception_ptr own, bool root_has_message, int worst_code)
      : own_(std::move(own)),  // NOLINT(bugprone-throw-keyword-missing): a pointer kept, nothing to throw
        root_has_message_(root_has_message), worst_code_(worst_code) {}
  [[nodiscard]] const char* what() const noexcept override { return "another MPI rank failed"; }
  [[nodiscard]] const std::exception_ptr& own() const { return own_; }
  [[nodiscard]] bool root_has_message() const { return root_has_message_; }
  [[nodiscard]] int worst_code() const { return worst_code_; }

private:
  std::exception_ptr own_;
  bool root_has_message_;
  int worst_code_;
};

// Every rank's numbers, concatenated in rank order: rank r's are values[starts[r], starts[r+1]).
struct Gathered {
  std::vector<double> values;
  std::vector<std::size_t> starts;  // size() + 1 entries, the last one values.size()
};

// Collective. Each rank passes what it failed with (null if nothing) and its numbers; when no
// rank failed, every rank receives every rank's numbers, bit for bit. When any failed, throws
// `Failed` on every rank. Alone (no MPI), rethrows `error` or returns `mine`.
[[nodiscard]] Gathered all_gather(const std::exception_ptr& error, const std::vector<double>& mine);

// How a run ends, agreed by all ranks: the highest exit code and whether rank 0 has an error
// message to print.
struct Conclusion {
  int worst_code = 0;
  bool root_has_message = false;
};

// Collective, the last one of a run, for every rank that has not caught `Failed`: `code` is this
// rank's exit code and `has_message` whether it has an error message to print.
[[nodiscard]] Conclusion conclude(int code, bool has_message);

}  // namespace ccsim::plan::mpi
