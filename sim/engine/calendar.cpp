#include "sim/engine/calendar.hpp"

#include "sim/error.hpp"

#include <limits>

namespace ccsim::engine {

std::uint64_t Calendar::schedule(double time, std::uint32_t kind, std::uint32_t target,
                                 std::uint32_t stamp, std::uint32_t extra) {
  CCSIM_ASSERT(time >= 0.0);  // the key compare relies on non-negative times
  time += 0.0;                // -0.0 becomes +0.0, whose bits order as zero
  const Event ev{time, next_seq_++, kind, target, stamp, extra};
  std::size_t i = heap_.size();
  heap_.push_back(ev);
  // Sift up: move the hole towards the root while the parent is later.
  while (i > 0) {
    const std::size_t parent = (i - 1) / 4;
    if (!before(ev, heap_[parent])) break;
    heap_[i] = heap_[parent];
    i = parent;
  }
  heap_[i] = ev;
  return ev.seq;
}

std::uint32_t Calendar::add_slot() {
  Event idle;
  idle.time = std::numeric_limits<double>::infinity();
  idle.seq = std::numeric_limits<std::uint64_t>::max();
  slots_.push_back(idle);
  return static_cast<std::uint32_t>(slots_.size() - 1);
}

std::uint64_t Calendar::arm_slot(std::uint32_t slot, double time, std::uint32_t kind, std::uint32_t target) {
  CCSIM_ASSERT(slot < slots_.size() && time >= 0.0);
  CCSIM_ASSERT(slots_[slot].time == std::numeric_limits<double>::infinity());
  slots_[slot] = Event{time + 0.0, next_seq_++, kind, target, 0, 0};  // + 0.0: no -0.0 key
  ++armed_slots_;
  refresh_min_slot();
  return slots_[slot].seq;
}

void Calendar::refresh_min_slot() {
  std::size_t best = 0;
  for (std::size_t i = 1; i < slots_.size(); ++i) {
    if (before(slots_[i], slots_[best])) best = i;
  }
  min_slot_ = best;
}

Event Calendar::pop() {
  if (armed_slots_ > 0 && (heap_.empty() || before(slots_[min_slot_], heap_.front()))) {
    const Event result = slots_[min_slot_];
    slots_[min_slot_].time = std::numeric_limits<double>::infinity();
    slots_[min_slot_].seq = std::numeric_limits<std::uint64_t>::max();
    --armed_slots_;
    refresh_min_slot();
    return result;
  }
  CCSIM_ASSERT(!heap_.empty());
  const Event result = heap_.front();
  const Event last = heap_.back();
  heap_.pop_back();
  const std::size_t n = heap_.size();
  if (n == 0) return result;
  // Sift down the former last element from the root.
  std::size_t i = 0;
  for (;;) {
    const std::size_t first = 4 * i + 1;
    if (first >= n) break;
    std::size_t best = first;
    const std::size_t end = first + 4 < n ? first + 4 : n;
    for (std::size_t c = first + 1; c < end; ++c) {
      if (before(heap_[c], heap_[best])) best = c;
    }
    if (!before(heap_[best], last)) break;
    heap_[i] = heap_[best];
    i = best;
  }
  heap_[i] = last;
  return result;
}

void Calendar::clear() {
  heap_.clear();
  next_seq_ = 0;
  slots_.clear();
  armed_slots_ = 0;
  min_slot_ = 0;
}

}  // namespace ccsim::engine
