#include "sim/scenario/condition_text.hpp"

#include "sim/model/conditions.hpp"
#include "sim/scenario/duration.hpp"

#include <cstdio>

namespace ccsim::scenario {

using model::Condition;
using model::Id;

namespace {

// The text of `c`, looking the names of queues and sites up with `queue_name(id)` and
// `site_name(id)` (each returns nullptr for an id it does not know).
template <class QueueName, class SiteName>
std::string spell(const Condition& c, const QueueName& queue_name, const SiteName& site_name) {
  if (!c.text.empty()) return c.text;
  std::string out(model::condition_name(c.kind));
  const auto of_queue = [&] {
    if (!c.queue) return;
    if (const std::string* q = queue_name(*c.queue)) out += " of " + *q;
  };
  switch (model::condition_kind(c.kind).value) {
    case model::ConditionValue::SiteState: {
      if (const std::string* s = c.site ? site_name(*c.site) : nullptr) return out + " " + *s;
      return c.expect_down ? out : "site up";
    }
    case model::ConditionValue::Timer: return out + " " + format_duration(c.waited_s);
    case model::ConditionValue::Combinator: {
      out += "(";
      for (std::size_t i = 0; i < c.children.size(); ++i) {
        out += (i ? ", " : "") + spell(c.children[i], queue_name, site_name);
      }
      return out + ")";
    }
    default: break;
  }
  if (c.kind == Condition::Kind::ServiceLevel) {
    out += " within " + format_duration(c.within_s) + " over " + format_duration(c.window_s);
  }
  of_queue();
  if (c.at_least) out += " at_least " + level_text(c.kind, *c.at_least);
  if (c.at_most) out += " at_most " + level_text(c.kind, *c.at_most);
  if (c.until_below) out += " until_below " + level_text(c.kind, *c.until_below);
  if (c.until_above) out += " until_above " + level_text(c.kind, *c.until_above);
  return out;
}

// A lookup of names by id in a list, nullptr past its end.
template <class List, class Name>
auto lookup(const List& list, Name name) {
  return [&list, name](Id id) -> const std::string* { return id < list.size() ? &name(list[id]) : nullptr; };
}

}  // namespace

std::string level_text(Condition::Kind kind, double level) {
  if (model::condition_kind(kind).value == model::ConditionValue::Seconds) return format_duration(level);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%g", level);
  return buf;
}

std::string condition_text(const model::Scenario& sc, const Condition& c) {
  return spell(c, lookup(sc.queues, [](const model::Queue& q) -> const std::string& { return q.name; }),
               lookup(sc.sites, [](const model::Site& s) -> const std::string& { return s.name; }));
}

std::string condition_text(const Condition& c, const std::vector<std::string>& queue_names,
                           const std::vector<std::string>& site_names) {
  const auto same = [](const std::string& name) -> const std::string& { return name; };
  return spell(c, lookup(queue_names, same), lookup(site_names, same));
}

std::string rule_text(const model::Scenario& sc, const model::OverflowRule& rule) {
  if (!rule.text.empty()) return rule.text;
  const auto& t = rule.to;
  std::string target = "?";
  if (t.kind == model::Target::Kind::Exit && t.id < sc.exits.size()) target = sc.exits[t.id].name;
  if (t.kind == model::Target::Kind::Queue && t.id < sc.queues.size()) target = sc.queues[t.id].name;
  return condition_text(sc, rule.when) + " -> " + target;
}

}  // namespace ccsim::scenario
