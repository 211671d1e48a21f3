#include "analysis/estimators/statistics.hpp"

#include <cmath>
#include <limits>

namespace ccsim::analysis {

namespace {

// Continued fraction for the incomplete beta function (modified Lentz's method).
double beta_continued_fraction(double a, double b, double x) {
  constexpr double tiny = 1e-300;
  constexpr double eps = 1e-15;
  const double qab = a + b;
  const double qap = a + 1.0;
  const double qam = a - 1.0;
  double c = 1.0;
  double d = 1.0 - qab * x / qap;
  if (std::abs(d) < tiny) d = tiny;
  d = 1.0 / d;
  double h = d;
  for (int m = 1; m <= 10000; ++m) {
    const double m2 = 2.0 * m;
    double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
    d = 1.0 + aa * d;
    if (std::abs(d) < tiny) d = tiny;
    c = 1.0 + aa / c;
    if (std::abs(c) < tiny) c = tiny;
    d = 1.0 / d;
    h *= d * c;
    aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
    d = 1.0 + aa * d;
    if (std::abs(d) < tiny) d = tiny;
    c = 1.0 + aa / c;
    if (std::abs(c) < tiny) c = tiny;
    d = 1.0 / d;
    const double del = d * c;
    h *= del;
    if (std::abs(del - 1.0) < eps) break;
  }
  return h;
}

}  // namespace

double incomplete_beta(double a, double b, double x) {
  if (x <= 0.0) return 0.0;
  if (x >= 1.0) return 1.0;
  const double front =
      std::exp(std::lgamma(a + b) - std::lgamma(a) - std::lgamma(b) + a * std::log(x) + b * std::log1p(-x));
  if (x < (a + 1.0) / (a + b + 2.0)) return front * beta_continued_fraction(a, b, x) / a;
  return 1.0 - front * beta_continued_fraction(b, a, 1.0 - x) / b;
}

double student_t_quantile(double p, double df) {
  if (p == 0.5) return 0.0;
  if (p < 0.5) return -student_t_quantile(1.0 - p, df);
  // CDF(t) for t > 0 is 1 - I_{df/(df+t^2)}(df/2, 1/2) / 2.
  const auto cdf = [df](double t) { return 1.0 - 0.5 * incomplete_beta(0.5 * df, 0.5, df / (df + t * t)); };
  double lo = 0.0;
  double hi = 1.0;
  while (cdf(hi) < p) hi *= 2.0;
  for (int i = 0; i < 200 && hi - lo > 1e-13 * hi; ++i) {
    const double mid = 0.5 * (lo + hi);
    (cdf(mid) < p ? lo : hi) = mid;
  }
  return 0.5 * (lo + hi);
}

double ci_half_width(double sd, std::size_t n, double confidence) {
  if (n < 2) return std::numeric_limits<double>::quiet_NaN();
  // A run's thousands of figures share one n: the quantile (a bisection over the incomplete
  // beta, tens of thousands of instructions) is worked out once per thread and reused.
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
