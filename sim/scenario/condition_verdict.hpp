// Whether an overflow rule's condition can ever hold (internal to sim/scenario, for the routing
// checks): never (and why), always, or depending on the run. From the scenario alone: queue
// capacities, the most agents ever logged in, outages, timers, and pairs of comparisons in an
// `all` that exclude each other.
#pragma once

#include "sim/model/scenario.hpp"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace ccsim::scenario {

// Whether a condition can hold: never (with the reason, a clause naming the culprit), always,
// or it depends on the state of the run. "Always" is claimed only where it is certain.
struct Verdict {
  enum class Truth { Never, Maybe, Always };
  Truth truth = Truth::Maybe;
  std::string why;  // for Never

  static Verdict never(std::string why) { return {Truth::Never, std::move(why)}; }
  static Verdict maybe() { return {Truth::Maybe, {}}; }
  static Verdict always() { return {Truth::Always, {}}; }
};

// What the analysis of one rule's condition needs to know.
struct RuleContext {
  const model::Scenario& sc;
  const std::vector<double>& most_agents;  // per queue: most agents ever logged into its groups (most_agents_per_queue)
  model::Id queue = 0;                     // the rule's own queue
  std::optional<double> timer_s;           // set when the rule is a timer
};

// The verdict on condition `c` of a rule in the context `ctx`.
[[nodiscard]] Verdict analyze(const model::Condition& c, const RuleContext& ctx);

// Most agents ever logged into the groups that serve each queue (sum over groups of each
// group's largest per-interval count). Outages only ever log agents out.
[[nodiscard]] std::vector<double> most_agents_per_queue(const model::Scenario& sc);

}  // namespace ccsim::scenario
