// The overflow policy of a contact center: each queue's overflow rules, their conditions with
// hysteresis, and the service-level monitors those conditions read.
#pragma once

#include "sim/engine/random.hpp"
#include "sim/model/agent_pools.hpp"
#include "sim/model/call.hpp"
#include "sim/model/conditions.hpp"
#include "sim/model/queues.hpp"
#include "sim/model/scenario.hpp"
#include "sim/model/sites.hpp"
#include "sim/model/tally.hpp"
#include "sim/model/window.hpp"

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <utility>
#include <vector>

namespace ccsim::model {

// Trailing-window service level of a queue for one `service_level` condition.
struct ServiceMonitor {
  double within_s = 0.0;
  double window_s = 0.0;
  std::deque<std::pair<double, bool>> ended;  // (time, answered within) of calls handled
  std::uint64_t hits = 0;

  // Forgets the calls that ended before the window that ends at `now`.
  void expire(double now) {
    while (!ended.empty() && ended.front().first < now - window_s) {
      hits -= ended.front().second;
      ended.pop_front();
    }
  }
};

// A condition with its runtime: hysteresis state and, for service_level, its monitor.
struct ConditionState {
  const Condition* condition = nullptr;
  std::vector<ConditionState> children;
  bool on = false;          // hysteresis state
  std::size_t monitor = 0;  // index into the watched queue's monitors
};

struct RuleState {
  const OverflowRule* rule = nullptr;
  ConditionState when;
  engine::RandomStream delay_rng;
  engine::RandomStream announcement_rng;
};

// Reads the center's state through the components it is given (which must outlive it).
class OverflowPolicy {
public:
  OverflowPolicy(const Scenario& sc, std::uint32_t replication, Window window, Queues& queues, const AgentPools& pools,
                 const CallPool& calls, const Sites& sites);

  // Whether `queue` has rules checked when a call enters it (rules that are not timers).
  [[nodiscard]] bool has_entry_rules(Id queue) const { return !by_queue_[queue].entry_rules.empty(); }
  // Indices of the `waited` rules of `queue`, each a timer started when a call joins it.
  [[nodiscard]] const std::vector<std::uint32_t>& timer_rules(Id queue) const { return by_queue_[queue].timer_rules; }
  [[nodiscard]] const OverflowRule& rule(Id queue, std::uint32_t r) const { return *by_queue_[queue].rules[r].rule; }
  // Draws rule `r`'s delay and announcement (0 when it has none), in that order.
  double draw_delay(Id queue, std::uint32_t r);
  double draw_announcement(Id queue, std::uint32_t r);

  // The first of the entry rules of `queue` whose condition holds at `now`, if any; rules
  // after it are not evaluated. Switches of hysteresis go to `tallies` (one per rule).
  std::optional<std::uint32_t> first_entry_rule(Id queue, double now, std::vector<RuleTally>& tallies);
  // Whether the condition of rule `r` of `queue` holds at `now` (its timer fired).
  bool holds(Id queue, std::uint32_t r, double now, RuleTally& tally);
  // Whether the `offer_when` of the callback of `queue` (which has one) holds at `now`.
  bool offers_callback(Id queue, double now) {
    return evaluate(by_queue_[queue].callback_when, queue, now, callback_switches_);
  }

  // A call the queue handled (answered after `queue_wait`, or abandoned there) at `now`
  // feeds its service_level monitors. Calls it sent on, blocked or dropped are not counted:
  // a rule that overflows on low service level must not keep itself on by the calls it
  // sends away. Inline: it runs once per answered call.
  void note_ended(Id queue, bool answered, double queue_wait, double now) {
    if (!by_queue_[queue].monitors.empty()) feed_monitors(queue, answered, queue_wait, now);
  }

private:
  struct QueueRules {
    std::vector<RuleState> rules;            // all rules, in order
    std::vector<std::uint32_t> entry_rules;  // indices of rules checked on entry
    std::vector<std::uint32_t> timer_rules;  // indices of `waited` rules
    std::vector<ServiceMonitor> monitors;    // service_level conditions watching this queue
    ConditionState callback_when;            // the callback's offer_when, if the queue has one
  };

  ConditionState build_condition(const Condition& c, Id queue);
  bool evaluate(ConditionState& cs, Id queue, double now, RuleTally& tally);
  double metric(const Condition& c, std::size_t monitor, Id queue, double now);
  void feed_monitors(Id queue, bool answered, double queue_wait, double now);

  const Scenario& sc_;
  Window window_;
  Queues& queues_;
  const AgentPools& pools_;
  const CallPool& calls_;
  const Sites& sites_;
  std::vector<QueueRules> by_queue_;
  RuleTally callback_switches_;  // hysteresis switches of callback conditions (not reported)
};

}  // namespace ccsim::model
