// Asterisk's queue_log: `epoch|callid|queue|agent|EVENT|data1|data2|...`, one line per event,
// with the fields Asterisk documents (doc "Queue Logs"). A call is ENTERQUEUE followed by
// CONNECT (answered; holdtime) and COMPLETECALLER / COMPLETEAGENT / TRANSFER (talk time), or
// by ABANDON (waittime), or by EXITWITHTIMEOUT / EXITEMPTY / EXITWITHKEY (left the queue by
// a queue rule: outcome "other"). Epochs are read as UTC.
#include "fit/records.hpp"
#include "fit/text.hpp"
#include "sim/error.hpp"

#include <algorithm>
#include <cstdint>
#include <set>
#include <string_view>
#include <unordered_map>

namespace ccsim::fit {

namespace {

// Events of agents, members and the system, and per-call events that end nothing.
const std::set<std::string_view> kIgnored{"ADDMEMBER",
                                          "REMOVEMEMBER",
                                          "PAUSE",
                                          "UNPAUSE",
                                          "PAUSEALL",
                                          "UNPAUSEALL",
                                          "AGENTLOGIN",
                                          "AGENTLOGOFF",
                                          "CONFIGRELOAD",
                                          "QUEUESTART",
                                          "AGENTCALLBACKLOGIN",
                                          "AGENTCALLBACKLOGOFF",
                                          "SYSCOMPAT",
                                          "DID",
                                          "RINGNOANSWER",
                                          "RINGCANCELED",
                                          "INFO",
                                          "ENTERQUEUE"};

struct Open {
  CallRecord rec;
  bool connected = false;
  bool done = false;
};

// Field `k` (0-based after the event) of a line, named for messages.
std::string_view data(const std::vector<std::string_view>& f, std::size_t k, const FieldPlace& at) {
  if (5 + k >= f.size()) bad_field(at, "missing");
  return f[5 + k];
}

}  // namespace

Records read_queue_log(const std::string& path) {
  const auto lines = read_lines(path);
  Records out;
  out.source = path;
  std::unordered_map<std::string, std::size_t> open;  // callid -> index in `calls`
  std::vector<Open> calls;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].empty()) continue;
    const std::uint64_t line = i + 1;
    const auto f = split(lines[i], '|');
    if (f.size() < 5)
      throw InputError(path + ":" + std::to_string(line) +
                       ": not a queue_log line (epoch|callid|queue|agent|event|...)");
    const std::string_view event = f[4];
    const double epoch = parse_seconds(f[0], {path, line, "1 (epoch)"});
    const std::string callid(f[1]);
    auto field = [&](std::size_t k, std::string_view name) {
      return parse_seconds(data(f, k, {path, line, name}), {path, line, name});
    };
    if (event == "ENTERQUEUE") {
      Open o;
      o.rec.line = line;
      const auto day = static_cast<std::int64_t>(epoch / 86400.0);
      o.rec.day = date_of(day);
      o.rec.arrival_s = epoch - static_cast<double>(day) * 86400.0;
      o.rec.call_type = std::string(f[2]);
      if (f.size() > 6 && !f[6].empty() && f[6] != "unknown") o.rec.caller_id = std::string(f[6]);
      open[callid] = calls.size();
      calls.push_back(std::move(o));
      continue;
    }
    if (kIgnored.contains(event)) continue;
    const bool known = event == "CONNECT" || event == "COMPLETECALLER" || event == "COMPLETEAGENT" ||
                       event == "TRANSFER" || event == "BLINDTRANSFER" || event == "ATTENDEDTRANSFER" ||
                       event == "ABANDON" || event == "EXITWITHTIMEOUT" || event == "EXITEMPTY" ||
                       event == "EXITWITHKEY" || event == "AGENTDUMP";
    if (!known) bad_field({path, line, "5 (event)"}, "unknown queue_log event \"" + std::string(event) + "\"");
    const auto it = open.find(callid);
    if (it == open.end()) {
      ++out.skipped["event of a call whose ENTERQUEUE is not in the log"];
      continue;
    }
    Open& o = calls[it->second];
    using O = CallRecord::Outcome;
    if (event == "CONNECT") {
      o.connected = true;
      o.rec.outcome = O::Answered;
      if (!f[3].empty() && f[3] != "NONE") o.rec.agent = std::string(f[3]);
      o.rec.wait_s = field(0, "6 (holdtime)");
      continue;
    }
    o.done = true;
    open.erase(it);
    if (event == "COMPLETECALLER" || event == "COMPLETEAGENT") {
      o.rec.wait_s = field(0, "6 (holdtime)");
      o.rec.handle_s = field(1, "7 (calltime)");
    } else if (event == "TRANSFER" || event == "BLINDTRANSFER") {
      o.rec.wait_s = field(2, "8 (holdtime)");
      o.rec.handle_s = field(3, "9 (calltime)");
    } else if (event == "ATTENDEDTRANSFER") {
      o.rec.wait_s = field(3, "9 (holdtime)");
      o.rec.handle_s = field(4, "10 (calltime)");
    } else if (event == "ABANDON" || event == "EXITWITHTIMEOUT" || event == "EXITEMPTY") {
      o.rec.wait_s = field(2, "8 (waittime)");
      o.rec.outcome = event == "ABANDON" ? O::Abandoned : O::Other;
    } else if (event == "EXITWITHKEY") {
      o.rec.wait_s = field(3, "9 (waittime)");
      o.rec.outcome = O::Other;
    } else {  // AGENTDUMP: the agent hung up on the caller while it rang
      o.rec.outcome = O::Other;
    }
    if (!o.connected && o.rec.outcome == O::Answered) o.rec.outcome = O::Other;
  }
  for (Open& o : calls) {
    if (!o.done) {
      ++out.skipped["call with no final event (still queued or talking when the log ends)"];
      continue;
    }
    o.rec.queued = !(o.rec.outcome == CallRecord::Outcome::Answered && o.rec.wait_s == 0.0);
    out.calls.push_back(std::move(o.rec));
  }
  return out;
}

}  // namespace ccsim::fit
