// `ccsim optimize staffing --shifts FILE`: the per-interval answer of optimize_staffing turned
// into shifts. Each staffed group's requirement is covered at least cost by the shift
// templates of FILE (an integer program, analysis/analytic/shift_cover.hpp); the shift plan is
// then simulated with the routing in place, and where a constraint fails the requirement of
// that interval is raised and the program re-solved. The result is a runnable scenario.
#pragma once

#include "analysis/analytic/shift_cover.hpp"
#include "plan/optimize_staffing.hpp"

#include <string>
#include <vector>

namespace ccsim::plan {

// The templates of FILE for each staffed group (in StaffingOptimum::groups order), in
// interval units. FILE: {"templates": [{"name", "start", "length", "cost", "breaks": [{"from",
// "to", "for"}], "groups"}]}: times are clock times ("07:00", with the scenario's `start`) or
// durations from time 0; a break starts anywhere from `from` to `to`; cost per shift (default:
// its hours times the group's cost per agent-hour); `groups` (default: every staffed group).
// Throws InputError (FILE: /pointer: message) for bad templates and for an interval where some
// group needs agents that none of its templates covers.
[[nodiscard]] std::vector<std::vector<analysis::ShiftTemplate>> read_shift_templates(const std::string& path,
                                                                                     const StaffingOptimum& optimum);

struct ShiftOutcome {
  std::vector<analysis::ShiftPlan> plans;               // per staffed group
  std::vector<std::vector<std::uint32_t>> requirement;  // covered, after any raise
  model::Scenario scenario;                             // with the shifts
  std::vector<analysis::ConstraintCheck> checks;        // of the plan, on the search's callers
  bool feasible = false;
  unsigned rounds = 0;  // integer programs solved
  double cost = 0.0;
  std::unique_ptr<Simulation> verification;  // on the verification seed
  std::vector<analysis::ConstraintCheck> verified;
};

[[nodiscard]] ShiftOutcome plan_shifts(const StaffingOptimum& optimum,
                                       const std::vector<std::vector<analysis::ShiftTemplate>>& templates,
                                       const OptimizeStaffingRequest& request, Progress& progress);

// The scenario file `path` with each staffed group's "agents" replaced by `agents_json` of it.
[[nodiscard]] analysis::Json scenario_with_staffing(const std::string& path, const StaffingOptimum& optimum,
                                                    const std::vector<analysis::Json>& agents_json);

// A group's shifts as the scenario format writes them.
[[nodiscard]] analysis::Json shifts_json(const model::Scenario& sc,
                                         const std::vector<analysis::ShiftTemplate>& templates,
                                         const analysis::ShiftPlan& plan);

}  // namespace ccsim::plan
