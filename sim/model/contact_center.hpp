// The contact-center model: calls, queues, agent groups, overflow rules and site outages on
// the generic event engine.
#pragma once

#include "sim/engine/calendar.hpp"
#include "sim/engine/deadline_heap.hpp"
#include "sim/engine/poisson_process.hpp"
#include "sim/engine/random.hpp"
#include "sim/model/scenario.hpp"
#include "sim/model/tally.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <deque>
#include <optional>
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
  };
  // Where a call is: waiting in a queue's line, hearing a queue's announcement (in the queue,
  // not yet answerable), or in transit between a rule and its destination.
  enum class CallState : std::uint8_t { Free, Waiting, Listening, Transit };

  struct Call {
    double arrival = 0.0;
    double entered_queue = 0.0;
    double patience_deadline = 0.0;     // absolute time; +inf if the caller never abandons
    double service = 0.0;               // handle time + wrap-up, seconds the agent is busy
    double pending_announcement = 0.0;  // a rule's announcement, heard on joining the destination
    std::uint64_t serial = 0;           // arrival number: breaks ties between equal deadlines
    Id type = 0;
    Id queue = 0;             // current queue (or the one it left, in transit)
    Target transit_to;        // destination while in transit
    std::uint32_t stamp = 0;  // bumped whenever the call leaves a queue; stale events see a mismatch
    std::uint32_t interval = 0;
    std::uint16_t level = 0;  // priority level index (0 = highest)
    std::uint16_t hops = 0;   // transfers so far
    CallState state = CallState::Free;
    bool counted = false;
    bool rerouted = false;     // sent on by an outage
    std::int32_t outage = -1;  // outage during which the call arrived (index in tally_.outages)
  };

  // FIFO of waiting calls of one priority level in one queue; entries of calls that left
  // (abandoned, moved) stay until they reach the head and are skipped there (lazy removal).
  struct Line {
    struct Entry {
      std::uint32_t call;
      std::uint32_t stamp;
    };
    std::vector<Entry> ring;  // capacity a power of two
    std::size_t head = 0;
    std::size_t size = 0;
    void push(Entry e) {
      if (size == ring.size()) grow();
      ring[(head + size) & (ring.size() - 1)] = e;
      ++size;
    }
    void grow();
    void pop() {
      head = (head + 1) & (ring.size() - 1);
      --size;
    }
    [[nodiscard]] const Entry& front() const { return ring[head]; }
  };

  // Patience deadlines of the callers in one place (a queue, or transit); one calendar timer,
  // at `timer_at`, stands for the earliest (a superseded timer is recognised by its stamp).
  struct PatienceClock {
    engine::DeadlineHeap deadlines;
    double timer_at = 0.0;
    std::uint32_t timer_stamp = 0;
    bool timer_armed = false;
  };

  struct GroupRoute {
    Id group = 0;
    double after_s = 0.0;
  };

  // Trailing-window service level of a queue for one `service_level` condition.
  struct ServiceMonitor {
    double within_s = 0.0;
    double window_s = 0.0;
    std::deque<std::pair<double, bool>> ended;  // (time, answered within) of calls handled
    std::uint64_t hits = 0;
  };

  // A condition with its runtime: hysteresis state and, for service_level, its monitor.
  struct ConditionState {
    const Condition* condition = nullptr;
    std::vector<ConditionState> children;
    bool on = false;          // hysteresis state
    std::size_t monitor = 0;  // index into the watched queue's monitors
  };

  struct RuleState {
    const OverflowRule* rule = nullptr;
    ConditionState when;
    engine::RandomStream delay_rng;
    engine::RandomStream announcement_rng;
  };

  struct QueueState {
    explicit QueueState(engine::RandomStream rng) : announcement_rng(rng) {}
    std::vector<Line> lines;    // one per priority level
    std::uint32_t waiting = 0;  // callers in the queue: waiting or hearing the announcement
    double last_change = 0.0;
    PatienceClock patience;
    // Groups that serve this queue, in routing order (earliest position in their serves
    // list, then declaration order), with their `after`.
    std::vector<GroupRoute> groups;
    std::vector<Id> groups_at_once;          // those of `groups` with no `after`, in the same order
    std::vector<double> tiers;               // distinct positive `after` values, ascending
    std::vector<RuleState> rules;            // all rules, in order
    std::vector<std::uint32_t> entry_rules;  // indices of rules checked on entry
    std::vector<std::uint32_t> timer_rules;  // indices of `waited` rules
    std::vector<ServiceMonitor> monitors;    // service_level conditions watching this queue
    engine::RandomStream announcement_rng;
    double mean_service_s = 0.0;  // for expected_wait
    // The call type whose calls this queue holds from arrival to outcome, when it is the
    // only one that enters it and none leaves (see the constructor): the queue's call tally
    // is then that type's, copied at the end of run.
    std::optional<Id> calls_of_type;
    // No rule is checked on entry and no announcement is played: a new caller who finds an
    // idle agent is answered before anything else happens, without a call record, and one
    // who finds none joins the line directly (on_arrival).
    bool answers_on_arrival = false;
  };

  struct GroupState {
    std::vector<Id> serves;  // queues in its serves list, in order
    std::uint32_t logged_in = 0;
    std::uint32_t busy = 0;
    std::uint32_t pending_logout = 0;  // busy agents who log out when they finish
    std::uint32_t scheduled = 0;       // agents the schedule asks for now
    double last_change = 0.0;
  };

  // The next callers of a call type, drawn ahead in blocks: arrival times and attributes.
  // Each comes from its own stream in the order drawing one caller at a time would give, so
  // the callers are the very same; a block amortises the streams' and samplers' overhead.
  // What depends on the arrival time alone (the deadline, the reporting interval, the outage)
  // is worked out for the block too, off the path of the events.
  struct CallersAhead {
    static constexpr std::size_t kBlock = 64;
    std::array<double, kBlock> at{};
    std::array<double, kBlock> service{};   // handle time + wrap-up
    std::array<double, kBlock> deadline{};  // at + patience; +inf without a patience distribution
    std::array<std::uint32_t, kBlock> interval{};
    std::array<std::int32_t, kBlock> outage{};  // index in tally_.outages, -1 for none
    std::size_t next = 0;                       // the caller to arrive next
    std::size_t size = 0;
    bool ended = false;  // the arrival process has no caller after at[size - 1]
  };

  struct CallTypeState {
    engine::PoissonProcess arrivals;
    engine::RandomStream arrival_rng;
    engine::RandomStream handle_rng;
    engine::RandomStream patience_rng;
    engine::RandomStream wrap_rng;
    std::uint16_t level = 0;
    std::uint32_t slot = 0;  // calendar slot holding the next arrival
    CallersAhead ahead;
  };

  struct SiteState {
    bool down = false;
    std::size_t first_outage = 0;  // index of this site's first outage in tally_.outages
  };

  // --- events -----------------------------------------------------------------------
  void on_arrival(Id type);
  // Draws the type's next block of callers, arriving after `t`.
  void draw_ahead(Id type, double t);
  void on_patience_timer(std::uint32_t place, std::uint32_t stamp);
  void on_agent_free(Id group);
  void on_eligible(std::uint32_t call, std::uint32_t stamp, std::uint32_t tier);
  void on_interval_start(std::uint32_t interval);
  void on_announcement_end(std::uint32_t call, std::uint32_t stamp);
  void on_transfer_end(std::uint32_t call, std::uint32_t stamp);
  void on_waited_timer(std::uint32_t call, std::uint32_t stamp, std::uint32_t rule);
  void on_outage_start(Id site, std::uint32_t outage);
  void on_outage_end(Id site);

  // --- routing ----------------------------------------------------------------------
  // A call arrives at `queue` (on arrival or sent by a rule): rules, answer, or join.
  void offer(std::uint32_t call, Id queue);
  // The first step of offer(): the call is now at `queue`.
  void enter(std::uint32_t call, Id queue);
  // The last step of offer(), when no rule sent the call on and no agent answered it: it
  // joins the queue (waiting, or first hearing `listen` seconds of announcement) unless the
  // queue is full.
  void join(std::uint32_t call, Id queue, double listen);
  // Sends a call on by rule `rule` of queue `from` (the call is no longer in that queue).
  void send(std::uint32_t call, Id from, std::uint32_t rule);
  // Takes a waiting or listening call out of its queue (it stays alive).
  void leave_queue(std::uint32_t call);
  // An agent of `group` is free: it takes the best eligible caller, or becomes idle. Inline:
  // the agent often finds every queue it serves empty.
  bool serve_next(Id group) {
    for (const Id q : groups_[group].serves) {
      if (queues_[q].waiting > 0) return serve_waiting(group);
    }
    return false;
  }
  // serve_next() once a queue the group serves holds callers.
  bool serve_waiting(Id group);
  // A caller who just became answerable in its queue: an idle agent takes it if one may.
  void try_answer_now(std::uint32_t call);
  void answer(std::uint32_t call, Id group);
  // An agent of `group` starts a call of `service` seconds: busy time and its end.
  void start_service(Id group, double service);
  // The tallies of an answered call (counted calls only): `wait` since arrival, classified;
  // `queue_wait` in `queue`, where `group` answered it.
  void record_answered(Id type, std::uint32_t interval, std::int32_t outage, Id queue, Id group,
                       const WaitClasses::Wait& wait, double queue_wait);
  // The agent group that answers a caller at `queue` at once, if any: the first of its
  // groups that need no wait with an idle agent.
  [[nodiscard]] std::optional<Id> answers_at_once(Id queue) const;
  void release(std::uint32_t call);
  void set_staffing(Id group);

  // --- outcomes -----------------------------------------------------------------------
  void abandon(std::uint32_t call);
  void block(std::uint32_t call, Id queue);
  void drop(std::uint32_t call, Id queue);
  void overflow_out(std::uint32_t call);
  // A call the queue handled (answered after `queue_wait`, or abandoned there) feeds its
  // service_level monitors. Calls it sent on, blocked or dropped are not counted: a rule
  // that overflows on low service level must not keep itself on by the calls it sends away.
  void note_ended(Id queue, bool answered, double queue_wait) {
    if (!queues_[queue].monitors.empty()) feed_monitors(queue, answered, queue_wait);
  }
  void feed_monitors(Id queue, bool answered, double queue_wait);
  // The interval scope of a call's outcomes; null with one interval, whose tallies are the
  // call types' (copied at the end of run).
  CallTally* interval_scope(const Call& c) { return interval_scope(c.type, c.interval); }
  CallTally* interval_scope(Id type, std::uint32_t interval) {
    return intervals_ == 1 ? nullptr : &tally_.intervals[interval * types_.size() + type];
  }
  CallTally* outage_scope(const Call& c) { return outage_scope(c.outage); }
  CallTally* outage_scope(std::int32_t outage) {
    return outage < 0 ? nullptr : &tally_.outages[static_cast<std::size_t>(outage)].calls;
  }
  // The queue scope of a call's outcomes in `queue`; null when the queue's tally is a call
  // type's (QueueState::calls_of_type), copied at the end of run.
  CallTally* queue_scope(Id queue);

  // --- conditions -----------------------------------------------------------------------
  ConditionState build_condition(const Condition& c, Id queue);
  bool evaluate(ConditionState& cs, Id queue, bool count_switches, RuleTally& tally);
  double metric(const Condition& c, std::size_t monitor, Id queue);
  [[nodiscard]] bool site_down(std::optional<Id> site) const { return site && sites_[*site].down; }

  // --- patience -------------------------------------------------------------------------
  void clock_add(std::uint32_t place, std::uint32_t call);
  void clock_remove(std::uint32_t place, std::uint32_t call);
  void arm_patience_timer(std::uint32_t place);
  [[nodiscard]] std::uint32_t transit_place() const { return static_cast<std::uint32_t>(queues_.size()); }
  PatienceClock& clock(std::uint32_t place) { return place < queues_.size() ? queues_[place].patience : transit_; }

  // Time integrals (queue length; logged-in agents) brought up to now. Inline: the queue's
  // runs whenever a caller joins or leaves it.
  void touch_queue(Id queue) {
    auto& q = queues_[queue];
    const double span = clamp_window(now_) - clamp_window(q.last_change);
    if (span > 0.0) tally_.queues[queue].queue_length_area += span * q.waiting;
    q.last_change = now_;
  }
  // Logged-in agents change only with staffing (shifts, outages); busy time is added per
  // call when it is answered (add_busy), so answering and freeing touch no integral.
  void touch_group(Id group) {
    auto& g = groups_[group];
    const double span = clamp_window(now_) - clamp_window(g.last_change);
    if (span > 0.0) tally_.groups[group].logged_in_time += span * g.logged_in;
    g.last_change = now_;
  }
  // An agent of `group` is busy over [now, now + service): its part in the window.
  void add_busy(Id group, double service) {
    tally_.groups[group].busy_time += clamp_window(now_ + service) - clamp_window(now_);
  }
  [[nodiscard]] double clamp_window(double t) const { return std::clamp(t, sc_.warmup_s, sc_.horizon_s); }
  [[nodiscard]] std::uint32_t idle(Id group) const {
    const auto& g = groups_[group];
    return g.logged_in - g.busy;
  }
  [[nodiscard]] bool in_window(double t) const { return t >= sc_.warmup_s; }

  const Scenario& sc_;
  double now_ = 0.0;
  engine::Calendar calendar_;
  std::vector<Call> calls_;
  std::vector<std::uint32_t> free_calls_;
  std::vector<QueueState> queues_;
  std::vector<GroupState> groups_;
  std::vector<CallTypeState> types_;
  std::vector<SiteState> sites_;
  PatienceClock transit_;
  std::uint64_t arrivals_ = 0;
  std::uint32_t interval_ = 0;  // current reporting interval
  std::size_t thresholds_ = 0;
  // Fixed for the run, worked out once: reporting intervals (the last one's index as a
  // double, as a call's interval is computed) and the classes of waits.
  std::size_t intervals_ = 0;
  double last_interval_ = 0.0;
  WaitClasses wait_classes_;
  std::vector<std::uint32_t> scratch_;  // reused list of calls (outage reroutes)
  ReplicationTally tally_;
};

}  // namespace ccsim::model
