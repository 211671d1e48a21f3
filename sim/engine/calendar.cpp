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

void CalendarSlots::arm(std::uint32_t slot, const CalendarNode& node) {
  CCSIM_ASSERT(slot < slots_.size() && slots_[slot].key == CalendarNode::kNever);
  slots_[slot] = node;
  ++armed_;
  refresh_min();
}

Event CalendarSlots::take_earliest() {
  CCSIM_ASSERT(armed_ > 0);
  const Event result = slots_[min_].event();
  slots_[min_].key = CalendarNode::kNever;
  --armed_;
  refresh_min();
  return result;
}

void CalendarSlots::refresh_min() {
  std::size_t best = 0;
  for (std::size_t i = 1; i < slots_.size(); ++i) {
    if (slots_[i].key < slots_[best].key) best = i;
  }
  min_ = best;
}

void CalendarSlots::clear() {
  slots_.clear();
  armed_ = 0;
  min_ = 0;
}

// --- 4-ary heap -------------------------------------------------------------------------

std::uint64_t Calendar::schedule(double time, std::uint32_t kind, std::uint32_t target,
                                 std::uint32_t stamp, std::uint32_t extra) {
  CCSIM_ASSERT(time >= 0.0);  // the key compare relies on non-negative times
  // + 0.0: -0.0 becomes +0.0, whose bits order as zero.
  const CalendarNode node = CalendarNode::make(time + 0.0, next_seq_++, kind, target, stamp, extra);
  std::size_t i = heap_.size();
  heap_.push_back(node);
  CalendarNode* const h = heap_.data();
  // Sift up: move the hole towards the root while the parent is later.
  while (i > 0) {
    const std::size_t parent = (i - 1) / 4;
    if (!(node.key < h[parent].key)) break;
    h[i] = h[parent];
    i = parent;
  }
  h[i] = node;
  return node.seq();
}

std::uint64_t Calendar::arm_slot(std::uint32_t slot, double time, std::uint32_t kind, std::uint32_t target) {
  CCSIM_ASSERT(time >= 0.0);
  const CalendarNode node = CalendarNode::make(time + 0.0, next_seq_++, kind, target, 0, 0);
  slots_.arm(slot, node);
  return node.seq();
}

Event Calendar::pop() {
  if (slots_.armed() && (heap_.empty() || slots_.earliest_key() < heap_.front().key)) {
    return slots_.take_earliest();
  }
  CCSIM_ASSERT(!heap_.empty());
  CalendarNode* const h = heap_.data();
  const Event result = h[0].event();
  const CalendarNode last = heap_.back();
  heap_.pop_back();
  const std::size_t n = heap_.size();
  if (n == 0) return result;
  // Sift the former last element down from the root, moving the hole: each level picks the
  // earliest of (up to) four children, unrolled when the group is full.
  std::size_t i = 0;
  for (;;) {
    const std::size_t first = 4 * i + 1;
    std::size_t best = first;
    if (first + 3 < n) {
      const std::size_t a = h[first + 1].key < h[first].key ? first + 1 : first;
      const std::size_t b = h[first + 3].key < h[first + 2].key ? first + 3 : first + 2;
      best = h[b].key < h[a].key ? b : a;
    } else {
      if (first >= n) break;
      for (std::size_t c = first + 1; c < n; ++c) {
        if (h[c].key < h[best].key) best = c;
      }
    }
    if (!(h[best].key < last.key)) break;
    h[i] = h[best];
    i = best;
  }
  h[i] = last;
  return result;
}

void Calendar::clear() {
  heap_.clear();
  next_seq_ = 0;
  slots_.clear();
}

}  // namespace ccsim::engine
