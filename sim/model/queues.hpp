// The queues of a contact center: each queue's lines (one per priority level), the callers in
// it, the agent groups that serve it (routes and tiers), and the patience clocks of the
// callers in a queue or in transit.
#pragma once

#include "sim/engine/deadline_heap.hpp"
#include "sim/engine/random.hpp"
#include "sim/model/call.hpp"
#include "sim/model/scenario.hpp"
#include "sim/model/tally.hpp"
#include "sim/model/window.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <vector>

namespace ccsim::model {

// The queues a call type's calls can be in: its entry queue, then those its overflow rules
// lead to, at most max_hops transfers away (one transfer more blocks the call), breadth
// first. A walk per type costs what it visits, not a queues x types table.
class Reach {
public:
  explicit Reach(const Scenario& sc) : sc_(sc), seen_(sc.queues.size(), 0) {}
  // Valid until the next call.
  const std::vector<Id>& of(Id type);

private:
  const Scenario& sc_;
  std::vector<std::uint32_t> seen_;  // == stamp_: visited by this walk
  std::uint32_t stamp_ = 0;
  std::vector<Id> out_;
};

// FIFO of waiting calls of one priority level (and head start) in one queue; entries of calls that left
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

  // The first entry of a caller still waiting here, dropping stale entries before it; null
  // when none is left.
  const Entry* live_front(const CallPool& calls) {
    while (size > 0) {
      const Entry& e = front();
      if (calls.waiting(e.call, e.stamp)) return &e;
      pop();
    }
    return nullptr;
  }

  // Pushes; when the ring is full, first drops the entries of callers who left (abandoned,
  // moved on). Otherwise a line that no agent ever reads keeps one stale entry per caller,
  // and memory grows with arrivals instead of with callers waiting. A ring still more than
  // half live is doubled here, so every scan is paid for by as many pushes.
  void push_compacting(Entry e, const CallPool& calls) {
    if (size > 0 && size == ring.size()) compact(calls);
    push(e);
  }
  void compact(const CallPool& calls);
};

// Patience deadlines of the callers in one place (a queue, or transit); one calendar timer,
// at timer_at(), stands for the earliest (a superseded timer is recognised by its stamp).
class PatienceClock {
public:
  // Adds a caller's deadline; true when the timer must be armed again (none is armed, or
  // this deadline comes before it).
  bool add(std::uint32_t call, double deadline, std::uint64_t serial) {
    deadlines_.push(call, deadline, serial);
    return !timer_armed_ || deadline < timer_at_;
  }
  void remove(std::uint32_t call) { deadlines_.remove(call); }

  // Stales any timer already in the calendar; true when a new one is due, at timer_at()
  // with timer_stamp() (false: no deadline left).
  bool rearm() {
    ++timer_stamp_;
    timer_armed_ = !deadlines_.empty();
    if (timer_armed_) timer_at_ = deadlines_.top_time();
    return timer_armed_;
  }
  [[nodiscard]] double timer_at() const { return timer_at_; }
  [[nodiscard]] std::uint32_t timer_stamp() const { return timer_stamp_; }

  // Whether a caller's deadline is at or before `now`.
  [[nodiscard]] bool due(double now) const { return !deadlines_.empty() && deadlines_.top_time() <= now; }
  // The caller whose deadline is earliest, taken off the clock. Precondition: one is due.
  std::uint32_t take_earliest() {
    const std::uint32_t call = deadlines_.top_id();
    deadlines_.remove(call);
    return call;
  }

private:
  engine::DeadlineHeap deadlines_;
  double timer_at_ = 0.0;
  std::uint32_t timer_stamp_ = 0;
  bool timer_armed_ = false;
};

// An agent group that serves a queue, with its `after` there (its tier).
struct GroupRoute {
  Id group = 0;
  double after_s = 0.0;
};

// One queue as the run changes it.
struct QueueState {
  explicit QueueState(engine::RandomStream rng) : announcement_rng(rng) {}
  std::vector<Line> lines;    // one per priority level (and head start within it)
  std::uint32_t waiting = 0;  // callers in the queue: waiting or hearing the announcement
  PatienceClock patience;
  // Groups that serve this queue, in routing order (earliest position in their serves
  // list, then declaration order), with their `after`.
  std::vector<GroupRoute> groups;
  std::vector<Id> groups_at_once;  // those of `groups` with no `after`, in the same order
  std::vector<double> tiers;       // distinct positive `after` values, ascending
  double mean_service_s = 0.0;     // of the calls that can reach it (for expected_wait)
  engine::RandomStream announcement_rng;
  // No rule is checked on entry and no announcement is played: offering a caller comes
  // down to an idle agent answering at once or the caller joining the line (on_arrival
  // takes that shortcut).
  bool answers_on_arrival = false;
  // Callers in the queue over time: its integral over the window, and the most at once.
  TimeIntegral length;
  std::uint32_t max_length = 0;  // with several intervals: since the current interval began
  // With several reporting intervals (Queues::track_intervals), the interval the length
  // integral was last brought into, split lazily when it next changes: the interval's end
  // (infinite in the last), the integral and the callers in the queue at its start, and the
  // most at once before it.
  double next_boundary = std::numeric_limits<double>::infinity();
  std::uint32_t interval = 0;
  double area_at_start = 0.0;
  std::uint32_t length_at_start = 0;
  std::uint32_t max_before = 0;
  std::vector<QueueIntervalTally> intervals;

