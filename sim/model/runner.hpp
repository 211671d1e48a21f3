// Runs replications of a scenario on a pool of threads, delivering results in replication order.
#pragma once

#include "sim/model/scenario.hpp"
#include "sim/model/tally.hpp"

#include <cstdint>
#include <functional>

namespace ccsim::model {

// Called once per replication, in increasing replication order, on the calling thread.
using ReplicationSink = std::function<void(std::uint32_t replication, ReplicationTally&& tally)>;

// Runs replications [first, first + count) of `scenario` with `threads` worker threads
// (0 = all cores). Replication r always draws from streams seeded by (seed, r), and results
// reach `sink` in order, so the outcome is the same whatever the thread count. The first
// exception a replication throws is rethrown here after the workers stop.
void run_replications(const Scenario& scenario, std::uint32_t first, std::uint32_t count,
                      unsigned threads, const ReplicationSink& sink);

// One replication on the calling thread.
[[nodiscard]] ReplicationTally run_replication(const Scenario& scenario, std::uint32_t replication);

}  // namespace ccsim::model
