#include "sim/model/contact_center.hpp"

#include "sim/error.hpp"

#include <algorithm>
#include <cstdio>
#include <string>

namespace ccsim::model {

namespace {

// The error for a run whose callers alive exceeded CallPool::unstable_bound(): names the
// queue holding the most callers (`waiting`, per queue) and says whether its callers ever
// abandon.
[[noreturn]] void throw_unstable(const Scenario& sc, const std::vector<std::uint32_t>& waiting, std::size_t alive,
                                 double now) {
  char at[32];
  std::snprintf(at, sizeof at, "%gs", now);
  const auto worst = static_cast<Id>(std::max_element(waiting.begin(), waiting.end()) - waiting.begin());
  if (waiting.empty() || waiting[worst] == 0) {
    throw InputError(sc.source + ": " + std::to_string(alive) + " callers are in transit between queues at t=" + at +
                     "; overflow delays hold callers far longer than they take to arrive");
  }
  Reach reach(sc);
  bool abandon = false;
  for (Id t = 0; t < sc.call_types.size(); ++t) {
    const auto& queues = reach.of(t);
    abandon |= sc.call_types[t].patience && std::find(queues.begin(), queues.end(), worst) != queues.end();
  }
  throw InputError(sc.source + ": queue \"" + sc.queues[worst].name +
                   "\" is unstable: " + std::to_string(waiting[worst]) + " callers waiting at t=" + at +
                   "; offered load exceeds what its agents can answer and callers " +
                   (abandon ? "do not abandon fast enough" : "never abandon"));
}

}  // namespace

ContactCenter::ContactCenter(const Scenario& scenario, std::uint32_t replication)
    : sc_(scenario), window_{scenario.warmup_s, scenario.horizon_s}, sites_(scenario),
      sources_(scenario, replication, sites_), calls_(CallPool::unstable_bound(scenario)),
      queues_(scenario, replication, window_), pools_(scenario, window_), tallies_(scenario, sites_.outage_count()),
      policy_(scenario, replication, window_, queues_, pools_, calls_, sites_), staffing_(scenario, replication),
      callbacks_(scenario, replication), redials_(scenario, replication) {
  for (Id q = 0; q < queues_.size(); ++q) {
    queues_[q].answers_on_arrival = !policy_.has_entry_rules(q) && !sc_.queues[q].announcement;
  }
  calendar_.reserve(1024);
  if (!sc_.initial_state.empty()) {
    for (const auto& ct : sc_.call_types) {
      for (const char* what : {"handle_time", "patience", "wrap_up"}) {
        initial_rng_.emplace_back(sc_.seed, replication, "initial_state/call_type/" + ct.name + "/" + what);
      }
    }
  }
}

ReplicationTally ContactCenter::run() {
  sources_.start(calendar_, kArrival);
  for (Id g = 0; g < sc_.agent_groups.size(); ++g) {
    if (sc_.agent_groups[g].agents.size() > 1) varying_groups_.push_back(g);
  }
  if (!varying_groups_.empty()) {
    for (std::uint32_t i = 1; i < sc_.interval_count(); ++i) {
      calendar_.schedule(static_cast<double>(i) * sc_.interval_s, kIntervalStart, i);
    }
  }
  for (Id s = 0; s < sc_.sites.size(); ++s) {
    const auto& outages = sc_.sites[s].outages;
    for (std::uint32_t k = 0; k < outages.size(); ++k) {
      calendar_.schedule(outages[k].from_s, kOutageStart, s, 0, k);
      calendar_.schedule(outages[k].from_s + outages[k].for_s, kOutageEnd, s, 0, k);
    }
  }
  if (reports_on_duty(sc_)) pools_.track_on_duty(sc_.interval_count(), sc_.interval_s);
  if (sc_.interval_count() > 1) queues_.track_intervals(sc_.interval_count(), sc_.interval_s);
  if (staffing_.active() || !sc_.initial_state.empty()) start_day();

  std::uint64_t events = 0;
  while (!calendar_.empty()) {
    const engine::Event ev = calendar_.pop();
    now_ = ev.time;
    ++events;
    switch (ev.kind) {
      case kArrival: on_arrival(ev.target); break;
      case kPatienceTimer: on_patience_timer(ev.target, ev.stamp); break;
      case kAgentFree: on_agent_free(ev.target); break;
      case kEligible: on_eligible(ev.target, ev.stamp, ev.extra); break;
      case kIntervalStart: on_interval_start(ev.target); break;
      case kAnnouncementEnd: on_announcement_end(ev.target, ev.stamp); break;
      case kTransferEnd: on_transfer_end(ev.target, ev.stamp); break;
      case kWaitedTimer: on_waited_timer(ev.target, ev.stamp, ev.extra); break;
      case kOutageStart: on_outage_start(ev.target, ev.extra); break;
      case kOutageEnd: on_outage_end(ev.target); break;
      case kStaffChange: on_staff_change(ev.target); break;
      case kRedial: on_redial(ev.target, ev.stamp, ev.extra != 0); break;
      default: CCSIM_ASSERT(false);
    }
  }

  std::vector<std::string> stuck;
  for (Id q = 0; q < queues_.size(); ++q) {
    if (queues_[q].waiting > 0) {
      stuck.push_back(sc_.source + ": queue \"" + sc_.queues[q].name + "\" still holds " +
                      std::to_string(queues_[q].waiting) +
                      " callers after the horizon with no agent left to answer them and no "
                      "patience to leave; give the callers a patience or keep agents serving it");
    }
  }
  if (callbacks_.pending() > 0) {
    stuck.push_back(sc_.source + ": " + std::to_string(callbacks_.pending()) +
                    " callback requests are left after the horizon with no agent left to call them back; keep agents "
                    "serving the queues that offer callbacks");
  }
  if (!stuck.empty()) throw InputError(stuck);

  // Close the time integrals at the end of the window.
  now_ = std::max(now_, sc_.horizon_s);
  ReplicationTally result = tallies_.finish(events);
  queues_.close(now_, result.queues);
  pools_.close(now_, result.groups);
  return result;
}

// --- arrivals and routing ------------------------------------------------------------

void ContactCenter::on_arrival(Id type) {
  const Caller caller = sources_.next(type, calendar_);
  const Arrival arrival{now_, type, caller.interval, caller.outage, window_.started(now_)};
  const std::uint64_t serial = arrivals_++;
  tallies_.arrived(arrival);
  const Id queue = sc_.call_types[type].enters;
  if (!queues_[queue].answers_on_arrival || sites_.down(sc_.queues[queue].site)) {
    offer(new_call(arrival, caller, serial), queue);
    return;
  }
  // No rule to check and no announcement to hear, the site up: offer() comes down to an idle
  // agent answering at once or the caller joining the line. This shortcut takes the same
  // steps and skips the rest; answered at once, the caller needs no call record.
  if (const auto group = answers_at_once(queue)) {
    ++answered_without_record_;
    tallies_.offered(arrival, queue);  // as enter() records it
    tallies_.entered(arrival, queue, now_);
    answer(arrival, queue, *group, caller.service, WaitClasses::kNoWait, 0.0);
    return;
  }
  const std::uint32_t id = new_call(arrival, caller, serial);
  enter(id, queue);
  join(id, queue, 0.0);
}

// Always inline, as answer() below: both run on the path of most arrivals.
[[gnu::always_inline]] inline std::uint32_t ContactCenter::new_call(const Arrival& arrival, const Caller& caller,
                                                                    std::uint64_t serial) {
  const std::uint32_t id = calls_.allocate([&] {
    std::vector<std::uint32_t> waiting;
    for (Id q = 0; q < queues_.size(); ++q) waiting.push_back(queues_[q].waiting);
    throw_unstable(sc_, waiting, calls_.size(), now_);
  });
  Call& c = calls_[id];
  c.arrival = arrival;
  c.patience_deadline = caller.deadline;
  c.service = caller.service;
  c.pending_announcement = 0.0;
  c.serial = serial;
  c.redials = 0;
  c.level = queues_.level(arrival.type);
  c.hops = 0;
  c.rerouted = false;
  c.callback = false;
  return id;
}

inline void ContactCenter::enter(std::uint32_t id, Id queue) {
  Call& c = calls_[id];
  c.queue = queue;
  c.entered_queue = now_;
  tallies_.offered(c.arrival, queue);
}

void ContactCenter::offer(std::uint32_t id, Id queue) {
  enter(id, queue);
  // Overflow rules, in order, first match wins.
  if (const auto rule = policy_.first_entry_rule(queue, now_, tallies_.rules(queue))) {
    send(id, queue, *rule);
    return;
  }
  // A queue of a site that is down takes no calls.
  const auto& spec = sc_.queues[queue];
  if (sites_.down(spec.site)) {
    block(id, queue);
    return;
  }

  Call& c = calls_[id];
  double listen = c.pending_announcement;
  c.pending_announcement = 0.0;
  if (spec.announcement) listen += spec.announcement->sample(queues_[queue].announcement_rng);

  // An arriving caller who finds idle agents goes to the group that lists the queue
  // earliest (groups with an `after` cannot take a caller who has not waited).
  if (listen <= 0.0) {
    if (const auto group = answers_at_once(queue)) {
      tallies_.entered(c.arrival, queue, now_);
      answer(id, *group);
      return;
    }
  }
  join(id, queue, listen);
}

void ContactCenter::join(std::uint32_t id, Id queue, double listen) {
  const auto& spec = sc_.queues[queue];
  if (spec.capacity && queues_[queue].waiting >= *spec.capacity) {
    block(id, queue);
    return;
  }
  if (spec.callback && take_callback(id, queue, listen)) return;

  Call& c = calls_[id];
  QueueState& qs = queues_[queue];
  tallies_.entered(c.arrival, queue, now_);
  queues_.add_caller(queue, now_);
  if (c.may_abandon()) clock_add(queue, id);
  for (const std::uint32_t r : policy_.timer_rules(queue)) {
    calendar_.schedule(now_ + *policy_.rule(queue, r).timer_s, kWaitedTimer, id, c.stamp, r);
  }
  if (!qs.tiers.empty()) calendar_.schedule(now_ + qs.tiers.front(), kEligible, id, c.stamp, 0);
  if (listen > 0.0) {
    c.state = CallState::Listening;
    tallies_.heard_announcement(c.arrival, queue);
    calendar_.schedule(now_ + listen, kAnnouncementEnd, id, c.stamp);
    return;
  }
  qs.wait_in_line(id, c, calls_);
}

void ContactCenter::join_at_start(const Arrival& arrival, const Caller& caller, Id queue) {
  const std::uint32_t id = new_call(arrival, caller, arrivals_++);
  enter(id, queue);
  join(id, queue, 0.0);
}

void ContactCenter::send(std::uint32_t id, Id from, std::uint32_t r) {
  Call& c = calls_[id];
  const OverflowRule& rule = policy_.rule(from, r);
  const bool to_queue = rule.to.kind == Target::Kind::Queue;
  const double delay = policy_.draw_delay(from, r);
  const double announcement = policy_.draw_announcement(from, r);
  // Ping-pong guard: one hop too many and the call is blocked where it is; the transfer does
  // not happen, so it is no flow and the rule did not send it.
  const bool too_many_hops = to_queue && c.hops >= sc_.max_hops;
  if (!too_many_hops) tallies_.sent(c.arrival, from, r, to_queue, c.rerouted, now_);

  if (to_queue) {
    if (too_many_hops) {
      tallies_.blocked(c.arrival, from);
      if (redials_.any()) maybe_redial(c, true);
      calls_.release(id);
      return;
    }
    ++c.hops;
    c.pending_announcement = announcement;
    if (delay <= 0.0) {
      offer(id, rule.to.id);
      return;
    }
  } else if (delay + announcement <= 0.0) {
    overflow_out(id);
    return;
  }
  // In transit (ringing on the way to the destination, or hearing the announcement before
  // an exit): not in any queue, patience running.
  c.state = CallState::Transit;
  c.transit_to = rule.to;
  if (c.may_abandon()) clock_add(queues_.transit_place(), id);
  const double travel = to_queue ? delay : delay + announcement;
  calendar_.schedule(now_ + travel, kTransferEnd, id, c.stamp);
}

void ContactCenter::on_transfer_end(std::uint32_t id, std::uint32_t stamp) {
  Call& c = calls_[id];
  if (c.stamp != stamp || c.state != CallState::Transit) return;  // abandoned on the way
  if (c.may_abandon()) clock_remove(queues_.transit_place(), id);
  c.state = CallState::Free;
  if (c.transit_to.kind == Target::Kind::Exit) overflow_out(id);
  else offer(id, c.transit_to.id);
}

void ContactCenter::on_announcement_end(std::uint32_t id, std::uint32_t stamp) {
  Call& c = calls_[id];
  if (c.stamp != stamp || c.state != CallState::Listening) return;
  queues_[c.queue].wait_in_line(id, c, calls_);
  try_answer_now(id);
}

void ContactCenter::try_answer_now(std::uint32_t id) {
  const std::uint32_t stamp = calls_[id].stamp;
  for (const auto& r : queues_[calls_[id].queue].groups) {
    if (pools_.idle(r.group) > 0 && calls_[id].entered_queue + r.after_s <= now_) serve_next(r.group);
    if (calls_[id].stamp != stamp) return;  // answered
  }
}

void ContactCenter::on_waited_timer(std::uint32_t id, std::uint32_t stamp, std::uint32_t r) {
  const Call& c = calls_[id];
  if (c.stamp != stamp || !c.in_queue()) return;
  const Id queue = c.queue;
  if (!policy_.holds(queue, r, now_, tallies_.rules(queue)[r])) return;
  leave_queue(id);
  send(id, queue, r);
}

void ContactCenter::leave_queue(std::uint32_t id) {
  Call& c = calls_[id];
  queues_.remove_caller(c.queue, now_);
  if (c.may_abandon()) clock_remove(c.queue, id);
  ++c.stamp;  // its line entry and timers in this queue are now stale
  c.state = CallState::Free;
}

// --- answering ------------------------------------------------------------------------

[[gnu::always_inline]] inline void ContactCenter::answer(const Arrival& arrival, Id queue, Id group, double service,
                                                         const WaitClasses::Wait& wait, double queue_wait) {
  pools_.start_call(group, now_, service);
  calendar_.schedule(now_ + service, kAgentFree, group);
  tallies_.answered(arrival, queue, group, wait, queue_wait, now_);
  policy_.note_ended(queue, true, queue_wait, now_);
}

void ContactCenter::answer(std::uint32_t id, Id group) {
  const Call& c = calls_[id];
  if (c.callback) [[unlikely]] {
    call_back(c.arrival, c.queue, group, c.service, c.entered_queue);
    calls_.release(id);
    return;
  }
  answer(c.arrival, c.queue, group, c.service, tallies_.classify(now_ - c.arrival.time), now_ - c.entered_queue);
  calls_.release(id);
}

bool ContactCenter::serve_waiting(Id group) {
  // A free agent takes, from the first queue in its serves list holding an eligible caller,
  // the waiting caller of highest priority, then longest wait.
  for (const auto& s : sc_.agent_groups[group].serves) {
    const auto id = queues_.take_eligible(s.queue, s.after_s, now_, calls_);
    if (!id) continue;
    queues_.remove_caller(s.queue, now_);
    if (calls_[*id].may_abandon()) clock_remove(s.queue, *id);
    answer(*id, group);
    return true;
  }
  return false;
}

void ContactCenter::on_agent_free(Id group) {
  if (pools_.end_call(group, now_)) serve_next(group);
}

void ContactCenter::on_eligible(std::uint32_t id, std::uint32_t stamp, std::uint32_t tier) {
  const Call& c = calls_[id];
  if (c.stamp != stamp || !c.in_queue()) return;
  const auto& qs = queues_[c.queue];
  // Schedule the next tier first: serving below may release this call.
  if (tier + 1 < qs.tiers.size()) {
    calendar_.schedule(c.entered_queue + qs.tiers[tier + 1], kEligible, id, stamp, tier + 1);
  }
  if (c.state == CallState::Listening) return;  // checked again when the announcement ends
  // The caller is now eligible for groups with this `after`: an idle one takes the best
  // eligible caller it sees (which is this one or one that became eligible with it).
  const double after = qs.tiers[tier];
  for (const auto& r : qs.groups) {
    if (r.after_s == after && pools_.idle(r.group) > 0) serve_next(r.group);
    if (c.stamp != stamp) return;  // answered
  }
}

// --- staffing and outages ----------------------------------------------------------------

void ContactCenter::on_interval_start(std::uint32_t interval) {
  for (const Id g : varying_groups_) {
    pools_.schedule(g, staffing_.present(g, sc_.agent_groups[g].agents[interval]));
    set_staffing(g);
  }
}

void ContactCenter::set_staffing(Id group) {
  const std::uint32_t agents = sites_.down(sc_.agent_groups[group].site) ? 0 : pools_[group].scheduled;
  const std::uint32_t logged_in = pools_.staff(group, agents, now_);
  for (std::uint32_t i = 0; i < logged_in; ++i) {
    if (!serve_next(group)) break;
  }
}

void ContactCenter::on_outage_start(Id site, std::uint32_t outage) {
  sites_.set_down(site, true);
  for (const Id g : sites_.groups(site)) set_staffing(g);
  // Callers in the site's queues, oldest first, are rerouted through their queue's rules
  // (where `site_down` rules now match) or dropped.
  scratch_.clear();
  for (std::uint32_t id = 0; id < calls_.size(); ++id) {
    // Callback requests stay: the caller hung up, and agents call back once they can.
    const Call& c = calls_[id];
    if (c.in_queue() && !c.callback && sc_.queues[c.queue].site == site) scratch_.push_back(id);
  }
  std::sort(scratch_.begin(), scratch_.end(), [&](std::uint32_t a, std::uint32_t b) {
    return calls_[a].entered_queue < calls_[b].entered_queue ||
           (calls_[a].entered_queue == calls_[b].entered_queue && calls_[a].serial < calls_[b].serial);
  });
  const std::size_t index = sites_.outage_index(site, outage);
  const bool reroute = sc_.sites[site].outages[outage].waiting_calls == Outage::WaitingCalls::Reroute;
  for (const std::uint32_t id : scratch_) {
    const Id queue = calls_[id].queue;
    leave_queue(id);
    calls_[id].rerouted = true;
    const auto rule = reroute ? policy_.first_entry_rule(queue, now_, tallies_.rules(queue)) : std::nullopt;
    if (rule) {
      tallies_.outage_rerouted(calls_[id].arrival, index);
      send(id, queue, *rule);
    } else {
      tallies_.outage_dropped(calls_[id].arrival, index);
      drop(id, queue);
    }
  }
}

void ContactCenter::on_outage_end(Id site) {
  sites_.set_down(site, false);
  for (const Id g : sites_.groups(site)) set_staffing(g);
}

// --- outcomes ------------------------------------------------------------------------------

void ContactCenter::abandon(std::uint32_t id) {
  const Call& c = calls_[id];
  const bool in_queue = c.in_queue();
  if (in_queue) {
    queues_.remove_caller(c.queue, now_);  // its line entry is skipped when it reaches the head
    policy_.note_ended(c.queue, false, 0.0, now_);
  }
  tallies_.abandoned(c.arrival, in_queue ? std::optional<Id>(c.queue) : std::nullopt, now_ - c.entered_queue, now_);
  const Id queue = c.queue;
  if (redials_.any()) maybe_redial(c, false);
  calls_.release(id);
  // Agents idle while callers they could not yet take waited may now take a request.
  if (in_queue && callbacks_.pending() > 0 && queues_[queue].waiting == 0) offer_requests(queue);
}

void ContactCenter::block(std::uint32_t id, Id queue) {
  tallies_.blocked(calls_[id].arrival, queue);
  if (redials_.any()) maybe_redial(calls_[id], true);
  calls_.release(id);
}

void ContactCenter::drop(std::uint32_t id, Id queue) {
  tallies_.dropped(calls_[id].arrival, queue);
  calls_.release(id);
}

void ContactCenter::overflow_out(std::uint32_t id) {
  tallies_.overflowed_out(calls_[id].arrival);
  calls_.release(id);
}

// --- redials ------------------------------------------------------------------------------

void ContactCenter::maybe_redial(const Call& c, bool blocked) {
  // A pending redial is one event: the caller's type, redials so far and whether it counts.
  if (const auto at = redials_.next(c.arrival.type, c.redials, blocked, now_)) {
    calendar_.schedule(*at, kRedial, c.arrival.type, c.redials + 1, c.arrival.counted ? 1 : 0);
  }
}

void ContactCenter::on_redial(Id type, std::uint32_t redials, bool counted) {
  const auto drawn = redials_.draw(type, now_);
  Caller caller{drawn.service, drawn.deadline, 0, -1};
  sources_.locate(now_, caller);
  // Counted with its caller's first attempt; its figures land in its own arrival interval.
  const Arrival arrival{now_, type, caller.interval, caller.outage, counted};
  tallies_.arrived(arrival);
  tallies_.redialed(arrival);
  const std::uint32_t id = new_call(arrival, caller, arrivals_++);
  calls_[id].redials = redials;
  offer(id, sc_.call_types[type].enters);
}

// --- patience ------------------------------------------------------------------------------

void ContactCenter::clock_add(std::uint32_t place, std::uint32_t id) {
  const Call& c = calls_[id];
  if (queues_.clock(place).add(id, c.patience_deadline, c.serial)) arm_patience_timer(place);
}

inline void ContactCenter::arm_patience_timer(std::uint32_t place) {
  PatienceClock& pc = queues_.clock(place);
  if (pc.rearm()) calendar_.schedule(pc.timer_at(), kPatienceTimer, place, pc.timer_stamp());
}

void ContactCenter::on_patience_timer(std::uint32_t place, std::uint32_t stamp) {
  PatienceClock& pc = queues_.clock(place);
  if (stamp != pc.timer_stamp()) return;  // superseded by an earlier deadline
  // The timer may find nobody due: the caller it was set for may have been answered.
  while (pc.due(now_)) abandon(pc.take_earliest());
  arm_patience_timer(place);
}

}  // namespace ccsim::model
