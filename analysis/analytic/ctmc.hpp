// Exact steady state of a small Markovian scenario: the continuous-time Markov chain of the
// whole routing (queues, priorities, agent groups with preferences, overflow rules), solved
// with Eigen's sparse solvers. Construction, state encoding, truncation and solver:
// docs/formulas.md, "Exact CTMC of a whole scenario".
//
// The chain reproduces what the simulator does for a scenario with Poisson arrivals at constant
// rates, exponential handle times and patience, no wrap-up, no `after` tiers, no announcements,
// delays, outages, `waited` timers or per-interval lists, and overflow conditions that are
// functions of the state (queue_length, available_agents, occupancy, expected_wait, with
// all/any and hysteresis). Anything else is refused with a ccsim::InputError naming the file
// and the JSON pointer. The analysis library never calls the simulator.
//
// The public entry; the parts, each in its file: ctmc_compile (refusals, the compiled model and
// its state layout), ctmc_state_space (states, routing, transitions, the reachable chain),
// ctmc_solve (truncation of unlimited queues, the sparse solvers, solve_ctmc) and ctmc_figures
// (figures and notes from the stationary distribution). Written out by reports/results_json
// and reports/results_table, as the results of `ccsim run` are.
#pragma once

#include "analysis/estimators/expectations.hpp"
#include "analysis/estimators/summary.hpp"
#include "sim/model/scenario.hpp"

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace ccsim::analysis {

struct CtmcOptions {
  // Largest chain solved; a bigger one is refused with "would need N states (limit M)".
  std::size_t max_states = 2'000'000;
  // An unlimited queue is cut at a length where the stationary probability of being there is
  // below this; the length grows until it is.
  double boundary_mass = 1e-13;
};

// Where an unlimited queue was cut: arrivals finding `max_waiting` callers there count as blocked.
struct CtmcTruncation {
  std::string queue;
  std::uint32_t max_waiting = 0;
  double mass_at_bound = 0.0;  // stationary probability of exactly max_waiting callers
};

// Calls moved on by one overflow rule, per second of steady state.
struct CtmcRuleFlow {
  std::string queue;
  std::size_t rule = 0;  // index in the queue's overflow list
  std::string text;
  std::string to;  // target queue or exit
  double per_second = 0.0;
  double per_offered = 0.0;  // share of all offered calls
};

// The exact figures of a scenario, keyed like a simulation Summary (FigureKey) so that the
// results JSON has the same keys as `ccsim run`. Counts are expected counts over the counted
// window [warmup, horizon) (rate x window), shares and waits are stationary values.
struct CtmcResult {
  std::string scenario;  // name
  std::string source;    // file, for messages
  std::uint64_t seed = 0;
  double horizon_s = 0.0;
  double warmup_s = 0.0;
  double interval_s = 0.0;
  std::optional<double> start_clock_s;  // the scenario's `start`, for clock times
  std::vector<double> thresholds_s;

  std::size_t states = 0;  // states of the solved chain (reachable from the empty state)
  bool transient = false;  // a day from its state at time 0 (per-interval figures), not a steady state
  std::string solver;      // "SparseLU", "BiCGSTAB" or "birth-death recurrence"
  double residual = 0.0;   // |pi Q|_1 / total probability flow
  std::vector<CtmcTruncation> truncations;
  std::vector<CtmcRuleFlow> rules;
  std::vector<std::string> notes;      // figures left out and why, modelling choices
  std::vector<FigureKey> keys;         // in report order
  std::map<FigureKey, double> values;  // NaN where undefined (e.g. ASA of a call type never offered)
  std::vector<ExpectationResult> expectations;

  [[nodiscard]] bool has(const FigureKey& key) const { return values.contains(key); }
  // The figure, or nullopt when it is absent (not computable exactly) or undefined.
  [[nodiscard]] std::optional<double> value(const FigureKey& key) const;
  // Shorthand for a whole-run figure: value({section, name, -1, metric}).
  [[nodiscard]] std::optional<double> value(const std::string& section, const std::string& name,
                                            const std::string& metric) const;
};

// Builds and solves the chain. Throws ccsim::InputError for a scenario that is not Markovian
// (message "FILE: /json/pointer: what; ccsim exact needs a Markovian scenario"), or whose
// chain would exceed options.max_states ("FILE: would need N states (limit M) ...").
[[nodiscard]] CtmcResult solve_ctmc(const model::Scenario& scenario, const CtmcOptions& options = {});

// The number of states of the chain's encoding at the initial truncation of unlimited queues
// (states with an idle agent while a queue it serves holds callers excluded): the exact number
// of reachable states for a scenario without overflow rules, an upper bound with them.
[[nodiscard]] double ctmc_state_bound(const model::Scenario& scenario);

}  // namespace ccsim::analysis
