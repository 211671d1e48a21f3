// Where the figures of a replication land while it runs: one function per outcome of a call,
// each recording it in every scope the call belongs to. The figures' types are in tally.hpp.
#pragma once

#include "sim/model/call.hpp"
#include "sim/model/scenario.hpp"
#include "sim/model/tally.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace ccsim::model {

// A counted call's figures land in the scopes of its Arrival: its call type, its reporting
// interval, the outage it arrived in (if any), and the queue where the outcome happened.
// Uncounted calls (arrived in the warm-up) land nowhere. Two scopes are shared instead of
// kept twice, and copied by finish():
//  - with one reporting interval, each call type's interval scope is the call type's;
//  - a queue that holds one call type's calls from arrival to outcome (see the constructor)
//    has that call type's tally as its call tally.
class Tallies {
public:
  Tallies(const Scenario& sc, std::size_t outages);

  // The class of a wait among the service-level thresholds (see WaitClasses).
  [[nodiscard]] WaitClasses::Wait classify(double wait_s) const { return wait_classes_.of(wait_s); }

  // Every arrival is simulated; a counted one is offered to its call scopes.
  void arrived(const Arrival& a) {
    ++tally_.calls_simulated;
    if (a.counted) call_scopes(a, [](CallTally& t) { ++t.offered; });
  }
  // The counted arrival is a redial (an attempt after the caller's first).
  void redialed(const Arrival& a) {
    if (a.counted) call_scopes(a, [](CallTally& t) { ++t.redials; });
  }
  // The call is offered to `queue` (on arrival, or sent there by a rule).
  void offered(const Arrival& a, Id queue) {
    if (CallTally* q = a.counted ? queue_scope(queue) : nullptr) ++q->offered;
  }
  // The call entered `queue` at `now`: joined its line or was answered there at once.
  void entered(const Arrival& a, Id queue, double now) {
    if (!a.counted) return;
    ++tally_.queues[queue].entered;
    if (!one_interval_) ++tally_.queues[queue].intervals[interval_at(now)].entered;
  }
  // The call hears an announcement on joining `queue` (the queue's, a rule's or both).
  void heard_announcement(const Arrival& a, Id queue) {
    if (a.counted) ++tally_.queues[queue].announcements;
  }

