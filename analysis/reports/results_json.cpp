#include "analysis/reports/results_json.hpp"

#include "analysis/reports/json_members.hpp"
#include "sim/model/clock.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <unordered_set>
#include <utility>

namespace ccsim::analysis {

namespace {

Json number_or_null(std::optional<double> v) {
  if (!v || !std::isfinite(*v)) return nullptr;
  return *v;
}

// What every results document opens with: the program, the scenario, the replications.
Json results_head(const std::string& version, const std::string& scenario, std::uint64_t seed,
                  std::size_t replications) {
  Json root;
  root["ccsim_version"] = version;
  root["scenario"] = scenario;
  root["seed"] = seed;
  root["replications"] = replications;
  return root;
}

// The simulated window and the service-level thresholds, with their definition.
void put_window(Json& root, double horizon_s, double warmup_s, double interval_s,
                const std::vector<double>& thresholds_s) {
  root["horizon_s"] = horizon_s;
  root["warmup_s"] = warmup_s;
  root["interval_s"] = interval_s;
  root["service_level_thresholds_s"] = thresholds_s;
  root["service_level_definition"] = "answered within threshold / offered";
}

// With callbacks: what the callback figures mean, and service level over callers on the line.
void put_callback_definitions(Json& root) {
  root["service_level_definition"] = "answered within threshold / (offered - callback)";
  root["callback_definitions"] = {
      {"callbacks_offered", "callers offered a callback (no agent could answer at once and offer_when held)"},
      {"callback", "callers who took the callback and hung up (an outcome, like answered)"},
      {"callback_rate", "callback / offered"},
      {"callback_wait", "mean seconds from the request to the agent taking it"},
      {"asa", "over callers answered on the line; callbacks are not in it"}};
}

// Where the figures of a document go: the scopes "totals", "call_types", "queues" and
// "agent_groups" of the whole run (added to the document at once, so that they precede what
// follows), the same per arrival interval, and the site outages.
class FigureScopes {
public:
  FigureScopes(Json& root, std::size_t intervals, double interval_s, std::optional<double> start_clock_s = {})
      : root_(root) {
    for (const char* section : {"totals", "call_types", "queues", "agent_groups"}) root_[section] = Json::object();
    for (std::size_t i = 0; i < intervals; ++i) {
      Json iv;
      iv["start_s"] = static_cast<double>(i) * interval_s;
      if (start_clock_s) iv["start_clock"] = model::clock_text(*start_clock_s + static_cast<double>(i) * interval_s);
      iv["totals"] = Json::object();
      iv["call_types"] = Json::object();
      intervals_.push_back(std::move(iv));
    }
  }

  // Puts `value` at the key's place: its interval (or the whole run), section, name and metric.
  void put(const FigureKey& key, Json value) {
    Json& base = key.interval < 0 ? root_ : intervals_[static_cast<std::size_t>(key.interval)];
    Json* scope = nullptr;
    if (key.section == "totals") scope = &base["totals"];
    else if (key.section == "outages") scope = &outages_[std::stoul(key.name)];
    else scope = &section(base, key.interval, key.section).member(key.name);
    put_metric(*scope, key.metric, std::move(value));
  }

  [[nodiscard]] Json& outages() { return outages_; }
  [[nodiscard]] Json& intervals() { return intervals_; }

private:
  // The members of `base[name]` by name (thousands of call types, queues, groups).
  JsonMembers& section(Json& base, int interval, const std::string& name) {
    const auto it = sections_.find({interval, name});
    if (it != sections_.end()) return it->second;
    return sections_.try_emplace({interval, name}, base[name]).first->second;
  }

