#include "analysis/estimators/expectations.hpp"

#include <cmath>

namespace ccsim::analysis {

FigureKey expectation_key(const model::Expectation& e, const model::Scenario& sc) {
  FigureKey key;
  switch (e.scope) {
    case model::Expectation::Scope::Total: key.section = "totals"; break;
    case model::Expectation::Scope::CallType:
      key.section = "call_types";
      key.name = sc.call_types[e.scope_id].name;
      break;
    case model::Expectation::Scope::Queue:
      key.section = "queues";
      key.name = sc.queues[e.scope_id].name;
      break;
  }
  key.metric = e.metric;
  if (e.metric == "service_level") key.metric += "/" + Summary::threshold_key(*e.within_s);
  return key;
}

std::vector<ExpectationResult> evaluate_expectations(const Summary& summary) {
  std::vector<ExpectationResult> out;
  const auto& sc = summary.scenario();
  for (const auto& e : sc.expectations) {
    ExpectationResult r;
    r.text = e.text;
    const FigureKey key = expectation_key(e, sc);
    const auto est = summary.estimate(key);
    r.value = est.mean;
    r.ci95 = est.ci95;
    if (r.value) {
      double lower = *r.value;
      double upper = *r.value;
      if (e.confidence) {
        const double h = est.n >= 2 ? ci_half_width(est.sd, est.n, *e.confidence) : 0.0;
        lower -= h;
        upper += h;
      }
      r.met = true;
      if (e.at_least) {
        r.judged = lower;
        r.met &= lower >= *e.at_least;
      }
      if (e.at_most) {
        r.judged = e.at_least ? r.judged : upper;
        r.met &= upper <= *e.at_most;
      }
    }
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace ccsim::analysis
