// Replaying recorded days: each day of a sample simulated with its own recorded arrivals
// (`trace` per call type), the fitted model, and a staffing of its own. Records do not hold
// staffing; a day's staffing is the calibrated one (per interval, from the training days)
// times the day's agent-hours present (fit/presence.hpp) relative to the training days' mean,
// times one level fitted so that replaying the training days reproduces their pooled
// abandonment and SL20. Fractional agents are kept: 4.4 agents in an interval are 4 agents
// for the whole interval and one more for its first 40% (scenario `shifts`).
#pragma once

#include "fit/fit.hpp"
#include "plan/simulation.hpp"

#include <memory>
#include <string>
#include <vector>

namespace ccsim::fit {

// `"agents"` of a group: one shift per interval for the whole agents, one for the fraction.
[[nodiscard]] Json shift_staffing(const std::vector<double>& agents, double interval_s);

// Simulates each day of `sample` with its arrivals and `agents[d]` per interval; with
// `replay_handle`, answered callers keep their recorded handle times (the others draw theirs).
[[nodiscard]] std::vector<std::unique_ptr<plan::Simulation>> replay_days(const Json& scenario, const Sample& sample,
                                                                         const Selection& sel,
                                                                         const std::vector<std::vector<double>>& agents,
                                                                         std::uint32_t replications, unsigned threads,
                                                                         bool replay_handle);

struct DayStaffing {
  std::string method;
  double level = 1.0;                // fitted on the training days
  std::vector<double> levels_tried;  // with the loss of each
  std::vector<double> losses;
  std::vector<std::vector<double>> agents;  // per day of the sample, per interval
  std::vector<double> presence_hours;       // per day (0: unknown)
};

// The staffing of each day of `sample` (the test days), fitted on the training days.
[[nodiscard]] DayStaffing staff_days(const FitResult& fit, const FitOptions& o, const Sample& sample);

}  // namespace ccsim::fit
