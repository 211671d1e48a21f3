#include "analysis/estimators/compare.hpp"

#include "sim/error.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace ccsim::analysis {

namespace {

// The headline metrics of a scope, with the direction that is better.
struct Headline {
  std::string metric;
  bool higher_is_better;
  bool is_share;
};

std::vector<Headline> headlines(const std::vector<double>& thresholds_a, const std::vector<double>& thresholds_b) {
  std::vector<Headline> out;
  for (const double t : thresholds_a) {
    if (std::find(thresholds_b.begin(), thresholds_b.end(), t) == thresholds_b.end()) continue;
    out.push_back({"service_level/" + Summary::threshold_key(t), true, true});
  }
  out.push_back({"abandon_rate", false, true});
  out.push_back({"block_rate", false, true});
  out.push_back({"asa", false, false});
  out.push_back({"mean_wait", false, false});
  out.push_back({"overflow_rate", false, true});
  return out;
}

MetricComparison compare_figure(const Summary& a, const Summary& b, const FigureKey& key, const Headline& h,
                                std::string metric) {
  MetricComparison c;
  c.metric = std::move(metric);
  c.higher_is_better = h.higher_is_better;
  c.is_share = h.is_share;
  const auto& va = a.values(key);
  const auto& vb = b.values(key);
  c.a = estimate(va);
  c.b = estimate(vb);
  // A replication where either run leaves the figure undefined (e.g. ASA with nothing
  // answered) has no difference; estimate() skips the NaN.
  std::vector<double> d(va.size());
  for (std::size_t r = 0; r < va.size(); ++r) {
    d[r] = std::isfinite(va[r]) && std::isfinite(vb[r]) ? vb[r] - va[r] : std::numeric_limits<double>::quiet_NaN();
  }
  c.difference = estimate(d);
  const auto& m = c.difference.mean;
  const auto& hw = c.difference.ci95;
  if (m && hw && std::abs(*m) > *hw) {
    c.verdict = (*m > 0.0) == h.higher_is_better ? Verdict::Better : Verdict::Worse;
  }
  return c;
}

}  // namespace

const char* verdict_text(Verdict v) {
  switch (v) {
    case Verdict::Better: return "better";
    case Verdict::Worse: return "worse";
    case Verdict::NoSignificantDifference: break;
  }
  return "no significant difference";
}

namespace {

// Every figure compared: its key in both summaries, its path in the output and its direction.
struct Compared {
  FigureKey key;
  std::string metric;
  Headline headline;
};

std::vector<Compared> compared(const model::Scenario& sa, const model::Scenario& sb) {
  const auto metrics = headlines(sa.thresholds_s, sb.thresholds_s);
  std::vector<Compared> out;
  for (const auto& h : metrics) out.push_back({{"totals", "", -1, h.metric}, h.metric, h});
  for (const auto& ct : sa.call_types) {
    const bool in_b = std::any_of(sb.call_types.begin(), sb.call_types.end(),
                                  [&](const model::CallType& other) { return other.name == ct.name; });
    if (!in_b) continue;
    for (const auto& h : metrics) {
      out.push_back({{"call_types", ct.name, -1, h.metric}, "call_types/" + ct.name + "/" + h.metric, h});
    }
  }
  return out;
}

}  // namespace

std::vector<std::string> compared_metrics(const model::Scenario& a, const model::Scenario& b) {
  std::vector<std::string> out;
  for (const auto& c : compared(a, b)) out.push_back(c.metric);
  return out;
}

std::vector<MetricComparison> compare_paired(const Summary& a, const Summary& b) {
  CCSIM_ASSERT(a.replications() == b.replications());
  std::vector<MetricComparison> out;
  for (const auto& c : compared(a.scenario(), b.scenario())) {
    out.push_back(compare_figure(a, b, c.key, c.headline, c.metric));
  }
  return out;
}

}  // namespace ccsim::analysis
