// An indexed min-heap of deadlines keyed by small dense ids, with O(log n) removal by id.
#pragma once

#include "sim/error.hpp"

#include <bit>
#include <cstdint>
#include <limits>
#include <vector>

namespace ccsim::engine {

// Holds at most one deadline per id (ids are dense small integers, e.g. slots of a pool).
// Used where most deadlines are withdrawn before they expire (a caller answered before
// running out of patience): withdrawing removes the entry at once, so the heap holds only
// live deadlines and stays small, and the event calendar needs one timer for the earliest.
class DeadlineHeap {
public:
  void push(std::uint32_t id, double time, std::uint64_t tiebreak) {
    if (id >= pos_.size()) pos_.resize(id + 1, kAbsent);
    CCSIM_HOT_ASSERT(pos_[id] == kAbsent);
    CCSIM_HOT_ASSERT(time >= 0.0);  // the key compare relies on non-negative times
    // + 0.0: -0.0 becomes +0.0, whose bits order as zero.
    const Entry e{(Key{std::bit_cast<std::uint64_t>(time + 0.0)} << 64) | tiebreak, id};
    heap_.push_back(e);
    sift_up(heap_.size() - 1, e);
  }

  void remove(std::uint32_t id) {
    CCSIM_HOT_ASSERT(contains(id));
    const std::size_t i = pos_[id];
    pos_[id] = kAbsent;
    const Entry last = heap_.back();
    heap_.pop_back();
    if (i == heap_.size()) return;
    // The last entry fills the hole: it rises if it is earlier than the hole's parent (then
    // it is also earlier than the hole's children), else it sinks.
    if (i > 0 && before(last, heap_[(i - 1) / 2])) sift_up(i, last);
    else sift_down(i, last);
  }

  [[nodiscard]] bool contains(std::uint32_t id) const { return id < pos_.size() && pos_[id] != kAbsent; }
  [[nodiscard]] bool empty() const { return heap_.empty(); }
  [[nodiscard]] std::size_t size() const { return heap_.size(); }
  [[nodiscard]] std::uint32_t top_id() const { return heap_.front().id; }
  [[nodiscard]] double top_time() const {
    return std::bit_cast<double>(static_cast<std::uint64_t>(heap_.front().key >> 64));
  }

private:
  // (time, tiebreak) as one 128-bit integer, as in the event calendar: non-negative doubles
  // order like their bit patterns, so one branch-free compare replaces two branches.
  __extension__ using Key = unsigned __int128;
  struct Entry {
    Key key;
    std::uint32_t id;
  };
  static constexpr std::uint32_t kAbsent = std::numeric_limits<std::uint32_t>::max();

  static bool before(const Entry& a, const Entry& b) { return a.key < b.key; }
  void place(std::size_t i, const Entry& e) {
    heap_[i] = e;
    pos_[e.id] = static_cast<std::uint32_t>(i);
  }
  // Moves the hole at `i` up until `e` fits there, and puts `e` in it.
  void sift_up(std::size_t i, const Entry& e) {
    while (i > 0) {
      const std::size_t parent = (i - 1) / 2;
      if (!before(e, heap_[parent])) break;
      place(i, heap_[parent]);
      i = parent;
    }
    place(i, e);
  }
  // Moves the hole at `i` down until `e` fits there, and puts `e` in it.
  void sift_down(std::size_t i, const Entry& e) {
    const std::size_t n = heap_.size();
    for (;;) {
      std::size_t child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n) child += static_cast<std::size_t>(before(heap_[child + 1], heap_[child]));
      if (!before(heap_[child], e)) break;
      place(i, heap_[child]);
      i = child;
    }
    place(i, e);
  }

  std::vector<Entry> heap_;
  std::vector<std::uint32_t> pos_;
};

}  // namespace ccsim::engine
