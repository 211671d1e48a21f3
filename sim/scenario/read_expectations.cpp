// Expectations: statements the results must satisfy ("service_level within 20s at_least 0.8"),
// for the whole scenario, one call type or one queue.
#include "sim/scenario/scenario_reader.hpp"

#include "sim/scenario/duration.hpp"
#include "sim/scenario/loader.hpp"

#include <algorithm>
#include <map>
#include <sstream>

namespace ccsim::scenario {

void ScenarioReader::read_expectation(const json& v, const std::string& ptr, model::Scenario& sc) {
  static const std::vector<std::string> metrics = {"service_level", "abandon_rate",  "block_rate",   "asa",
                                                   "mean_wait",     "answered_rate", "overflow_rate"};
  if (!object(v, ptr, {"metric", "call_type", "queue", "within", "at_least", "at_most", "confidence", "description"}))
    return;
  model::Expectation e;
  bool ok = true;
  if (const json* m = required(v, ptr, "metric")) {
    if (auto s = string(*m, ptr + "/metric")) {
      if (std::find(metrics.begin(), metrics.end(), *s) == metrics.end()) {
        std::string msg = "unknown metric " + quote(*s);
        const auto hint = did_you_mean(*s, metrics);
        if (!hint.empty()) msg += " (did you mean " + quote(hint) + "?)";
        error(ptr + "/metric", msg);
        ok = false;
      }
      e.metric = *s;
    } else {
      ok = false;
    }
  } else {
    ok = false;
  }
  std::string scope_text;
  ok &= read_scope(v, ptr, e, scope_text);
  ok &= read_within(v, ptr, e, sc);
  // Bounds on times (asa, mean_wait) are seconds or duration strings ("10s", "1.5m").
  const bool time = e.metric == "asa" || e.metric == "mean_wait";
  const double hi = time ? 1e12 : 1.0;
  std::map<std::string, std::string> bound_text;  // as the expectation's text shows them
  for (const char* which : {"at_least", "at_most"}) {
    const json* a = find(v, which);
    if (!a) continue;
    const std::string at = ptr + "/" + which;
    const auto x = time && a->is_string() ? duration(*a, at) : number(*a, at, 0.0, hi, "the bound");
    if (!x) {
      ok = false;
      continue;
    }
    (std::string(which) == "at_least" ? e.at_least : e.at_most) = *x;
    std::ostringstream shown;
    if (a->is_string()) shown << format_duration(*x);
    else shown << *x;
    bound_text[which] = shown.str();
  }
  if (!find(v, "at_least") && !find(v, "at_most")) {
    error(ptr, "an expectation needs \"at_least\" or \"at_most\"");
    ok = false;
  }
  if (const json* c = find(v, "confidence")) {
    if (auto x = number(*c, ptr + "/confidence", 0.5, 0.999, "the confidence level")) e.confidence = *x;
    else ok = false;
  }
  if (const json* d = find(v, "description")) ok &= string(*d, ptr + "/description").has_value();
  if (!ok) return;
  std::ostringstream text;
  text << scope_text << e.metric;
  if (e.within_s) text << " within " << format_duration(*e.within_s);
  if (e.at_least) text << " at_least " << bound_text["at_least"];
  if (e.at_most) text << " at_most " << bound_text["at_most"];
  if (e.confidence) text << " (confidence " << *e.confidence << ")";
  e.text = text.str();
  sc.expectations.push_back(std::move(e));
}

// What the expectation is about: a call type, a queue, or (neither given) the whole scenario.
// `scope_text` gets the words that start its text. Returns false when the scope is bad.
bool ScenarioReader::read_scope(const json& v, const std::string& ptr, model::Expectation& e, std::string& scope_text) {
  const json* ct = find(v, "call_type");
  const json* q = find(v, "queue");
  if (ct && q) {
    error(ptr, "give either \"call_type\" or \"queue\", not both");
    return false;
  }
  if (ct) {
    const auto id = resolve(*ct, ptr + "/call_type", call_type_names_, "call type");
    if (!id) return false;
    e.scope = model::Expectation::Scope::CallType;
    e.scope_id = *id;
    scope_text = call_type_names_[*id] + " ";
  } else if (q) {
    const auto id = resolve(*q, ptr + "/queue", queue_names_, "queue");
    if (!id) return false;
    e.scope = model::Expectation::Scope::Queue;
    e.scope_id = *id;
    scope_text = "queue " + queue_names_[*id] + " ";
  }
  return true;
}

// A service_level expectation's threshold: its "within", else the scenario's target's. The
// threshold is added to the scenario's, so that it is measured. Returns false when bad.
bool ScenarioReader::read_within(const json& v, const std::string& ptr, model::Expectation& e, model::Scenario& sc) {
  if (const json* w = find(v, "within")) {
    if (e.metric != "service_level") {
      error(ptr + "/within", "\"within\" applies only to the service_level metric");
      return false;
    }
    const auto d = duration(*w, ptr + "/within");
    if (!d) return false;
    e.within_s = *d;
    if (std::find(sc.thresholds_s.begin(), sc.thresholds_s.end(), *d) == sc.thresholds_s.end()) {
      sc.thresholds_s.push_back(*d);
      std::sort(sc.thresholds_s.begin(), sc.thresholds_s.end());
    }
  } else if (e.metric == "service_level") {
    if (!sc.target) {
      error(ptr, "a service_level expectation needs \"within\" (or a service_level target in the scenario)");
      return false;
    }
    e.within_s = sc.target->within_s;
  }
  return true;
}

}  // namespace ccsim::scenario
