// The validated description of a contact center: plain structs with every name resolved to an id.
// Built by sim/scenario from JSON; the model never sees JSON. Static description only: the
// runtime state lives in ContactCenter.
#pragma once

#include "sim/engine/distribution.hpp"

#include <cmath>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace ccsim::model {

using Id = std::uint32_t;

// A site goes down for [from_s, from_s + for_s): its queues take no calls (arrivals follow
// their `site_down` rules or are blocked), its agents log out after their current call, and
// callers waiting there are rerouted through their queue's rules or dropped.
struct Outage {
  enum class WaitingCalls { Reroute, Drop };
  double from_s = 0.0;
  double for_s = 0.0;
  WaitingCalls waiting_calls = WaitingCalls::Reroute;
};

struct Site {
  std::string name;
  std::vector<Outage> outages;  // sorted by start, not overlapping
};

// A destination outside the model (a secondary number); a call sent there is overflowed out.
struct Exit {
  std::string name;
  std::string description;
};

// A condition of an overflow rule, evaluated when a call enters the rule's queue (or, for
// `waited`, when the call has waited that long there). Metric conditions compare a metric of
// a queue (the rule's own unless `queue` names another) with `at_least` / `at_most`; with
// `until_below` / `until_above` the condition has hysteresis: once on, it stays on until the
// metric crosses the release level.
struct Condition {
  enum class Kind {
    QueueLength,      // callers in the queue (waiting or hearing its announcement)
    ExpectedWait,     // seconds, see README "expected_wait"
    LongestWait,      // seconds the oldest caller in the queue has waited there
    Occupancy,        // busy / logged-in agents of the groups that serve the queue
    AvailableAgents,  // idle agents of the groups that serve the queue
    ServiceLevel,     // answered within `within_s` / calls ended, over the trailing `window_s`
    SiteDown,         // the queue's site (or `site`) is down (`expect_down`) or up
    Waited,           // a timer: the call has waited `waited_s` in this queue
    All,
    Any,
  };
  Kind kind = Kind::QueueLength;
  std::optional<double> at_least;
  std::optional<double> at_most;
  std::optional<double> until_below;  // release level of at_least
  std::optional<double> until_above;  // release level of at_most
  std::optional<Id> queue;            // metric of another queue
  std::optional<Id> site;             // site_down of another site
  bool expect_down = true;            // site_down: true or false
  double within_s = 20.0;             // service_level threshold
  double window_s = 900.0;            // service_level trailing window
  double waited_s = 0.0;              // waited
  std::vector<Condition> children;    // all / any
  std::string text;                   // as the user wrote it, for reports
};

// Where an overflow rule sends a call.
struct Target {
  enum class Kind { Queue, Exit };
  Kind kind = Kind::Queue;
  Id id = 0;
};

// "When `when` holds, send the call on to `to` after `delay` (caller in transit, patience
// running), where it first hears `announcement`." Rules of a queue are checked in order on
// entry, the first match wins; `waited` rules are timers instead.
struct OverflowRule {
  Condition when;
  Target to;
  std::optional<engine::Distribution> delay;
  std::optional<engine::Distribution> announcement;
  // The `waited` duration when this is a timer rule: `when` is a `waited` condition, or an
  // `all` holding one (the other conditions are checked when the timer fires).
  std::optional<double> timer_s;
  std::string text;  // "queue_length at_least 20 until_below 10 -> backup_q"
};

// A waiting line at one site. Callers wait here until an agent of a group that serves it
// takes them, they abandon, or a rule moves them on.
// Virtual hold: a caller who finds no idle agent while `offer_when` holds on the queue is
// offered a callback and takes it with probability `accept`; who takes it hangs up and never
// abandons. keep_place: the request keeps the caller's place in the line (and counts in
// queue_length); when_idle: requests wait apart, and an agent takes one only when no caller
// waits in any queue it serves. The agent calling back is busy for the caller's handle time
// (and wrap-up).
struct Callback {
  enum class Mode { KeepPlace, WhenIdle };
  Condition offer_when;
  double accept = 1.0;
  Mode mode = Mode::KeepPlace;
};

struct Queue {
  std::string name;
  std::optional<Id> site;
  std::optional<std::uint32_t> capacity;             // most callers in the queue; none = unlimited
  std::optional<engine::Distribution> announcement;  // heard on entry, before being answerable
  std::vector<OverflowRule> overflow;
  std::optional<Callback> callback;
};

// Arrivals replayed from records (`trace`), loaded once and shared read-only by every
// replication. Per caller, optionally: its own handle time and patience (NaN: unknown, drawn
// from the call type's distribution), and the wait it was seen to survive (a caller answered
// in reality: its patience is drawn given that it exceeds this wait).
struct Trace {
  std::vector<double> at;          // ascending, seconds from time 0, before the horizon
  std::vector<double> handle_s;    // empty, or one per caller
  std::vector<double> patience_s;  // empty, or one per caller
  std::vector<double> wait_s;      // empty, or one per caller
};

