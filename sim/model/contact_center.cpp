#include "sim/model/contact_center.hpp"

#include "sim/error.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

namespace ccsim::model {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

engine::RandomStream stream(const Scenario& sc, std::uint32_t replication, const std::string& name) {
  return {sc.seed, replication, name};
}

std::vector<double> rates_of(const CallType& ct) { return ct.arrivals.per_second; }

}  // namespace

void ContactCenter::Line::push(Entry e) {
  if (size == ring.size()) {
    // Grow to the next power of two, unrolling the ring so head is at 0.
    std::vector<Entry> bigger(ring.empty() ? 16 : ring.size() * 2);
    for (std::size_t i = 0; i < size; ++i) bigger[i] = ring[(head + i) & (ring.size() - 1)];
    ring.swap(bigger);
    head = 0;
  }
  ring[(head + size) & (ring.size() - 1)] = e;
  ++size;
}

ContactCenter::ContactCenter(const Scenario& scenario, std::uint32_t replication)
    : sc_(scenario), thresholds_(scenario.thresholds_s.size()) {
  // Priority levels: distinct priorities, highest first.
  std::vector<int> priorities;
  for (const auto& ct : sc_.call_types) priorities.push_back(ct.priority);
  std::sort(priorities.begin(), priorities.end(), std::greater<>());
  priorities.erase(std::unique(priorities.begin(), priorities.end()), priorities.end());

  const std::size_t n_intervals = sc_.interval_count();
  for (const auto& ct : sc_.call_types) {
    const std::string base = "call_type/" + ct.name + "/";
    const auto level = static_cast<std::uint16_t>(
        std::find(priorities.begin(), priorities.end(), ct.priority) - priorities.begin());
    types_.push_back(CallTypeState{
        engine::PoissonProcess(rates_of(ct), sc_.interval_s, sc_.horizon_s),
        stream(sc_, replication, base + "arrivals"), stream(sc_, replication, base + "handle_time"),
        stream(sc_, replication, base + "patience"), stream(sc_, replication, base + "wrap_up"),
        level, 0});
  }

  queues_.resize(sc_.queues.size());
  for (auto& q : queues_) q.lines.resize(priorities.size());
  // Routing order of groups per queue: earliest position in the serves list, then group order.
  for (Id q = 0; q < sc_.queues.size(); ++q) {
    struct Candidate {
      std::size_t position;
      Id group;
      double after;
    };
    std::vector<Candidate> candidates;
    for (Id g = 0; g < sc_.agent_groups.size(); ++g) {
      const auto& serves = sc_.agent_groups[g].serves;
      for (std::size_t pos = 0; pos < serves.size(); ++pos) {
        if (serves[pos].queue == q) candidates.push_back({pos, g, serves[pos].after_s});
      }
    }
    std::stable_sort(candidates.begin(), candidates.end(),
                     [](const Candidate& a, const Candidate& b) { return a.position < b.position; });
    for (const auto& c : candidates) {
      queues_[q].groups.push_back(GroupRoute{c.group, c.after});
      if (c.after > 0.0) queues_[q].tiers.push_back(c.after);
    }
    auto& tiers = queues_[q].tiers;
    std::sort(tiers.begin(), tiers.end());
    tiers.erase(std::unique(tiers.begin(), tiers.end()), tiers.end());
  }

  groups_.resize(sc_.agent_groups.size());
  for (Id g = 0; g < groups_.size(); ++g) groups_[g].logged_in = sc_.agent_groups[g].agents.front();

  tally_.call_types.assign(sc_.call_types.size(), CallTally(thresholds_));
  tally_.intervals.assign(n_intervals * sc_.call_types.size(), CallTally(thresholds_));
  tally_.queues.assign(sc_.queues.size(), QueueTally(thresholds_));
  tally_.groups.assign(sc_.agent_groups.size(), GroupTally{});
  calls_.reserve(1024);
  calendar_.reserve(1024);
}

