#include "sim/model/agent_pools.hpp"

#include "sim/model/staffing_plan.hpp"

#include <algorithm>
#include <cmath>

namespace ccsim::model {

AgentPools::AgentPools(const Scenario& sc, Window window) : groups_(sc.agent_groups.size()), window_(window) {
  for (Id g = 0; g < groups_.size(); ++g) {
    for (const auto& s : sc.agent_groups[g].serves) groups_[g].serves.push_back(s.queue);
    groups_[g].scheduled = agents_at_start(sc.agent_groups[g]);
    groups_[g].logged_in = groups_[g].scheduled;
  }
}

std::uint32_t AgentPools::staff(Id group, std::uint32_t agents, double now) {
  auto& g = groups_[group];
  touch(group, now);
  const std::uint32_t staying = g.logged_in - g.pending_logout;
  if (agents >= staying) {
    std::uint32_t more = agents - staying;
    const std::uint32_t kept = std::min(more, g.pending_logout);  // busy leavers stay after all
    g.pending_logout -= kept;
    more -= kept;
    g.logged_in += more;
    return more;
  }
  std::uint32_t fewer = staying - agents;
  const std::uint32_t idle_leave = std::min(fewer, idle(group));
  g.logged_in -= idle_leave;
  fewer -= idle_leave;
  g.pending_logout += fewer;
  return 0;
}

void AgentPools::track_on_duty(std::size_t intervals, double interval_s) {
  interval_s_ = interval_s;
  for (auto& g : groups_) {
    g.on_duty_area.assign(intervals, 0.0);
    if (intervals > 1) {
      g.logged_in_area.assign(intervals, 0.0);
      g.busy_area.assign(intervals, 0.0);
    }
  }
}

void AgentPools::add_on_duty(GroupState& g, double now) const {
  const double end = std::min(now, interval_s_ * static_cast<double>(g.on_duty_area.size()));
  auto i = static_cast<std::size_t>(std::floor(g.on_duty_since / interval_s_));
  for (double from = g.on_duty_since; from < end && i < g.on_duty_area.size(); ++i) {
    const double to = std::min(end, interval_s_ * static_cast<double>(i + 1));
    if (to > from) g.on_duty_area[i] += (to - from) * g.logged_in;
    if (!g.logged_in_area.empty()) g.logged_in_area[i] += window_.overlap(from, to) * g.logged_in;
    from = to;
  }
  g.on_duty_since = now;
}

void AgentPools::add_busy(GroupState& g, double from, double to) {
  // The last interval runs on to the horizon (and past it: the window clips). Times are never
  // negative, so truncation is the floor.
  const std::size_t last = g.busy_area.size() - 1;
  const auto interval_of = [&](double t) { return std::min(static_cast<std::size_t>(t / interval_s_), last); };
  const auto start_of = [&](std::size_t i) { return interval_s_ * static_cast<double>(i); };
  busy_interval_ = interval_of(from);
  busy_from_ = window_.clamp(start_of(busy_interval_));
  busy_to_ = busy_interval_ == last ? window_.to_s : window_.clamp(start_of(busy_interval_ + 1));
  from = window_.clamp(from);
  to = window_.clamp(to);
  for (auto i = interval_of(from); from < to; ++i) {
    const double end = i == last ? to : std::min(to, start_of(i + 1));
    g.busy_area[i] += end - from;
    from = end;
  }
}

void AgentPools::close(double now, std::vector<GroupTally>& tallies) {
  for (Id g = 0; g < groups_.size(); ++g) {
    touch(g, now);
    tallies[g].busy_time = groups_[g].busy_time;
    tallies[g].logged_in_time = groups_[g].logged_in_time.area;
    tallies[g].on_duty_time = groups_[g].on_duty_area;
    tallies[g].busy_by_interval = groups_[g].busy_area;
    tallies[g].logged_in_by_interval = groups_[g].logged_in_area;
  }
}

}  // namespace ccsim::model
