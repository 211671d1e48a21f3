#include "analysis/estimators/interval_expectations.hpp"

#include "analysis/estimators/expectations.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace ccsim::analysis {

namespace {

bool in_seconds(const std::string& metric) { return metric == "asa" || metric == "mean_wait"; }

}  // namespace

std::vector<Constraint> staffing_constraints(const model::Scenario& sc) {
  std::vector<Constraint> out;
  const auto n = static_cast<int>(sc.interval_count());
  for (std::size_t k = 0; k < sc.expectations.size(); ++k) {
    const auto& e = sc.expectations[k];
    const FigureKey key = expectation_key(e, sc);
    out.push_back({k, -1, key});
    if (e.scope == model::Expectation::Scope::Queue || n < 2) continue;
    for (int i = 0; i < n; ++i) {
      FigureKey ik = key;
      ik.interval = i;
      out.push_back({k, i, ik});
    }
  }
  return out;
}

ConstraintCheck check_constraint(const Summary& summary, const Constraint& c) {
  ConstraintCheck out;
  const auto& e = summary.scenario().expectations[c.expectation];
  if (!summary.has(c.key)) return out;
  out.estimate = summary.estimate(c.key);
  if (!out.estimate.mean) return out;
  const double h =
      e.confidence && out.estimate.n >= 2 ? ci_half_width(out.estimate.sd, out.estimate.n, *e.confidence) : 0.0;
  const double scale = in_seconds(e.metric) ? std::max(1.0, e.at_most.value_or(e.at_least.value_or(1.0))) : 1.0;
  double slack = std::numeric_limits<double>::infinity();
  if (e.at_least) {
    out.judged = *out.estimate.mean - h;
    slack = std::min(slack, (*out.judged - *e.at_least) / scale);
  }
  if (e.at_most) {
    const double upper = *out.estimate.mean + h;
    if (!e.at_least) out.judged = upper;
    slack = std::min(slack, (*e.at_most - upper) / scale);
  }
  out.slack = slack;
  out.met = slack >= 0.0;
  out.violation = out.met ? 0.0 : -slack;
  if (!out.met) {
    const double mean = *out.estimate.mean;
    const double h95 = out.estimate.ci95.value_or(0.0);
    out.clearly_missed = (e.at_least && mean + h95 < *e.at_least) || (e.at_most && mean - h95 > *e.at_most);
  }
  return out;
}

std::vector<ConstraintCheck> check_constraints(const Summary& summary, const std::vector<Constraint>& constraints) {
  std::vector<ConstraintCheck> out;
  out.reserve(constraints.size());
  for (const auto& c : constraints) out.push_back(check_constraint(summary, c));
  return out;
}

std::string bound_text(const model::Expectation& e) {
  std::string s;
  if (e.at_least) s += fmt::format(">= {:g}", *e.at_least);
  if (e.at_most) s += (s.empty() ? "" : ", ") + fmt::format("<= {:g}", *e.at_most);
  if (in_seconds(e.metric)) s += " s";
  return s;
}

}  // namespace ccsim::analysis
