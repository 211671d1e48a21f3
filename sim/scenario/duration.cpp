#include "sim/scenario/duration.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace ccsim::scenario {

std::optional<double> parse_duration(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  if (text.empty()) return std::nullopt;
  double value = 0.0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end == text.data()) return std::nullopt;
  const std::string_view unit(end, static_cast<std::size_t>(text.data() + text.size() - end));
  double scale = 0.0;
  if (unit.empty() || unit == "s") scale = 1.0;
  else if (unit == "ms") scale = 1e-3;
  else if (unit == "m" || unit == "min") scale = 60.0;
  else if (unit == "h") scale = 3600.0;
  else if (unit == "d") scale = 86400.0;
  else return std::nullopt;
  const double seconds = value * scale;
  if (!std::isfinite(seconds) || seconds < 0.0) return std::nullopt;
  return seconds;
}

std::string format_duration(double seconds) {
  char buf[64];
  const auto fmt = [&](double v, const char* unit) {
    std::snprintf(buf, sizeof buf, "%.6g%s", v, unit);
    return std::string(buf);
  };
  if (seconds >= 3600.0 && std::fmod(seconds, 1800.0) == 0.0) return fmt(seconds / 3600.0, "h");
  if (seconds >= 60.0 && std::fmod(seconds, 30.0) == 0.0) return fmt(seconds / 60.0, "m");
  return fmt(seconds, "s");
}

}  // namespace ccsim::scenario
