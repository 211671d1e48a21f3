// `compare`: two scenarios on the same callers (B runs with A's seed and replications: common
// random numbers), the paired differences B - A of their headline figures, and the
// --fail-if-worse gates. Shared by `ccsim compare` and the Python module.
#pragma once

#include "analysis/estimators/compare.hpp"
#include "analysis/reports/results_json.hpp"
#include "plan/progress.hpp"
#include "plan/simulation.hpp"

#include <memory>
#include <string>
#include <vector>

namespace ccsim::plan {

// Both scenarios, read and validated, and the gates, checked, before anything runs.
struct ComparisonPlan {
  std::string a_file;
  std::string b_file;
  model::Scenario a;
  model::Scenario b;               // with A's seed and replications
  std::vector<std::string> gates;  // --fail-if-worse metrics, normalised, without repeats
};

// Reads A and B with `settings` and checks every --fail-if-worse metric (`service_level/20`,
// `/service_level/20` and `totals/service_level/20` name the same figure). Throws InputError
// listing every problem of both scenarios, or of the gates.
[[nodiscard]] ComparisonPlan plan_comparison(const ScenarioSource& a, const ScenarioSource& b,
                                             const RunSettings& settings,
                                             const std::vector<std::string>& fail_if_worse);

struct Comparison {
  std::string a_file;
  std::string b_file;
  std::unique_ptr<Simulation> a;
  std::unique_ptr<Simulation> b;
  std::vector<analysis::MetricComparison> differences;
  std::vector<std::string> gates;
  std::vector<std::string> worse;  // the gates on which B is significantly worse

  // {"ccsim_version", "a", "b", "a_file", "b_file", "replications", "seed", "differences",
  // "fail_if_worse": [{"metric", "worse"}]}: what `ccsim compare --json` writes.
  [[nodiscard]] analysis::Json json() const;
};

// Simulates A (progress item 0) and B (item 1) on `threads` threads and compares them.
[[nodiscard]] Comparison run_comparison(ComparisonPlan plan, unsigned threads, Progress& progress);

}  // namespace ccsim::plan
