// Call records as `ccsim fit` reads them: one caller who asked for an agent, whatever the
// layout it came from (Anonymous Bank, Asterisk queue_log, a column map).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace ccsim::fit {

struct CallRecord {
  enum class Outcome { Answered, Abandoned, Other };
  std::string day;         // "YYYY-MM-DD" as in the records
  double arrival_s = 0.0;  // seconds after midnight of `day`: the caller asked for an agent
  bool queued = false;     // waited in the agent queue (false: an idle agent answered at once)
  double wait_s = 0.0;     // from arrival to answer or to leaving; 0 when answered at once
  Outcome outcome = Outcome::Answered;
  double handle_s = 0.0;   // answered calls: time with the agent
  std::string call_type;   // "premium", "regular", a queue name...
  std::string caller_id;   // empty when unknown
  std::string agent;       // answered calls: who answered; empty when unknown
  std::uint64_t line = 0;  // line of the records file, for messages
};

// Records of one file, in file order, and what was dropped by a documented rule, counted.
struct Records {
  std::string source;
  std::vector<CallRecord> calls;
  std::map<std::string, std::uint64_t> skipped;  // reason -> count
};

// Reads RECORDS in `format` ("anonymous-bank", "asterisk-queue-log", "columns"); `columns` is
// the --columns map of the "columns" format. Throws InputError naming line and column.
[[nodiscard]] Records read_records(const std::string& path, const std::string& format, const std::string& columns);

[[nodiscard]] Records read_anonymous_bank(const std::string& path);
[[nodiscard]] Records read_queue_log(const std::string& path);
[[nodiscard]] Records read_columns(const std::string& path, const std::string& columns);

}  // namespace ccsim::fit
