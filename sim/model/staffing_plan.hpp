// A group's staffing plan as the schedule writes it, before absence and outages: a constant,
// a per-interval list or shifts with breaks, as a step function of time. Header-only: the
// loader, the model and the reports all read it.
#pragma once

#include "sim/model/scenario.hpp"

#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

namespace ccsim::model {

// From `at_s` on (until the next step) the schedule puts `agents` on duty.
struct StaffStep {
  double at_s = 0.0;
  std::uint32_t agents = 0;
};

// The steps of a group's shifts: the first at time 0 (agents on duty then), then one at each
// instant where the count changes (past the horizon too). A shift counts its agents over
// [from, to) less the union of its breaks.
[[nodiscard]] inline std::vector<StaffStep> shift_steps(const AgentGroup& g) {
  std::vector<std::pair<double, std::int64_t>> deltas;  // (time, change in agents)
  for (const Shift& s : g.shifts) {
    if (s.agents == 0 || s.to_s <= s.from_s) continue;
    std::vector<std::pair<double, double>> off;  // breaks clipped to the shift, then merged
    for (const Break& b : s.breaks) {
      const double from = std::max(b.from_s, s.from_s);
      const double to = std::min(b.from_s + b.for_s, s.to_s);
      if (from < to) off.emplace_back(from, to);
    }
    std::sort(off.begin(), off.end());
    // On duty: [from, to) minus the merged breaks.
    double cursor = s.from_s;
    std::vector<std::pair<double, double>> merged;
    for (const auto& b : off) {
      if (!merged.empty() && b.first <= merged.back().second)
        merged.back().second = std::max(merged.back().second, b.second);
      else merged.push_back(b);
    }
    const auto on = static_cast<std::int64_t>(s.agents);
    for (const auto& b : merged) {
      if (b.first > cursor) {
        deltas.emplace_back(cursor, on);
        deltas.emplace_back(b.first, -on);
      }
      cursor = b.second;
    }
    if (s.to_s > cursor) {
      deltas.emplace_back(cursor, on);
      deltas.emplace_back(s.to_s, -on);
    }
  }
  std::stable_sort(deltas.begin(), deltas.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<StaffStep> steps{{0.0, 0}};
  std::int64_t level = 0;
  for (std::size_t i = 0; i < deltas.size();) {
    const double t = deltas[i].first;
    for (; i < deltas.size() && deltas[i].first == t; ++i) level += deltas[i].second;
    const auto agents = static_cast<std::uint32_t>(level);
    if (t <= 0.0) steps.front().agents = agents;
    else if (agents != steps.back().agents) steps.push_back({t, agents});
  }
  return steps;
}

// The most agents the schedule ever puts on duty in the group (before absence).
[[nodiscard]] inline std::uint32_t most_agents(const AgentGroup& g) {
  std::uint32_t most = 0;
  for (const std::uint32_t n : g.agents) most = std::max(most, n);
  if (!g.shifts.empty()) {
    for (const StaffStep& s : shift_steps(g)) most = std::max(most, s.agents);
  }
  return most;
}

// Agents the schedule puts on duty at time 0.
[[nodiscard]] inline std::uint32_t agents_at_start(const AgentGroup& g) {
  return g.shifts.empty() ? (g.agents.empty() ? 0 : g.agents.front()) : shift_steps(g).front().agents;
}

// Whether results report the agents on duty per interval: the run has several reporting
// intervals, or some group's staffing is given by shifts or thinned by absence.
[[nodiscard]] inline bool reports_on_duty(const Scenario& sc) {
  return sc.interval_count() > 1 ||
         std::any_of(sc.agent_groups.begin(), sc.agent_groups.end(),
                     [](const AgentGroup& g) { return !g.shifts.empty() || g.absence > 0.0; });
}

}  // namespace ccsim::model
