// Any CDR layout through a column map: `--columns day=DATE,arrival=START,wait=HOLD,...`.
// Keys: arrival (required: clock time or seconds after midnight, or "YYYY-MM-DD HH:MM:SS"
// when there is no `day`), outcome (required: answered / abandoned / other, any case, with
// the synonyms below), day, wait (default 0), handle, type (default one type "calls"), caller.
#include "fit/records.hpp"
#include "fit/text.hpp"
#include "sim/error.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <map>
#include <optional>

namespace ccsim::fit {

namespace {

constexpr std::array<std::string_view, 8> kKeys{"arrival", "outcome", "day",    "wait",
                                                "handle",  "type",    "caller", "agent"};

std::optional<CallRecord::Outcome> outcome_of(std::string_view text) {
  std::string s(text);
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  using O = CallRecord::Outcome;
  if (s == "answered" || s == "agent" || s == "served" || s == "connect") return O::Answered;
  if (s == "abandoned" || s == "abandon" || s == "hang") return O::Abandoned;
  if (s == "other" || s == "timeout" || s == "exit" || s == "transferred") return O::Other;
  return std::nullopt;
}

}  // namespace

Records read_columns(const std::string& path, const std::string& columns) {
  std::map<std::string, std::string, std::less<>> map;  // key -> column name
  for (const auto part : split(columns, ',')) {
    const auto eq = part.find('=');
    const std::string key(part.substr(0, eq));
    if (eq == std::string_view::npos || std::find(kKeys.begin(), kKeys.end(), key) == kKeys.end()) {
      throw InputError("--columns: \"" + std::string(part) +
                       "\" is not KEY=COLUMN with KEY one of arrival, outcome, day, wait, handle, type, caller, agent");
    }
    map[key] = std::string(part.substr(eq + 1));
  }
  for (const char* need : {"arrival", "outcome"}) {
    if (!map.contains(need)) throw InputError(std::string("--columns: no ") + need + "=COLUMN");
  }
  const auto lines = read_lines(path);
  if (lines.empty()) throw InputError(path + ":1: empty records file");
  const auto header = split(lines[0], ',');
  std::map<std::string, std::size_t, std::less<>> at;
  for (const auto& [key, name] : map) {
    const auto k = std::find(header.begin(), header.end(), name);
    if (k == header.end()) throw InputError(path + ":1: no column \"" + name + "\" (--columns " + key + ")");
    at[key] = static_cast<std::size_t>(k - header.begin());
  }
  Records out;
  out.source = path;
  for (std::size_t i = 1; i < lines.size(); ++i) {
    if (lines[i].empty()) continue;
    const std::uint64_t line = i + 1;
    const auto f = split(lines[i], ',');
    if (f.size() != header.size()) {
      throw InputError(path + ":" + std::to_string(line) + ": " + std::to_string(f.size()) +
                       " fields, the header has " + std::to_string(header.size()));
    }
    auto place = [&](const char* key) { return FieldPlace{path, line, map[key]}; };
    auto get = [&](const char* key) { return f[at[key]]; };
    CallRecord r;
    r.line = line;
    std::string_view arrival = get("arrival");
    if (at.contains("day")) {
      r.day = parse_date(get("day"), place("day"));
    } else {
      if (arrival.size() < 11) bad_field(place("arrival"), "no day column and not \"YYYY-MM-DD HH:MM:SS\"");
      r.day = parse_date(arrival.substr(0, 10), place("arrival"));
      arrival.remove_prefix(11);
    }
    r.arrival_s = parse_clock(arrival, place("arrival"));
    const auto outcome = outcome_of(get("outcome"));
    if (!outcome) {
      bad_field(place("outcome"),
                "unknown outcome \"" + std::string(get("outcome")) + "\" (answered, abandoned or other)");
    }
    r.outcome = *outcome;
    if (at.contains("wait")) r.wait_s = parse_seconds(get("wait"), place("wait"));
    if (at.contains("handle") && r.outcome == CallRecord::Outcome::Answered) {
      r.handle_s = parse_seconds(get("handle"), place("handle"));
    }
    r.call_type = at.contains("type") ? std::string(get("type")) : "calls";
    if (at.contains("caller")) r.caller_id = std::string(get("caller"));
    if (at.contains("agent") && r.outcome == CallRecord::Outcome::Answered) r.agent = std::string(get("agent"));
    r.queued = !(r.outcome == CallRecord::Outcome::Answered && r.wait_s == 0.0);
    out.calls.push_back(std::move(r));
  }
  return out;
}

}  // namespace ccsim::fit