double ContactCenter::clamp_window(double t) const {
  return std::clamp(t, sc_.warmup_s, sc_.horizon_s);
}

void ContactCenter::touch_queue(Id queue) {
  auto& q = queues_[queue];
  const double span = clamp_window(now_) - clamp_window(q.last_change);
  if (span > 0.0) tally_.queues[queue].queue_length_area += span * q.waiting;
  q.last_change = now_;
}

void ContactCenter::touch_group(Id group) {
  auto& g = groups_[group];
  const double span = clamp_window(now_) - clamp_window(g.last_change);
  if (span > 0.0) {
    tally_.groups[group].busy_time += span * g.busy;
    tally_.groups[group].logged_in_time += span * g.logged_in;
  }
  g.last_change = now_;
}

ReplicationTally ContactCenter::run() {
  for (Id t = 0; t < types_.size(); ++t) {
    types_[t].slot = calendar_.add_slot();
    if (const auto at = types_[t].arrivals.next(0.0, types_[t].arrival_rng)) {
      calendar_.arm_slot(types_[t].slot, *at, kArrival, t);
    }
  }
  bool staffing_varies = false;
  for (const auto& g : sc_.agent_groups) staffing_varies |= g.agents.size() > 1;
  if (staffing_varies) {
    for (std::uint32_t i = 1; i < sc_.interval_count(); ++i) {
      calendar_.schedule(static_cast<double>(i) * sc_.interval_s, kIntervalStart, i);
    }
  }

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
      default: CCSIM_ASSERT(false);
    }
  }

  // Close the time integrals at the end of the window.
  now_ = std::max(now_, sc_.horizon_s);
  for (Id q = 0; q < queues_.size(); ++q) touch_queue(q);
  for (Id g = 0; g < groups_.size(); ++g) touch_group(g);

  std::vector<std::string> stuck;
  for (Id q = 0; q < queues_.size(); ++q) {
    if (queues_[q].waiting > 0) {
      stuck.push_back(sc_.source + ": queue \"" + sc_.queues[q].name + "\" still holds " +
                      std::to_string(queues_[q].waiting) +
                      " callers after the horizon with no agent left to answer them and no "
                      "patience to leave; give the callers a patience or keep agents serving it");
    }
  }
  if (!stuck.empty()) throw InputError(stuck);

  tally_.events = events;
  return std::move(tally_);
}

void ContactCenter::on_arrival(Id type) {
  auto& ts = types_[type];
  const auto& ct = sc_.call_types[type];
  if (const auto at = ts.arrivals.next(now_, ts.arrival_rng)) calendar_.arm_slot(ts.slot, *at, kArrival, type);
  ++tally_.calls_simulated;

  // A caller's attributes are drawn on arrival, in a fixed order, from the call type's own
  // streams: two scenarios that differ only in routing see the very same callers.
  const double handle = ct.handle_time.sample(ts.handle_rng);
  const double patience = ct.patience ? ct.patience->sample(ts.patience_rng) : kInf;
  const double wrap = ct.wrap_up ? ct.wrap_up->sample(ts.wrap_rng) : 0.0;

  std::uint32_t id = 0;
  if (free_calls_.empty()) {
    id = static_cast<std::uint32_t>(calls_.size());
    calls_.emplace_back();
  } else {
    id = free_calls_.back();
    free_calls_.pop_back();
  }
  Call& c = calls_[id];
  c.arrival = now_;
  c.patience_deadline = now_ + patience;
  c.serial = arrivals_++;
  c.service = handle + wrap;
  c.type = type;
  c.level = ts.level;
  c.counted = now_ >= sc_.warmup_s;
  c.interval = static_cast<std::uint32_t>(
      std::min<double>(std::floor(now_ / sc_.interval_s), static_cast<double>(sc_.interval_count() - 1)));
  if (c.counted) {
    ++tally_.call_types[type].offered;
    ++tally_.intervals[c.interval * types_.size() + type].offered;
  }
  enter_queue(id, ct.enters);
}

