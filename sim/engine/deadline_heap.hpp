// A set of deadlines keyed by small dense ids: the earliest at once, withdrawal by id.
#pragma once

#include "sim/error.hpp"

#include <bit>
#include <cstdint>
#include <limits>
#include <vector>

namespace ccsim::engine {

// Holds at most one deadline per id (ids are dense small integers, e.g. slots of a pool).
// Used where most deadlines are withdrawn before they expire (a caller answered before
// running out of patience): withdrawing removes the entry at once, so the set holds only
// live deadlines and stays small, and the event calendar needs one timer for the earliest.
//
// Two layouts. A small set (the usual case: a handful of callers waiting) is an unsorted
// array with its earliest entry tracked: adding and withdrawing are O(1) and take no branch
// that depends on the deadlines, which are random; only when the earliest leaves is the
// array scanned, without branches. Past kFlatMax entries (overload, long queues) the array
// becomes a binary heap, O(log n) per operation, until the set is empty again. Ties in time
// go to the smaller tiebreak in both.
class DeadlineHeap {
public:
  void push(std::uint32_t id, double time, std::uint64_t tiebreak) {
    if (id >= pos_.size()) pos_.resize(id + 1, kAbsent);
    CCSIM_HOT_ASSERT(pos_[id] == kAbsent);
    CCSIM_HOT_ASSERT(time >= 0.0);  // the key compare relies on non-negative times
    // + 0.0: -0.0 becomes +0.0, whose bits order as zero.
    const Entry e{(Key{std::bit_cast<std::uint64_t>(time + 0.0)} << 64) | tiebreak, id};
    const std::size_t i = items_.size();
    items_.push_back(e);
    if (heap_) {
      sift_up(i, e);
      return;
    }
    pos_[id] = static_cast<std::uint32_t>(i);
    // With one entry, min_ is 0 and the compare is false: still right.
    min_ = select(e.key < items_[min_].key, i, min_);
    if (items_.size() > kFlatMax) make_heap();
  }

  void remove(std::uint32_t id) {
    CCSIM_HOT_ASSERT(contains(id));
    const std::size_t i = pos_[id];
    const Entry last = items_.back();
    if (!heap_) {
      // The last entry moves into the hole, without a branch: when the hole is the last
      // place, the entry moves onto itself (and its id is then marked absent just after).
      items_[i] = last;
      pos_[last.id] = static_cast<std::uint32_t>(i);
      pos_[id] = kAbsent;
      items_.pop_back();
      const std::size_t n = items_.size();
      if (min_ == i) {
        scan_min();
      } else {
        min_ = select(min_ == n, i, min_);  // the earliest was the entry that moved
      }
      return;
    }
    pos_[id] = kAbsent;
    items_.pop_back();
    const std::size_t n = items_.size();
    if (n == 0) {  // back to the array layout
      heap_ = false;
      min_ = 0;
    }
    if (i == n) return;
    // The last entry fills the hole: it rises if it is earlier than the hole's parent
    // (then it is also earlier than the hole's children), else it sinks.
    if (i > 0 && last.key < items_[(i - 1) / 2].key) sift_up(i, last);
    else sift_down(i, last);
  }

  [[nodiscard]] bool contains(std::uint32_t id) const { return id < pos_.size() && pos_[id] != kAbsent; }
  [[nodiscard]] bool empty() const { return items_.empty(); }
  [[nodiscard]] std::size_t size() const { return items_.size(); }
  [[nodiscard]] std::uint32_t top_id() const { return top().id; }
  [[nodiscard]] double top_time() const { return std::bit_cast<double>(static_cast<std::uint64_t>(top().key >> 64)); }

  // Entries above which the array becomes a heap: scanning this many is cheap next to how
  // seldom the earliest leaves a set of this size.
  static constexpr std::size_t kFlatMax = 32;

private:
  // (time, tiebreak) as one 128-bit integer, as in the event calendar: non-negative doubles
  // order like their bit patterns, so one branch-free compare replaces two branches.
  __extension__ using Key = unsigned __int128;
  struct Entry {
    Key key;
    std::uint32_t id;
  };
  static constexpr std::uint32_t kAbsent = std::numeric_limits<std::uint32_t>::max();

  // `if_true` when `condition`, else `if_false`, without a branch.
  static std::size_t select(bool condition, std::size_t if_true, std::size_t if_false) {
    return if_false ^ ((if_false ^ if_true) & (std::size_t{0} - static_cast<std::size_t>(condition)));
  }
  [[nodiscard]] const Entry& top() const { return items_[heap_ ? 0 : min_]; }

  void scan_min() {
    std::size_t best = 0;
    for (std::size_t k = 1; k < items_.size(); ++k) best = select(items_[k].key < items_[best].key, k, best);
    min_ = best;
  }
  void make_heap() {
    heap_ = true;
    for (std::size_t i = items_.size() / 2; i-- > 0;) {
      const Entry e = items_[i];  // a copy: sifting overwrites slot i
      sift_down(i, e);
    }
    for (std::size_t i = 0; i < items_.size(); ++i) pos_[items_[i].id] = static_cast<std::uint32_t>(i);
  }

  void place(std::size_t i, const Entry& e) {
    items_[i] = e;
    pos_[e.id] = static_cast<std::uint32_t>(i);
  }
  // Moves the hole at `i` up until `e` fits there, and puts `e` in it.
  void sift_up(std::size_t i, const Entry& e) {
    while (i > 0) {
      const std::size_t parent = (i - 1) / 2;
      if (!(e.key < items_[parent].key)) break;
      place(i, items_[parent]);
      i = parent;
    }
    place(i, e);
  }
  // Moves the hole at `i` down until `e` fits there, and puts `e` in it.
  void sift_down(std::size_t i, const Entry& e) {
    const std::size_t n = items_.size();
    for (;;) {
      std::size_t child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n) child += static_cast<std::size_t>(items_[child + 1].key < items_[child].key);
      if (!(items_[child].key < e.key)) break;
      place(i, items_[child]);
      i = child;
    }
    place(i, e);
  }

  std::vector<Entry> items_;        // unsorted array, or a binary heap when heap_
  std::vector<std::uint32_t> pos_;  // index in items_ per id, kAbsent if not held
  std::size_t min_ = 0;             // index of the earliest entry in the array layout
  bool heap_ = false;
};

}  // namespace ccsim::engine
