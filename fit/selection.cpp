#include "fit/selection.hpp"

#include "fit/text.hpp"
#include "sim/error.hpp"

#include <algorithm>
#include <cmath>

namespace ccsim::fit {

namespace {
constexpr std::array<const char*, 7> kDayNames{"sun", "mon", "tue", "wed", "thu", "fri", "sat"};

int day_index(std::string_view s) {
  for (int d = 0; d < 7; ++d) {
    if (s == kDayNames[static_cast<std::size_t>(d)]) return d;
  }
  throw InputError("--days: \"" + std::string(s) + "\" is not a day (sun, mon, tue, wed, thu, fri, sat)");
}
}  // namespace

std::array<bool, 7> parse_weekdays(const std::string& text) {
  std::array<bool, 7> on{};
  if (text == "all") return {true, true, true, true, true, true, true};
  for (const auto part : split(text, ',')) {
    const auto dash = part.find('-');
    if (dash == std::string_view::npos) {
      on[static_cast<std::size_t>(day_index(part))] = true;
      continue;
    }
    int d = day_index(part.substr(0, dash));
    const int last = day_index(part.substr(dash + 1));
    for (;; d = (d + 1) % 7) {
      on[static_cast<std::size_t>(d)] = true;
      if (d == last) break;
    }
  }
  return on;
}

void parse_hours(const std::string& text, Selection& sel) {
  const auto dash = text.find('-');
  const std::string file = "--hours";
  if (dash == std::string::npos) throw InputError("--hours: \"" + text + "\" is not FROM-TO (07:00-24:00)");
  sel.from_s = parse_clock(std::string_view(text).substr(0, dash), {file, 0, "from"});
  sel.to_s = parse_clock(std::string_view(text).substr(dash + 1), {file, 0, "to"});
  if (sel.to_s <= sel.from_s || sel.to_s > 86400.0)
    throw InputError("--hours: \"" + text + "\" is not a range within a day");
}

DateRange parse_range(const std::string& text, const std::string& option) {
  const auto dots = text.find("..");
  if (dots == std::string::npos)
    throw InputError(option + ": \"" + text + "\" is not FROM..TO (YYYY-MM-DD..YYYY-MM-DD)");
  DateRange r{parse_date(text.substr(0, dots), {option, 0, "FROM"}),
              parse_date(text.substr(dots + 2), {option, 0, "TO"})};
  if (r.to < r.from) throw InputError(option + ": \"" + text + "\" ends before it starts");
  return r;
}

std::size_t Selection::intervals() const {
  return static_cast<std::size_t>(std::ceil((to_s - from_s) / interval_s - 1e-9));
}

bool Selection::keeps(const CallRecord& r) const {
  return weekdays[static_cast<std::size_t>(weekday(r.day))] && r.arrival_s >= from_s && r.arrival_s < to_s;
}

Sample select(const Records& records, const Selection& sel, const std::optional<DateRange>& range) {
  Sample s;
  for (const CallRecord& r : records.calls) {
    if (sel.keeps(r) && (!range || range->contains(r.day))) s.calls.push_back(&r);
  }
  std::stable_sort(s.calls.begin(), s.calls.end(), [](const CallRecord* a, const CallRecord* b) {
    return a->day != b->day ? a->day < b->day : a->arrival_s < b->arrival_s;
  });
  for (const CallRecord* r : s.calls) {
    if (s.days.empty() || s.days.back() != r->day) s.days.push_back(r->day);
  }
  return s;
}

}  // namespace ccsim::fit
