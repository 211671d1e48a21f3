#include "fit/text.hpp"

#include "sim/error.hpp"

#include <charconv>
#include <cmath>
#include <fstream>
#include <string_view>

namespace ccsim::fit {

void bad_field(const FieldPlace& at, const std::string& message) {
  throw InputError(at.file + ":" + std::to_string(at.line) + ": column " + std::string(at.column) + ": " + message);
}

std::vector<std::string_view> split(std::string_view line, char sep) {
  std::vector<std::string_view> out;
  std::size_t from = 0;
  while (true) {
    const std::size_t at = line.find(sep, from);
    if (at == std::string_view::npos) {
      out.push_back(line.substr(from));
      return out;
    }
    out.push_back(line.substr(from, at - from));
    from = at + 1;
  }
}

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '"')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '"')) s.remove_suffix(1);
  return s;
}

bool to_number(std::string_view s, double& out) {
  s = trim(s);
  if (s.empty()) return false;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc{} && end == s.data() + s.size() && std::isfinite(out);
}

bool to_int(std::string_view s, int& out) {
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc{} && end == s.data() + s.size() && !s.empty();
}

}  // namespace

double parse_clock(std::string_view text, const FieldPlace& at) {
  const std::string_view s = trim(text);
  if (s.find(':') == std::string_view::npos) return parse_seconds(s, at);
  const auto parts = split(s, ':');
  int h = 0;
  int m = 0;
  double sec = 0.0;
  const bool ok = (parts.size() == 2 || parts.size() == 3) && to_int(parts[0], h) && to_int(parts[1], m) &&
                  (parts.size() == 2 || to_number(parts[2], sec)) && h >= 0 && m >= 0 && m < 60 && sec >= 0.0 &&
                  sec < 61.0;
  if (!ok) bad_field(at, "\"" + std::string(text) + "\" is not a clock time (H:MM:SS)");
  return h * 3600.0 + m * 60.0 + sec;
}

double parse_seconds(std::string_view text, const FieldPlace& at) {
  double v = 0.0;
  if (!to_number(text, v)) bad_field(at, "\"" + std::string(text) + "\" is not a number of seconds");
  if (v < 0.0) bad_field(at, "negative duration " + std::string(text));
  return v;
}

namespace {
// Howard Hinnant's days_from_civil.
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}
}  // namespace

std::string parse_date(std::string_view text, const FieldPlace& at) {
  const std::string_view s = trim(text);
  int y = 0;
  int m = 0;
  int d = 0;
  const bool ok = s.size() == 10 && s[4] == '-' && s[7] == '-' && to_int(s.substr(0, 4), y) &&
                  to_int(s.substr(5, 2), m) && to_int(s.substr(8, 2), d) && m >= 1 && m <= 12 && d >= 1 && d <= 31;
  if (!ok) bad_field(at, "\"" + std::string(text) + "\" is not a date (YYYY-MM-DD)");
  return std::string(s);
}

std::int64_t day_number(const std::string& date) {
  return days_from_civil(std::stoi(date.substr(0, 4)), static_cast<unsigned>(std::stoi(date.substr(5, 2))),
                         static_cast<unsigned>(std::stoi(date.substr(8, 2))));
}

int weekday(const std::string& date) {
  const std::int64_t z = day_number(date);
  return static_cast<int>(z >= -4 ? (z + 4) % 7 : (z + 5) % 7 + 6);
}

std::string date_of(std::int64_t z) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u", static_cast<long long>(y) + (m <= 2 ? 1 : 0), m, d);
  return buf;
}

std::vector<std::string> read_lines(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path + ": cannot read the records file");
  std::vector<std::string> lines;
  std::string line;
  const auto end_line = [&] {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(std::move(line));
    line.clear();
  };
  std::vector<char> buffer(std::size_t{1} << 16);
  while (in.read(buffer.data(), static_cast<std::streamsize>(buffer.size())) || in.gcount() > 0) {
    const std::string_view chunk(buffer.data(), static_cast<std::size_t>(in.gcount()));
    for (std::size_t from = 0; from < chunk.size();) {
      const std::size_t at = chunk.find('\n', from);
      line.append(chunk.substr(from, at == std::string_view::npos ? std::string_view::npos : at - from));
      if (line.size() > kMaxLineBytes) {
        throw InputError(path + ":" + std::to_string(lines.size() + 1) + ": a line longer than " +
                         std::to_string(kMaxLineBytes >> 20) + " MiB: not a records file");
      }
      if (at == std::string_view::npos) break;
      end_line();
      from = at + 1;
    }
  }
  if (!line.empty()) end_line();  // a last line without its newline
  return lines;
}

}  // namespace ccsim::fit
