// The event calendar: timed events ordered by (time, insertion sequence); knows nothing of calls.
#pragma once

#include "sim/error.hpp"

#include <bit>
#include <cstdint>
#include <limits>
#include <vector>

namespace ccsim::engine {

// One scheduled event. The engine interprets only `time` and `seq`; `kind`, `target` and
// `stamp` belong to whoever scheduled it (a model dispatches on `kind`).
//
// Cancellation is lazy: the owner of `target` keeps a current stamp and bumps it when the
// thing the event was about goes away; a popped event whose stamp no longer matches is
// stale and skipped. This costs nothing at cancel time and one compare at pop time.
struct Event {
  double time = 0.0;         // seconds from the start of the horizon
  std::uint64_t seq = 0;     // insertion sequence: breaks ties so equal times pop in order
  std::uint32_t kind = 0;    // what happens (owner-defined)
  std::uint32_t target = 0;  // which object it happens to (owner-defined id)
  std::uint32_t stamp = 0;   // owner's generation of `target` when scheduled
  std::uint32_t extra = 0;   // one more owner-defined word (e.g. a tier or rule index)
};

// (time, seq) as one 128-bit integer: non-negative doubles order like their bit patterns,
// so a single unsigned compare replaces two data-dependent branches. Every calendar design
// orders by this key, so all of them pop the very same sequence.
__extension__ using EventKey = unsigned __int128;

// An event as the calendars store it: the key pre-combined, so a compare is two loads and a
// 128-bit subtract, and the owner's four words beside it (32 bytes, two per cache half-line).
struct CalendarNode {
  EventKey key = 0;
  std::uint32_t kind = 0;
  std::uint32_t target = 0;
  std::uint32_t stamp = 0;
  std::uint32_t extra = 0;

  // The largest key: an idle slot, later than every event.
  static constexpr EventKey kNever = ~EventKey{0};

  // `time` must be >= 0 and not -0.0 (callers add 0.0 first).
  static CalendarNode make(double time, std::uint64_t seq, std::uint32_t kind, std::uint32_t target,
                           std::uint32_t stamp, std::uint32_t extra) {
    return {(static_cast<EventKey>(std::bit_cast<std::uint64_t>(time)) << 64) | seq, kind, target, stamp, extra};
  }
  [[nodiscard]] double time() const { return std::bit_cast<double>(static_cast<std::uint64_t>(key >> 64)); }
  [[nodiscard]] std::uint64_t seq() const { return static_cast<std::uint64_t>(key); }
  [[nodiscard]] Event event() const { return Event{time(), seq(), kind, target, stamp, extra}; }
};

// Recurring sources (an arrival process, say) hold at most one pending event each. They
// live in slots beside the event set: re-arming a slot after its event fired costs a scan of
// the few slots instead of an insertion and a removal. Shared by every calendar design.
// Arming and taking are inline: they run once per arrival.
class CalendarSlots {
public:
  [[nodiscard]] std::uint32_t add();
  // Sets an idle slot's pending event.
  void arm(std::uint32_t slot, const CalendarNode& node) {
    CCSIM_HOT_ASSERT(slot < slots_.size() && slots_[slot].key == CalendarNode::kNever);
    slots_[slot] = node;
    note_armed(slot);
  }
  // Sets an idle slot's pending event to `key`, with the owner's words of its last event.
  void rearm(std::uint32_t slot, EventKey key) {
    CCSIM_HOT_ASSERT(slot < slots_.size() && slots_[slot].key == CalendarNode::kNever);
    slots_[slot].key = key;
    note_armed(slot);
  }
  [[nodiscard]] bool armed() const { return armed_ > 0; }
  [[nodiscard]] std::size_t armed_count() const { return armed_; }
  // Key of the earliest armed slot, kNever when none is armed.
  [[nodiscard]] EventKey earliest_key() const { return armed_ > 0 ? slots_[min_].key : CalendarNode::kNever; }
  // Removes and returns the earliest armed slot's event. Precondition: armed().
  Event take_earliest() {
    CCSIM_HOT_ASSERT(armed_ > 0);
    const Event result = slots_[min_].event();
    slots_[min_].key = CalendarNode::kNever;
    --armed_;
    if (armed_ > 0) refresh_min();  // none armed: min_ means nothing until the next arm
    return result;
  }
  void clear();

private:
  void note_armed(std::uint32_t slot) {
    CCSIM_HOT_ASSERT(slots_[slot].key != CalendarNode::kNever);
    // An added event can only lower the minimum.
    if (armed_ == 0 || slots_[slot].key < slots_[min_].key) min_ = slot;
    ++armed_;
  }
  void refresh_min() {
    std::size_t best = 0;
    for (std::size_t i = 1; i < slots_.size(); ++i) {
      if (slots_[i].key < slots_[best].key) best = i;
    }
    min_ = best;
  }
  std::vector<CalendarNode> slots_;  // an idle slot holds key kNever
  std::size_t min_ = 0;              // earliest armed slot when armed_ > 0
  std::size_t armed_ = 0;
};

// Calendar as an implicit 4-ary min-heap on (time, seq). A 4-ary heap halves the depth of
// a binary heap and keeps each node's children within two cache lines; ties never depend on
// memory layout because seq is unique. (bench/calendar_designs.cpp compares it with a
// binary heap and a calendar queue; it wins at the sizes a contact center keeps.)
// schedule, arm_slot and pop (with the root removal) run once or more per event: they are
// inline in this header, so a model's event loop compiles them in place.
class Calendar {
public:
  Calendar() = default;

