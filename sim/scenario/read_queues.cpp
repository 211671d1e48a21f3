// Queues, their overflow rules, and the exits rules may send calls to.
#include "sim/scenario/scenario_reader.hpp"

namespace ccsim::scenario {

using model::Id;

void ScenarioReader::read_queue(const json& v, const std::string& ptr, model::Scenario& sc) {
  if (!object(v, ptr, {"name", "description", "site", "capacity", "announcement", "overflow", "callback"})) return;
  model::Queue q;
  bool ok = true;
  if (auto n = name(v, ptr)) q.name = *n;
  else ok = false;
  if (const json* d = find(v, "description")) ok &= string(*d, ptr + "/description").has_value();
  if (const json* s = find(v, "site")) {
    if (auto id = resolve(*s, ptr + "/site", site_names_, "site")) q.site = *id;
    else ok = false;
  }
  if (const json* c = find(v, "capacity")) {
    if (auto x = integer(*c, ptr + "/capacity", 0, 100000000, "queue capacity"))
      q.capacity = static_cast<std::uint32_t>(*x);
    else ok = false;
  }
  if (const json* a = find(v, "announcement")) {
    if (auto d = duration_or_distribution(*a, ptr + "/announcement")) q.announcement = *d;
    else ok = false;
  }
  if (const json* rules = find(v, "overflow")) {
    if (!rules->is_array()) {
      error(ptr + "/overflow", "expected a list of overflow rules, got " + show(*rules));
      ok = false;
    } else {
      const auto self = static_cast<Id>(sc.queues.size() + skipped_queues_);
      for (std::size_t i = 0; i < rules->size(); ++i) {
        if (auto r = overflow_rule((*rules)[i], ptr + "/overflow/" + std::to_string(i), self)) {
          q.overflow.push_back(std::move(*r));
        } else {
          ok = false;
        }
      }
    }
  }
  if (const json* cb = find(v, "callback")) {
    if (auto c = read_callback(*cb, ptr + "/callback")) q.callback = std::move(*c);
    else ok = false;
  }
  if (ok) sc.queues.push_back(std::move(q));
  else ++skipped_queues_;
}

std::optional<model::OverflowRule> ScenarioReader::overflow_rule(const json& v, const std::string& ptr, Id queue) {
  if (!object(v, ptr, {"when", "to", "delay", "announcement", "description"})) return std::nullopt;
  model::OverflowRule rule;
  bool ok = true;
  if (const json* w = required(v, ptr, "when")) {
    if (auto c = condition(*w, ptr + "/when", true, false)) rule.when = std::move(*c);
    else ok = false;
  } else {
    ok = false;
  }
  if (const json* t = required(v, ptr, "to")) ok &= read_target(*t, ptr + "/to", queue, rule);
  else ok = false;
  if (const json* d = find(v, "delay")) {
    if (auto x = duration_or_distribution(*d, ptr + "/delay")) rule.delay = *x;
    else ok = false;
  }
  if (const json* a = find(v, "announcement")) {
    if (auto x = duration_or_distribution(*a, ptr + "/announcement")) rule.announcement = *x;
    else ok = false;
  }
  if (const json* d = find(v, "description")) ok &= string(*d, ptr + "/description").has_value();
  if (!ok) return std::nullopt;
  // A timer rule: its `waited` stands alone or in the top-level `all` (read_conditions.cpp).
  if (rule.when.kind == model::Condition::Kind::Waited) rule.timer_s = rule.when.waited_s;
  if (rule.when.kind == model::Condition::Kind::All) {
    for (const auto& c : rule.when.children) {
      if (c.kind != model::Condition::Kind::Waited) continue;
      if (rule.timer_s) {
        error(ptr + "/when", "a rule can hold one \"waited\" timer");
        return std::nullopt;
      }
      rule.timer_s = c.waited_s;
    }
  }
  const std::string target =
      rule.to.kind == model::Target::Kind::Queue ? queue_names_[rule.to.id] : exit_names_[rule.to.id];
  rule.text = rule.when.text + " -> " + target;
  if (rule.delay) rule.text += " (delay " + rule.delay->describe() + ")";
  if (rule.announcement) rule.text += " (announcement " + rule.announcement->describe() + ")";
  return rule;
}

// A rule's "to": another queue or an exit (they share one name space). Returns false when bad.
bool ScenarioReader::read_target(const json& v, const std::string& ptr, Id queue, model::OverflowRule& rule) {
  const auto id = resolve(v, ptr, target_names_, "queue or exit");
  if (!id) return false;
  if (*id >= queue_names_.size()) {
    rule.to = {model::Target::Kind::Exit, static_cast<Id>(*id - queue_names_.size())};
    return true;
  }
  rule.to = {model::Target::Kind::Queue, *id};
  if (*id == queue) {
    error(ptr, "a rule cannot send callers back to its own queue " + quote(queue_names_[*id]));
    return false;
  }
  return true;
}

void ScenarioReader::read_exit(const json& v, const std::string& ptr, model::Scenario& sc) {
  if (!object(v, ptr, {"name", "description"})) return;
  model::Exit e;
  if (auto n = name(v, ptr)) e.name = *n;
  if (const json* d = find(v, "description")) {
    if (auto text = string(*d, ptr + "/description")) e.description = *text;
  }
  sc.exits.push_back(std::move(e));
}

}  // namespace ccsim::scenario
