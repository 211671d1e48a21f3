// Dealing replications out: to the thread pool alone, or over the ranks of an MPI run and back.
#pragma once

#include "analysis/estimators/summary.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

namespace ccsim::plan {

// Replications [first, first + count) of the scenario of `summary`.
struct Batch {
  const analysis::Summary* summary;
  std::uint32_t first;
  std::uint32_t count;
};

// Receives the figures of one replication of batches[batch].
using FiguresSink = std::function<void(std::size_t batch, analysis::ReplicationFigures&& figures)>;

// Runs every batch's replications and hands their figures to `sink`, batch after batch, each in
// replication order. Alone, each batch runs on the thread pool and figures stream to the sink.
// In an MPI run, the replications of all batches, as one list of tasks, are cut into chunks
// dealt round-robin to the ranks, about 8 per rank: points of a sweep differ in cost, and
// spreading each rank's work over the whole list evens the load, while chunks stay long enough
// for the thread pool. Replication r depends only on (scenario, seed, r), so who runs it does
// not matter. Each rank runs its chunks on its own pool, then every rank receives every figure
// and feeds the sink alike, in task order, so every rank builds the same summaries.
void run_batches(const std::vector<Batch>& batches, unsigned threads, const FiguresSink& sink);

}  // namespace ccsim::plan
