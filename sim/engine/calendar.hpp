// The event calendar: timed events ordered by (time, insertion sequence); knows nothing of calls.
#pragma once

#include <bit>
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

  // Schedules an event at absolute `time` (>= 0); returns its sequence number.
  std::uint64_t schedule(double time, std::uint32_t kind, std::uint32_t target,
                         std::uint32_t stamp = 0, std::uint32_t extra = 0);

  // Recurring sources (an arrival process, say) hold at most one pending event each. They
  // live in slots beside the heap: re-arming a slot after its event fired costs a scan of
  // the few slots instead of a heap insertion and removal. Ordering is unchanged: slot
  // events take their seq from the same counter as every other event.
  [[nodiscard]] std::uint32_t add_slot();
  // Sets the slot's pending event (the slot must be idle: new or just fired).
  std::uint64_t arm_slot(std::uint32_t slot, double time, std::uint32_t kind, std::uint32_t target);

  // Removes and returns the earliest event, from the heap or a slot. Precondition: !empty().
  Event pop();

  [[nodiscard]] bool empty() const { return heap_.empty() && armed_slots_ == 0; }
  [[nodiscard]] std::size_t size() const { return heap_.size() + armed_slots_; }
  [[nodiscard]] std::uint64_t scheduled_count() const { return next_seq_; }

  // Empties the calendar and restarts the sequence (keeps the allocated storage).
  void clear();
  void reserve(std::size_t n) { heap_.reserve(n); }

private:
  // (time, seq) as one 128-bit integer: non-negative doubles order like their bit patterns,
  // so a single unsigned compare replaces two data-dependent branches.
  __extension__ using Key = unsigned __int128;
  static Key key(const Event& e) {
    return (static_cast<Key>(std::bit_cast<std::uint64_t>(e.time)) << 64) | e.seq;
  }
  static bool before(const Event& a, const Event& b) { return key(a) < key(b); }
  void refresh_min_slot();

  std::vector<Event> heap_;
  std::uint64_t next_seq_ = 0;
  std::vector<Event> slots_;  // an idle slot holds time +inf
  std::size_t min_slot_ = 0;  // earliest armed slot when armed_slots_ > 0
  std::size_t armed_slots_ = 0;
};

}  // namespace ccsim::engine
