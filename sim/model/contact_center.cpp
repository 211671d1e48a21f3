#include "sim/model/contact_center.hpp"

#include "sim/error.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <string>

namespace ccsim::model {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

engine::RandomStream stream(const Scenario& sc, std::uint32_t replication, const std::string& name) {
  return {sc.seed, replication, name};
}

double mean_rate(const CallType& ct) {
  double sum = 0.0;
  for (const double r : ct.arrivals.per_second) sum += r;
  return sum / static_cast<double>(ct.arrivals.per_second.size());
}

// Call types whose calls can reach each queue: by `enters`, then along overflow rules.
std::vector<std::vector<bool>> reachable_types(const Scenario& sc) {
  std::vector<std::vector<bool>> reach(sc.queues.size(), std::vector<bool>(sc.call_types.size(), false));
  for (Id t = 0; t < sc.call_types.size(); ++t) {
    std::vector<Id> todo{sc.call_types[t].enters};
    while (!todo.empty()) {
      const Id q = todo.back();
      todo.pop_back();
      if (reach[q][t]) continue;
      reach[q][t] = true;
      for (const auto& rule : sc.queues[q].overflow) {
        if (rule.to.kind == Target::Kind::Queue) todo.push_back(rule.to.id);
      }
    }
  }
  return reach;
}

// Callers alive at once (waiting, hearing an announcement or in transit) beyond which a run
// is declared unstable instead of filling memory: 100 per agent of the peak staffing, at least
// a million (no real center holds that many callers; a million cost about 100 MB) and at most
// ten million (about 1 GB). A queue whose load exceeds what its agents answer, with callers
// who never abandon, grows by the excess rate for the whole horizon.
constexpr std::size_t kCallersPerAgent = 100;
constexpr std::size_t kMinUnstableCallers = 1'000'000;
constexpr std::size_t kMaxUnstableCallers = 10'000'000;

std::size_t unstable_callers(const Scenario& sc) {
  std::size_t agents = 0;
  for (const auto& g : sc.agent_groups) agents += *std::max_element(g.agents.begin(), g.agents.end());
  return std::clamp(agents * kCallersPerAgent, kMinUnstableCallers, kMaxUnstableCallers);
}

// The error for a run that exceeded unstable_callers(): names the queue holding the most
// callers (`waiting`, per queue) and says whether its callers ever abandon.
[[noreturn]] void throw_unstable(const Scenario& sc, const std::vector<std::uint32_t>& waiting, std::size_t alive,
                                 double now) {
  char at[32];
  std::snprintf(at, sizeof at, "%gs", now);
  const auto worst = static_cast<Id>(std::max_element(waiting.begin(), waiting.end()) - waiting.begin());
  if (waiting.empty() || waiting[worst] == 0) {
    throw InputError(sc.source + ": " + std::to_string(alive) + " callers are in transit between queues at t=" + at +
                     "; overflow delays hold callers far longer than they take to arrive");
  }
  const auto reach = reachable_types(sc);
  bool abandon = false;
  for (Id t = 0; t < sc.call_types.size(); ++t) abandon |= reach[worst][t] && sc.call_types[t].patience;
  throw InputError(sc.source + ": queue \"" + sc.queues[worst].name +
                   "\" is unstable: " + std::to_string(waiting[worst]) + " callers waiting at t=" + at +
                   "; offered load exceeds what its agents can answer and callers " +
                   (abandon ? "do not abandon fast enough" : "never abandon"));
}

// Pushes onto a line; when its ring is full, first drops the entries of callers who left
// (abandoned, moved on). Otherwise a line that no agent ever reads keeps one stale entry per
// caller, and memory grows with arrivals instead of with callers waiting. A ring still more
// than half live is doubled here, so every scan is paid for by as many pushes.
template <class Line, class Entry, class IsLive>
void push_compacting(Line& line, Entry e, IsLive is_live) {
  if (line.size > 0 && line.size == line.ring.size()) {
    const std::size_t mask = line.ring.size() - 1;
    std::size_t kept = 0;
    for (std::size_t i = 0; i < line.size; ++i) {
      const Entry x = line.ring[(line.head + i) & mask];
      if (is_live(x)) line.ring[(line.head + kept++) & mask] = x;
    }
    line.size = kept;
    if (2 * kept > line.ring.size()) {
      std::vector<Entry> bigger(line.ring.size() * 2);
      for (std::size_t i = 0; i < kept; ++i) bigger[i] = line.ring[(line.head + i) & mask];
      line.ring.swap(bigger);
      line.head = 0;
    }
  }
  line.push(e);
}

}  // namespace

void ContactCenter::Line::grow() {
  // Grow to the next power of two, unrolling the ring so head is at 0.
  std::vector<Entry> bigger(ring.empty() ? 16 : ring.size() * 2);
  for (std::size_t i = 0; i < size; ++i) bigger[i] = ring[(head + i) & (ring.size() - 1)];
  ring.swap(bigger);
  head = 0;
}

