// Staffing on duty and occupancy over the day, per group per interval: results with several
// intervals (or shifts or absence) carry intervals[].agent_groups.NAME.agents_on_duty, and with
// several intervals .occupancy.
#include "analysis/reports/html_run_sections.hpp"

namespace ccsim::analysis::html {

void staffing_chart(Page& page, const IntervalInfo& info, const TimeAxis& ta) {
  const auto names = keys_of(info.items.empty() ? nullptr : child(info.items.front(), "agent_groups"));
  interval_lines_chart(page, info, ta, names,
                       {"agent_groups", "agents_on_duty", "Staffing on duty over the day",
                        "agents on duty (mean over the interval)", Kind::length,
                        "Agents of each group logged in, mean over each interval (on duty by their shifts, present, "
                        "their site up, plus agents finishing their last call). Shaded bands: 95% confidence "
                        "intervals over replications (absence varies by replication)."});
}

void occupancy_interval_chart(Page& page, const IntervalInfo& info, const TimeAxis& ta) {
  const auto names = keys_of(info.items.empty() ? nullptr : child(info.items.front(), "agent_groups"));
  interval_lines_chart(
      page, info, ta, names,
      {"agent_groups", "occupancy", "Occupancy over the day", "occupancy (busy ÷ logged-in time)", Kind::share,
       "Share of each group's logged-in agent time spent in calls or wrap-up, per interval (its "
       "part in the counted period); bands: 95% confidence intervals over replications."});
}

}  // namespace ccsim::analysis::html
