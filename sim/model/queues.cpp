#include "sim/model/queues.hpp"

#include <algorithm>
#include <functional>
#include <string>

namespace ccsim::model {

namespace {

double mean_rate(const CallType& ct) {
  double sum = 0.0;
  for (const double r : ct.arrivals.per_second) sum += r;
  return sum / static_cast<double>(ct.arrivals.per_second.size());
}

// The agent groups that serve each queue, in routing order: earliest position in their
// serves list, then group order. One pass over the serves lists.
std::vector<std::vector<GroupRoute>> routes(const Scenario& sc) {
  struct Candidate {
    std::size_t position;
    GroupRoute route;
  };
  std::vector<std::vector<Candidate>> candidates(sc.queues.size());
  for (Id g = 0; g < sc.agent_groups.size(); ++g) {
    const auto& serves = sc.agent_groups[g].serves;
    for (std::size_t pos = 0; pos < serves.size(); ++pos) {
      candidates[serves[pos].queue].push_back({pos, GroupRoute{g, serves[pos].after_s}});
    }
  }
  std::vector<std::vector<GroupRoute>> result(sc.queues.size());
  for (Id q = 0; q < sc.queues.size(); ++q) {
    auto& list = candidates[q];
    std::stable_sort(list.begin(), list.end(),
                     [](const Candidate& a, const Candidate& b) { return a.position < b.position; });
    for (const auto& c : list) result[q].push_back(c.route);
  }
  return result;
}

}  // namespace

const std::vector<Id>& Reach::of(Id type) {
  ++stamp_;
  out_.assign(1, sc_.call_types[type].enters);
  seen_[out_[0]] = stamp_;
  std::size_t level_begin = 0;
  for (std::uint32_t depth = 0; depth < sc_.max_hops && level_begin < out_.size(); ++depth) {
    const std::size_t level_end = out_.size();
    for (std::size_t i = level_begin; i < level_end; ++i) {
      for (const auto& rule : sc_.queues[out_[i]].overflow) {
        if (rule.to.kind != Target::Kind::Queue || seen_[rule.to.id] == stamp_) continue;
        seen_[rule.to.id] = stamp_;
        out_.push_back(rule.to.id);
      }
    }
    level_begin = level_end;
  }
  return out_;
}

void Line::grow() {
  // Grow to the next power of two, unrolling the ring so head is at 0.
  std::vector<Entry> bigger(ring.empty() ? 16 : ring.size() * 2);
  for (std::size_t i = 0; i < size; ++i) bigger[i] = ring[(head + i) & (ring.size() - 1)];
  ring.swap(bigger);
  head = 0;
}

void Line::compact(const CallPool& calls) {
  const std::size_t mask = ring.size() - 1;
  std::size_t kept = 0;
  for (std::size_t i = 0; i < size; ++i) {
    const Entry x = ring[(head + i) & mask];
    if (calls.waiting(x.call, x.stamp)) ring[(head + kept++) & mask] = x;
  }
  size = kept;
  if (2 * kept > ring.size()) {
    std::vector<Entry> bigger(ring.size() * 2);
    for (std::size_t i = 0; i < kept; ++i) bigger[i] = ring[(head + i) & mask];
    ring.swap(bigger);
    head = 0;
  }
}

Queues::Queues(const Scenario& sc, std::uint32_t replication, Window window)
    : transit_place_(static_cast<std::uint32_t>(sc.queues.size())), window_(window) {
  // Priority levels: distinct priorities, highest first.
  std::vector<int> priorities;
  for (const auto& ct : sc.call_types) priorities.push_back(ct.priority);
  std::sort(priorities.begin(), priorities.end(), std::greater<>());
  priorities.erase(std::unique(priorities.begin(), priorities.end()), priorities.end());
  const std::size_t lines = assign_lines(sc, priorities);

  // Mean busy time of the calls that can reach each queue, weighted by arrival rate (summed
  // in call type order).
  std::vector<double> weight(sc.queues.size(), 0.0);
  std::vector<double> busy(sc.queues.size(), 0.0);
  Reach reach(sc);
  for (Id t = 0; t < sc.call_types.size(); ++t) {
    const auto& ct = sc.call_types[t];
    const double w = mean_rate(ct);
    const double b = w * (ct.handle_time.mean() + (ct.wrap_up ? ct.wrap_up->mean() : 0.0));
    for (const Id q : reach.of(t)) {
      weight[q] += w;
      busy[q] += b;
    }
  }

  auto groups = routes(sc);
  queues_.reserve(sc.queues.size());
  for (Id q = 0; q < sc.queues.size(); ++q) {
    auto& qs = queues_.emplace_back(
        engine::RandomStream{sc.seed, replication, "queue/" + sc.queues[q].name + "/announcement"});
    qs.lines.resize(lines);
    qs.groups = std::move(groups[q]);
    for (const auto& r : qs.groups) {
      if (r.after_s > 0.0) qs.tiers.push_back(r.after_s);
      else qs.groups_at_once.push_back(r.group);
    }
    std::sort(qs.tiers.begin(), qs.tiers.end());
    qs.tiers.erase(std::unique(qs.tiers.begin(), qs.tiers.end()), qs.tiers.end());
    qs.mean_service_s = weight[q] > 0.0 ? busy[q] / weight[q] : 0.0;
  }
}

// Lines: one per priority level (highest first); within a level whose call types have
// different head starts, one per head start, largest first (it wins ties). Returns how many.
std::size_t Queues::assign_lines(const Scenario& sc, const std::vector<int>& priorities) {
  std::vector<std::pair<int, double>> keys;  // (level, -head start), in line order
  for (const auto& ct : sc.call_types) {     // priorities: distinct, descending
    const int level = static_cast<int>(
        std::lower_bound(priorities.begin(), priorities.end(), ct.priority, std::greater<>()) - priorities.begin());
    keys.emplace_back(level, -ct.head_start_s);
  }
  std::vector<std::pair<int, double>> order = keys;
  std::sort(order.begin(), order.end());
  order.erase(std::unique(order.begin(), order.end()), order.end());
  for (const auto& k : keys) {
    levels_.push_back(static_cast<std::uint16_t>(std::lower_bound(order.begin(), order.end(), k) - order.begin()));
  }
  head_starts_ = order.size() > priorities.size();
  if (head_starts_) {
    for (std::size_t i = 0; i < order.size(); ++i) {
      line_head_start_.push_back(-order[i].second);
      std::size_t end = i + 1;
      while (end < order.size() && order[end].first == order[i].first) ++end;
      level_end_.push_back(end);
    }
  }
  return order.size();
}

std::optional<std::uint32_t> Queues::take_by_head_start(QueueState& q, double after_s, double now,
                                                        const CallPool& calls) {
  for (std::size_t first = 0; first < q.lines.size(); first = level_end_[first]) {
    Line* best = nullptr;
    double best_key = 0.0;
    for (std::size_t i = first; i < level_end_[first]; ++i) {
      const Line::Entry* e = q.lines[i].live_front(calls);
      if (e == nullptr || calls[e->call].entered_queue + after_s > now) continue;
      const double key = calls[e->call].entered_queue - line_head_start_[i];
      if (best == nullptr || key < best_key) {
        best = &q.lines[i];
        best_key = key;
      }
    }
    if (best != nullptr) {
      const std::uint32_t id = best->front().call;
      best->pop();
      return id;
    }
  }
  return std::nullopt;
}

double Queues::longest_wait(Id queue, double now, const CallPool& calls) {
  double longest = 0.0;
  for (auto& line : queues_[queue].lines) {
    if (const Line::Entry* e = line.live_front(calls)) longest = std::max(longest, now - calls[e->call].entered_queue);
  }
  return longest;
}

void Queues::track_intervals(std::size_t intervals, double interval_s) {
  interval_s_ = interval_s;
  for (auto& q : queues_) {
    q.intervals.assign(intervals, QueueIntervalTally{});
    q.next_boundary = interval_s;
    q.length_at_start = window_.contains(0.0) ? q.waiting : 0;
  }
}

void Queues::cross(QueueState& q, double now) const {
  const std::size_t last = q.intervals.size() - 1;
  while (now >= q.next_boundary) {
    const double b = q.next_boundary;
    // The integral at the boundary, without touching the running one: its sums stay as they
    // are with one interval.
    const double area = q.length.area + window_.overlap(q.length.last_change, b) * q.waiting;
    QueueIntervalTally& t = q.intervals[q.interval];
    t.length_area = area - q.area_at_start;
    t.max_length = std::max(q.length_at_start, q.max_length);
    q.max_before = std::max(q.max_before, q.max_length);
    q.max_length = 0;
    q.area_at_start = area;
    q.length_at_start = window_.contains(b) ? q.waiting : 0;
    ++q.interval;
    q.next_boundary = q.interval == last ? std::numeric_limits<double>::infinity()
                                         : interval_s_ * static_cast<double>(q.interval + 1);
  }
}

void Queues::close(double now, std::vector<QueueTally>& tallies) {
  for (Id q = 0; q < queues_.size(); ++q) {
    touch(q, now);
    auto& s = queues_[q];
    tallies[q].queue_length_area = s.length.area;
    tallies[q].max_queue_length = std::max(s.max_before, s.max_length);
    if (s.intervals.empty()) continue;
    QueueIntervalTally& t = s.intervals[s.interval];
    t.length_area = s.length.area - s.area_at_start;
    t.max_length = std::max(s.length_at_start, s.max_length);
    // Entered and sent on are counted by the tallies.
    for (std::size_t i = 0; i < s.intervals.size(); ++i) {
      tallies[q].intervals[i].length_area = s.intervals[i].length_area;
      tallies[q].intervals[i].max_length = s.intervals[i].max_length;
    }
  }
}

}  // namespace ccsim::model
