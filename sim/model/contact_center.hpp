// The contact-center model: calls, queues and agent groups on the generic event engine.
#pragma once

#include "sim/engine/calendar.hpp"
#include "sim/engine/deadline_heap.hpp"
#include "sim/engine/poisson_process.hpp"
#include "sim/engine/random.hpp"
#include "sim/model/scenario.hpp"
#include "sim/model/tally.hpp"

#include <cstdint>
#include <vector>

namespace ccsim::model {

// One replication of a scenario. Owns all runtime state; objects refer to each other by id.
//
// Agents of a group are identical, so a group is a pool: it counts agents logged in and busy
// instead of tracking each one. "Longest-idle agent first" among identical agents changes no
// figure ccsim reports, and the pool makes answering a call O(1) with no per-agent state.
class ContactCenter {
public:
  ContactCenter(const Scenario& scenario, std::uint32_t replication);

  // Runs the replication to the end of the drain and returns what it measured. Throws
  // ccsim::InputError when callers are left waiting with nobody to answer them and no
  // patience to leave: the scenario can never finish, which is the scenario's fault.
  [[nodiscard]] ReplicationTally run();

private:
  enum EventKind : std::uint32_t { kArrival, kPatienceTimer, kAgentFree, kEligible, kIntervalStart };
  enum class CallState : std::uint8_t { Free, Waiting };

  struct Call {
    double arrival = 0.0;
    double entered_queue = 0.0;
    double patience_deadline = 0.0;  // absolute time; +inf if the caller never abandons
    double service = 0.0;            // handle time + wrap-up, seconds the agent is busy
    std::uint64_t serial = 0;        // arrival number: breaks ties between equal deadlines
    Id type = 0;
    Id queue = 0;
    std::uint32_t stamp = 0;  // bumped whenever the call leaves; stale events see a mismatch
    std::uint32_t interval = 0;
    std::uint16_t level = 0;  // priority level index (0 = highest)
    std::uint16_t next_tier = 0;
    CallState state = CallState::Free;
    bool counted = false;
  };

  // FIFO of waiting calls of one priority level in one queue; entries of calls that left
  // (abandoned) stay until they reach the head and are skipped there (lazy removal).
  struct Line {
    struct Entry {
      std::uint32_t call;
      std::uint32_t stamp;
    };
    std::vector<Entry> ring;  // capacity a power of two
    std::size_t head = 0;
    std::size_t size = 0;
    void push(Entry e);
    void pop() {
      head = (head + 1) & (ring.size() - 1);
      --size;
    }
    [[nodiscard]] const Entry& front() const { return ring[head]; }
  };

  struct GroupRoute {
    Id group = 0;
    double after_s = 0.0;
  };

  struct QueueState {
    std::vector<Line> lines;  // one per priority level
    std::uint32_t waiting = 0;
    double last_change = 0.0;
    // Patience deadlines of the callers waiting here; one calendar timer, at `timer_at`,
    // stands for the earliest (a stale timer is recognised by `timer_stamp`).
    engine::DeadlineHeap deadlines;
    double timer_at = 0.0;
    std::uint32_t timer_stamp = 0;
    bool timer_armed = false;
    // Groups that serve this queue, in routing order (earliest position in their serves
    // list, then declaration order), with their `after`.
    std::vector<GroupRoute> groups;
    std::vector<double> tiers;             // distinct positive `after` values, ascending
  };

  struct GroupState {
    std::uint32_t logged_in = 0;
    std::uint32_t busy = 0;
    std::uint32_t pending_logout = 0;  // busy agents who log out when they finish
    double last_change = 0.0;
  };

  struct CallTypeState {
    engine::PoissonProcess arrivals;
    engine::RandomStream arrival_rng;
    engine::RandomStream handle_rng;
    engine::RandomStream patience_rng;
    engine::RandomStream wrap_rng;
    std::uint16_t level = 0;
    std::uint32_t slot = 0;  // calendar slot holding the next arrival
  };

  void on_arrival(Id type);
  void on_patience_timer(Id queue, std::uint32_t stamp);
  void abandon(std::uint32_t call);
  void arm_patience_timer(Id queue);
  void on_agent_free(Id group);
  void on_eligible(std::uint32_t call, std::uint32_t stamp, std::uint32_t tier);
  void on_interval_start(std::uint32_t interval);

  void enter_queue(std::uint32_t call, Id queue);
  // An agent of `group` is free: it takes the best eligible caller, or becomes idle.
  bool serve_next(Id group);
  void answer(std::uint32_t call, Id group);
  void release(std::uint32_t call);
  void set_staffing(Id group, std::uint32_t agents);

  void touch_queue(Id queue);
  void touch_group(Id group);
  [[nodiscard]] double clamp_window(double t) const;
  [[nodiscard]] std::uint32_t idle(Id group) const {
    const auto& g = groups_[group];
    return g.logged_in - g.busy;
  }

  const Scenario& sc_;
  double now_ = 0.0;
  engine::Calendar calendar_;
  std::vector<Call> calls_;
  std::vector<std::uint32_t> free_calls_;
  std::vector<QueueState> queues_;
  std::vector<GroupState> groups_;
  std::vector<CallTypeState> types_;
  std::uint64_t arrivals_ = 0;
  std::size_t thresholds_ = 0;
  ReplicationTally tally_;
};

}  // namespace ccsim::model
