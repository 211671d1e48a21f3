// Runs replications of a scenario on a pool of threads, delivering results in replication order.
#pragma once

#include "sim/model/scenario.hpp"
#include "sim/model/tally.hpp"

#include <algorithm>
#include <cstdint>
#include <functional>
#include <optional>
#include <type_traits>
#include <vector>

namespace ccsim::model {

namespace detail {

// The pool size for `threads` (0 = all cores) and `count` tasks: never more threads than tasks.
[[nodiscard]] unsigned pool_size(unsigned threads, std::uint32_t count);

// Runs work(r) for every r in [first, first + count) on a pool of `threads` threads (one:
// the calling thread), and deliver(r) on the calling thread in increasing r, each after its
// work(r) returned. A worker starts r only once r - window has been delivered. The first
// exception of a work or deliver stops the pool and is rethrown here.
void run_in_order(std::uint32_t first, std::uint32_t count, unsigned threads, std::uint32_t window,
                  const std::function<void(std::uint32_t)>& work, const std::function<void(std::uint32_t)>& deliver);

}  // namespace detail

// Called once per replication, in increasing replication order, on the calling thread.
using ReplicationSink = std::function<void(std::uint32_t replication, ReplicationTally&& tally)>;

// Runs replications [first, first + count) of `scenario` with `threads` worker threads
// (0 = all cores). Replication r always draws from streams seeded by (seed, r), and results
// reach `sink` in order, so the outcome is the same whatever the thread count. The first
// exception a replication throws is rethrown here after the workers stop.
void run_replications(const Scenario& scenario, std::uint32_t first, std::uint32_t count, unsigned threads,
                      const ReplicationSink& sink);

// One replication on the calling thread.
[[nodiscard]] ReplicationTally run_replication(const Scenario& scenario, std::uint32_t replication);

// As above, and `digest(r, tally)` turns each tally into what the sink needs on the worker
// thread that ran it (so that work is parallel too); `sink(r, digest)` still runs on the
// calling thread in replication order. `digest` must be safe to call from several threads.
template <class Digest, class Sink>
void run_replications(const Scenario& scenario, std::uint32_t first, std::uint32_t count, unsigned threads,
                      Digest&& digest, Sink&& sink) {
  using Result = std::invoke_result_t<Digest&, std::uint32_t, ReplicationTally&&>;
  if (count == 0) return;
  threads = detail::pool_size(threads, count);
  const std::uint32_t window = 4 * threads;
  // Replication r's result waits in slot (r - first) % window: r starts only after r - window
  // was delivered, so the slot is free.
  std::vector<std::optional<Result>> slots(std::min(window, count));
  const auto slot = [&](std::uint32_t r) -> std::optional<Result>& { return slots[(r - first) % slots.size()]; };
  detail::run_in_order(
      first, count, threads, window, [&](std::uint32_t r) { slot(r).emplace(digest(r, run_replication(scenario, r))); },
      [&](std::uint32_t r) {
        Result result = std::move(*slot(r));
        slot(r).reset();
        sink(r, std::move(result));
      });
}

}  // namespace ccsim::model