void ContactCenter::enter_queue(std::uint32_t id, Id queue) {
  Call& c = calls_[id];
  c.queue = queue;
  c.entered_queue = now_;
  c.next_tier = 0;
  auto& qt = tally_.queues[queue];
  if (c.counted) ++qt.calls.offered;

  // An arriving caller who finds idle agents goes to the group that lists the queue
  // earliest (groups with an `after` cannot take a caller who has not waited).
  for (const auto& r : queues_[queue].groups) {
    if (r.after_s <= 0.0 && idle(r.group) > 0) {
      if (c.counted) ++qt.entered;
      answer(id, r.group);
      return;
    }
  }

  auto& qs = queues_[queue];
  const auto& cap = sc_.queues[queue].capacity;
  if (cap && qs.waiting >= *cap) {
    if (c.counted) {
      ++tally_.call_types[c.type].blocked;
      ++tally_.intervals[c.interval * types_.size() + c.type].blocked;
      ++qt.calls.blocked;
    }
    release(id);
    return;
  }

  if (c.counted) ++qt.entered;
  touch_queue(queue);
  ++qs.waiting;
  if (now_ >= sc_.warmup_s && now_ < sc_.horizon_s) {
    qt.max_queue_length = std::max(qt.max_queue_length, qs.waiting);
  }
  c.state = CallState::Waiting;
  qs.lines[c.level].push({id, c.stamp});
  if (c.patience_deadline < kInf) {
    qs.deadlines.push(id, c.patience_deadline, c.serial);
    if (!qs.timer_armed || c.patience_deadline < qs.timer_at) arm_patience_timer(queue);
  }
  if (!qs.tiers.empty()) {
    calendar_.schedule(now_ + qs.tiers.front(), kEligible, id, c.stamp, 0);
  }
}

void ContactCenter::answer(std::uint32_t id, Id group) {
  const Call& c = calls_[id];
  auto& g = groups_[group];
  touch_group(group);
  ++g.busy;
  calendar_.schedule(now_ + c.service, kAgentFree, group);
  if (c.counted) {
    const double wait = now_ - c.arrival;
    const double queue_wait = now_ - c.entered_queue;
    const auto record = [&](CallTally& t, double w) {
      ++t.answered;
      t.sum_wait_answered += w;
      t.waits.add(w);
      if (w <= 0.0) {
        ++t.answered_no_wait;
        return;
      }
      for (std::size_t k = thresholds_; k-- > 0;) {
        if (w > sc_.thresholds_s[k]) break;
        ++t.waited_within[k];
      }
    };
    record(tally_.call_types[c.type], wait);
    record(tally_.intervals[c.interval * types_.size() + c.type], wait);
    record(tally_.queues[c.queue].calls, queue_wait);
    ++tally_.groups[group].answered;
    tally_.end_time_s = std::max(tally_.end_time_s, now_);
  }
  release(id);
}

void ContactCenter::release(std::uint32_t id) {
  Call& c = calls_[id];
  c.state = CallState::Free;
  ++c.stamp;
  free_calls_.push_back(id);
}

void ContactCenter::arm_patience_timer(Id queue) {
  auto& qs = queues_[queue];
  ++qs.timer_stamp;  // any timer already in the calendar is now stale
  qs.timer_armed = !qs.deadlines.empty();
  if (!qs.timer_armed) return;
  qs.timer_at = qs.deadlines.top_time();
  calendar_.schedule(qs.timer_at, kPatienceTimer, queue, qs.timer_stamp);
}

void ContactCenter::on_patience_timer(Id queue, std::uint32_t stamp) {
  auto& qs = queues_[queue];
  if (stamp != qs.timer_stamp) return;  // superseded by an earlier deadline
  // The timer may be late for nobody: the caller it was set for may have been answered.
  while (!qs.deadlines.empty() && qs.deadlines.top_time() <= now_) abandon(qs.deadlines.top_id());
  arm_patience_timer(queue);
}

