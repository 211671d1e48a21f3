#include "sim/engine/calendar.hpp"

#include "sim/error.hpp"

namespace ccsim::engine {

// --- slots ------------------------------------------------------------------------------

std::uint32_t CalendarSlots::add() {
  CalendarNode idle;
  idle.key = CalendarNode::kNever;
  slots_.push_back(idle);
  return static_cast<std::uint32_t>(slots_.size() - 1);
}

void CalendarSlots::clear() {
  slots_.clear();
  armed_ = 0;
  min_ = 0;
}

// --- 4-ary heap -------------------------------------------------------------------------

void Calendar::remove_root() {
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
    const CalendarNode* best = h + first;
    if (first + 3 < n) {
      const CalendarNode* const c = h + first;
      const CalendarNode* const a = c[1].key < c[0].key ? c + 1 : c;
      const CalendarNode* const b = c[3].key < c[2].key ? c + 3 : c + 2;
      best = b->key < a->key ? b : a;
    } else {
      if (first >= n) break;
      for (const CalendarNode* c = best + 1; c < h + n; ++c) {
        if (c->key < best->key) best = c;
      }
    }
    h[i] = *best;
    i = static_cast<std::size_t>(best - h);
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

void Calendar::clear() {
  heap_.clear();
  next_seq_ = 0;
  slots_.clear();
}

}  // namespace ccsim::engine
