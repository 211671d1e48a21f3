// Paired comparison of two runs over the same replications (common random numbers): the
// difference B - A of each headline figure, replication by replication, with its 95% CI.
#pragma once

#include "analysis/estimators/statistics.hpp"
#include "analysis/estimators/summary.hpp"

#include <string>
#include <vector>

namespace ccsim::analysis {

enum class Verdict { Better, Worse, NoSignificantDifference };

// "better", "worse", "no significant difference".
[[nodiscard]] const char* verdict_text(Verdict v);

// One figure of both runs. `metric` is its path in the results JSON without the "totals/"
// prefix: "service_level/20", "abandon_rate", "call_types/premium/asa".
struct MetricComparison {
  std::string metric;
  bool higher_is_better = false;
  Estimate a;
  Estimate b;
  // Over the paired differences b_r - a_r of the replications where both define the figure.
  Estimate difference;
  Verdict verdict = Verdict::NoSignificantDifference;
  // True for shares (service level, rates), false for seconds (asa, mean_wait).
  bool is_share = true;
};

// Compares the headline figures of `a` and `b` (total service level at every threshold both
// measure, abandon_rate, block_rate, asa, mean_wait, overflow_rate; then the same for each call
// type present in both, in A's order). Replication r of `a` is paired with replication r of
// `b`: both runs must have the same number of replications, made with the same seed, so that
// each pair saw the same callers. A difference is significant when its 95% CI excludes 0;
// higher is better for service level, lower for every other figure compared.
[[nodiscard]] std::vector<MetricComparison> compare_paired(const Summary& a, const Summary& b);

// The metric paths compare_paired reports for two scenarios, in its order (known before running).
[[nodiscard]] std::vector<std::string> compared_metrics(const model::Scenario& a, const model::Scenario& b);

}  // namespace ccsim::analysis
