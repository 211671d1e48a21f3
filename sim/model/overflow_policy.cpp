#include "sim/model/overflow_policy.hpp"

#include "sim/error.hpp"

#include <algorithm>
#include <limits>
#include <string>

namespace ccsim::model {

OverflowPolicy::OverflowPolicy(const Scenario& sc, std::uint32_t replication, Window window, Queues& queues,
                               const AgentPools& pools, const CallPool& calls, const Sites& sites)
    : sc_(sc), window_(window), queues_(queues), pools_(pools), calls_(calls), sites_(sites),
      by_queue_(sc.queues.size()) {
  // Rules are built once every queue has its place: a service_level condition registers its
  // monitor on the queue it watches.
  for (Id q = 0; q < sc.queues.size(); ++q) {
    const auto& rules = sc.queues[q].overflow;
    for (std::uint32_t r = 0; r < rules.size(); ++r) {
      const std::string base = "queue/" + sc.queues[q].name + "/overflow/" + std::to_string(r) + "/";
      RuleState rs{&rules[r],
                   build_condition(rules[r].when, q),
                   {sc.seed, replication, base + "delay"},
                   {sc.seed, replication, base + "announcement"}};
      by_queue_[q].rules.push_back(std::move(rs));
      (rules[r].timer_s ? by_queue_[q].timer_rules : by_queue_[q].entry_rules).push_back(r);
    }
    if (const auto& cb = sc.queues[q].callback) by_queue_[q].callback_when = build_condition(cb->offer_when, q);
  }
}

ConditionState OverflowPolicy::build_condition(const Condition& c, Id queue) {
  ConditionState cs;
  cs.condition = &c;
  for (const auto& child : c.children) cs.children.push_back(build_condition(child, queue));
  if (c.kind == Condition::Kind::ServiceLevel) {
    auto& watched = by_queue_[c.queue.value_or(queue)];
    cs.monitor = watched.monitors.size();
    watched.monitors.push_back(ServiceMonitor{c.within_s, c.window_s, {}, 0});
  }
  return cs;
}

double OverflowPolicy::draw_delay(Id queue, std::uint32_t r) {
  RuleState& rs = by_queue_[queue].rules[r];
  return rs.rule->delay ? rs.rule->delay->sample(rs.delay_rng) : 0.0;
}

double OverflowPolicy::draw_announcement(Id queue, std::uint32_t r) {
  RuleState& rs = by_queue_[queue].rules[r];
  return rs.rule->announcement ? rs.rule->announcement->sample(rs.announcement_rng) : 0.0;
}

std::optional<std::uint32_t> OverflowPolicy::first_entry_rule(Id queue, double now, std::vector<RuleTally>& tallies) {
  auto& qr = by_queue_[queue];
  for (const std::uint32_t r : qr.entry_rules) {
    if (evaluate(qr.rules[r].when, queue, now, tallies[r])) return r;
  }
  return std::nullopt;
}

bool OverflowPolicy::holds(Id queue, std::uint32_t r, double now, RuleTally& tally) {
  return evaluate(by_queue_[queue].rules[r].when, queue, now, tally);
}

void OverflowPolicy::feed_monitors(Id queue, bool answered, double queue_wait, double now) {
  for (auto& m : by_queue_[queue].monitors) {
    const bool hit = answered && queue_wait <= m.within_s;
    m.ended.emplace_back(now, hit);
    m.hits += hit;
    m.expire(now);
  }
}

bool OverflowPolicy::evaluate(ConditionState& cs, Id queue, double now, RuleTally& tally) {
  const Condition& c = *cs.condition;
  switch (c.kind) {
    case Condition::Kind::All: {
      bool all = true;  // every child is evaluated, so each hysteresis sees every entry
      for (auto& child : cs.children) all &= evaluate(child, queue, now, tally);
      return all;
    }
    case Condition::Kind::Any: {
      bool any = false;
      for (auto& child : cs.children) any |= evaluate(child, queue, now, tally);
      return any;
    }
    case Condition::Kind::Waited: return true;  // evaluated when its timer fires
    case Condition::Kind::SiteDown: return sites_.down(c.site ? c.site : sc_.queues[queue].site) == c.expect_down;
    default: break;
  }
  // The hysteresis step shared with the CTMC solver (sim/model/conditions.hpp).
  const HysteresisStep step = step_metric_condition(c, metric(c, cs.monitor, c.queue.value_or(queue), now), cs.on);
  cs.on = step.on;
  // Switches are counted from the warm-up on.
  if (step.switched != 0 && window_.started(now)) {
    if (step.switched > 0) ++tally.switched_on;
    else ++tally.switched_off;
  }
  return step.on;
}

double OverflowPolicy::metric(const Condition& c, std::size_t monitor, Id queue, double now) {
  const QueueState& qs = queues_[queue];
  switch (c.kind) {
    case Condition::Kind::QueueLength: return qs.waiting;
    case Condition::Kind::AvailableAgents: {
      double idle_agents = 0.0;
      for (const auto& r : qs.groups) idle_agents += pools_.idle(r.group);
      return idle_agents;
    }
    case Condition::Kind::Occupancy: {
      double busy = 0.0;
      double logged = 0.0;
      for (const auto& r : qs.groups) {
        busy += pools_[r.group].busy;
        logged += pools_[r.group].logged_in;
      }
      return logged > 0.0 ? busy / logged : 1.0;  // nobody logged in: no capacity at all
    }
    case Condition::Kind::ExpectedWait: {
      // Position-based estimate: 0 when an agent who may answer at once is idle; otherwise
      // the callers ahead plus this one, times the mean busy time of the calls that reach
      // the queue, shared among the agents logged into the groups that serve it.
      double logged = 0.0;
      for (const auto& r : qs.groups) {
        if (r.after_s <= 0.0 && pools_.idle(r.group) > 0) return 0.0;
        logged += pools_[r.group].logged_in;
      }
      if (logged <= 0.0) return std::numeric_limits<double>::infinity();
      return (qs.waiting + 1.0) * qs.mean_service_s / logged;
    }
    case Condition::Kind::LongestWait: return queues_.longest_wait(queue, now, calls_);
    case Condition::Kind::ServiceLevel: {
      auto& m = by_queue_[queue].monitors[monitor];
      m.expire(now);
      // No call ended in the window: no evidence of poor service.
      return m.ended.empty() ? 1.0 : static_cast<double>(m.hits) / static_cast<double>(m.ended.size());
    }
    default: CCSIM_ASSERT(false);
  }
}

}  // namespace ccsim::model