void ContactCenter::abandon(std::uint32_t id) {
  Call& c = calls_[id];
  auto& qs = queues_[c.queue];
  qs.deadlines.remove(id);
  touch_queue(c.queue);
  --qs.waiting;  // its line entry is skipped when it reaches the head
  if (c.counted) {
    const double wait = now_ - c.arrival;
    const double queue_wait = now_ - c.entered_queue;
    const auto record = [](CallTally& t, double w) {
      ++t.abandoned;
      t.sum_wait_abandoned += w;
      t.waits.add(w);
    };
    record(tally_.call_types[c.type], wait);
    record(tally_.intervals[c.interval * types_.size() + c.type], wait);
    record(tally_.queues[c.queue].calls, queue_wait);
    tally_.end_time_s = std::max(tally_.end_time_s, now_);
  }
  release(id);
}

bool ContactCenter::serve_next(Id group) {
  // A free agent takes, from the first queue in its serves list holding an eligible caller,
  // the waiting caller of highest priority, then longest wait.
  for (const auto& s : sc_.agent_groups[group].serves) {
    auto& qs = queues_[s.queue];
    if (qs.waiting == 0) continue;
    for (auto& line : qs.lines) {
      while (line.size > 0) {
        const auto e = line.front();
        const Call& c = calls_[e.call];
        if (c.stamp != e.stamp || c.state != CallState::Waiting) {
          line.pop();  // abandoned earlier: drop the stale entry
          continue;
        }
        if (c.entered_queue + s.after_s > now_) break;  // head not yet eligible for this tier
        line.pop();
        touch_queue(s.queue);
        --qs.waiting;
        if (c.patience_deadline < kInf) qs.deadlines.remove(e.call);
        answer(e.call, group);
        return true;
      }
    }
  }
  return false;
}

void ContactCenter::on_agent_free(Id group) {
  auto& g = groups_[group];
  touch_group(group);
  --g.busy;
  if (g.pending_logout > 0) {  // agents leaving at an interval boundary finish their call first
    --g.pending_logout;
    --g.logged_in;
    return;
  }
  serve_next(group);
}

void ContactCenter::on_eligible(std::uint32_t id, std::uint32_t stamp, std::uint32_t tier) {
  Call& c = calls_[id];
  if (c.stamp != stamp || c.state != CallState::Waiting) return;
  const auto& qs = queues_[c.queue];
  const double after = qs.tiers[tier];
  // Schedule the next tier first: serving below may release this call.
  if (tier + 1 < qs.tiers.size()) {
    calendar_.schedule(c.entered_queue + qs.tiers[tier + 1], kEligible, id, stamp, tier + 1);
  }
  // The caller is now eligible for groups with this `after`: an idle one takes the best
  // eligible caller it sees (which is this one or one that became eligible with it).
  for (const auto& r : qs.groups) {
    if (r.after_s == after && idle(r.group) > 0) serve_next(r.group);
    if (c.stamp != stamp) return;  // answered
  }
}

void ContactCenter::on_interval_start(std::uint32_t interval) {
  for (Id g = 0; g < groups_.size(); ++g) {
    const auto& agents = sc_.agent_groups[g].agents;
    if (agents.size() > 1) set_staffing(g, agents[interval]);
  }
}

void ContactCenter::set_staffing(Id group, std::uint32_t agents) {
  auto& g = groups_[group];
  touch_group(group);
  const std::uint32_t staying = g.logged_in - g.pending_logout;
  if (agents >= staying) {
    std::uint32_t more = agents - staying;
    const std::uint32_t kept = std::min(more, g.pending_logout);  // busy leavers stay after all
    g.pending_logout -= kept;
    more -= kept;
    g.logged_in += more;
    for (std::uint32_t i = 0; i < more; ++i) {
      if (!serve_next(group)) break;
    }
  } else {
    std::uint32_t fewer = staying - agents;
    const std::uint32_t idle_leave = std::min(fewer, idle(group));
    g.logged_in -= idle_leave;
    fewer -= idle_leave;
    g.pending_logout += fewer;
  }
}

}  // namespace ccsim::model