  // An agent of `group` answered the call at `queue` at `now`: `wait` since arrival
  // (classified), `queue_wait` in the queue. Always inline: it runs once per answered call.
  [[gnu::always_inline]] void answered(const Arrival& a, Id queue, Id group, const WaitClasses::Wait& wait,
                                       double queue_wait, double now) {
    if (!a.counted) return;
    const auto record = [](CallTally& t, const WaitClasses::Wait& w) {
      ++t.answered;
      t.sum_wait_answered += w.wait_s;
      t.waits.add_bin(w.bin);
      ++t.answered_by_wait[w.wait_class];
    };
    call_scopes(a, [&](CallTally& t) { record(t, wait); });
    // Same value, same class: a call that never moved waited as long in its queue.
    if (CallTally* q = queue_scope(queue)) record(*q, queue_wait == wait.wait_s ? wait : classify(queue_wait));
    ++tally_.groups[group].answered;
    tally_.end_time_s = now;  // time only moves forward: the latest outcome so far
  }
  // The caller hung up at `now`: in `queue` after `queue_wait` there, or in transit.
  void abandoned(const Arrival& a, std::optional<Id> queue, double queue_wait, double now) {
    if (!a.counted) return;
    const auto record = [](CallTally& t, double w) {
      ++t.abandoned;
      t.sum_wait_abandoned += w;
      t.waits.add(w);
    };
    const double wait = now - a.time;
    call_scopes(a, [&](CallTally& t) { record(t, wait); });
    if (CallTally* q = queue ? queue_scope(*queue) : nullptr) record(*q, queue_wait);
    tally_.end_time_s = now;  // time only moves forward: the latest outcome so far
  }
  // The call was blocked at `queue` (full, its site down with no rule to follow, or a rule's
  // transfer one hop too many).
  void blocked(const Arrival& a, Id queue) {
    if (!a.counted) return;
    call_scopes(a, [](CallTally& t) { ++t.blocked; });
    if (CallTally* q = queue_scope(queue)) ++q->blocked;
  }
  // The call was dropped from `queue` by its site's outage.
  void dropped(const Arrival& a, Id queue) {
    if (!a.counted) return;
    call_scopes(a, [](CallTally& t) { ++t.dropped; });
    if (CallTally* q = queue_scope(queue)) ++q->dropped;
  }
  // The caller was offered the callback of `queue`; took it (`took`: hung up, a callback
  // request, its outcome).
  void callback_offered(const Arrival& a, Id queue, bool took) {
    if (!a.counted) return;
    const auto record = [took](CallTally& t) {
      ++t.callbacks_offered;
      t.callback += took;
    };
    call_scopes(a, record);
    if (CallTally* q = queue_scope(queue)) record(*q);
  }
  // An agent took the callback request the caller left at `queue` `wait` seconds before.
  void callback_taken(const Arrival& a, Id queue, double wait, double now) {
    if (!a.counted) return;
    call_scopes(a, [wait](CallTally& t) { t.sum_callback_wait += wait; });
    if (CallTally* q = queue_scope(queue)) q->sum_callback_wait += wait;
    tally_.end_time_s = now;  // time only moves forward: the latest outcome so far
  }
  // Rule `rule` of queue `from` sent the call on at `now`, to a queue or (`to_queue` false)
  // an exit; `rerouted`: by an outage.
  void sent(const Arrival& a, Id from, std::uint32_t rule, bool to_queue, bool rerouted, double now) {
    if (!a.counted) return;
    auto& qt = tally_.queues[from];
    ++qt.rules[rule].fired;
    if (!one_interval_) ++qt.intervals[interval_at(now)].overflowed;
    if (to_queue) ++qt.overflowed;
    else if (CallTally* q = queue_scope(from)) ++q->overflowed_out;
    if (rerouted) ++qt.rerouted;
  }
  // The call reached an exit: its call scopes count it overflowed out (the queue that sent
  // it counted it when sending).
  void overflowed_out(const Arrival& a) {
    if (a.counted) call_scopes(a, [](CallTally& t) { ++t.overflowed_out; });
  }
  // A caller waiting at a site when outage `outage` began: rerouted by a rule, or dropped.
  void outage_rerouted(const Arrival& a, std::size_t outage) {
    if (a.counted) ++tally_.outages[outage].rerouted;
  }
  void outage_dropped(const Arrival& a, std::size_t outage) {
    if (a.counted) ++tally_.outages[outage].dropped;
  }

  // What queue's rules did (fired, switched on and off), per rule.
  std::vector<RuleTally>& rules(Id queue) { return tally_.queues[queue].rules; }

  // The replication's figures, with the shared scopes copied, after `events` events.
  [[nodiscard]] ReplicationTally finish(std::uint64_t events);

private:
  // Applies `record` to the call scopes of a call: its call type, its interval (unless
  // shared with the call type) and its outage (if it arrived during one).
  template <class Record>
  void call_scopes(const Arrival& a, Record&& record) {
    record(tally_.call_types[a.type]);
    if (!one_interval_) record(tally_.intervals[a.interval * tally_.call_types.size() + a.type]);
    if (a.outage >= 0) record(tally_.outages[static_cast<std::size_t>(a.outage)].calls);
  }
  // The reporting interval holding `now` (the last runs on past the horizon).
  // Times are never negative: truncation is the floor, without a call to floor().
  [[nodiscard]] std::size_t interval_at(double now) const {
    return static_cast<std::size_t>(std::min(now / interval_s_, last_interval_));
  }
  // The queue's own call tally; null when it is shared with a call type.
  CallTally* queue_scope(Id queue) { return calls_of_type_[queue] ? nullptr : &tally_.queues[queue].calls; }

  ReplicationTally tally_;
  WaitClasses wait_classes_;
  bool one_interval_ = false;
  double interval_s_ = 0.0;
  double last_interval_ = 0.0;  // index of the last reporting interval
  // Per queue, the call type whose tally is the queue's call tally, if any.
  std::vector<std::optional<Id>> calls_of_type_;
};

}  // namespace ccsim::model