  // The caller `id` (record `c`, in this queue) takes its place in its line, waiting to be
  // answered.
  void wait_in_line(std::uint32_t id, Call& c, const CallPool& calls) {
    c.state = CallState::Waiting;
    lines[c.level].push_compacting(Line::Entry{id, c.stamp}, calls);
  }
};

// The center's queues by id, and the patience clock of the callers in transit (whose place
// comes after the queues').
class Queues {
public:
  Queues(const Scenario& sc, std::uint32_t replication, Window window);

  QueueState& operator[](Id queue) { return queues_[queue]; }
  const QueueState& operator[](Id queue) const { return queues_[queue]; }
  [[nodiscard]] std::size_t size() const { return queues_.size(); }
  // The line of a call type's callers in every queue: lines go by priority level (highest
  // first); a level whose call types have different head starts has one line per head start.
  [[nodiscard]] std::uint16_t level(Id type) const { return levels_[type]; }

  // A caller joins or leaves the queue's count (waiting or hearing its announcement).
  // Inline: one of them runs whenever a caller joins or leaves a queue.
  void add_caller(Id queue, double now) {
    touch(queue, now);
    auto& q = queues_[queue];
    ++q.waiting;
    if (window_.contains(now)) q.max_length = std::max(q.max_length, q.waiting);
  }
  void remove_caller(Id queue, double now) {
    touch(queue, now);
    --queues_[queue].waiting;
  }

  // The caller an agent of a tier with `after_s` takes from `queue` now, taken off its line:
  // the waiting caller of highest priority, then longest wait, who has waited `after_s`
  // (the first line's head that has). The queue's count and the caller's patience clock
  // are left to the ACD.
  std::optional<std::uint32_t> take_eligible(Id queue, double after_s, double now, const CallPool& calls) {
    auto& q = queues_[queue];
    if (q.waiting == 0) return std::nullopt;
    if (head_starts_) return take_by_head_start(q, after_s, now, calls);
    for (auto& line : q.lines) {
      const Line::Entry* e = line.live_front(calls);
      if (e == nullptr || calls[e->call].entered_queue + after_s > now) continue;
      const std::uint32_t id = e->call;
      line.pop();
      return id;
    }
    return std::nullopt;
  }
  // Seconds the longest-waiting caller in the queue (not hearing its announcement) has
  // waited there, 0 when none waits.
  double longest_wait(Id queue, double now, const CallPool& calls);

  // The patience clock of a place: a queue, or transit_place().
  PatienceClock& clock(std::uint32_t place) { return place < transit_place_ ? queues_[place].patience : transit_; }
  [[nodiscard]] std::uint32_t transit_place() const { return transit_place_; }

  // Splits the length integrals and the longest queues at the boundaries of `intervals`
  // reporting intervals of `interval_s` (QueueState::intervals).
  void track_intervals(std::size_t intervals, double interval_s);

  // Brings the queue-length integrals up to `now` and writes them, with the longest
  // queues, into `tallies`.
  void close(double now, std::vector<QueueTally>& tallies);

private:
  // Gives each call type its line; returns the number of lines.
  std::size_t assign_lines(const Scenario& sc, const std::vector<int>& priorities);
  // take_eligible() when a level has several lines (head starts differ): per level, the
  // eligible line head with the smallest (joined the queue - head start).
  std::optional<std::uint32_t> take_by_head_start(QueueState& q, double after_s, double now, const CallPool& calls);

  // Brings the queue's length integral up to `now`: first closes the intervals it has left
  // (one compare when it has not, or with one interval).
  void touch(Id queue, double now) {
    auto& q = queues_[queue];
    if (now >= q.next_boundary) [[unlikely]]
      cross(q, now);
    q.length.advance(window_, now, q.waiting);
  }
  // Closes the intervals of `q` that end at or before `now`.
  void cross(QueueState& q, double now) const;

  std::vector<QueueState> queues_;
  std::vector<std::uint16_t> levels_;  // per call type: its line
  // With head starts that differ within a level (else empty and false): per line, its head
  // start and the end of its level's lines.
  bool head_starts_ = false;
  std::vector<double> line_head_start_;
  std::vector<std::size_t> level_end_;
  PatienceClock transit_;
  std::uint32_t transit_place_ = 0;  // the number of queues
  Window window_;
  double interval_s_ = 0.0;
};

}  // namespace ccsim::model
