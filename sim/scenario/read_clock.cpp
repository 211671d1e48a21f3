// Clock times and the day's busyness: `start` and `date` (the clock time and day of time 0),
// scenario times written as clock times ("10:30"), and `busyness` (a factor of mean 1 on every
// Poisson rate, drawn once per replication).
#include "sim/model/clock.hpp"
#include "sim/scenario/scenario_reader.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <string_view>

namespace ccsim::scenario {

namespace {

// Digits only, as an integer; -1 for an empty, overlong or non-digit text.
long digits(std::string_view s) {
  long v = 0;
  if (s.empty() || s.size() > 6) return -1;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || end != s.data() + s.size() || v < 0) return -1;
  return v;
}

bool leap(long y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

}  // namespace

std::optional<double> parse_clock(std::string_view text) {
  const auto c1 = text.find(':');
  if (c1 == std::string_view::npos || c1 == 0 || c1 > 3) return std::nullopt;
  const auto rest = text.substr(c1 + 1);
  const auto c2 = rest.find(':');
  const auto minutes = rest.substr(0, c2);
  const auto seconds = c2 == std::string_view::npos ? std::string_view("00") : rest.substr(c2 + 1);
  if (minutes.size() != 2 || seconds.size() != 2) return std::nullopt;
  const long h = digits(text.substr(0, c1));
  const long m = digits(minutes);
  const long s = digits(seconds);
  if (h < 0 || m < 0 || s < 0 || m > 59 || s > 59) return std::nullopt;
  return static_cast<double>(h * 3600 + m * 60 + s);
}

bool valid_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  const long y = digits(text.substr(0, 4));
  const long m = digits(text.substr(5, 2));
  const long d = digits(text.substr(8, 2));
  if (y < 0 || m < 1 || m > 12 || d < 1) return false;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return d <= kDays[m - 1] + (m == 2 && leap(y) ? 1 : 0);
}

// `start` ("07:00", "07:00:30"; before 24:00) and `date` ("YYYY-MM-DD", only with `start`).
void ScenarioReader::read_clock(const json& root, model::Scenario& sc) {
  if (const json* st = find(root, "start")) {
    const auto text = string(*st, "/start");
    const auto clock = text ? parse_clock(*text) : std::nullopt;
    if (clock && *clock < 86400.0) sc.start_clock_s = *clock;
    else if (text)
      error("/start", show(*st) + " is not a clock time from \"00:00\" to \"23:59\" (\"HH:MM\" or \"HH:MM:SS\")");
  }
  if (const json* d = find(root, "date")) {
    const auto text = string(*d, "/date");
    if (text && !valid_date(*text)) error("/date", show(*d) + " is not a date \"YYYY-MM-DD\"");
    else if (text && !find(root, "start")) error("/date", "a date needs \"start\", the clock time of time 0");
    else if (text) sc.date = *text;
  }
  start_clock_s_ = sc.start_clock_s;
}

// A time of the scenario: a duration from time 0, or with `start` a clock time ("10:30", at
// or after the start; hours past 23 for the next day).
std::optional<double> ScenarioReader::time_point(const json& v, const std::string& ptr) {
  if (!v.is_string() || v.get_ref<const std::string&>().find(':') == std::string::npos) return duration(v, ptr);
  const auto clock = parse_clock(v.get_ref<const std::string&>());
  if (!clock) {
    error(ptr, show(v) + " is not a clock time (\"HH:MM\" or \"HH:MM:SS\")");
    return std::nullopt;
  }
  if (!start_clock_s_) {
    error(ptr, show(v) + " is a clock time, and the scenario has no valid \"start\" (the clock time of time 0)");
    return std::nullopt;
  }
  if (*clock < *start_clock_s_) {
    error(ptr, show(v) + " is before the start (" + model::clock_text(*start_clock_s_) +
                   "); write a time of the next day as \"" + model::clock_text(*clock + 86400.0) + "\"");
    return std::nullopt;
  }
  const double t = *clock - *start_clock_s_;
  if (t > kMaxDurationS) return duration(json(t), ptr);
  return t;
}

// `busyness`: a distribution of mean 1 of a plain factor (numbers, no units, none negative).
void ScenarioReader::read_busyness(const json& root, model::Scenario& sc) {
  const json* b = find(root, "busyness");
  if (!b) return;
  bool plain = true;
  const auto check = [&](const json& v, const std::string& p, const auto& self) -> void {
    if (v.is_object()) {
      for (const auto& [key, x] : v.items()) self(x, p + "/" + escape_token(key), self);
    } else if (v.is_array()) {
      for (std::size_t i = 0; i < v.size(); ++i) self(v[i], p + "/" + std::to_string(i), self);
    } else if (v.is_string() && p != "/busyness") {
      error(p, show(v) + ": busyness is a factor on the arrival rates, a plain number (no unit)");
      plain = false;
    } else if (v.is_number() && v.get<double>() < 0.0) {
      error(p, show(v) + ": busyness is a factor on the arrival rates and cannot be negative");
      plain = false;
    }
  };
  check(*b, "/busyness", check);
  if (!plain) return;
  const auto d = distribution(*b, "/busyness");
  if (!d) return;
  if (std::abs(d->mean() - 1.0) > 1e-9) {
    char mean[32];
    std::snprintf(mean, sizeof mean, "%.10g", d->mean());
    error("/busyness", std::string("has mean ") + mean +
                           "; busyness must have mean 1 (it scales the arrival rates; set their level there)");
    return;
  }
  sc.busyness = *d;
}

}  // namespace ccsim::scenario
