// Which records a fit uses: days of the week, hours of the day, a range of dates.
#pragma once

#include "fit/records.hpp"

#include <array>
#include <optional>
#include <string>
#include <vector>

namespace ccsim::fit {

struct DateRange {
  std::string from;  // inclusive, "YYYY-MM-DD"
  std::string to;    // inclusive
  [[nodiscard]] bool contains(const std::string& day) const { return day >= from && day <= to; }
  [[nodiscard]] std::string text() const { return from + ".." + to; }
};

struct Selection {
  std::array<bool, 7> weekdays{true, true, true, true, true, true, true};  // 0 = Sunday
  double from_s = 0.0;                                                     // hours of the day: [from_s, to_s)
  double to_s = 86400.0;
  double interval_s = 1800.0;
  std::string days_text = "all";
  [[nodiscard]] std::size_t intervals() const;
  [[nodiscard]] bool keeps(const CallRecord& r) const;  // its weekday and hour
};

// "sun-thu", "mon,wed", "all"; throws InputError naming --days.
[[nodiscard]] std::array<bool, 7> parse_weekdays(const std::string& text);
// "07:00-24:00".
void parse_hours(const std::string& text, Selection& sel);
// "2010-08-15..2010-08-31".
[[nodiscard]] DateRange parse_range(const std::string& text, const std::string& option);

// The calls the selection keeps that fall in `range` (all days without one), in day and
// arrival order; the days they cover, sorted.
struct Sample {
  std::vector<const CallRecord*> calls;
  std::vector<std::string> days;
};
[[nodiscard]] Sample select(const Records& records, const Selection& sel, const std::optional<DateRange>& range);

}  // namespace ccsim::fit
