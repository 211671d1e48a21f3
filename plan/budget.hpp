// The work and memory a run, sweep or check is about to take, estimated before it starts, and
// refused (exit 2, with the estimate) when it exceeds the limits: a grid of a million points or
// a billion-call day fails at once with the figures, instead of after an hour or in
// std::bad_alloc. README "Robustness" states the limits; --max-calls and --max-memory change them.
#pragma once

#include "sim/model/scenario.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace ccsim::plan {

struct Limits {
  double max_calls = 1e10;        // simulated first attempts, every point and replication together
  double max_memory_bytes = 0.0;  // 0: half the machine's physical memory (at least 1 GiB)
};

// What the work is expected to take.
struct WorkEstimate {
  double calls = 0.0;         // first attempts over every point and replication (redials come on top)
  double memory_bytes = 0.0;  // figures kept for every replication, plus each thread's working set
};

// The estimate for `points` scenarios like `sc` (a sweep's points differ by their overrides;
// the first stands for all), each run `replications` times on `threads` threads (0 = all cores).
[[nodiscard]] WorkEstimate estimate_work(const model::Scenario& sc, std::size_t points, std::uint64_t replications,
                                         unsigned threads);

// Sums estimates (the scenarios of `ccsim check`, A and B of `compare`).
[[nodiscard]] WorkEstimate operator+(const WorkEstimate& a, const WorkEstimate& b);

// Throws InputError "WHAT: about N calls and M of memory ... exceeds --max-... L" when the
// estimate exceeds `limits`.
void check_budget(const WorkEstimate& estimate, const Limits& limits, const std::string& what);

// "512 MiB", "3.2 GiB"; and back: "512M", "8G", "1T", "4096" (bytes). Throws InputError.
[[nodiscard]] std::string format_bytes(double bytes);
[[nodiscard]] double parse_bytes(const std::string& text, const std::string& flag);

}  // namespace ccsim::plan
