#include "sim/engine/calendar.hpp"

#include "sim/error.hpp"

namespace ccsim::engine {

std::uint64_t Calendar::schedule(double time, std::uint32_t kind, std::uint32_t target,
                                 std::uint32_t stamp, std::uint32_t extra) {
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

Event Calendar::pop() {
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
}

}  // namespace ccsim::engine
