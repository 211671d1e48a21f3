// The center at time 0: `"initial_state": {"queues": {NAME: {"waiting": {TYPE: n}}},
// "agent_groups": {NAME: {"busy": n or {TYPE: n}}}}`. A number means the first call type (in
// scenario order) that enters the queue, or the group's first queue. Callers join in the
// order of the scenario's call types.
#include "sim/scenario/scenario_reader.hpp"

#include "sim/model/staffing_plan.hpp"

#include <algorithm>

namespace ccsim::scenario {

using model::Id;

namespace {

// The first call type (in scenario order) that enters `queue`.
std::optional<Id> first_type_of(const model::Scenario& sc, Id queue) {
  for (Id t = 0; t < sc.call_types.size(); ++t) {
    if (sc.call_types[t].enters == queue) return t;
  }
  return std::nullopt;
}

std::uint32_t total(const std::vector<model::InitialState::Count>& counts) {
  std::uint32_t n = 0;
  for (const auto& c : counts) n += c.count;
  return n;
}

}  // namespace

// `{TYPE: n}` in the order of the scenario's call types, or a number for `first_type`.
std::vector<model::InitialState::Count> ScenarioReader::initial_counts(const json& v, const std::string& ptr,
                                                                       std::optional<Id> first_type, const char* what) {
  std::vector<model::InitialState::Count> counts;
  const auto count_of = [&](const json& x, const std::string& xp) -> std::optional<std::uint32_t> {
    if (auto n = integer(x, xp, 0, 10000000, what)) return static_cast<std::uint32_t>(*n);
    return std::nullopt;
  };
  if (v.is_number()) {
    const auto n = count_of(v, ptr);
    if (n && !first_type) {
      error(ptr, "a number needs a call type entering the queue; give {\"CALL_TYPE\": n} instead");
    } else if (n && *n > 0) {
      counts.push_back({*first_type, *n});
    }
    return counts;
  }
  if (!v.is_object()) {
    error(ptr, "expected a number or an object {\"CALL_TYPE\": n}, got " + show(v));
    return counts;
  }
  for (const auto& [name, n] : v.items()) {
    const std::string np = ptr + "/" + escape_token(name);
    const auto type = resolve(json(name), np, call_type_names_, "call type");
    const auto c = count_of(n, np);
    if (type && c && *c > 0 && *type < call_type_names_.size()) counts.push_back({*type, *c});
  }
  std::sort(counts.begin(), counts.end(), [](const auto& a, const auto& b) { return a.call_type < b.call_type; });
  return counts;
}

void ScenarioReader::read_initial_state(const json& v, model::Scenario& sc) {
  const std::string ptr = "/initial_state";
  if (!object(v, ptr, {"queues", "agent_groups"})) return;
  const auto each = [&](const char* key, auto&& read) {
    const json* m = find(v, key);
    if (!m) return;
    const std::string mp = ptr + "/" + key;
    if (!m->is_object()) {
      error(mp, std::string("expected an object of ") + key + " by name, got " + show(*m));
      return;
    }
    for (const auto& [name, body] : m->items()) read(name, body, mp + "/" + escape_token(name));
  };
  each("queues", [&](const std::string& name, const json& body, const std::string& p) {
    const auto q = resolve(json(name), p, queue_names_, "queue");
    if (!object(body, p, {"waiting"}) || !q || *q >= sc.queues.size()) return;
    const json* waiting = required(body, p, "waiting");
    if (!waiting) return;
    auto callers = initial_counts(*waiting, p + "/waiting", first_type_of(sc, *q), "callers");
    const std::uint32_t n = total(callers);
    if (const auto cap = sc.queues[*q].capacity; cap && n > *cap) {
      error(p + "/waiting",
            std::to_string(n) + " callers waiting exceed the queue's capacity of " + std::to_string(*cap));
    } else if (n > 0) {
      sc.initial_state.waiting.push_back({*q, std::move(callers)});
    }
  });
  each("agent_groups", [&](const std::string& name, const json& body, const std::string& p) {
    const auto named = resolve(json(name), p, group_names_, "agent group");
    if (!object(body, p, {"busy"}) || !named) return;
    const auto g = std::find_if(sc.agent_groups.begin(), sc.agent_groups.end(),
                                [&](const model::AgentGroup& x) { return x.name == name; });
    const json* busy = required(body, p, "busy");
    if (!busy || g == sc.agent_groups.end()) return;
    auto calls = initial_counts(*busy, p + "/busy", first_type_of(sc, g->serves.front().queue), "busy agents");
    const std::uint32_t n = total(calls);
    const std::uint32_t on_duty = model::agents_at_start(*g);
    if (n > on_duty) {
      error(p + "/busy", std::to_string(n) + " agents busy at time 0, more than the " + std::to_string(on_duty) +
                             " the group has on duty then");
    } else if (n > 0) {
      sc.initial_state.busy.push_back({static_cast<Id>(g - sc.agent_groups.begin()), std::move(calls)});
    }
  });
  std::sort(sc.initial_state.waiting.begin(), sc.initial_state.waiting.end(),
            [](const auto& a, const auto& b) { return a.queue < b.queue; });
}

}  // namespace ccsim::scenario
