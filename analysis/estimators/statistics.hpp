// Estimators over replications: the mean of a figure and the half-width of its Student-t
// confidence interval. Student's t distribution is Boost.Math's.
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

namespace ccsim::analysis {

// The p-quantile of Student's t distribution with `df` degrees of freedom, 0 < p < 1, df > 0
// (Boost.Math's students_t_distribution, within a few ulps). Throws std::domain_error outside.
[[nodiscard]] double student_t_quantile(double p, double df);

// A figure estimated over replications. Replications where the figure is undefined (a ratio
// with nothing to divide, e.g. ASA with no answered call) are left out; `n` counts the rest.
struct Estimate {
  std::optional<double> mean;  // none when no replication defines the figure
  std::optional<double> ci95;  // half-width of the 95% CI; none for fewer than 2 values
  double sd = 0.0;             // sample standard deviation
  std::size_t n = 0;
};

// Mean and Student-t 95% CI half-width of the finite values.
[[nodiscard]] Estimate estimate(const std::vector<double>& values);

// Half-width of the two-sided CI at `confidence` for a sample of n with standard deviation sd;
// NaN for n < 2.
[[nodiscard]] double ci_half_width(double sd, std::size_t n, double confidence);

}  // namespace ccsim::analysis
