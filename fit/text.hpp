// Small parsers shared by the record readers: CSV fields, clock times, dates, numbers; each
// failure names the file, line and column.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ccsim::fit {

// Where a field came from, for messages: "FILE:LINE: column NAME: MESSAGE".
struct FieldPlace {
  const std::string& file;
  std::uint64_t line;
  std::string_view column;
};
[[noreturn]] void bad_field(const FieldPlace& at, const std::string& message);

// Splits one line at `sep` (no quoting: the layouts read here have none).
[[nodiscard]] std::vector<std::string_view> split(std::string_view line, char sep);

// "H:MM:SS" or "HH:MM" or plain seconds ("37", "12.5") -> seconds.
[[nodiscard]] double parse_clock(std::string_view text, const FieldPlace& at);
// A number of seconds, >= 0.
[[nodiscard]] double parse_seconds(std::string_view text, const FieldPlace& at);
// "YYYY-MM-DD", checked; returned as given.
[[nodiscard]] std::string parse_date(std::string_view text, const FieldPlace& at);
// Days since 1970-01-01 of a checked "YYYY-MM-DD", and its weekday (0 = Sunday).
[[nodiscard]] std::int64_t day_number(const std::string& date);
[[nodiscard]] int weekday(const std::string& date);
// The date of a day number.
[[nodiscard]] std::string date_of(std::int64_t days);

// A line longer than this is no record: an endless file without newlines (/dev/zero) is
// refused instead of filling memory.
constexpr std::size_t kMaxLineBytes = std::size_t{1} << 20;

// The lines of a file (without '\r'); throws InputError when it cannot be read or a line is
// longer than kMaxLineBytes.
[[nodiscard]] std::vector<std::string> read_lines(const std::string& path);

}  // namespace ccsim::fit
