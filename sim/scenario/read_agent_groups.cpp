// Agent groups: how many agents are logged in per interval (or by shifts, read_shifts.cpp), at
// which site, which queues they serve in which order of preference, and their absence.
#include "sim/scenario/scenario_reader.hpp"

#include <unordered_map>

namespace ccsim::scenario {

using model::Id;

void ScenarioReader::read_group(const json& v, const std::string& ptr, model::Scenario& sc) {
  if (!object(v, ptr, {"name", "description", "site", "agents", "serves", "absence", "cost"})) return;
  model::AgentGroup g;
  bool ok = true;
  if (auto n = name(v, ptr)) g.name = *n;
  else ok = false;
  if (const json* d = find(v, "description")) ok &= string(*d, ptr + "/description").has_value();
  if (const json* s = find(v, "site")) {
    if (auto id = resolve(*s, ptr + "/site", site_names_, "site")) g.site = *id;
    else ok = false;
  }
  if (const json* a = required(v, ptr, "agents")) {
    if (a->is_object()) {
      ok &= read_shifts(*a, ptr + "/agents", g);
    } else {
      auto agents = per_interval<std::uint32_t>(
          *a, ptr + "/agents", [&](const json& x, const std::string& xp) -> std::optional<std::uint32_t> {
            if (auto n = integer(x, xp, 0, 10000000, "agents")) return static_cast<std::uint32_t>(*n);
            return std::nullopt;
          });
      if (agents.empty()) ok = false;
      g.agents = std::move(agents);
    }
  } else {
    ok = false;
  }
  if (const json* ab = find(v, "absence")) {
    if (auto x = number(*ab, ptr + "/absence", 0.0, 1.0, "a probability")) g.absence = *x;
    else ok = false;
  }
  if (const json* c = find(v, "cost")) {
    if (auto x = number(*c, ptr + "/cost", 0.0, 1e9, "a cost per agent-hour")) g.cost = *x;
    else ok = false;
  }
  if (const json* s = required(v, ptr, "serves")) ok &= read_serves(*s, ptr + "/serves", g);
  else ok = false;
  if (ok) sc.agent_groups.push_back(std::move(g));
}

// The serves list: queue names, or {"queue", "after"} objects for a tier that takes callers
// only once they have waited `after`. Returns false when an entry is bad.
bool ScenarioReader::read_serves(const json& v, const std::string& ptr, model::AgentGroup& g) {
  if (!v.is_array() || v.empty()) {
    error(ptr, "expected a non-empty list of queue names or {\"queue\", \"after\"} objects, got " + show(v));
    return false;
  }
  bool ok = true;
  std::unordered_map<Id, std::size_t> listed;  // entries so far per queue
  for (std::size_t i = 0; i < v.size(); ++i) {
    const auto& item = v[i];
    const std::string ip = ptr + "/" + std::to_string(i);
    model::Serves entry;
    if (item.is_string()) {
      if (auto q = resolve(item, ip, queue_names_, "queue")) entry.queue = *q;
      else {
        ok = false;
        continue;
      }
    } else if (!item.is_object()) {
      error(ip, "expected a queue name or a {\"queue\", \"after\"} object, got " + show(item));
      ok = false;
      continue;
    } else {
      (void)object(item, ip, {"queue", "after"});
      const json* q = required(item, ip, "queue");
      std::optional<Id> qid;
      if (q) qid = resolve(*q, ip + "/queue", queue_names_, "queue");
      std::optional<double> after = 0.0;
      if (const json* a = find(item, "after")) after = duration(*a, ip + "/after");
      if (!qid || !after) {
        ok = false;
        continue;
      }
      entry = {*qid, *after};
    }
    // One error per earlier entry of the same queue, counted rather than searched for (a
    // group may serve thousands of queues).
    for (std::size_t k = listed[entry.queue]++; k > 0; --k) {
      error(ip, "queue " + quote(queue_names_[entry.queue]) + " is listed twice in this serves list");
      ok = false;
    }
    g.serves.push_back(entry);
  }
  return ok;
}

}  // namespace ccsim::scenario
