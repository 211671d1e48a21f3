// The Anonymous Bank layout (scenarios/data/README.md): one line per call, VRU, queue and
// service times. Which records count is README "ccsim fit" > "Which records count".
#include "fit/records.hpp"
#include "fit/text.hpp"
#include "sim/error.hpp"

#include <array>
#include <map>
#include <string_view>

namespace ccsim::fit {

namespace {

constexpr std::array<std::string_view, 11> kColumns{"customer_id", "priority", "date",    "vru_exit",
                                                    "q_start",     "q_time",   "outcome", "ser_time",
                                                    "server",      "call_id",  "type"};
enum Col { CustomerId, Priority, Date, VruExit, QStart, QTime, Outcome, SerTime, Server, CallId, Service };

// The bank identified callers (customer_id, priority) only while they waited: a call an idle
// agent answered at once is unidentified. Such a call is premium with the premium share of the
// queued calls of its service type, decided by a hash of its call_id text (deterministic).
void apportion_unidentified(std::vector<CallRecord>& calls, const std::vector<std::string>& service,
                            const std::vector<std::uint64_t>& call_id, const std::vector<bool>& unidentified) {
  std::map<std::string, std::pair<double, double>> share;  // service -> (premium, queued)
  for (std::size_t i = 0; i < calls.size(); ++i) {
    if (!calls[i].queued) continue;
    auto& [premium, all] = share[service[i]];
    premium += calls[i].call_type == "premium" ? 1.0 : 0.0;
    all += 1.0;
  }
  for (std::size_t i = 0; i < calls.size(); ++i) {
    if (calls[i].queued || !unidentified[i]) continue;
    const auto& [premium, all] = share[service[i]];
    const double u = static_cast<double>(call_id[i] >> 11) * 0x1.0p-53;
    if (all > 0.0 && u < premium / all) calls[i].call_type = "premium";
  }
}

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
  std::vector<std::string> service;
  std::vector<std::uint64_t> call_ids;
  std::vector<bool> unidentified;
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
    if (served) r.agent = std::string(f[at[Server]]);
    r.call_type = f[at[Priority]] == "2" ? "premium" : "regular";
    if (f[at[CustomerId]] != "0") r.caller_id = std::string(f[at[CustomerId]]);
    service.emplace_back(f[at[Service]]);
    std::uint64_t h = 14695981039346656037ULL;  // FNV-1a of the call_id text (one record holds "2010-08-")
    for (const char ch : f[at[CallId]]) h = (h ^ static_cast<unsigned char>(ch)) * 1099511628211ULL;
    call_ids.push_back(h);
    unidentified.push_back(f[at[CustomerId]] == "0");
    out.calls.push_back(std::move(r));
  }
  apportion_unidentified(out.calls, service, call_ids, unidentified);
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
