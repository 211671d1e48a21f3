// A scenario's expectations as constraints of a staffing search: each expectation on the
// whole run and, for totals and call types, in every arrival interval too (queues have no
// per-interval figures, so a queue's expectation is judged on the whole run only). Each is
// judged as `ccsim check` judges it (the mean, or with `confidence` the CI end), and its
// violation measured, for the search to rank its moves (plan/optimize_staffing.hpp).
#pragma once

#include "analysis/estimators/summary.hpp"

#include <cstddef>
#include <optional>
#include <vector>

namespace ccsim::analysis {

// One expectation in one interval (-1: the whole run).
struct Constraint {
  std::size_t expectation = 0;  // index in the scenario's expectations
  int interval = -1;
  FigureKey key;
};

// The constraints of `sc`: per expectation, the whole run, then each interval when the figure
// exists per interval (totals and call types). Interval figures of intervals before the
// warm-up ends are undefined and count as met.
[[nodiscard]] std::vector<Constraint> staffing_constraints(const model::Scenario& sc);

// A constraint judged on a run.
struct ConstraintCheck {
  Estimate estimate;
  std::optional<double> judged;  // the mean, or the CI end with `confidence`; none: undefined
  bool met = true;               // undefined figures (no call in the interval) count as met
  // How far the judged value is on the wrong side of the bound: in points of a share, or as
  // a fraction of the bound for seconds (asa, mean_wait); 0 when met.
  double violation = 0.0;
  // How far it is on the right side, in the same units (negative when violated).
  double slack = 0.0;
  // Missed by more than chance: the whole 95% CI lies on the wrong side of the bound.
  bool clearly_missed = false;
};

[[nodiscard]] ConstraintCheck check_constraint(const Summary& summary, const Constraint& c);
[[nodiscard]] std::vector<ConstraintCheck> check_constraints(const Summary& summary,
                                                             const std::vector<Constraint>& constraints);

// The bound of a constraint as text: ">= 0.8", "<= 30 s".
[[nodiscard]] std::string bound_text(const model::Expectation& e);

}  // namespace ccsim::analysis
