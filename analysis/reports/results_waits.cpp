// The wait distribution of a run's results JSON (docs/results.md, "wait_distribution"): the
// share of callers whose wait was at most t, on a grid of t, from the waits pooled over the
// replications, the histogram the wait percentiles are read from.
#include "analysis/reports/results_json.hpp"

#include <algorithm>
#include <cmath>

namespace ccsim::analysis {

namespace {

// The smallest step of 1, 2 or 5 times a power of ten that covers `span` in at most `points` steps.
double nice_step(double span, double points) {
  const double raw = span / points;
  const double decade = std::pow(10.0, std::floor(std::log10(raw)));
  for (const double m : {1.0, 2.0, 5.0}) {
    if (m * decade >= raw) return m * decade;
  }
  return 10.0 * decade;
}

}  // namespace

Json wait_distribution_json(const Summary& summary) {
  const Summary::PooledWaits* waits = summary.pooled_waits("totals", "");
  if (waits == nullptr || waits->count == 0) return nullptr;
  const auto& th = summary.scenario().thresholds_s;
  // Up to the 99th percentile, and at least twice the longest service-level threshold.
  double top = waits->quantile(0.99);
  if (!th.empty()) top = std::max(top, 2.0 * th.back());
  if (top <= 0.0) top = 1.0;
  const double step = nice_step(top, 60.0);
  const auto n = static_cast<std::size_t>(std::ceil(top / step - 1e-9));
  Json at = Json::array();
  Json share = Json::array();
  for (std::size_t k = 0; k <= n; ++k) {
    const double t = static_cast<double>(k) * step;
    at.push_back(t);
    share.push_back(waits->share_within(t));
  }
  Json j;
  j["definition"] =
      "share of the answered and abandoned callers (all call types, every replication pooled) whose wait was at "
      "most wait_s; from the bounded histogram the wait percentiles use (linear inside a bin)";
  j["callers"] = waits->count;
  j["wait_s"] = std::move(at);
  j["share_within"] = std::move(share);
  return j;
}

}  // namespace ccsim::analysis
