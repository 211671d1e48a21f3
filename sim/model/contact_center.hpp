// The contact center as an ACD (automatic call distributor) on the generic event engine: its
// events, and the steps a call goes through (offer, enter, join, send, answer) from arrival
// to outcome. The state it works on lives in its components, each in its own file:
// call.hpp (calls), caller_sources.hpp (arrivals), queues.hpp (lines, patience clocks),
// agent_pools.hpp (agents), overflow_policy.hpp (rules), sites.hpp (outages) and
// tallies.hpp (where each figure lands).
#pragma once

#include "sim/engine/calendar.hpp"
#include "sim/model/agent_pools.hpp"
#include "sim/model/call.hpp"
#include "sim/model/callbacks.hpp"
#include "sim/model/caller_sources.hpp"
#include "sim/model/overflow_policy.hpp"
#include "sim/model/queues.hpp"
#include "sim/model/redials.hpp"
#include "sim/model/scenario.hpp"
#include "sim/model/sites.hpp"
#include "sim/model/staffing.hpp"
#include "sim/model/tallies.hpp"
#include "sim/model/tally.hpp"
#include "sim/model/window.hpp"

#include <cstdint>
#include <optional>
#include <vector>

namespace ccsim::model {

// One replication of a scenario. Owns all runtime state; objects refer to each other by id.
class ContactCenter {
public:
  ContactCenter(const Scenario& scenario, std::uint32_t replication);
  ContactCenter(const ContactCenter&) = delete;  // its components refer to one another
  ContactCenter& operator=(const ContactCenter&) = delete;

  // Runs the replication to the end of the drain and returns what it measured. Throws
  // ccsim::InputError when callers are left waiting with nobody to answer them and no
  // patience to leave: the scenario can never finish, which is the scenario's fault.
  [[nodiscard]] ReplicationTally run();

  // For tests, in no results output: callers answered on arrival without a call record
  // (the shortcut of on_arrival), so far.
  [[nodiscard]] std::uint64_t answered_without_record() const { return answered_without_record_; }

private:
  enum EventKind : std::uint32_t {
    kArrival,
    kPatienceTimer,
    kAgentFree,
    kEligible,
    kIntervalStart,
    kAnnouncementEnd,
    kTransferEnd,
    kWaitedTimer,
    kOutageStart,
    kOutageEnd,
    kStaffChange,
    kRedial,
  };

  // --- events -------------------------------------------------------------------------
  void on_arrival(Id type);
  void on_patience_timer(std::uint32_t place, std::uint32_t stamp);
  void on_agent_free(Id group);
  void on_eligible(std::uint32_t call, std::uint32_t stamp, std::uint32_t tier);
  void on_interval_start(std::uint32_t interval);
  void on_announcement_end(std::uint32_t call, std::uint32_t stamp);
  void on_transfer_end(std::uint32_t call, std::uint32_t stamp);
  void on_waited_timer(std::uint32_t call, std::uint32_t stamp, std::uint32_t rule);
  void on_outage_start(Id site, std::uint32_t outage);
  void on_outage_end(Id site);
  void on_staff_change(std::uint32_t first);

  // --- the day's start (contact_center_day.cpp) ------------------------------------------
  // Shift changes on the calendar, absences, and the initial state: agents already busy and
  // callers already waiting at time 0.
  void start_day();
  void start_busy_agents();
  void start_waiting_callers();
  // A caller of `type` already in the center at time 0, drawn from the initial state's streams.
  [[nodiscard]] Caller initial_caller(Id type);
  // A caller's new attempt (its `redials`-th redial); `counted`: its first attempt was.
  void on_redial(Id type, std::uint32_t redials, bool counted);