ContactCenter::ContactCenter(const Scenario& scenario, std::uint32_t replication)
    : sc_(scenario), thresholds_(scenario.thresholds_s.size()), intervals_(scenario.interval_count()),
      last_interval_(static_cast<double>(intervals_ - 1)), wait_classes_(scenario.thresholds_s) {
  // Priority levels: distinct priorities, highest first.
  std::vector<int> priorities;
  for (const auto& ct : sc_.call_types) priorities.push_back(ct.priority);
  std::sort(priorities.begin(), priorities.end(), std::greater<>());
  priorities.erase(std::unique(priorities.begin(), priorities.end()), priorities.end());

  const std::size_t n_intervals = sc_.interval_count();
  for (const auto& ct : sc_.call_types) {
    const std::string base = "call_type/" + ct.name + "/";
    const auto level =
        static_cast<std::uint16_t>(std::find(priorities.begin(), priorities.end(), ct.priority) - priorities.begin());
    types_.push_back(CallTypeState{engine::PoissonProcess(ct.arrivals.per_second, sc_.interval_s, sc_.horizon_s),
                                   stream(sc_, replication, base + "arrivals"),
                                   stream(sc_, replication, base + "handle_time"),
                                   stream(sc_, replication, base + "patience"),
                                   stream(sc_, replication, base + "wrap_up"),
                                   level,
                                   0,
                                   {}});
  }

  queues_.reserve(sc_.queues.size());
  for (const auto& q : sc_.queues) {
    queues_.emplace_back(stream(sc_, replication, "queue/" + q.name + "/announcement"));
    queues_.back().lines.resize(priorities.size());
  }
  const auto reach = reachable_types(sc_);
  for (Id q = 0; q < sc_.queues.size(); ++q) {
    auto& qs = queues_[q];
    // Routing order of groups: earliest position in the serves list, then group order.
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
      qs.groups.push_back(GroupRoute{c.group, c.after});
      if (c.after > 0.0) qs.tiers.push_back(c.after);
      else qs.groups_at_once.push_back(c.group);
    }
    std::sort(qs.tiers.begin(), qs.tiers.end());
    qs.tiers.erase(std::unique(qs.tiers.begin(), qs.tiers.end()), qs.tiers.end());

    // Mean busy time of the calls that can reach the queue, weighted by arrival rate.
    double weight = 0.0;
    double busy = 0.0;
    for (Id t = 0; t < sc_.call_types.size(); ++t) {
      if (!reach[q][t]) continue;
      const auto& ct = sc_.call_types[t];
      const double w = mean_rate(ct);
      weight += w;
      busy += w * (ct.handle_time.mean() + (ct.wrap_up ? ct.wrap_up->mean() : 0.0));
    }
    qs.mean_service_s = weight > 0.0 ? busy / weight : 0.0;
  }
  // Rules come after every queue exists: a service_level condition registers its monitor
  // on the queue it watches.
  for (Id q = 0; q < sc_.queues.size(); ++q) {
    const auto& rules = sc_.queues[q].overflow;
    for (std::uint32_t r = 0; r < rules.size(); ++r) {
      const std::string base = "queue/" + sc_.queues[q].name + "/overflow/" + std::to_string(r) + "/";
      RuleState rs{&rules[r], build_condition(rules[r].when, q), stream(sc_, replication, base + "delay"),
                   stream(sc_, replication, base + "announcement")};
      queues_[q].rules.push_back(std::move(rs));
      (rules[r].timer_s ? queues_[q].timer_rules : queues_[q].entry_rules).push_back(r);
    }
  }

  for (Id q = 0; q < sc_.queues.size(); ++q) {
    queues_[q].answers_on_arrival = queues_[q].entry_rules.empty() && !sc_.queues[q].announcement;
  }

  groups_.resize(sc_.agent_groups.size());
  for (Id g = 0; g < groups_.size(); ++g) {
    for (const auto& s : sc_.agent_groups[g].serves) groups_[g].serves.push_back(s.queue);
    groups_[g].scheduled = sc_.agent_groups[g].agents.front();
    groups_[g].logged_in = groups_[g].scheduled;
  }
  sites_.resize(sc_.sites.size());
  std::size_t outages = 0;
  for (Id s = 0; s < sc_.sites.size(); ++s) {
    sites_[s].first_outage = outages;
    outages += sc_.sites[s].outages.size();
  }

  tally_.call_types.assign(sc_.call_types.size(), CallTally(thresholds_));
  tally_.intervals.assign(n_intervals * sc_.call_types.size(), CallTally(thresholds_));
  for (const auto& q : sc_.queues) tally_.queues.emplace_back(thresholds_, q.overflow.size());
  tally_.groups.assign(sc_.agent_groups.size(), GroupTally{});
  tally_.outages.assign(outages, OutageTally(thresholds_));
  // A queue entered by the arrivals of one call type only, that no rule sends calls to, that
  // sends none on and belongs to no site (so no outage reroutes or drops its callers), holds
  // each of that type's calls from arrival to outcome: its call tally receives exactly the
  // type's updates, with the same waits, in the same order. It is skipped on the way and
  // copied at the end of run, as the one-interval tallies are.
  std::vector<std::uint32_t> entering(queues_.size(), 0);
  std::vector<bool> targeted(queues_.size(), false);
  for (const auto& ct : sc_.call_types) ++entering[ct.enters];
  for (const auto& q : sc_.queues) {
    for (const auto& rule : q.overflow) {
      if (rule.to.kind == Target::Kind::Queue) targeted[rule.to.id] = true;
    }
  }
  for (Id t = 0; t < sc_.call_types.size(); ++t) {
    const Id q = sc_.call_types[t].enters;
    if (entering[q] == 1 && !targeted[q] && sc_.queues[q].overflow.empty() && !sc_.queues[q].site) {
      queues_[q].calls_of_type = t;
    }
  }
  calls_.reserve(1024);
  calendar_.reserve(1024);
}

