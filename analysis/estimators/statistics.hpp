// Estimators over replications: mean, Student-t confidence intervals.
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

namespace ccsim::analysis {

// The p-quantile of Student's t distribution with `df` degrees of freedom (df >= 1),
// by bisection on the CDF written with the regularized incomplete beta function
// (Abramowitz & Stegun 26.7.1; continued fraction of Numerical Recipes 6.4). |error| < 1e-12.
[[nodiscard]] double student_t_quantile(double p, double df);

// Regularized incomplete beta I_x(a, b).
[[nodiscard]] double incomplete_beta(double a, double b, double x);

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

// Half-width of the two-sided CI at `confidence` for a sample of n with standard deviation sd.
[[nodiscard]] double ci_half_width(double sd, std::size_t n, double confidence);

}  // namespace ccsim::analysis
