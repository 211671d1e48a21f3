#include "sim/scenario/templates.hpp"

#include <nlohmann/json.hpp>

#include <initializer_list>
#include <utility>

namespace ccsim::scenario {

namespace {

constexpr std::string_view kSchema = "@SCHEMA@";

// The parts the templates share: placeholders @NAME@ and the like are filled in by fill().

// Schema, name and description, a day from 08:00 to 18:00, 20 replications, the service level.
constexpr std::string_view kOpening = R"({
  "$schema": "@SCHEMA@",
  "name": "@NAME@",
  "description": "@DESCRIPTION@",
  "start": "08:00",
  "horizon": "18:00",
  "interval": "@INTERVAL@",
  "replications": 20,
  "seed": 1,
  "service_level": { "thresholds": ["20s", "60s"], "target": { "within": "20s", "at_least": 0.8 } },
)";

// The one call type: Poisson arrivals, lognormal handle time of mean 4 min, patience of 3 min.
constexpr std::string_view kCalls = R"(  "call_types": [
    {
      "name": "calls",
      "enters": "@ENTERS@",
      "arrivals": { "poisson": { "per_hour": @PER_HOUR@ } },
      "handle_time": { "lognormal": { "mean": "4m", "sd": "3m" } },
      "patience": { "exponential": { "mean": "3m" } }
    }
  ],
)";

// The two-site templates' primary team and its first line of agent groups.
constexpr std::string_view kPrimaryTeam = R"(  "agent_groups": [
    { "name": "primary_team", "site": "primary", "agents": 28, "serves": ["primary_q"] },
)";

// `text` with each placeholder replaced by its value.
std::string fill(std::string_view text, std::initializer_list<std::pair<std::string_view, std::string_view>> values) {
  std::string out(text);
  for (const auto& [key, value] : values) {
    for (auto at = out.find(key); at != std::string::npos; at = out.find(key, at + value.size()))
      out.replace(at, key.size(), value);
  }
  return out;
}

// kOpening filled in.
std::string opening(std::string_view name, std::string_view interval, std::string_view description) {
  return fill(kOpening, {{"@NAME@", name}, {"@INTERVAL@", interval}, {"@DESCRIPTION@", description}});
}

// kCalls filled in.
std::string calls(std::string_view enters, std::string_view per_hour) {
  return fill(kCalls, {{"@ENTERS@", enters}, {"@PER_HOUR@", per_hour}});
}

std::string single_queue() {
  return opening(
             "Single queue", "1h",
             R"(One queue and one team from 08:00 to 18:00: 360 calls/h, lognormal handle time of mean 4 min, callers who wait 3 min on average before hanging up. Put in your own rates (one per interval: \"per_hour\": [300, 420, ...]), handle time and staffing, then `ccsim run` it; `ccsim staff` it for the agents per interval; `ccsim check` it against the expectations.)") +
         R"(  "queues": [ { "name": "main" } ],
)" + calls("main", "360") +
         R"(  "agent_groups": [ { "name": "agents", "agents": 27, "serves": ["main"] } ],
  "expectations": [
    { "metric": "service_level", "within": "20s", "at_least": 0.75 },
    { "metric": "asa", "at_most": "30s" },
    { "metric": "abandon_rate", "at_most": 0.05 }
  ]
}
)";
}

std::string two_site() {
  return opening(
             "Two sites", "1h",
             R"(A primary site and a smaller backup site from 08:00 to 18:00: callers enter the primary queue; when 4 callers wait there (until fewer than 2) new callers go to the backup queue after a 2 s transfer, and a caller who has waited 2 minutes at the primary is moved there too. The backup team also helps the primary queue with callers who have waited a minute. Try `ccsim sweep` on /queues/0/overflow/0/when/queue_length/at_least, and `ccsim graph` it.)") +
         R"(  "sites": [ { "name": "primary" }, { "name": "backup" } ],
  "queues": [
    {
      "name": "primary_q",
      "site": "primary",
      "overflow": [
        { "when": { "queue_length": { "at_least": 4, "until_below": 2 } }, "to": "backup_q", "delay": "2s" },
        { "when": { "waited": "2m" }, "to": "backup_q", "delay": "2s" }
      ]
    },
    { "name": "backup_q", "site": "backup" }
  ],
)" + calls("primary_q", "480") +
         std::string(kPrimaryTeam) + R"(    {
      "name": "backup_team",
      "site": "backup",
      "agents": 8,
      "serves": ["backup_q", { "queue": "primary_q", "after": "1m" }]
    }
  ],
  "expectations": [
    { "metric": "service_level", "within": "20s", "at_least": 0.7 },
    { "metric": "abandon_rate", "at_most": 0.08 }
  ]
}
)";
}

std::string failover() {
  return opening(
             "Failover drill", "30m",
             R"(The two sites of the two-site template with the primary site down from 10:00 for 45 minutes: while it is down, callers entering the primary queue go straight to the backup, callers waiting there are rerouted by the rules, and the primary team logs out after its calls. The table's outage section shows what the outage cost; outages.csv (--csv) holds it for a spreadsheet.)") +
         R"(  "sites": [
    { "name": "primary", "outages": [ { "from": "10:00", "for": "45m", "waiting_calls": "reroute" } ] },
    { "name": "backup" }
  ],
  "exits": [ { "name": "voicemail", "description": "a message box the backup sends callers to when it is swamped" } ],
  "queues": [
    {
      "name": "primary_q",
      "site": "primary",
      "overflow": [
        { "when": { "site_down": true }, "to": "backup_q", "delay": "2s" },
        { "when": { "queue_length": { "at_least": 4, "until_below": 2 } }, "to": "backup_q", "delay": "2s" }
      ]
    },
    {
      "name": "backup_q",
      "site": "backup",
      "overflow": [ { "when": { "expected_wait": { "at_least": "5m" } }, "to": "voicemail", "announcement": "10s" } ]
    }
  ],
)" + calls("primary_q", "480") +
         std::string(kPrimaryTeam) +
         R"(    { "name": "backup_team", "site": "backup", "agents": 10, "serves": ["backup_q", "primary_q"] }
  ],
  "expectations": [ { "metric": "abandon_rate", "at_most": 0.15 } ]
}
)";
}

}  // namespace

const std::vector<std::string>& template_names() {
  static const std::vector<std::string> names = {"single-queue", "two-site", "failover"};
  return names;
}

std::optional<std::string> scenario_template(std::string_view name, const std::string& schema) {
  std::string out;
  if (name == "single-queue") out = single_queue();
  else if (name == "two-site") out = two_site();
  else if (name == "failover") out = failover();
  else return std::nullopt;
  const auto at = out.find(kSchema);
  // The placeholder sits inside quotes: replace it with the escaped path, quotes dropped.
  const std::string quoted = nlohmann::json(schema).dump();
  out.replace(at - 1, kSchema.size() + 2, quoted);
  return out;
}

}  // namespace ccsim::scenario
