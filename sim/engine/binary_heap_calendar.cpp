#include "sim/engine/binary_heap_calendar.hpp"

#include "sim/error.hpp"

namespace ccsim::engine {

std::uint64_t BinaryHeapCalendar::schedule(double time, std::uint32_t kind, std::uint32_t target, std::uint32_t stamp,
                                           std::uint32_t extra) {
  CCSIM_ASSERT(time >= 0.0);
  const CalendarNode node = CalendarNode::make(time + 0.0, next_seq_++, kind, target, stamp, extra);
  std::size_t i = heap_.size();
  heap_.push_back(node);
  CalendarNode* const h = heap_.data();
  while (i > 0) {
    const std::size_t parent = (i - 1) / 2;
    if (!(node.key < h[parent].key)) break;
    h[i] = h[parent];
    i = parent;
  }
  h[i] = node;
  return node.seq();
}

std::uint64_t BinaryHeapCalendar::arm_slot(std::uint32_t slot, double time, std::uint32_t kind, std::uint32_t target) {
  CCSIM_ASSERT(time >= 0.0);
  const CalendarNode node = CalendarNode::make(time + 0.0, next_seq_++, kind, target, 0, 0);
  slots_.arm(slot, node);
  return node.seq();
}

Event BinaryHeapCalendar::pop() {
  if (slots_.armed() && (heap_.empty() || slots_.earliest_key() < heap_.front().key)) {
    return slots_.take_earliest();
  }
  CCSIM_ASSERT(!heap_.empty());
  CalendarNode* const h = heap_.data();
  const Event result = h[0].event();
  const CalendarNode last = heap_.back();
  heap_.pop_back();
  const std::size_t n = heap_.size();
  std::size_t i = 0;
  for (;;) {
    std::size_t c = 2 * i + 1;
    if (c >= n) break;
    if (c + 1 < n && h[c + 1].key < h[c].key) ++c;
    if (!(h[c].key < last.key)) break;
    h[i] = h[c];
    i = c;
  }
  if (n > 0) h[i] = last;
  return result;
}

void BinaryHeapCalendar::clear() {
  heap_.clear();
  next_seq_ = 0;
  slots_.clear();
}

}  // namespace ccsim::engine
