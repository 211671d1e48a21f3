// Staffing per interval of a scenario: the fewest agents meeting a service-level target by
// Erlang C (Erlang A when every call type has a patience), from each interval's rates and mean
// handle time; optionally adjusted by simulating the scenario with its routing in place.
#pragma once

#include "analysis/estimators/summary.hpp"
#include "analysis/reports/results_json.hpp"
#include "plan/progress.hpp"
#include "sim/model/scenario.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ccsim::plan {

struct StaffingRequest {
  std::optional<double> target;    // default: the scenario's service_level.target
  std::optional<double> within_s;  // default: the scenario's target threshold
  bool simulate = false;           // adjust the analytic answer by simulating the scenario
  std::string group;               // the agent group whose staffing is set (default: the first)
  unsigned threads = 0;
  unsigned max_iterations = 30;
};

// The offered load of one interval, all call types together.
struct IntervalLoad {
  double calls_per_hour = 0.0;
  double handle_s = 0.0;             // rate-weighted mean of handle time + wrap-up
  std::optional<double> patience_s;  // rate-weighted mean; none if a call type never abandons
};

struct StaffingPlan {
  model::Scenario scenario;  // with the target threshold added and, when simulated, the staffing
  model::Id group = 0;
  double target = 0.0;
  double within_s = 0.0;
  bool erlang_a = true;  // false: Erlang C (some call type never abandons)
  std::vector<IntervalLoad> loads;
  std::vector<std::uint32_t> analytic;  // Erlang answer per interval
  // With simulate: the staffing reached, its simulated service level per interval, the
  // simulations run and whether every interval met the target.
  bool simulated = false;
  std::vector<std::uint32_t> agents;
  std::vector<analysis::Estimate> service_level;
  unsigned iterations = 0;
  bool all_met = true;
};

// Per interval, the Erlang answer; with `simulate`, that list is given to the agent group and
// raised, interval by interval, while the simulated service level of an interval stays under
// the target (at most max_iterations simulations). Throws InputError when there is no target,
// no such group or no group at all.
[[nodiscard]] StaffingPlan plan_staffing(model::Scenario scenario, const StaffingRequest& request, Progress& progress);

// The `staff --json` document of a plan.
[[nodiscard]] analysis::Json staffing_json(const StaffingPlan& plan);

}  // namespace ccsim::plan
