#include "analysis/estimators/statistics.hpp"

#include <boost/math/distributions/students_t.hpp>

#include <cmath>
#include <limits>

namespace ccsim::analysis {

double student_t_quantile(double p, double df) {
  return boost::math::quantile(boost::math::students_t_distribution<double>(df), p);
}

double ci_half_width(double sd, std::size_t n, double confidence) {
  if (n < 2) return std::numeric_limits<double>::quiet_NaN();
  // A run's thousands of figures share one n: the quantile (an inversion of the incomplete
  // beta function) is worked out once per thread and reused.
  struct Last {
    std::size_t n = 0;
    double confidence = 0.0;
    double t = 0.0;
  };
  thread_local Last last;
  if (last.n != n || last.confidence != confidence) {
    last = {n, confidence, student_t_quantile(0.5 + 0.5 * confidence, static_cast<double>(n - 1))};
  }
  return last.t * sd / std::sqrt(static_cast<double>(n));
}

Estimate estimate(const std::vector<double>& values) {
  Estimate e;
  double sum = 0.0;
  for (const double v : values) {
    if (!std::isfinite(v)) continue;
    sum += v;
    ++e.n;
  }
  if (e.n == 0) return e;
  const double mean = sum / static_cast<double>(e.n);
  e.mean = mean;
  if (e.n < 2) return e;
  double ss = 0.0;
  for (const double v : values) {
    if (std::isfinite(v)) ss += (v - mean) * (v - mean);
  }
  e.sd = std::sqrt(ss / static_cast<double>(e.n - 1));
  e.ci95 = ci_half_width(e.sd, e.n, 0.95);
  return e;
}

}  // namespace ccsim::analysis
