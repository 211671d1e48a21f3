// The results JSON documents (README "Results"; the layout in docs/results.md): of a simulated run, of the exact chain
// (`ccsim exact`, the same layout) and of one figure of a paired comparison.
#pragma once

#include "analysis/analytic/ctmc.hpp"
#include "analysis/estimators/compare.hpp"
#include "analysis/estimators/expectations.hpp"
#include "analysis/estimators/summary.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace ccsim::analysis {

using Json = nlohmann::ordered_json;

// {"mean": m, "ci95": h} with null where undefined.
[[nodiscard]] Json estimate_json(const Estimate& e);

// Sets the metric path "a/b" of `obj` (nested keys a, then b) to `value`.
void put_metric(Json& obj, const std::string& metric, Json value);

// The whole results document of a run, keys in a fixed order (byte-identical output for
// the same scenario and seed).
[[nodiscard]] Json results_json(const Summary& summary, const std::vector<ExpectationResult>& expectations,
                                const std::string& version);

// The run's wait distribution (results_waits.cpp): {"definition", "callers", "wait_s": [grid],
// "share_within": [share of waits at most each]}, or null when no caller waited or hung up.
[[nodiscard]] Json wait_distribution_json(const Summary& summary);

// Results JSON of the exact chain in the layout of `ccsim run` with "replications": 0,
// "method": "ctmc", "states", ci95 = 0, plus "solver" and "notes".
[[nodiscard]] Json ctmc_results_json(const CtmcResult& result, const std::string& version);

// {"metric", "better_if", "a": {mean, ci95}, "b": {mean, ci95}, "difference": {mean, ci95}, "verdict"}.
[[nodiscard]] Json comparison_json(const MetricComparison& c);

}  // namespace ccsim::analysis
