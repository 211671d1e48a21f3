// Conditions of overflow rules: one object with one key, the kind's name from the table in
// sim/model/conditions.hpp, whose value holds the kind's parameters.
#include "sim/scenario/scenario_reader.hpp"

#include "sim/scenario/condition_text.hpp"
#include "sim/scenario/duration.hpp"

namespace ccsim::scenario {

using Kind = model::Condition::Kind;
using model::ConditionValue;

namespace {

// Conditions nest (all/any) at most this deep: real rules use two or three levels, and the
// loader, the model and the routing checks walk conditions recursively.
constexpr std::size_t kMaxConditionDepth = 16;

// "queue_length, expected_wait, ..., any": the kinds, for the message about a malformed condition.
std::string kind_list(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

}  // namespace

// `top`: the rule's own condition; `in_all`: a child of the rule's top-level `all` (where a
// `waited` timer may stand).
std::optional<model::Condition> ScenarioReader::condition(const json& v, const std::string& ptr, bool top, bool in_all,
                                                          std::size_t depth) {
  if (depth >= kMaxConditionDepth) {
    error(ptr, "conditions nest more than 16 deep");
    return std::nullopt;
  }
  static const std::vector<std::string> kinds = model::condition_names();
  if (!v.is_object() || v.size() != 1) {
    error(ptr, "expected one condition, an object with one key (" + kind_list(kinds) +
                   "); combine several with \"all\" or \"any\"; got " + show(v));
    return std::nullopt;
  }
  if (!object(v, ptr, kinds)) return std::nullopt;
  const std::string key = v.begin().key();
  const json& body = v.begin().value();
  const std::string p = ptr + "/" + escape_token(key);
  const model::ConditionKindInfo* kind = model::find_condition_kind(key);
  if (!kind) return std::nullopt;
  switch (kind->value) {
    case ConditionValue::Combinator: return combinator(*kind, body, p, top, depth);
    case ConditionValue::Timer: return timer(body, p, top, in_all);
    case ConditionValue::SiteState: return site_state(body, p);
    default: return comparison(*kind, body, p);
  }
}

// all / any: a non-empty list of conditions.
std::optional<model::Condition> ScenarioReader::combinator(const model::ConditionKindInfo& kind, const json& body,
                                                           const std::string& p, bool top, std::size_t depth) {
  model::Condition c;
  c.kind = kind.kind;
  if (!body.is_array() || body.empty()) {
    error(p, "expected a non-empty list of conditions, got " + show(body));
    return std::nullopt;
  }
  bool ok = true;
  for (std::size_t i = 0; i < body.size(); ++i) {
    auto child = condition(body[i], p + "/" + std::to_string(i), false, top && c.kind == Kind::All, depth + 1);
    if (!child) {
      ok = false;
      continue;
    }
    c.children.push_back(std::move(*child));
  }
  if (!ok) return std::nullopt;
  c.text = text_of(c);
  return c;
}

// waited: a positive duration, standing alone or in the rule's top-level `all`.
std::optional<model::Condition> ScenarioReader::timer(const json& body, const std::string& p, bool top, bool in_all) {
  if (!top && !in_all) {
    error(p, "a \"waited\" timer can stand alone or in a top-level \"all\", not inside \"any\" or nested");
    return std::nullopt;
  }
  const auto d = positive_duration(body, p);
  if (!d) return std::nullopt;
  model::Condition c;
  c.kind = Kind::Waited;
  c.waited_s = *d;
  c.text = text_of(c);
  return c;
}

// site_down: true or false (the site of the rule's queue is down, or up), or a site's name.
std::optional<model::Condition> ScenarioReader::site_state(const json& body, const std::string& p) {
  model::Condition c;
  c.kind = Kind::SiteDown;
  if (body.is_boolean()) {
    c.expect_down = body.get<bool>();
  } else if (body.is_string()) {
    const auto id = resolve(body, p, site_names_, "site");
    if (!id) return std::nullopt;
    c.site = *id;
  } else {
    error(p, "expected true, false or a site name, got " + show(body));
    return std::nullopt;
  }
  c.text = text_of(c);
  return c;
}

// A metric compared with levels: {"at_least": X, "until_below": Y, "queue": NAME, ...}.
std::optional<model::Condition> ScenarioReader::comparison(const model::ConditionKindInfo& kind, const json& body,
                                                           const std::string& p) {
  model::Condition c;
  c.kind = kind.kind;
  const bool service_level = kind.kind == Kind::ServiceLevel;
  std::vector<std::string> allowed = {"at_least", "at_most"};
  if (kind.hysteresis) allowed.insert(allowed.end(), {"until_below", "until_above"});
  allowed.emplace_back("queue");
  if (service_level) allowed.insert(allowed.end(), {"within", "window"});
  if (!object(body, p, allowed)) return std::nullopt;
  bool ok = true;
  const auto read_level = [&](const char* name) -> std::optional<double> {
    const json* x = find(body, name);
    if (!x) return std::nullopt;
    auto value = level(kind, *x, p + "/" + name);
    if (!value) ok = false;
    return value;
  };
  c.at_least = read_level("at_least");
  c.at_most = read_level("at_most");
  c.until_below = read_level("until_below");
  c.until_above = read_level("until_above");
  if (const json* q = find(body, "queue")) {
    if (auto id = resolve(*q, p + "/queue", queue_names_, "queue")) c.queue = *id;
    else ok = false;
  }
  if (service_level) {
    if (const json* w = find(body, "within")) {
      if (auto d = duration(*w, p + "/within")) c.within_s = *d;
      else ok = false;
    }
    if (const json* w = find(body, "window")) {
      if (auto d = positive_duration(*w, p + "/window")) c.window_s = *d;
      else ok = false;
    }
  }
  if (!ok || !check_levels(c, body, p)) return std::nullopt;
  c.text = text_of(c);
  return c;
}

// One level of a comparison, read as the kind's value type says.
std::optional<double> ScenarioReader::level(const model::ConditionKindInfo& kind, const json& v,
                                            const std::string& ptr) {
  switch (kind.value) {
    case ConditionValue::Seconds: return duration(v, ptr);
    case ConditionValue::Share: return number(v, ptr, 0.0, 1.0, "a share");
    case ConditionValue::Agents: return number(v, ptr, 0.0, 1e9, "a number of agents");
    default: return number(v, ptr, 0.0, 1e9, "a number of callers");
  }
}

// A comparison needs a level, and a release level belongs to the trigger on its side and must
// not be past it. Returns false, with the error, when not.
bool ScenarioReader::check_levels(const model::Condition& c, const json& body, const std::string& p) {
  if (!c.at_least && !c.at_most) {
    error(p, "a comparison needs \"at_least\" or \"at_most\"");
    return false;
  }
  if (c.until_below && (!c.at_least || c.at_most)) {
    error(p + "/until_below", "\"until_below\" is the release level of \"at_least\" alone");
    return false;
  }
  if (c.until_above && (!c.at_most || c.at_least)) {
    error(p + "/until_above", "\"until_above\" is the release level of \"at_most\" alone");
    return false;
  }
  if (c.until_below && *c.until_below > *c.at_least) {
    error(p + "/until_below", show(body["until_below"]) + " is above at_least " + show(body["at_least"]) +
                                  ": the release level must not exceed the trigger");
    return false;
  }
  if (c.until_above && *c.until_above < *c.at_most) {
    error(p + "/until_above", show(body["until_above"]) + " is below at_most " + show(body["at_most"]) +
                                  ": the release level must not be under the trigger");
    return false;
  }
  return true;
}

std::string ScenarioReader::text_of(const model::Condition& c) const {
  return condition_text(c, queue_names_.names(), site_names_.names());
}

}  // namespace ccsim::scenario
