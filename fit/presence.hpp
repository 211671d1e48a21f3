// Agents present, as the records show them: records do not say who was logged in, but they
// say who answered each call. An agent's calls of a day that follow each other within
// `gap_s` (end of one to start of the next) make one session; the agent counts as present
// from the start of its first call to the end of its last. Per day and interval: the mean
// number of agents in a session. A day's total (agent-hours present) measures how well it
// was staffed against the other days, which the back-test uses to scale the calibrated
// staffing to each test day.
#pragma once

#include "fit/selection.hpp"

#include <map>
#include <string>
#include <vector>

namespace ccsim::fit {

struct Presence {
  double gap_s = 600.0;
  std::size_t agents = 0;                              // distinct agents seen answering
  std::map<std::string, std::vector<double>> per_day;  // day -> mean agents present per interval
  [[nodiscard]] bool known() const { return agents > 0; }
  // Agent-hours present on `day` over the selected hours (0 when the day has no record).
  [[nodiscard]] double hours(const std::string& day, double interval_s) const;
};

[[nodiscard]] Presence measure_presence(const Sample& sample, const Selection& sel, double gap_s = 600.0);

}  // namespace ccsim::fit
