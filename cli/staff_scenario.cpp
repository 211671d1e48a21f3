#include "cli/staff_scenario.hpp"

#include "cli/options.hpp"
#include "plan/staffing.hpp"
#include "sim/model/clock.hpp"
#include "sim/scenario/duration.hpp"

#include <fmt/format.h>

#include <iostream>

namespace ccsim::cli {

void run_staff_scenario(const StaffScenarioRequest& request) {
  SimulationProgress progress("iteration", 1, false);
  const plan::StaffingPlan plan =
      plan::plan_staffing(plan::load_scenario(request.path, {}, plan::RunSettings{}), request.staffing, progress);
  if (!request.json.empty()) write_json_output("--json", request.json, plan::staffing_json(plan));
  if (request.json == "-") return;

  const auto& sc = plan.scenario;
  const std::size_t n = plan.loads.size();
  std::cout << "Staffing of " << sc.name << " (group " << sc.agent_groups[plan.group].name << "): target "
            << fmt::format("{:g}", plan.target) << " answered within " << scenario::format_duration(plan.within_s)
            << ", " << (plan.erlang_a ? "Erlang A" : "Erlang C") << " per interval";
  if (plan.simulated) {
    std::cout << ", then simulated (" << plan.iterations << " iterations, " << sc.replications << " replications"
              << (plan.all_met ? ", target met in every interval" : ", target NOT met in every interval") << ")";
  }
  std::cout << "\n\n" << pad("interval", 10, true) << pad("calls/h", 10) << pad("AHT", 9) << pad("Erlang", 8);
  if (plan.simulated) std::cout << pad("agents", 8) << pad("simulated SL", 16);
  std::cout << "\n";
  for (std::size_t i = 0; i < n; ++i) {
    const double from = static_cast<double>(i) * sc.interval_s;
    std::cout << pad(sc.start_clock_s ? model::clock_text(*sc.start_clock_s + from) : scenario::format_duration(from),
                     10, true)
              << pad(fmt::format("{:.1f}", plan.loads[i].calls_per_hour), 10)
              << pad(fmt::format("{:.0f}s", plan.loads[i].handle_s), 9) << pad(std::to_string(plan.analytic[i]), 8);
    if (plan.simulated)
      std::cout << pad(std::to_string(plan.agents[i]), 8) << pad(format_percent(plan.service_level[i]), 16);
    std::cout << "\n";
  }
  if (plan.simulated) {
    std::cout << "\nThis only adds agents to one group. To staff every group at least cost, removing agents too, with "
                 "every expectation met in every interval: ccsim optimize staffing "
              << request.path << "\n";
  }
}

}  // namespace ccsim::cli