  // --- routing ------------------------------------------------------------------------
  // A record for the caller who just arrived.
  std::uint32_t new_call(const Arrival& arrival, const Caller& caller, std::uint64_t serial);
  // A call arrives at `queue` (on arrival or sent by a rule): rules, answer, or join.
  void offer(std::uint32_t call, Id queue);
  // The first step of offer(): the call is now at `queue`.
  void enter(std::uint32_t call, Id queue);
  // The last step of offer(), when no rule sent the call on and no agent answered it: it
  // joins the queue (waiting, or first hearing `listen` seconds of announcement) unless the
  // queue is full.
  void join(std::uint32_t call, Id queue, double listen);
  // A caller already waiting at time 0 (the initial state) joins `queue`'s line, past its rules.
  void join_at_start(const Arrival& arrival, const Caller& caller, Id queue);
  // Sends a call on by rule `rule` of queue `from` (the call is no longer in that queue).
  void send(std::uint32_t call, Id from, std::uint32_t rule);
  // Takes a waiting or listening call out of its queue (it stays alive).
  void leave_queue(std::uint32_t call);
  // The agent group that answers a caller at `queue` at once, if any: the first of its
  // groups that need no wait with an idle agent.
  [[nodiscard]] std::optional<Id> answers_at_once(Id queue) const {
    for (const Id g : queues_[queue].groups_at_once) {
      if (pools_.idle(g) > 0) return g;
    }
    return std::nullopt;
  }
  // An agent of `group` is free: it takes the best eligible caller, or becomes idle. Inline:
  // the agent often finds every queue it serves empty.
  bool serve_next(Id group) {
    for (const Id q : pools_[group].serves) {
      if (queues_[q].waiting > 0) return serve_waiting(group);
    }
    return callbacks_.pending() > 0 && serve_request(group);
  }
  // serve_next() once a queue the group serves holds callers.
  bool serve_waiting(Id group);
  // A caller who just became answerable in its queue: an idle agent takes it if one may.
  void try_answer_now(std::uint32_t call);
  // An agent of `group` answers the call with record `call` (which is then released).
  void answer(std::uint32_t call, Id group);
  // The one way a call is answered, with a record or without: an agent of `group` takes a
  // caller at `queue` for `service` seconds, who waited `wait` since arrival and
  // `queue_wait` in the queue. Busy agent, its end, the figures, the queue's monitors.
  void answer(const Arrival& arrival, Id queue, Id group, double service, const WaitClasses::Wait& wait,
              double queue_wait);
  // --- virtual hold (contact_center_callbacks.cpp) -------------------------------------
  // A caller about to join `queue` (which has a callback) after `listen` seconds of
  // announcement: offered the callback if no agent may answer at once and offer_when holds;
  // true when the caller took it (the call is then a request, or released).
  bool take_callback(std::uint32_t call, Id queue, double listen);
  // An agent of `group`, with no caller waiting in any queue it serves, takes the oldest
  // when_idle request of the first queue in its serves list holding one.
  bool serve_request(Id group);
  // Idle agents of the groups serving `queue` look for a when_idle request.
  void offer_requests(Id queue);
  // An agent of `group` calls back the caller who left a request at `queue` at `requested_at`.
  void call_back(const Arrival& arrival, Id queue, Id group, double service, double requested_at);

  // Logs agents of `group` in or out to what the schedule and its site allow now.
  void set_staffing(Id group);

  // --- outcomes -----------------------------------------------------------------------
  void abandon(std::uint32_t call);
  void block(std::uint32_t call, Id queue);
  void drop(std::uint32_t call, Id queue);
  void overflow_out(std::uint32_t call);
  // After the call abandoned or was (`blocked`) blocked: its caller may call again.
  void maybe_redial(const Call& call, bool blocked);

  // --- patience -----------------------------------------------------------------------
  // Starts or stops the caller's patience at `place` (a queue, or transit).
  void clock_add(std::uint32_t place, std::uint32_t call);
  void clock_remove(std::uint32_t place, std::uint32_t call) { queues_.clock(place).remove(call); }
  // Sets the place's one timer to its earliest deadline, superseding the one set before.
  void arm_patience_timer(std::uint32_t place);

  const Scenario& sc_;
  Window window_;
  double now_ = 0.0;
  engine::Calendar calendar_;
  Sites sites_;
  CallerSources sources_;
  CallPool calls_;
  Queues queues_;
  AgentPools pools_;
  Tallies tallies_;
  OverflowPolicy policy_;
  Staffing staffing_;
  std::vector<engine::RandomStream> initial_rng_;  // per call type: handle, patience, wrap-up
  Callbacks callbacks_;
  Redials redials_;
  std::uint64_t arrivals_ = 0;
  std::vector<std::uint32_t> scratch_;  // reused list of calls (outage reroutes)
  std::vector<Id> varying_groups_;      // groups with per-interval agent counts
  std::uint64_t answered_without_record_ = 0;
};

}  // namespace ccsim::model
