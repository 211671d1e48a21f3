// `ccsim optimize staffing`: the least-cost agents per group and interval such that every
// expectation of the scenario holds in every interval, with the routing in place. Starts from
// per-queue Erlang answers, then improves by simulation on common random numbers (every
// staffing tried sees the same callers): a repair phase adds agents where a constraint fails
// (to the group that helps most per unit of cost, measured), then a local search removes (and,
// when costs differ, swaps) agents while every constraint still holds. The answer is checked
// by a fresh run with other seeds. Methods and sources: docs/optimize.md.
#pragma once

#include "analysis/estimators/interval_expectations.hpp"
#include "analysis/reports/results_json.hpp"
#include "plan/progress.hpp"
#include "plan/simulation.hpp"
#include "sim/model/scenario.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace ccsim::plan {

struct OptimizeStaffingRequest {
  unsigned threads = 0;
  std::uint32_t max_agents = 200;                    // per group and interval
  std::vector<std::string> groups;                   // the groups to staff (default: every group)
  std::optional<std::uint64_t> verify_seed;          // default: the search seed + 1
  std::optional<std::uint32_t> verify_replications;  // default: the search's
  unsigned max_simulations = 2000;
  bool start_from_scenario = false;  // start from the scenario's staffing, not per-queue Erlang
};

// Agents per optimised group (in `StaffingOptimum::groups` order), per interval.
using Staffing = std::vector<std::vector<std::uint32_t>>;

// One simulation of the search.
struct SearchStep {
  std::string move;                    // "start", "add", "remove", "swap", "retry"
  std::string group;                   // the group losing (remove, swap) or gaining (add) agents
  std::string to_group;                // swap: the group gaining them
  std::vector<std::size_t> intervals;  // where the move was tried
  std::vector<std::size_t> accepted;   // where it was kept
  double cost = 0.0;                   // of the staffing simulated
  std::size_t violated = 0;            // constraints failing there
};

struct StaffingOptimum {
  model::Scenario scenario;  // with the staffing found (per-interval lists, shifts replaced)
  std::vector<model::Id> groups;
  std::vector<double> costs;  // per agent-hour, per optimised group
  Staffing start;             // per-queue Erlang answers (or the scenario's staffing)
  bool start_is_erlang = true;
  Staffing agents;  // the answer
  double start_cost = 0.0;
  double cost = 0.0;
  double start_agent_hours = 0.0;
  double agent_hours = 0.0;
  std::vector<analysis::Constraint> constraints;
  std::vector<analysis::ConstraintCheck> checks;  // at the answer, on the search's callers
  std::vector<bool> binding;                      // a last removal failed on it, or its CI holds the bound
  bool feasible = false;                          // every constraint met at the answer (else: the best found)
  bool budget_spent = false;                      // the search stopped at max_simulations
  std::vector<SearchStep> steps;
  std::unique_ptr<Simulation> verification;  // the answer on other seeds
  std::vector<analysis::ConstraintCheck> verified;
  double seconds = 0.0;  // wall-clock time of the search and the verification
};

// Throws InputError (FILE: /pointer: message) for a scenario without expectations,
// contradictory bounds, a group without a cost when others have one, unknown --groups names.
[[nodiscard]] StaffingOptimum optimize_staffing(model::Scenario scenario, const OptimizeStaffingRequest& request,
                                                Progress& progress);

// {"staffing": {GROUP: [agents per interval]}, "cost", "agent_hours", "start", "constraints",
//  "iterations", "verification": results JSON of the fresh run}.
[[nodiscard]] analysis::Json optimum_json(const StaffingOptimum& optimum);

// Agent-hours and cost of a staffing of the optimised groups.
[[nodiscard]] double agent_hours_of(const model::Scenario& sc, const Staffing& x);
[[nodiscard]] double cost_of(const model::Scenario& sc, const std::vector<double>& costs, const Staffing& x);

}  // namespace ccsim::plan
