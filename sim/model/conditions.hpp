// The kinds of condition an overflow rule can test, in one table: each kind's name in scenario
// files, the type of value it compares, the metric it reads, whether it takes hysteresis and
// whether it is a function of the queues' and agents' state. The loader, the routing checks,
// the DOT writer, the simulator and the CTMC solver look kinds up here rather than keeping
// their own lists, so a new kind is one row here, plus its tests and the code that measures
// its metric. Also the one hysteresis step that the simulator and the CTMC solver share.
// Header-only and depending on the model's plain structs alone: analysis uses it without
// linking the simulator.
#pragma once

#include "sim/model/scenario.hpp"

#include <array>
#include <concepts>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ccsim::model {

// What a condition's levels (at_least, at_most, until_below, until_above) count, or, for the
// kinds that compare no metric, what the condition is.
enum class ConditionValue {
  Callers,     // a number of callers
  Agents,      // a number of agents
  Seconds,     // a duration
  Share,       // a share from 0 to 1
  SiteState,   // no levels: a site is down or up
  Timer,       // no levels: how long each caller has waited
  Combinator,  // no levels: a list of conditions (all / any)
};

// One row of the table.
struct ConditionKindInfo {
  Condition::Kind kind = Condition::Kind::QueueLength;
  std::string_view name;  // the key in scenario files: "queue_length"
  ConditionValue value = ConditionValue::Callers;
  std::string_view metric;  // what the condition reads, one line for messages and documentation
  bool hysteresis = false;  // takes until_below / until_above
  // A function of the number of callers in each queue and of busy agents in each group: what
  // a continuous-time Markov chain over that state can evaluate. When not, `why_not_state`
  // says why in the words `ccsim exact` uses when it refuses the condition (empty for all/any,
  // which are as Markovian as their conditions).
  bool state_metric = false;
  std::string_view why_not_state;
};

// One row per kind, in the order of Condition::Kind (so a kind's row is at its index). A new
// kind is added to Condition::Kind and here, at the same position.
inline constexpr std::array<ConditionKindInfo, 10> kConditionKinds = {{
    {Condition::Kind::QueueLength, "queue_length", ConditionValue::Callers,
     "callers in the queue (waiting or hearing its announcement)", true, true, ""},
    {Condition::Kind::ExpectedWait, "expected_wait", ConditionValue::Seconds,
     "the wait a caller joining the queue can expect, from the callers ahead and the agents serving it", true, true,
     ""},
    {Condition::Kind::LongestWait, "longest_wait", ConditionValue::Seconds,
     "how long the oldest caller in the queue has waited there", true, false,
     "longest_wait is not a function of a Markov state (it needs every caller's wait)"},
    {Condition::Kind::Occupancy, "occupancy", ConditionValue::Share,
     "busy agents over logged-in agents of the groups that serve the queue", true, true, ""},
    {Condition::Kind::AvailableAgents, "available_agents", ConditionValue::Agents,
     "idle agents of the groups that serve the queue", true, true, ""},
    {Condition::Kind::ServiceLevel, "service_level", ConditionValue::Share,
     "calls answered within `within` over calls ended in the queue, over the trailing `window`", true, false,
     "service_level over a trailing window is not a function of a Markov state"},
    {Condition::Kind::SiteDown, "site_down", ConditionValue::SiteState,
     "whether the queue's site (or the named site) is down", false, false,
     "site_down depends on outage times, not on a Markov state"},
    {Condition::Kind::Waited, "waited", ConditionValue::Timer, "how long the call has waited in this queue", false,
     false, "a \"waited\" timer (it depends on each caller's own wait)"},
    {Condition::Kind::All, "all", ConditionValue::Combinator, "every one of its conditions holds", false, false, ""},
    {Condition::Kind::Any, "any", ConditionValue::Combinator, "at least one of its conditions holds", false, false, ""},
}};

