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

void Calendar::clear() {
  heap_.clear();
  next_seq_ = 0;
  slots_.clear();
}

}  // namespace ccsim::engine
