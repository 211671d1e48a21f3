// Exact steady state of one queue with a `when_idle` callback (virtual hold): the M/M/c+M
// queue whose callers, finding every agent busy while the offer condition holds, take a
// callback with probability `accept`; requests wait apart and an agent takes one only when no
// caller waits. The chain's state is (busy agents, callers in line, requests); it is solved
// with Eigen's SparseLU, sharing no code with the simulator. `ccsim exact` uses it for
// scenarios with a callback (solve_ctmc dispatches here); docs/formulas.md, "Callbacks".
#pragma once

#include "analysis/analytic/ctmc.hpp"

#include <cstdint>
#include <optional>
#include <vector>

namespace ccsim::analysis {

// The parameters of the chain: rates per second, the offer condition as a range of line
// lengths (queue_length at_least / at_most, not counting the arriving caller).
struct CallbackChain {
  double lambda = 0.0;  // arrivals
  double mu = 0.0;      // 1 / mean handle time
  double theta = 0.0;   // 1 / mean patience (0: never abandons)
  std::uint32_t agents = 0;
  double offer_from = 0.0;  // offered when line length >= this
  double offer_to = 1e300;  // ... and <= this
  double accept = 1.0;
  std::optional<std::uint32_t> capacity;  // most callers in line
  std::vector<double> thresholds_s;
};

// Stationary figures of the chain (shares of offered calls, means in seconds or callers).
struct CallbackChainFigures {
  double callback_rate = 0.0;  // callback / offered
  double offer_rate = 0.0;     // callbacks_offered / offered
  double abandon_rate = 0.0;
  double block_rate = 0.0;
  double answered_rate = 0.0;
  std::vector<double> service_level;  // answered within T / (offered - callback), per threshold
  double occupancy = 0.0;             // mean busy agents / agents
  double mean_line = 0.0;             // mean callers in line
  double mean_requests = 0.0;         // mean requests waiting
  double callback_wait = 0.0;         // mean_requests / (lambda x callback_rate), Little
  double mean_wait = 0.0;             // of answered and abandoned callers
  std::size_t states = 0;
  std::uint32_t max_line = 0;  // truncation of the line and of the requests
  std::uint32_t max_requests = 0;
  double mass_at_bound = 0.0;
  double residual = 0.0;
};

// Solves the chain, growing the truncation until the boundary mass is below `boundary_mass`.
[[nodiscard]] CallbackChainFigures solve_callback_chain(const CallbackChain& chain, double boundary_mass = 1e-13,
                                                        std::size_t max_states = 2'000'000);

// `ccsim exact` for a scenario with a callback: one queue, one call type, one agent group,
// a when_idle callback whose offer_when is a queue_length range on that queue. Anything else
// is refused with the pointer and why.
[[nodiscard]] CtmcResult solve_callback_ctmc(const model::Scenario& scenario, const CtmcOptions& options);

}  // namespace ccsim::analysis
