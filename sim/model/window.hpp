// The measurement window of a replication: [warm-up, horizon).
#pragma once

#include <algorithm>
#include <cstdint>

namespace ccsim::model {

// Callers who arrive from its start on are counted; time integrals (callers in a queue,
// agents logged in or busy) cover only the part of the run inside it.
struct Window {
  double from_s = 0.0;  // the end of the warm-up
  double to_s = 0.0;    // the horizon

  [[nodiscard]] double clamp(double t) const { return std::clamp(t, from_s, to_s); }
  // The length of [a, b) inside the window.
  [[nodiscard]] double overlap(double a, double b) const { return clamp(b) - clamp(a); }
  // Whether `t` is at or after the warm-up (a caller arriving then is counted).
  [[nodiscard]] bool started(double t) const { return t >= from_s; }
  [[nodiscard]] bool contains(double t) const { return t >= from_s && t < to_s; }
};

// The integral over the window of a count that changes now and then (callers in a queue,
// agents logged in): brought up to date whenever the count is about to change.
struct TimeIntegral {
  double area = 0.0;
  double last_change = 0.0;

  // The count was `count` since the last change; it changes at `now`.
  void advance(const Window& window, double now, std::uint32_t count) {
    const double span = window.overlap(last_change, now);
    if (span > 0.0) area += span * count;
    last_change = now;
  }
};

}  // namespace ccsim::model
