// The agent groups of a contact center as pools: agents logged in and busy, staffing changes,
// and the agents' time in the window (logged in, busy).
#pragma once

#include "sim/model/scenario.hpp"
#include "sim/model/tally.hpp"
#include "sim/model/window.hpp"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace ccsim::model {

// Agents of a group are identical, so a group is a pool: it counts agents logged in and busy
// instead of tracking each one. "Longest-idle agent first" among identical agents changes no
// figure ccsim reports, and the pool makes answering a call O(1) with no per-agent state.
struct GroupState {
  std::vector<Id> serves;  // queues in its serves list, in order
  std::uint32_t logged_in = 0;
  std::uint32_t busy = 0;
  std::uint32_t pending_logout = 0;  // busy agents who log out when they finish
  std::uint32_t scheduled = 0;       // agents the schedule asks for now
  // Agent-seconds in the window: busy (added per call when it is answered), logged in
  // (brought up to date whenever staffing changes).
  double busy_time = 0.0;
  TimeIntegral logged_in_time;
  // Agent-seconds logged in per reporting interval, when tracked (track_on_duty), since
  // `on_duty_since`.
  std::vector<double> on_duty_area;
  double on_duty_since = 0.0;
  // With several reporting intervals (track_on_duty), per interval over its part in the
  // window: agent-seconds logged in (brought up to date with on_duty_area) and busy (added
  // per call when it is answered, split at the interval boundaries it spans).
  std::vector<double> logged_in_area;
  std::vector<double> busy_area;
};

class AgentPools {
public:
  AgentPools(const Scenario& sc, Window window);

  const GroupState& operator[](Id group) const { return groups_[group]; }
  [[nodiscard]] std::size_t size() const { return groups_.size(); }
  [[nodiscard]] std::uint32_t idle(Id group) const {
    const auto& g = groups_[group];
    return g.logged_in - g.busy;
  }

  // An agent of `group` starts a call of `service` seconds at `now`: busy over
  // [now, now + service), its part in the window added at once, so answering and freeing
  // touch no integral.
  void start_call(Id group, double now, double service) {
    auto& g = groups_[group];
    ++g.busy;
    g.busy_time += window_.overlap(now, now + service);
    // With several intervals: a call inside the window and inside the current interval (most
    // of them; time only moves forward) adds to it at once, else add_busy splits it.
    if (g.busy_area.empty()) return;
    if (now >= busy_from_ && now + service <= busy_to_) [[likely]]
      g.busy_area[busy_interval_] += service;
    else add_busy(g, now, now + service);
  }
  // An agent of `group` ends a call at `now`; false when the agent logs out then (agents
  // leaving at the end of a shift or when their site goes down finish their call first).
  bool end_call(Id group, double now) {
    auto& g = groups_[group];
    --g.busy;
    if (g.pending_logout == 0) return true;
    touch(group, now);
    --g.pending_logout;
    --g.logged_in;
    return false;
  }

  // The schedule asks for `agents` in `group` from now on.
  void schedule(Id group, std::uint32_t agents) { groups_[group].scheduled = agents; }
  // Logs agents in or out at `now` so that `agents` stay: busy agents asked to leave log
  // out once their call ends. Returns how many agents logged in (idle, ready to answer).
  std::uint32_t staff(Id group, std::uint32_t agents, double now);

  // Keeps the agent-seconds logged in per reporting interval of `interval_s` (over the whole
  // intervals, warm-up included): the staffing on duty over the day; with several intervals,
  // also the agent-seconds logged in and busy per interval inside the window (occupancy).
  void track_on_duty(std::size_t intervals, double interval_s);

  // Brings the logged-in integrals up to `now` and writes the agents' time into `tallies`.
  void close(double now, std::vector<GroupTally>& tallies);

private:
  // Brings the group's logged-in integral up to `now`.
  void touch(Id group, double now) {
    groups_[group].logged_in_time.advance(window_, now, groups_[group].logged_in);
    if (!groups_[group].on_duty_area.empty()) add_on_duty(groups_[group], now);
  }
  // Adds the agents logged in since the group's last change to its per-interval areas.
  void add_on_duty(GroupState& g, double now) const;
  // Adds a call's busy time over [from, to) inside the window to the per-interval areas.
  // Moves the current interval (busy_*) on to the one holding `now`, then splits.
  void add_busy(GroupState& g, double from, double to);

  std::vector<GroupState> groups_;
  Window window_;
  double interval_s_ = 0.0;
  // The current reporting interval's part inside the window, [busy_from_, busy_to_) (empty
  // until a call starts in it), for start_call's shortcut.
  std::size_t busy_interval_ = 0;
  double busy_from_ = 0.0;
  double busy_to_ = 0.0;
};

}  // namespace ccsim::model