// Arrivals: a Poisson process whose rate is constant (one entry) or piecewise constant
// (one entry per reporting interval), or a trace (then per_second holds the trace's count
// per interval / interval length, for the figures that weigh call types by rate).
struct Arrivals {
  std::vector<double> per_second;
  std::shared_ptr<const Trace> trace;
};

// A counted caller who abandons (or is blocked) calls again with probability after_abandon
// (after_blocked), `delay` after leaving, as a new attempt of the same call type with fresh
// handle time and patience; at most `max` redials per caller (none: unlimited). A redial that
// would come at or after the horizon is not made.
struct Redial {
  double after_abandon = 0.0;
  double after_blocked = 0.0;
  engine::Distribution delay = engine::Distribution::constant(0.0);
  std::optional<std::uint32_t> max;
};

struct CallType {
  std::string name;
  int priority = 0;  // higher is answered first (non-preemptive)
  Id enters = 0;     // queue the call is routed to on arrival
  Arrivals arrivals;
  engine::Distribution handle_time = engine::Distribution::constant(0.0);
  std::optional<engine::Distribution> patience;  // none: never abandons
  std::optional<engine::Distribution> wrap_up;   // none: agent free at hang-up
  // Within one priority level, waiting callers are taken in order of (time they joined the
  // queue - head_start_s): 0 is first come, first served.
  double head_start_s = 0.0;
  std::optional<Redial> redial;
};

// One entry of an agent group's skill list, in order of preference.
struct Serves {
  Id queue = 0;
  double after_s = 0.0;  // takes callers only once they have waited this long in the queue
};

// `agents` on duty from `from_s` to `to_s` (scenario times, any instant, possibly past the
// horizon), less those on a break: a break takes them off duty for [from_s, from_s + for_s),
// in scenario time like the shift. Agents leaving finish their call first.
struct Break {
  double from_s = 0.0;
  double for_s = 0.0;
};
struct Shift {
  double from_s = 0.0;
  double to_s = 0.0;
  std::uint32_t agents = 0;
  std::vector<Break> breaks;
};

struct AgentGroup {
  std::string name;
  std::optional<Id> site;             // none: logged into every site
  std::vector<std::uint32_t> agents;  // one entry (constant) or one per interval; empty with shifts
  std::vector<Serves> serves;
  std::vector<Shift> shifts;  // when given, agents on duty at t = sum over shifts on duty
  // Each replication, each agent k (k = 1..most on duty) is absent all day with this
  // probability; at time t the group has the present agents among the first n(t) on duty.
  double absence = 0.0;
  // Cost of one agent for one hour, for `ccsim optimize staffing`; none: not given (1 there).
  std::optional<double> cost;
};

// The center at time 0, for a day that starts mid-way: callers already waiting in a queue
// (per call type, in that order, wait and patience counted from 0, fresh handle times) and
// agents of a group already busy with a call of a type (fresh handle time).
struct InitialState {
  struct Count {
    Id call_type = 0;
    std::uint32_t count = 0;
  };
  struct Waiting {
    Id queue = 0;
    std::vector<Count> callers;
  };
  struct Busy {
    Id group = 0;
    std::vector<Count> calls;
  };
  std::vector<Waiting> waiting;
  std::vector<Busy> busy;
  [[nodiscard]] bool empty() const { return waiting.empty() && busy.empty(); }
};

// A service-level target: a share of offered calls answered within a threshold.
struct ServiceLevelTarget {
  double within_s = 20.0;
  double at_least = 0.8;
};

// A statement the results must satisfy (evaluated by analysis; `ccsim check` gates on it).
struct Expectation {
  enum class Scope { Total, CallType, Queue };
  Scope scope = Scope::Total;
  Id scope_id = 0;
  std::string metric;              // service_level, abandon_rate, block_rate, asa, ...
  std::optional<double> within_s;  // for service_level
  std::optional<double> at_least;
  std::optional<double> at_most;
  std::optional<double> confidence;  // the CI bound, not just the mean, must satisfy it
  std::string text;                  // as a person reads it
};

struct Scenario {
  std::string name;
  std::string description;
  std::string source;  // file it was read from, for messages

  double horizon_s = 0.0;
  double warmup_s = 0.0;
  double interval_s = 0.0;
  std::uint32_t replications = 1;
  std::uint64_t seed = 1;
  std::uint32_t max_hops = 4;

  std::vector<double> thresholds_s;  // sorted ascending, distinct
  std::optional<ServiceLevelTarget> target;

  std::vector<Site> sites;
  std::vector<Queue> queues;
  std::vector<Exit> exits;
  std::vector<CallType> call_types;
  std::vector<AgentGroup> agent_groups;
  std::vector<Expectation> expectations;

  // Clock time of time 0 (seconds after midnight) and its day ("YYYY-MM-DD"), for outputs.
  std::optional<double> start_clock_s;
  std::optional<std::string> date;
  // Each replication draws one factor B (mean 1) and multiplies every Poisson rate by it.
  std::optional<engine::Distribution> busyness;
  InitialState initial_state;

  [[nodiscard]] std::size_t interval_count() const {
    return static_cast<std::size_t>(std::ceil(horizon_s / interval_s - 1e-9));
  }
};

}  // namespace ccsim::model