namespace detail {
[[nodiscard]] constexpr bool kinds_in_order() {
  for (std::size_t i = 0; i < kConditionKinds.size(); ++i) {
    if (static_cast<std::size_t>(kConditionKinds[i].kind) != i) return false;
  }
  return true;
}
[[nodiscard]] constexpr bool names_unique() {
  for (std::size_t i = 0; i < kConditionKinds.size(); ++i) {
    for (std::size_t j = i + 1; j < kConditionKinds.size(); ++j) {
      if (kConditionKinds[i].name == kConditionKinds[j].name) return false;
    }
  }
  return true;
}
}  // namespace detail

static_assert(detail::kinds_in_order(), "kConditionKinds lists the kinds in the order of Condition::Kind");
static_assert(detail::names_unique(), "every condition kind has its own name");

// The row of a kind.
[[nodiscard]] constexpr const ConditionKindInfo& condition_kind(Condition::Kind kind) {
  return kConditionKinds[static_cast<std::size_t>(kind)];
}

// The name of a kind as scenario files write it.
[[nodiscard]] constexpr std::string_view condition_name(Condition::Kind kind) { return condition_kind(kind).name; }

// The row of the kind a scenario file names, or none.
[[nodiscard]] constexpr const ConditionKindInfo* find_condition_kind(std::string_view name) {
  for (const auto& row : kConditionKinds) {
    if (row.name == name) return &row;
  }
  return nullptr;
}

// The names of all kinds in table order, for "did you mean" and messages that list them.
[[nodiscard]] inline std::vector<std::string> condition_names() {
  std::vector<std::string> names;
  for (const auto& row : kConditionKinds) names.emplace_back(row.name);
  return names;
}

// Whether conditions of this kind compare a metric with levels (at_least, at_most, ...).
[[nodiscard]] constexpr bool compares_metric(ConditionValue value) {
  return value == ConditionValue::Callers || value == ConditionValue::Agents || value == ConditionValue::Seconds ||
         value == ConditionValue::Share;
}
[[nodiscard]] constexpr bool compares_metric(Condition::Kind kind) {
  return compares_metric(condition_kind(kind).value);
}

// Whether the metric counts callers or agents: a whole number, never negative, always defined.
[[nodiscard]] constexpr bool is_count(Condition::Kind kind) {
  const ConditionValue v = condition_kind(kind).value;
  return v == ConditionValue::Callers || v == ConditionValue::Agents;
}

// --- hysteresis ---------------------------------------------------------------------------------

// The levels of a metric comparison: model::Condition has them, and so may a condition
// compiled for another evaluator (the CTMC solver's).
template <class C>
concept MetricLevels = requires(const C& c) {
  { c.at_least } -> std::convertible_to<std::optional<double>>;
  { c.at_most } -> std::convertible_to<std::optional<double>>;
  { c.until_below } -> std::convertible_to<std::optional<double>>;
  { c.until_above } -> std::convertible_to<std::optional<double>>;
};

// One evaluation of a metric comparison: whether it holds now, and whether this evaluation
// switched its hysteresis on (+1) or off (-1); 0 when nothing switched or without hysteresis.
struct HysteresisStep {
  bool on = false;
  int switched = 0;
};

// Evaluates a metric comparison on the metric's current `value`. `on` is whether the
// condition held after its previous evaluation; it matters only with hysteresis. With
// `until_below`, a condition that is off switches on once the value reaches at_least and stays
// on until the value falls below until_below; `until_above` mirrors it with at_most. Without
// either, the condition holds while the value is within at_least and at_most (each optional).
// Every comparison with a NaN value is false: it switches no hysteresis and fails a plain
// comparison.
template <MetricLevels C>
[[nodiscard]] constexpr HysteresisStep step_metric_condition(const C& c, double value, bool on) {
  if (c.until_below) {
    if (on && value < *c.until_below) return {false, -1};
    if (!on && value >= *c.at_least) return {true, +1};
    return {on, 0};
  }
  if (c.until_above) {
    if (on && value > *c.until_above) return {false, -1};
    if (!on && value <= *c.at_most) return {true, +1};
    return {on, 0};
  }
  return {(!c.at_least || value >= *c.at_least) && (!c.at_most || value <= *c.at_most), 0};
}

}  // namespace ccsim::model