  // Schedules an event at absolute `time` (>= 0); returns its sequence number. Always inline:
  // with many call sites (a model with redials, callbacks and shift changes has a dozen), GCC
  // otherwise compiles it out of line, which cost the reference workload 5% (callgrind).
  [[gnu::always_inline]] std::uint64_t schedule(double time, std::uint32_t kind, std::uint32_t target,
                                                std::uint32_t stamp = 0, std::uint32_t extra = 0) {
    CCSIM_HOT_ASSERT(time >= 0.0);  // the key compare relies on non-negative times
    // + 0.0: -0.0 becomes +0.0, whose bits order as zero.
    const CalendarNode node = CalendarNode::make(time + 0.0, next_seq_++, kind, target, stamp, extra);
    std::size_t i = heap_.size();
    heap_.push_back(node);
    CalendarNode* const h = heap_.data();
    if (i > 0) {
      // Sift up. The first step, whether the new event rises above its parent, is a coin
      // toss to a branch predictor: it is taken without a branch (the parent is copied into
      // the hole either way; staying, the event overwrites the copy). The loop then runs
      // only for events rising two levels or more, which is rare and predictable.
      const std::size_t parent = (i - 1) / 4;
      const bool rises = node.key < h[parent].key;
      h[i] = h[parent];
      i ^= (i ^ parent) & (std::size_t{0} - static_cast<std::size_t>(rises));
      while (i > 0) {
        const std::size_t up = (i - 1) / 4;
        if (!(node.key < h[up].key)) break;
        h[i] = h[up];
        i = up;
      }
    }
    h[i] = node;
    return node.seq();
  }

  // A slot for a recurring source (see CalendarSlots). Slot events take their seq from the
  // same counter as every other event, so ordering is unchanged.
  [[nodiscard]] std::uint32_t add_slot() { return slots_.add(); }
  // Sets the slot's pending event (the slot must be idle: new or just fired).
  std::uint64_t arm_slot(std::uint32_t slot, double time, std::uint32_t kind, std::uint32_t target) {
    CCSIM_HOT_ASSERT(time >= 0.0);
    const CalendarNode node = CalendarNode::make(time + 0.0, next_seq_++, kind, target, 0, 0);
    slots_.arm(slot, node);
    return node.seq();
  }
  // Arms the slot again with the owner's words of its last event (the slot must be idle and
  // have been armed before): a recurring source saves writing the same words every time.
  std::uint64_t rearm_slot(std::uint32_t slot, double time) {
    CCSIM_HOT_ASSERT(time >= 0.0);
    const CalendarNode node = CalendarNode::make(time + 0.0, next_seq_++, 0, 0, 0, 0);
    slots_.rearm(slot, node.key);
    return node.seq();
  }

  // Removes and returns the earliest event, from the heap or a slot. Precondition: !empty().
  Event pop() {
    if (slots_.armed() && (heap_.empty() || slots_.earliest_key() < heap_.front().key)) {
      return slots_.take_earliest();
    }
    CCSIM_HOT_ASSERT(!heap_.empty());
    const Event result = heap_.front().event();
    remove_root();
    return result;
  }

  [[nodiscard]] bool empty() const { return heap_.empty() && !slots_.armed(); }
  [[nodiscard]] std::size_t size() const { return heap_.size() + slots_.armed_count(); }
  [[nodiscard]] std::uint64_t scheduled_count() const { return next_seq_; }

  // Empties the calendar and restarts the sequence (keeps the allocated storage).
  void clear();
  void reserve(std::size_t n) { heap_.reserve(n); }

private:
  // Removes the root of the (non-empty) heap.
  void remove_root();

  std::vector<CalendarNode> heap_;
  std::uint64_t next_seq_ = 0;
  CalendarSlots slots_;
};

inline void Calendar::remove_root() {
  CalendarNode* const h = heap_.data();
  const std::size_t n = heap_.size() - 1;  // size once the root is gone
  const EventKey last = h[n].key;          // the former last node fills the hole
  // Bottom-up: move the hole from the root down to a leaf, always promoting the earliest of
  // (up to) four children, then let the former last node rise from there. It came from the
  // bottom, so it seldom rises; this saves comparing it at every level on the way down.
  // Children are picked by pointer and their keys read again from memory: cheaper than
  // carrying the winning keys along in registers.
  std::size_t i = 0;
  for (;;) {
    const std::size_t first = 4 * i + 1;
    std::size_t best = first;
    if (first + 3 < n) {
      // Branch-free: which child is earliest is a coin toss a branch predictor cannot learn.
      const std::size_t a = first + static_cast<std::size_t>(h[first + 1].key < h[first].key);
      const std::size_t b = first + 2 + static_cast<std::size_t>(h[first + 3].key < h[first + 2].key);
      best = a ^ ((a ^ b) & (std::size_t{0} - static_cast<std::size_t>(h[b].key < h[a].key)));
    } else {
      if (first >= n) break;
      for (std::size_t c = first + 1; c < n; ++c) {
        if (h[c].key < h[best].key) best = c;
      }
    }
    h[i] = h[best];
    i = best;
  }
  while (i > 0) {
    const std::size_t parent = (i - 1) / 4;
    if (!(last < h[parent].key)) break;
    h[i] = h[parent];
    i = parent;
  }
  h[i] = h[n];
  heap_.pop_back();
}

}  // namespace ccsim::engine
