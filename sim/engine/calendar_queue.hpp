// An alternative event calendar: Brown's calendar queue, kept to compare designs
// (bench/calendar_designs.cpp) and tested against the same suite as engine::Calendar.
#pragma once

#include "sim/engine/calendar.hpp"

#include <cstdint>
#include <vector>

namespace ccsim::engine {

// Calendar queue (R. Brown, "Calendar queues: a fast O(1) priority queue implementation for
// the simulation event set problem", CACM 31(10), 1988). Time is cut into days of `width_`
// seconds; day d lives in bucket d mod nbuckets, each bucket a list sorted by (time, seq).
// A pop scans buckets from the current day for an event of that very day; after a whole
// year with none it falls back to a direct search. The bucket count doubles and halves
// with the size, and the width is re-estimated from the earliest events' spacing on each
// resize. Same interface and same (time, seq) order as engine::Calendar.
class CalendarQueue {
public:
  CalendarQueue();

  std::uint64_t schedule(double time, std::uint32_t kind, std::uint32_t target, std::uint32_t stamp = 0,
                         std::uint32_t extra = 0);
  [[nodiscard]] std::uint32_t add_slot() { return slots_.add(); }
  std::uint64_t arm_slot(std::uint32_t slot, double time, std::uint32_t kind, std::uint32_t target);
  // Removes and returns the earliest event. Precondition: !empty().
  Event pop();

  [[nodiscard]] bool empty() const { return size_ == 0 && !slots_.armed(); }
  [[nodiscard]] std::size_t size() const { return size_ + slots_.armed_count(); }
  [[nodiscard]] std::uint64_t scheduled_count() const { return next_seq_; }
  void clear();
  void reserve(std::size_t /*n*/) {}

private:
  // Each bucket is sorted by key, latest first, so its earliest event is at the back.
  using Bucket = std::vector<CalendarNode>;

  [[nodiscard]] std::uint64_t day(EventKey key) const;
  void insert(const CalendarNode& node);
  // The bucket whose last element is the earliest event, advancing current_day_ to its day.
  // Precondition: size_ > 0.
  Bucket& earliest_bucket();
  void resize(std::size_t nbuckets);

  std::vector<Bucket> buckets_;
  std::size_t mask_ = 0;  // buckets_.size() - 1 (a power of two)
  double width_ = 1.0;    // seconds per day
  double inv_width_ = 1.0;
  std::uint64_t current_day_ = 0;  // no event is earlier than this day
  std::size_t size_ = 0;           // events in the buckets (slots apart)
  std::uint64_t next_seq_ = 0;
  CalendarSlots slots_;
  std::vector<CalendarNode> scratch_;  // reused when resizing
};

}  // namespace ccsim::engine
