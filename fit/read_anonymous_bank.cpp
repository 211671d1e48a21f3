// The Anonymous Bank layout (scenarios/data/README.md): one line per call, VRU, queue and
// service times. Which records count is README "ccsim fit" > "Which records count".
#include "fit/records.hpp"
#include "fit/text.hpp"
#include "sim/error.hpp"

#include <array>
#include <string_view>

namespace ccsim::fit {

namespace {

constexpr std::array<std::string_view, 10> kColumns{"customer_id", "priority", "date",     "vru_exit", "q_start",
                                                    "q_time",      "outcome",  "ser_time", "server",   "call_id"};
enum Col { CustomerId, Priority, Date, VruExit, QStart, QTime, Outcome, SerTime, Server, CallId };

}  // namespace

Records read_anonymous_bank(const std::string& path) {
  const auto lines = read_lines(path);
  if (lines.empty()) throw InputError(path + ":1: empty records file");
  const auto header = split(lines[0], ',');
  std::array<std::size_t, kColumns.size()> at{};
  for (std::size_t c = 0; c < kColumns.size(); ++c) {
    std::size_t k = 0;
    while (k < header.size() && header[k] != kColumns[c]) ++k;
    if (k == header.size()) {
      throw InputError(path + ":1: no column \"" + std::string(kColumns[c]) + "\" (not the anonymous-bank layout)");
    }
    at[c] = k;
  }
  Records out;
  out.source = path;
  for (std::size_t i = 1; i < lines.size(); ++i) {
    if (lines[i].empty()) continue;
    const auto f = split(lines[i], ',');
    const std::uint64_t line = i + 1;
    if (f.size() != header.size()) {
      throw InputError(path + ":" + std::to_string(line) + ": " + std::to_string(f.size()) +
                       " fields, the header has " + std::to_string(header.size()));
    }
    auto place = [&](Col c) { return FieldPlace{path, line, kColumns[c]}; };
    const std::string_view outcome = f[at[Outcome]];
    if (outcome != "AGENT" && outcome != "HANG" && outcome != "PHANTOM") {
      bad_field(place(Outcome), "unknown outcome \"" + std::string(outcome) + "\" (AGENT, HANG or PHANTOM)");
    }
    CallRecord r;
    r.line = line;
    r.day = parse_date(f[at[Date]], place(Date));
    const double q_start = parse_clock(f[at[QStart]], place(QStart));
    r.wait_s = parse_seconds(f[at[QTime]], place(QTime));
    const double ser = parse_seconds(f[at[SerTime]], place(SerTime));
    const double vru_exit = parse_clock(f[at[VruExit]], place(VruExit));
    if (outcome == "PHANTOM") {
      ++out.skipped["PHANTOM record"];
      continue;
    }
    const bool asked = f[at[QStart]] != "0:00:00";  // joined the agent queue
    const bool served = outcome == "AGENT" && f[at[Server]] != "NO_SERVER";
    if (!asked && !served) {
      ++out.skipped[outcome == "HANG" ? "hung up in the VRU (never asked for an agent)"
                                      : "AGENT record without an agent or queue time"];
      continue;
    }
    if (outcome == "AGENT" && !served) {
      ++out.skipped["AGENT record without an agent or queue time"];
      continue;
    }
    r.queued = asked && r.wait_s > 0.0;
    r.arrival_s = asked ? q_start : vru_exit;
    r.outcome = served ? CallRecord::Outcome::Answered : CallRecord::Outcome::Abandoned;
    r.handle_s = served ? ser : 0.0;
    r.call_type = f[at[Priority]] == "2" ? "premium" : "regular";
    if (f[at[CustomerId]] != "0") r.caller_id = std::string(f[at[CustomerId]]);
    out.calls.push_back(std::move(r));
  }
  return out;
}

Records read_records(const std::string& path, const std::string& format, const std::string& columns) {
  if (format == "anonymous-bank") return read_anonymous_bank(path);
  if (format == "asterisk-queue-log") return read_queue_log(path);
  if (format == "columns") return read_columns(path, columns);
  throw InputError("--format: unknown records format \"" + format +
                   "\" (anonymous-bank, asterisk-queue-log or columns)");
}

}  // namespace ccsim::fit
