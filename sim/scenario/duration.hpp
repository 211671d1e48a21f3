// Durations as users write them: a number of seconds or a string with a unit ("90s", "2.5m", "8h").
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace ccsim::scenario {

// Parses "90", "90s", "2.5m", "8h", "1d", "250ms" into seconds. Returns nothing for
// malformed text, negative or non-finite values.
[[nodiscard]] std::optional<double> parse_duration(std::string_view text);

// Formats seconds back the way a person writes them ("20s", "1.5m", "2h").
[[nodiscard]] std::string format_duration(double seconds);

// Parses a clock time "H:MM", "HH:MM" or "HH:MM:SS" into seconds after midnight (hours may
// pass 23: "25:00" is 1 a.m. of the next day). Defined in read_clock.cpp.
[[nodiscard]] std::optional<double> parse_clock(std::string_view text);

// Whether `text` is a calendar date "YYYY-MM-DD". Defined in read_clock.cpp.
[[nodiscard]] bool valid_date(std::string_view text);

}  // namespace ccsim::scenario
