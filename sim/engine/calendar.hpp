// The event calendar: timed events ordered by (time, insertion sequence); knows nothing of calls.
#pragma once

#include <cstdint>
#include <vector>

namespace ccsim::engine {

// One scheduled event. The engine interprets only `time` and `seq`; `kind`, `target` and
// `stamp` belong to whoever scheduled it (a model dispatches on `kind`).
//
// Cancellation is lazy: the owner of `target` keeps a current stamp and bumps it when the
// thing the event was about goes away; a popped event whose stamp no longer matches is
// stale and skipped. This costs nothing at cancel time and one compare at pop time.
struct Event {
  double time = 0.0;        // seconds from the start of the horizon
  std::uint64_t seq = 0;    // insertion sequence: breaks ties so equal times pop in order
  std::uint32_t kind = 0;   // what happens (owner-defined)
  std::uint32_t target = 0; // which object it happens to (owner-defined id)
  std::uint32_t stamp = 0;  // owner's generation of `target` when scheduled
  std::uint32_t extra = 0;  // one more owner-defined word (e.g. a tier or rule index)
};

// Calendar as an implicit 4-ary min-heap on (time, seq). A 4-ary heap halves the depth of
// a binary heap and keeps each node's children in one cache line; ties never depend on
// memory layout because seq is unique.
class Calendar {
public:
  Calendar() = default;

  // Schedules an event at absolute `time`; returns its sequence number.
  std::uint64_t schedule(double time, std::uint32_t kind, std::uint32_t target,
                         std::uint32_t stamp = 0, std::uint32_t extra = 0);

  // Removes and returns the earliest event. Precondition: !empty().
  Event pop();

  [[nodiscard]] const Event& top() const { return heap_.front(); }
  [[nodiscard]] bool empty() const { return heap_.empty(); }
  [[nodiscard]] std::size_t size() const { return heap_.size(); }
  [[nodiscard]] std::uint64_t scheduled_count() const { return next_seq_; }

  // Empties the calendar and restarts the sequence (keeps the allocated storage).
  void clear();
  void reserve(std::size_t n) { heap_.reserve(n); }

private:
  static bool before(const Event& a, const Event& b) {
    return a.time < b.time || (a.time == b.time && a.seq < b.seq);
  }
  std::vector<Event> heap_;
  std::uint64_t next_seq_ = 0;
};

}  // namespace ccsim::engine
