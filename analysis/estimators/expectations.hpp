// Evaluates a scenario's expectations (e.g. "critical service_level within 20s at_least 0.8").
#pragma once

#include "analysis/estimators/summary.hpp"

#include <optional>
#include <string>
#include <vector>

namespace ccsim::analysis {

struct ExpectationResult {
  std::string text;
  std::optional<double> value;  // mean over replications; none if undefined
  std::optional<double> ci95;
  // The bound compared with the target: the mean, or with `confidence` the CI end that
  // must clear it (lower end for at_least, upper end for at_most).
  std::optional<double> judged;
  bool met = false;
};

// The figure an expectation is about.
[[nodiscard]] FigureKey expectation_key(const model::Expectation& e, const model::Scenario& sc);

[[nodiscard]] std::vector<ExpectationResult> evaluate_expectations(const Summary& summary);

}  // namespace ccsim::analysis
