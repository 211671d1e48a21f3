#include "plan/comparison.hpp"

#include "ccsim/version.hpp"
#include "sim/error.hpp"

#include <algorithm>
#include <optional>

namespace ccsim::plan {

namespace {

// "service_level/20", "/service_level/20" and "totals/service_level/20" all name the same figure.
std::string normalise_metric(std::string m) {
  if (!m.empty() && m.front() == '/') m.erase(0, 1);
  if (m.rfind("totals/", 0) == 0) m.erase(0, 7);
  return m;
}

}  // namespace

ComparisonPlan plan_comparison(const ScenarioSource& a, const ScenarioSource& b, const RunSettings& settings,
                               const std::vector<std::string>& fail_if_worse) {
  std::vector<std::string> errors;
  std::optional<model::Scenario> sa;
  std::optional<model::Scenario> sb;
  try {
    sa = load_scenario(a, {}, settings);
  } catch (const InputError& e) {
    errors.insert(errors.end(), e.messages().begin(), e.messages().end());
  }
  try {
    sb = load_scenario(b, {}, settings);
  } catch (const InputError& e) {
    errors.insert(errors.end(), e.messages().begin(), e.messages().end());
  }
  if (!errors.empty()) throw InputError(errors);
  // B runs with A's seed and replication count: replication r of both sees the same callers.
  sb->seed = sa->seed;
  sb->replications = sa->replications;
  if (sa->replications < 2) throw InputError("compare: needs at least 2 replications for a confidence interval");

  std::vector<std::string> gates;
  const auto metrics = analysis::compared_metrics(*sa, *sb);
  for (const auto& raw : fail_if_worse) {
    const std::string m = normalise_metric(raw);
    if (std::find(metrics.begin(), metrics.end(), m) == metrics.end()) {
      std::string msg = "--fail-if-worse " + raw + ": not a compared metric";
      const auto hint = scenario::did_you_mean(m, metrics);
      if (!hint.empty()) msg += " (did you mean \"" + hint + "\"?)";
      msg += "; compared: ";
      for (std::size_t i = 0; i < metrics.size(); ++i) msg += (i ? ", " : "") + metrics[i];
      errors.push_back(msg);
    } else if (std::find(gates.begin(), gates.end(), m) == gates.end()) {
      gates.push_back(m);
    }
  }
  if (!errors.empty()) throw InputError(errors);
  return {a.path, b.path, std::move(*sa), std::move(*sb), std::move(gates)};
}

Comparison run_comparison(ComparisonPlan plan, unsigned threads, Progress& progress) {
  Comparison c;
  c.a_file = std::move(plan.a_file);
  c.b_file = std::move(plan.b_file);
  progress.start_item(0);
  c.a = simulate(std::move(plan.a), threads, std::nullopt, progress);
  progress.start_item(1);
  c.b = simulate(std::move(plan.b), threads, std::nullopt, progress);
  c.differences = analysis::compare_paired(c.a->summary(), c.b->summary());
  c.gates = std::move(plan.gates);
  for (const auto& g : c.gates) {
    const auto it =
        std::find_if(c.differences.begin(), c.differences.end(), [&](const auto& d) { return d.metric == g; });
    if (it != c.differences.end() && it->verdict == analysis::Verdict::Worse) c.worse.push_back(g);
  }
  return c;
}

analysis::Json Comparison::json() const {
  analysis::Json doc;
  doc["ccsim_version"] = kVersion;
  doc["a"] = a->scenario().name;
  doc["b"] = b->scenario().name;
  doc["a_file"] = a_file;
  doc["b_file"] = b_file;
  doc["replications"] = a->scenario().replications;
  doc["seed"] = a->scenario().seed;
  doc["differences"] = analysis::Json::array();
  for (const auto& d : differences) doc["differences"].push_back(analysis::comparison_json(d));
  doc["fail_if_worse"] = analysis::Json::array();
  for (const auto& g : gates) {
    analysis::Json j;
    j["metric"] = g;
    j["worse"] = std::find(worse.begin(), worse.end(), g) != worse.end();
    doc["fail_if_worse"].push_back(std::move(j));
  }
  return doc;
}

}  // namespace ccsim::plan