  Json& root_;
  Json intervals_ = Json::array();
  Json outages_ = Json::array();
  std::map<std::pair<int, std::string>, JsonMembers> sections_;
};

// With redials, what the figures count (README "Redials").
void put_redial_definitions(Json& root) {
  root["redial_definitions"] = {
      {"offered", "attempts: callers' first attempts and their redials; every per-call figure counts attempts"},
      {"callers", "first attempts"},
      {"redials", "attempts after a caller's first (redials, counted with their caller's first attempt)"},
      {"redial_rate", "redials / offered"},
      {"caller_answered_rate", "callers answered on some attempt / callers"}};
}

// With several intervals, what the per-interval queue and agent-group figures mean (docs/results.md).
void put_interval_definitions(Json& root) {
  root["interval_definitions"] = {
      {"agents_on_duty", "agent-seconds logged in over the whole interval (warm-up included) / its length"},
      {"occupancy",
       "agent-seconds busy (service and wrap-up) / agent-seconds logged in, over the interval's part "
       "in the window [warm-up, horizon)"},
      {"mean_queue_length", "time average of the callers in the queue over the interval's part in the window"},
      {"max_queue_length",
       "most callers in the queue at once during the interval (per replication; mean over "
       "replications)"},
      {"entered", "counted callers who entered the queue while the interval lasted"},
      {"overflowed",
       "counted callers sent on from the queue (rule or outage reroute, to a queue or an exit) while the "
       "interval lasted"}};
}

Json expectations_json(const std::vector<ExpectationResult>& expectations) {
  Json out = Json::array();
  for (const auto& r : expectations) {
    Json j;
    j["text"] = r.text;
    j["value"] = number_or_null(r.value);
    j["ci95"] = number_or_null(r.ci95);
    j["met"] = r.met;
    out.push_back(std::move(j));
  }
  return out;
}

// The site outages of a scenario, before their figures are put in.
Json outages_json(const model::Scenario& sc) {
  Json outages = Json::array();
  for (const auto& site : sc.sites) {
    for (const auto& o : site.outages) {
      outages.push_back(
          {{"site", site.name},
           {"from_s", o.from_s},
           {"for_s", o.for_s},
           {"waiting_calls", o.waiting_calls == model::Outage::WaitingCalls::Reroute ? "reroute" : "drop"}});
    }
  }
  return outages;
}

// Rule texts beside their counts in `queues`, and the flow table (from -> to, calls) of every rule.
Json flows_json(const model::Scenario& sc, Json& queues) {
  Json flows = Json::array();
  JsonMembers queue_members(queues);
  std::unordered_set<std::string> queue_names;
  for (const auto& q : sc.queues) queue_names.insert(q.name);
  for (const auto& q : sc.queues) {
    if (q.overflow.empty()) continue;
    auto& qj = queue_members.member(q.name);
    for (std::size_t r = 0; r < q.overflow.size(); ++r) {
      auto& rj = qj["rules"][std::to_string(r)];
      rj["text"] = q.overflow[r].text;
      rj["to"] = destination_name(sc, q.overflow[r].to);
    }
    for (const auto& [dest, est] : qj["overflowed"].items()) {
      const bool to_queue = queue_names.contains(dest);
      flows.push_back({{"from", q.name}, {"to", dest}, {"to_kind", to_queue ? "queue" : "exit"}, {"calls", est}});
    }
  }
  return flows;
}

// An exact figure as an estimate: the value with a half-width of 0, or null where undefined.
Json exact_json(std::optional<double> v) {
  Estimate e;
  if (v && std::isfinite(*v)) {
    e.mean = *v;
    e.ci95 = 0.0;
  }
  return estimate_json(e);
}

Json solver_json(const CtmcResult& r) {
  Json solver;
  solver["name"] = r.solver;
  solver["residual"] = r.residual;
  Json cuts = Json::array();
  for (const auto& t : r.truncations) {
    cuts.push_back({{"queue", t.queue}, {"max_waiting", t.max_waiting}, {"mass_at_bound", t.mass_at_bound}});
  }
  solver["truncation"] = std::move(cuts);
  return solver;
}

}  // namespace

void put_metric(Json& obj, const std::string& metric, Json value) {
  const auto slash = metric.find('/');
  if (slash == std::string::npos) {
    obj[metric] = std::move(value);
    return;
  }
  put_metric(obj[metric.substr(0, slash)], metric.substr(slash + 1), std::move(value));
}

Json estimate_json(const Estimate& e) {
  Json j;
  j["mean"] = number_or_null(e.mean);
  j["ci95"] = number_or_null(e.ci95);
  return j;
}

Json results_json(const Summary& summary, const std::vector<ExpectationResult>& expectations,
                  const std::string& version) {
  const auto& sc = summary.scenario();
  Json root = results_head(version, sc.name, sc.seed, summary.replications());
  if (sc.start_clock_s) root["start"] = model::clock_text(*sc.start_clock_s);
  if (sc.date) root["date"] = *sc.date;
  put_window(root, sc.horizon_s, sc.warmup_s, sc.interval_s, sc.thresholds_s);
  if (has_callbacks(sc)) put_callback_definitions(root);
  root["wait_percentiles_definition"] =
      "the percentile of the waits of every replication pooled (bounded histogram, docs/results.md); ci95 by "
      "sectioning: t(0.975, n-1) s / sqrt(n), s^2 = sum over replications of (own percentile - pooled)^2 / (n-1)";
  if (sc.target) root["service_level_target"] = {{"within_s", sc.target->within_s}, {"at_least", sc.target->at_least}};
  FigureScopes scopes(root, sc.interval_count(), sc.interval_s, sc.start_clock_s);
  scopes.outages() = outages_json(sc);
  for (const auto& key : summary.keys()) scopes.put(key, estimate_json(summary.estimate(key)));
  if (summary.has({"totals", "", -1, "redials"})) put_redial_definitions(root);
  root["flows"] = flows_json(sc, root["queues"]);
  if (!scopes.outages().empty()) root["outages"] = std::move(scopes.outages());
  if (sc.interval_count() > 1) put_interval_definitions(root);
  root["intervals"] = std::move(scopes.intervals());
  if (Json waits = wait_distribution_json(summary); !waits.is_null()) root["wait_distribution"] = std::move(waits);
  root["expectations"] = expectations_json(expectations);
  return root;
}

Json ctmc_results_json(const CtmcResult& r, const std::string& version) {
  Json root = results_head(version, r.scenario, r.seed, 0);
  root["method"] = "ctmc";
  root["states"] = r.states;
  put_window(root, r.horizon_s, r.warmup_s, r.interval_s, r.thresholds_s);
  root["solver"] = solver_json(r);
  root["notes"] = r.notes;
  const std::size_t intervals =
      r.interval_s > 0.0 ? static_cast<std::size_t>(std::ceil(r.horizon_s / r.interval_s - 1e-9)) : 0;
  FigureScopes scopes(root, intervals, r.interval_s, r.start_clock_s);
  for (const auto& key : r.keys) scopes.put(key, exact_json(r.value(key)));
  if (r.values.contains(FigureKey{"totals", "", -1, "redials"})) put_redial_definitions(root);
  root["intervals"] = std::move(scopes.intervals());
  // An exact expectation has its value and a half-width of 0, or neither.
  root["expectations"] = expectations_json(r.expectations);
  return root;
}

Json comparison_json(const MetricComparison& c) {
  Json j;
  j["metric"] = c.metric;
  j["better_if"] = c.higher_is_better ? "higher" : "lower";
  j["a"] = estimate_json(c.a);
  j["b"] = estimate_json(c.b);
  j["difference"] = estimate_json(c.difference);
  j["verdict"] = verdict_text(c.verdict);
  return j;
}

}  // namespace ccsim::analysis
