// An alternative event calendar: a textbook binary heap, kept to compare designs
// (bench/calendar_designs.cpp) and tested against the same suite as engine::Calendar.
#pragma once

#include "sim/engine/calendar.hpp"

#include <cstdint>
#include <vector>

namespace ccsim::engine {

// Implicit binary min-heap on (time, seq): the same interface and the same order as
// engine::Calendar (the 4-ary heap); about twice as deep, with one compare per level fewer.
class BinaryHeapCalendar {
public:
  // Schedules an event at absolute `time` (>= 0); returns its sequence number.
  std::uint64_t schedule(double time, std::uint32_t kind, std::uint32_t target, std::uint32_t stamp = 0,
                         std::uint32_t extra = 0);
  [[nodiscard]] std::uint32_t add_slot() { return slots_.add(); }
  std::uint64_t arm_slot(std::uint32_t slot, double time, std::uint32_t kind, std::uint32_t target);
  // Removes and returns the earliest event. Precondition: !empty().
  Event pop();

  [[nodiscard]] bool empty() const { return heap_.empty() && !slots_.armed(); }
  [[nodiscard]] std::size_t size() const { return heap_.size() + slots_.armed_count(); }
  [[nodiscard]] std::uint64_t scheduled_count() const { return next_seq_; }
  void clear();
  void reserve(std::size_t n) { heap_.reserve(n); }

private:
  std::vector<CalendarNode> heap_;
  std::uint64_t next_seq_ = 0;
  CalendarSlots slots_;
};

}  // namespace ccsim::engine