ContactCenter::ConditionState ContactCenter::build_condition(const Condition& c, Id queue) {
  ConditionState cs;
  cs.condition = &c;
  for (const auto& child : c.children) cs.children.push_back(build_condition(child, queue));
  if (c.kind == Condition::Kind::ServiceLevel) {
    auto& watched = queues_[c.queue.value_or(queue)];
    cs.monitor = watched.monitors.size();
    watched.monitors.push_back(ServiceMonitor{c.within_s, c.window_s, {}, 0});
  }
  return cs;
}

ReplicationTally ContactCenter::run() {
  for (Id t = 0; t < types_.size(); ++t) {
    types_[t].slot = calendar_.add_slot();
    draw_ahead(t, 0.0);
    if (types_[t].ahead.size > 0) calendar_.arm_slot(types_[t].slot, types_[t].ahead.at[0], kArrival, t);
  }
  bool staffing_varies = false;
  for (const auto& g : sc_.agent_groups) staffing_varies |= g.agents.size() > 1;
  if (staffing_varies) {
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

  // With one interval, each call type's interval tally receives exactly the updates of its
  // call-type tally, in the same order: they were skipped on the way (interval_scope) and
  // the result is a copy.
  if (intervals_ == 1) tally_.intervals = tally_.call_types;
  for (Id q = 0; q < queues_.size(); ++q) {
    if (const auto t = queues_[q].calls_of_type) tally_.queues[q].calls = tally_.call_types[*t];
  }
  tally_.events = events;
  return std::move(tally_);
}

// --- arrivals and routing ------------------------------------------------------------

inline std::optional<Id> ContactCenter::answers_at_once(Id queue) const {
  for (const Id g : queues_[queue].groups_at_once) {
    if (idle(g) > 0) return g;
  }
  return std::nullopt;
}

void ContactCenter::draw_ahead(Id type, double t) {
  auto& ts = types_[type];
  const auto& ct = sc_.call_types[type];
  auto& ahead = ts.ahead;
  const std::size_t n = ts.arrivals.next_n(t, ts.arrival_rng, ahead.at.data(), CallersAhead::kBlock);
  ahead.ended = n < CallersAhead::kBlock;
  ahead.next = 0;
  ahead.size = n;
  // A caller's attributes come from the call type's own streams, one stream per attribute:
  // two scenarios that differ only in routing see the very same callers.
  std::array<double, CallersAhead::kBlock> drawn{};
  ct.handle_time.sample_n(ts.handle_rng, ahead.service.data(), n);
  if (ct.wrap_up) {
    ct.wrap_up->sample_n(ts.wrap_rng, drawn.data(), n);
    for (std::size_t i = 0; i < n; ++i) ahead.service[i] += drawn[i];
  } else {
    for (std::size_t i = 0; i < n; ++i) ahead.service[i] += 0.0;  // as handle + 0.0: -0.0 turns +0.0
  }
  if (ct.patience) {
    ct.patience->sample_n(ts.patience_rng, drawn.data(), n);
    for (std::size_t i = 0; i < n; ++i) ahead.deadline[i] = ahead.at[i] + drawn[i];
  } else {
    ahead.deadline.fill(kInf);
  }
  // With one reporting interval the formula gives 0 whatever the time: skip the division.
  if (intervals_ == 1) {
    ahead.interval.fill(0);
  } else {
    for (std::size_t i = 0; i < n; ++i) {
      ahead.interval[i] =
          static_cast<std::uint32_t>(std::min<double>(std::floor(ahead.at[i] / sc_.interval_s), last_interval_));
    }
  }
  ahead.outage.fill(-1);
  for (Id s = 0; s < sc_.sites.size(); ++s) {
    const auto& outages = sc_.sites[s].outages;
    for (std::size_t k = 0; k < outages.size(); ++k) {
      for (std::size_t i = 0; i < n; ++i) {
        if (ahead.at[i] >= outages[k].from_s && ahead.at[i] < outages[k].from_s + outages[k].for_s) {
          ahead.outage[i] = static_cast<std::int32_t>(sites_[s].first_outage + k);
        }
      }
    }
  }
}

void ContactCenter::on_arrival(Id type) {
  auto& ts = types_[type];
  const auto& ct = sc_.call_types[type];
  auto& ahead = ts.ahead;
  const std::size_t self = ahead.next++;
  const double service = ahead.service[self];
  const double deadline = ahead.deadline[self];
  const std::uint32_t interval = ahead.interval[self];
  const std::int32_t outage = ahead.outage[self];
  if (ahead.next == ahead.size && !ahead.ended) draw_ahead(type, ahead.at[self]);
  if (ahead.next < ahead.size) calendar_.rearm_slot(ts.slot, ahead.at[ahead.next]);
  ++tally_.calls_simulated;

  const std::uint64_t serial = arrivals_++;
  const bool counted = now_ >= sc_.warmup_s;
  if (counted) {
    ++tally_.call_types[type].offered;
    if (CallTally* i = interval_scope(type, interval)) ++i->offered;
    if (CallTally* o = outage_scope(outage)) ++o->offered;
  }

  // A queue without entry rules or announcement, up: what offer() does comes down to an
  // idle agent answering at once (then without a call record) or joining the line.
  const Id queue = ct.enters;
  const bool plain = queues_[queue].answers_on_arrival && !site_down(sc_.queues[queue].site);
  const auto group = plain ? answers_at_once(queue) : std::nullopt;
  if (group) {
    if (counted) {
      if (CallTally* q = queue_scope(queue)) ++q->offered;
      ++tally_.queues[queue].entered;
    }
    start_service(*group, service);
    if (counted) record_answered(type, interval, outage, queue, *group, WaitClasses::kNoWait, 0.0);
    note_ended(queue, true, 0.0);
    return;
  }

  std::uint32_t id = 0;
  if (free_calls_.empty()) {
    // Every call is alive. From the floor on, the exact bound is checked every 1024 new callers.
    if (calls_.size() >= kMinUnstableCallers && (calls_.size() - kMinUnstableCallers) % 1024 == 0 &&
        calls_.size() >= unstable_callers(sc_)) {
      std::vector<std::uint32_t> waiting;
      for (const auto& q : queues_) waiting.push_back(q.waiting);
      throw_unstable(sc_, waiting, calls_.size(), now_);
    }
    id = static_cast<std::uint32_t>(calls_.size());
    calls_.emplace_back();
  } else {
    id = free_calls_.back();
    free_calls_.pop_back();
  }
  Call& c = calls_[id];
  c.arrival = now_;
  c.patience_deadline = deadline;
  c.service = service;
  c.pending_announcement = 0.0;
  c.serial = serial;
  c.type = type;
  c.level = ts.level;
  c.hops = 0;
  c.rerouted = false;
  c.counted = counted;
  c.interval = interval;
  c.outage = outage;
  if (plain) {
    enter(id, queue);
    join(id, queue, 0.0);
  } else {
    offer(id, queue);
  }
}

CallTally* ContactCenter::queue_scope(Id queue) {
  return queues_[queue].calls_of_type ? nullptr : &tally_.queues[queue].calls;
}

inline void ContactCenter::enter(std::uint32_t id, Id queue) {
  Call& c = calls_[id];
  c.queue = queue;
  c.entered_queue = now_;
  if (c.counted) {
    if (CallTally* q = queue_scope(queue)) ++q->offered;
  }
}

void ContactCenter::offer(std::uint32_t id, Id queue) {
  enter(id, queue);
  Call& c = calls_[id];
  auto& qs = queues_[queue];
  auto& qt = tally_.queues[queue];
  const auto& spec = sc_.queues[queue];

  // Overflow rules, in order, first match wins.
  for (const std::uint32_t r : qs.entry_rules) {
    if (evaluate(qs.rules[r].when, queue, true, qt.rules[r])) {
      send(id, queue, r);
      return;
    }
  }
  // A queue of a site that is down takes no calls.
  if (spec.site && sites_[*spec.site].down) {
    block(id, queue);
    return;
  }

  double listen = c.pending_announcement;
  c.pending_announcement = 0.0;
  if (spec.announcement) listen += spec.announcement->sample(qs.announcement_rng);

  // An arriving caller who finds idle agents goes to the group that lists the queue
  // earliest (groups with an `after` cannot take a caller who has not waited).
  if (listen <= 0.0) {
    if (const auto g = answers_at_once(queue)) {
      if (c.counted) ++qt.entered;
      answer(id, *g);
      return;
    }
  }
  join(id, queue, listen);
}

void ContactCenter::join(std::uint32_t id, Id queue, double listen) {
  Call& c = calls_[id];
  auto& qs = queues_[queue];
  auto& qt = tally_.queues[queue];
  const auto& spec = sc_.queues[queue];
  if (spec.capacity && qs.waiting >= *spec.capacity) {
    block(id, queue);
    return;
  }

  if (c.counted) ++qt.entered;
  touch_queue(queue);
  ++qs.waiting;
  if (now_ >= sc_.warmup_s && now_ < sc_.horizon_s) qt.max_queue_length = std::max(qt.max_queue_length, qs.waiting);
  if (c.patience_deadline < kInf) clock_add(queue, id);
  for (const std::uint32_t r : qs.timer_rules) {
    calendar_.schedule(now_ + *qs.rules[r].rule->timer_s, kWaitedTimer, id, c.stamp, r);
  }
  if (!qs.tiers.empty()) calendar_.schedule(now_ + qs.tiers.front(), kEligible, id, c.stamp, 0);
  if (listen > 0.0) {
    c.state = CallState::Listening;
    if (c.counted) ++qt.announcements;
    calendar_.schedule(now_ + listen, kAnnouncementEnd, id, c.stamp);
    return;
  }
  c.state = CallState::Waiting;
  push_compacting(qs.lines[c.level], Line::Entry{id, c.stamp}, [&](const Line::Entry& e) {
    return calls_[e.call].stamp == e.stamp && calls_[e.call].state == CallState::Waiting;
  });
}

void ContactCenter::send(std::uint32_t id, Id from, std::uint32_t r) {
  Call& c = calls_[id];
  RuleState& rs = queues_[from].rules[r];
  const OverflowRule& rule = *rs.rule;
  auto& qt = tally_.queues[from];
  if (c.counted) {
    ++qt.rules[r].fired;
    if (rule.to.kind == Target::Kind::Queue) ++qt.overflowed;
    else if (CallTally* q = queue_scope(from)) ++q->overflowed_out;
    if (c.rerouted) ++qt.rerouted;
  }
  const double delay = rule.delay ? rule.delay->sample(rs.delay_rng) : 0.0;
  const double announcement = rule.announcement ? rule.announcement->sample(rs.announcement_rng) : 0.0;

  if (rule.to.kind == Target::Kind::Queue) {
    if (c.hops >= sc_.max_hops) {  // ping-pong guard: the call is blocked
      if (c.counted) {
        ++tally_.call_types[c.type].blocked;
        if (CallTally* i = interval_scope(c)) ++i->blocked;
        if (CallTally* o = outage_scope(c)) ++o->blocked;
      }
      release(id);
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
  if (c.patience_deadline < kInf) clock_add(transit_place(), id);
  const double travel = rule.to.kind == Target::Kind::Queue ? delay : delay + announcement;
  calendar_.schedule(now_ + travel, kTransferEnd, id, c.stamp);
}

void ContactCenter::on_transfer_end(std::uint32_t id, std::uint32_t stamp) {
  Call& c = calls_[id];
  if (c.stamp != stamp || c.state != CallState::Transit) return;  // abandoned on the way
  if (c.patience_deadline < kInf) clock_remove(transit_place(), id);
  c.state = CallState::Free;
  if (c.transit_to.kind == Target::Kind::Exit) overflow_out(id);
  else offer(id, c.transit_to.id);
}

void ContactCenter::on_announcement_end(std::uint32_t id, std::uint32_t stamp) {
  Call& c = calls_[id];
  if (c.stamp != stamp || c.state != CallState::Listening) return;
  c.state = CallState::Waiting;
  push_compacting(queues_[c.queue].lines[c.level], Line::Entry{id, c.stamp}, [&](const Line::Entry& e) {
    return calls_[e.call].stamp == e.stamp && calls_[e.call].state == CallState::Waiting;
  });
  try_answer_now(id);
}

void ContactCenter::try_answer_now(std::uint32_t id) {
  const std::uint32_t stamp = calls_[id].stamp;
  for (const auto& r : queues_[calls_[id].queue].groups) {
    if (idle(r.group) > 0 && calls_[id].entered_queue + r.after_s <= now_) serve_next(r.group);
    if (calls_[id].stamp != stamp) return;  // answered
  }
}

void ContactCenter::on_waited_timer(std::uint32_t id, std::uint32_t stamp, std::uint32_t r) {
  Call& c = calls_[id];
  if (c.stamp != stamp || (c.state != CallState::Waiting && c.state != CallState::Listening)) return;
  const Id queue = c.queue;
  auto& qs = queues_[queue];
  if (!evaluate(qs.rules[r].when, queue, true, tally_.queues[queue].rules[r])) return;
  leave_queue(id);
  send(id, queue, r);
}

void ContactCenter::leave_queue(std::uint32_t id) {
  Call& c = calls_[id];
  auto& qs = queues_[c.queue];
  touch_queue(c.queue);
  --qs.waiting;
  if (c.patience_deadline < kInf) clock_remove(c.queue, id);
  ++c.stamp;  // its line entry and timers in this queue are now stale
  c.state = CallState::Free;
}

void ContactCenter::answer(std::uint32_t id, Id group) {
  const Call& c = calls_[id];
  start_service(group, c.service);
  const double queue_wait = now_ - c.entered_queue;
  if (c.counted) {
    record_answered(c.type, c.interval, c.outage, c.queue, group, wait_classes_.of(now_ - c.arrival), queue_wait);
  }
  note_ended(c.queue, true, queue_wait);
  release(id);
}

inline void ContactCenter::start_service(Id group, double service) {
  ++groups_[group].busy;
  add_busy(group, service);
  calendar_.schedule(now_ + service, kAgentFree, group);
}

[[gnu::always_inline]] inline void ContactCenter::record_answered(Id type, std::uint32_t interval, std::int32_t outage,
                                                                  Id queue, Id group, const WaitClasses::Wait& wait,
                                                                  double queue_wait) {
  // A lambda, so that the compiler inlines it at each of its calls.
  const auto record = [](CallTally& t, const WaitClasses::Wait& w) {
    ++t.answered;
    t.sum_wait_answered += w.wait_s;
    t.waits.add_bin(w.bin);
    ++t.answered_by_wait[w.wait_class];
  };
  record(tally_.call_types[type], wait);
  if (CallTally* i = interval_scope(type, interval)) record(*i, wait);
  if (CallTally* o = outage_scope(outage)) record(*o, wait);
  // Same value, same class: a call that never moved waited as long in its queue.
  if (CallTally* q = queue_scope(queue)) record(*q, queue_wait == wait.wait_s ? wait : wait_classes_.of(queue_wait));
  ++tally_.groups[group].answered;
  tally_.end_time_s = now_;  // time only moves forward: the latest outcome so far
}

void ContactCenter::release(std::uint32_t id) {
  Call& c = calls_[id];
  c.state = CallState::Free;
  ++c.stamp;
  free_calls_.push_back(id);
}

bool ContactCenter::serve_waiting(Id group) {
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
          line.pop();  // left earlier: drop the stale entry
          continue;
        }
        if (c.entered_queue + s.after_s > now_) break;  // head not yet eligible for this tier
        line.pop();
        touch_queue(s.queue);
        --qs.waiting;
        if (c.patience_deadline < kInf) clock_remove(s.queue, e.call);
        answer(e.call, group);
        return true;
      }
    }
  }
  return false;
}

