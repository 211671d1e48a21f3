// `ccsim staff SCENARIO`: staffing per interval, by Erlang C/A and optionally by simulation.
#pragma once

#include <optional>
#include <string>

namespace ccsim::cli {

struct StaffScenarioRequest {
  std::string path;
  std::optional<double> target;    // default: the scenario's service_level.target
  std::optional<double> within_s;  // default: the scenario's target threshold
  bool simulate = false;           // adjust the analytic answer by simulating the scenario
  std::string group;               // the agent group whose staffing is set (default: the first)
  unsigned threads = 0;
  unsigned max_iterations = 30;
  std::string json;  // "-" for stdout, a file, or empty
};

// Per interval: the fewest agents meeting the target by Erlang C (Erlang A when every call
// type has a patience), from the interval's rates and mean handle time; with `simulate`,
// that list is given to the agent group and raised, interval by interval, while the
// simulated service level of an interval stays under the target.
void run_staff_scenario(const StaffScenarioRequest& request);

}  // namespace ccsim::cli
