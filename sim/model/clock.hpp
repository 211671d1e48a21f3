// Clock times of a scenario with `start` (Scenario::start_clock_s): time t of the run is the
// clock time start + t. Past midnight the hours keep counting ("24:30" is half past midnight
// of the next day), so clock times sort as times do and each names one instant of the run.
#pragma once

#include <cmath>
#include <cstdio>
#include <string>

namespace ccsim::model {

// "HH:MM" for `seconds` after midnight of the scenario's date, "HH:MM:SS" when not a whole
// minute (to the nearest second); hours past 23 for the next days.
[[nodiscard]] inline std::string clock_text(double seconds) {
  const long long s = std::llround(seconds);
  char buf[40];
  if (s % 60 == 0) std::snprintf(buf, sizeof buf, "%02lld:%02lld", s / 3600, s / 60 % 60);
  else std::snprintf(buf, sizeof buf, "%02lld:%02lld:%02lld", s / 3600, s / 60 % 60, s % 60);
  return buf;
}

}  // namespace ccsim::model