void ContactCenter::on_agent_free(Id group) {
  auto& g = groups_[group];
  --g.busy;
  if (g.pending_logout > 0) {  // agents leaving (end of shift, site down) finish their call first
    touch_group(group);
    --g.pending_logout;
    --g.logged_in;
    return;
  }
  serve_next(group);
}

void ContactCenter::on_eligible(std::uint32_t id, std::uint32_t stamp, std::uint32_t tier) {
  Call& c = calls_[id];
  if (c.stamp != stamp || (c.state != CallState::Waiting && c.state != CallState::Listening)) return;
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
    if (r.after_s == after && idle(r.group) > 0) serve_next(r.group);
    if (c.stamp != stamp) return;  // answered
  }
}

// --- staffing and outages ----------------------------------------------------------------

void ContactCenter::on_interval_start(std::uint32_t interval) {
  interval_ = interval;
  for (Id g = 0; g < groups_.size(); ++g) {
    const auto& agents = sc_.agent_groups[g].agents;
    if (agents.size() > 1) {
      groups_[g].scheduled = agents[interval];
      set_staffing(g);
    }
  }
}

void ContactCenter::set_staffing(Id group) {
  auto& g = groups_[group];
  const auto& site = sc_.agent_groups[group].site;
  const std::uint32_t agents = site && sites_[*site].down ? 0 : g.scheduled;
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

void ContactCenter::on_outage_start(Id site, std::uint32_t outage) {
  sites_[site].down = true;
  for (Id g = 0; g < groups_.size(); ++g) {
    if (sc_.agent_groups[g].site == site) set_staffing(g);
  }
  // Callers in the site's queues, oldest first, are rerouted through their queue's rules
  // (where `site_down` rules now match) or dropped.
  scratch_.clear();
  for (std::uint32_t id = 0; id < calls_.size(); ++id) {
    const Call& c = calls_[id];
    if ((c.state == CallState::Waiting || c.state == CallState::Listening) && sc_.queues[c.queue].site == site) {
      scratch_.push_back(id);
    }
  }
  std::sort(scratch_.begin(), scratch_.end(), [&](std::uint32_t a, std::uint32_t b) {
    return calls_[a].entered_queue < calls_[b].entered_queue ||
           (calls_[a].entered_queue == calls_[b].entered_queue && calls_[a].serial < calls_[b].serial);
  });
  auto& ot = tally_.outages[sites_[site].first_outage + outage];
  const bool reroute = sc_.sites[site].outages[outage].waiting_calls == Outage::WaitingCalls::Reroute;
  for (const std::uint32_t id : scratch_) {
    const Id queue = calls_[id].queue;
    leave_queue(id);
    calls_[id].rerouted = true;
    bool sent = false;
    if (reroute) {
      auto& qs = queues_[queue];
      for (const std::uint32_t r : qs.entry_rules) {
        if (evaluate(qs.rules[r].when, queue, true, tally_.queues[queue].rules[r])) {
          if (calls_[id].counted) ++ot.rerouted;
          send(id, queue, r);
          sent = true;
          break;
        }
      }
    }
    if (!sent) {
      if (calls_[id].counted) ++ot.dropped;
      drop(id, queue);
    }
  }
}

void ContactCenter::on_outage_end(Id site) {
  sites_[site].down = false;
  for (Id g = 0; g < groups_.size(); ++g) {
    if (sc_.agent_groups[g].site == site) set_staffing(g);
  }
}

// --- outcomes ------------------------------------------------------------------------------

void ContactCenter::abandon(std::uint32_t id) {
  Call& c = calls_[id];
  const bool in_queue = c.state == CallState::Waiting || c.state == CallState::Listening;
  if (in_queue) {
    touch_queue(c.queue);
    --queues_[c.queue].waiting;  // its line entry is skipped when it reaches the head
    note_ended(c.queue, false, 0.0);
  }
  if (c.counted) {
    const auto record = [](CallTally& t, double w) {
      ++t.abandoned;
      t.sum_wait_abandoned += w;
      t.waits.add(w);
    };
    const double wait = now_ - c.arrival;
    record(tally_.call_types[c.type], wait);
    if (CallTally* i = interval_scope(c)) record(*i, wait);
    if (CallTally* o = outage_scope(c)) record(*o, wait);
    if (CallTally* q = in_queue ? queue_scope(c.queue) : nullptr) record(*q, now_ - c.entered_queue);
    tally_.end_time_s = now_;  // time only moves forward: the latest outcome so far
  }
  release(id);
}

void ContactCenter::block(std::uint32_t id, Id queue) {
  const Call& c = calls_[id];
  if (c.counted) {
    ++tally_.call_types[c.type].blocked;
    if (CallTally* i = interval_scope(c)) ++i->blocked;
    if (CallTally* o = outage_scope(c)) ++o->blocked;
    if (CallTally* q = queue_scope(queue)) ++q->blocked;
  }
  release(id);
}

void ContactCenter::drop(std::uint32_t id, Id queue) {
  const Call& c = calls_[id];
  if (c.counted) {
    ++tally_.call_types[c.type].dropped;
    if (CallTally* i = interval_scope(c)) ++i->dropped;
    if (CallTally* o = outage_scope(c)) ++o->dropped;
    if (CallTally* q = queue_scope(queue)) ++q->dropped;
  }
  release(id);
}

void ContactCenter::overflow_out(std::uint32_t id) {
  const Call& c = calls_[id];
  if (c.counted) {
    ++tally_.call_types[c.type].overflowed_out;
    if (CallTally* i = interval_scope(c)) ++i->overflowed_out;
    if (CallTally* o = outage_scope(c)) ++o->overflowed_out;
  }
  release(id);
}

void ContactCenter::feed_monitors(Id queue, bool answered, double queue_wait) {
  for (auto& m : queues_[queue].monitors) {
    const bool hit = answered && queue_wait <= m.within_s;
    m.ended.emplace_back(now_, hit);
    m.hits += hit;
    while (!m.ended.empty() && m.ended.front().first < now_ - m.window_s) {
      m.hits -= m.ended.front().second;
      m.ended.pop_front();
    }
  }
}

// --- conditions ------------------------------------------------------------------------------

bool ContactCenter::evaluate(ConditionState& cs, Id queue, bool count_switches, RuleTally& tally) {
  const Condition& c = *cs.condition;
  switch (c.kind) {
    case Condition::Kind::All: {
      bool all = true;  // every child is evaluated, so each hysteresis sees every entry
      for (auto& child : cs.children) all &= evaluate(child, queue, count_switches, tally);
      return all;
    }
    case Condition::Kind::Any: {
      bool any = false;
      for (auto& child : cs.children) any |= evaluate(child, queue, count_switches, tally);
      return any;
    }
    case Condition::Kind::Waited: return true;  // evaluated when its timer fires
    case Condition::Kind::SiteDown: return site_down(c.site ? c.site : sc_.queues[queue].site) == c.expect_down;
    default: break;
  }
  const double m = metric(c, cs.monitor, c.queue.value_or(queue));
  const bool counting = count_switches && in_window(now_);
  if (c.until_below) {
    if (cs.on && m < *c.until_below) {
      cs.on = false;
      if (counting) ++tally.switched_off;
    } else if (!cs.on && m >= *c.at_least) {
      cs.on = true;
      if (counting) ++tally.switched_on;
    }
    return cs.on;
  }
  if (c.until_above) {
    if (cs.on && m > *c.until_above) {
      cs.on = false;
      if (counting) ++tally.switched_off;
    } else if (!cs.on && m <= *c.at_most) {
      cs.on = true;
      if (counting) ++tally.switched_on;
    }
    return cs.on;
  }
  return (!c.at_least || m >= *c.at_least) && (!c.at_most || m <= *c.at_most);
}

double ContactCenter::metric(const Condition& c, std::size_t monitor, Id queue) {
  auto& qs = queues_[queue];
  switch (c.kind) {
    case Condition::Kind::QueueLength: return qs.waiting;
    case Condition::Kind::AvailableAgents: {
      double idle_agents = 0.0;
      for (const auto& r : qs.groups) idle_agents += idle(r.group);
      return idle_agents;
    }
    case Condition::Kind::Occupancy: {
      double busy = 0.0;
      double logged = 0.0;
      for (const auto& r : qs.groups) {
        busy += groups_[r.group].busy;
        logged += groups_[r.group].logged_in;
      }
      return logged > 0.0 ? busy / logged : 1.0;  // nobody logged in: no capacity at all
    }
    case Condition::Kind::ExpectedWait: {
      // Position-based estimate: 0 when an agent who may answer at once is idle; otherwise
      // the callers ahead plus this one, times the mean busy time of the calls that reach
      // the queue, shared among the agents logged into the groups that serve it.
      double logged = 0.0;
      for (const auto& r : qs.groups) {
        if (r.after_s <= 0.0 && idle(r.group) > 0) return 0.0;
        logged += groups_[r.group].logged_in;
      }
      if (logged <= 0.0) return kInf;
      return (qs.waiting + 1.0) * qs.mean_service_s / logged;
    }
    case Condition::Kind::LongestWait: {
      double longest = 0.0;
      for (auto& line : qs.lines) {
        while (line.size > 0) {
          const auto e = line.front();
          const Call& w = calls_[e.call];
          if (w.stamp == e.stamp && w.state == CallState::Waiting) {
            longest = std::max(longest, now_ - w.entered_queue);
            break;
          }
          line.pop();
        }
      }
      return longest;
    }
    case Condition::Kind::ServiceLevel: {
      auto& m = qs.monitors[monitor];
      while (!m.ended.empty() && m.ended.front().first < now_ - m.window_s) {
        m.hits -= m.ended.front().second;
        m.ended.pop_front();
      }
      // No call ended in the window: no evidence of poor service.
      return m.ended.empty() ? 1.0 : static_cast<double>(m.hits) / static_cast<double>(m.ended.size());
    }
    default: CCSIM_ASSERT(false);
  }
}

// --- patience ------------------------------------------------------------------------------

void ContactCenter::clock_add(std::uint32_t place, std::uint32_t id) {
  auto& pc = clock(place);
  const Call& c = calls_[id];
  pc.deadlines.push(id, c.patience_deadline, c.serial);
  if (!pc.timer_armed || c.patience_deadline < pc.timer_at) arm_patience_timer(place);
}

void ContactCenter::clock_remove(std::uint32_t place, std::uint32_t id) { clock(place).deadlines.remove(id); }

void ContactCenter::arm_patience_timer(std::uint32_t place) {
  auto& pc = clock(place);
  ++pc.timer_stamp;  // any timer already in the calendar is now stale
  pc.timer_armed = !pc.deadlines.empty();
  if (!pc.timer_armed) return;
  pc.timer_at = pc.deadlines.top_time();
  calendar_.schedule(pc.timer_at, kPatienceTimer, place, pc.timer_stamp);
}

void ContactCenter::on_patience_timer(std::uint32_t place, std::uint32_t stamp) {
  auto& pc = clock(place);
  if (stamp != pc.timer_stamp) return;  // superseded by an earlier deadline
  // The timer may find nobody due: the caller it was set for may have been answered.
  while (!pc.deadlines.empty() && pc.deadlines.top_time() <= now_) {
    const std::uint32_t id = pc.deadlines.top_id();
    pc.deadlines.remove(id);
    abandon(id);
  }
  arm_patience_timer(place);
}

}  // namespace ccsim::model
