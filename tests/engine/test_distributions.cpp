// Samplers and the Poisson arrival process: golden values, and goodness of fit of every
// sampler (moments, Kolmogorov-Smirnov against the exact CDF, chi-square for empirical).
#include "sim/engine/distribution.hpp"
#include "sim/engine/poisson_process.hpp"
#include "sim/engine/random.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <iterator>
#include <numbers>
#include <optional>
#include <string>
#include <vector>

namespace ccsim::engine {
namespace {

// ============================================================================================
// Tolerances, and why they hold.
//
// Every check uses a fixed seed, so the suite is deterministic. The bounds say how far a
// correct sampler can stray for an arbitrary seed, so that a failure means a wrong law rather
// than bad luck, and re-seeding (or a harmless reordering of draws) keeps the tests green:
//
//  * Sample mean of n iid draws: by the central limit theorem approximately
//    N(mu, sigma^2 / n). We require |mean - mu| < 4 SE, SE = sigma / sqrt(n): a correct sampler
//    fails with probability 2 (1 - Phi(4)) = 6.3e-5.
//  * Unbiased sample variance s^2: approximately N(sigma^2, (mu4 - sigma^4) / n), mu4 the
//    fourth central moment (Casella & Berger, Statistical Inference, 2nd ed., ex. 5.8; needs
//    a finite eighth moment, true of every family here). Same 4 SE bound. mu4 is computed
//    analytically for every family, not bounded.
//  * Kolmogorov-Smirnov: sqrt(n) D_n converges to the Kolmogorov distribution, whose 99.9%
//    quantile is 1.949 (Massey 1951, table for n > 35: 1.95 / sqrt(n)). D_n < 1.95 / sqrt(n)
//    fails with probability 0.001 for a correct sampler; with n = 200,000 the bound is 0.0044,
//    so a shift of the law by half a percent of its spread is caught.
//  * Chi-square on category counts: p-value from the exact chi-square CDF (regularized
//    incomplete gamma below) must exceed 0.001.
// ============================================================================================

constexpr int kDraws = 200'000;
constexpr double kSes = 4.0;             // standard errors allowed for means and variances
constexpr double kKsQuantile999 = 1.95;  // sqrt(n) D_n at the 0.1% level
constexpr double kMinPValue = 0.001;

// --- Reference functions, implemented here so the tests do not trust the code under test -----

// Regularized lower incomplete gamma P(a, x) = gamma(a, x) / Gamma(a) (Numerical Recipes in C,
// 2nd ed., 6.2): the series 6.2.5 for x < a + 1, otherwise 1 - Q(a, x) with Q from the
// continued fraction 6.2.7 evaluated by the modified Lentz method. Each converges to double
// precision in well under 200 terms for the shapes and arguments used here.
double gamma_p(double a, double x) {
  if (x <= 0.0) return 0.0;
  const double log_prefactor = -x + a * std::log(x) - std::lgamma(a);
  if (x < a + 1.0) {
    double ap = a;
    double term = 1.0 / a;
    double sum = term;
    for (int n = 0; n < 1000; ++n) {
      ap += 1.0;
      term *= x / ap;
      sum += term;
      if (std::abs(term) < std::abs(sum) * 1e-16) break;
    }
    return sum * std::exp(log_prefactor);
  }
  constexpr double tiny = 1e-300;
  double b = x + 1.0 - a;
  double c = 1.0 / tiny;
  double d = 1.0 / b;
  double h = d;
  for (int i = 1; i < 1000; ++i) {
    const double an = -i * (i - a);
    b += 2.0;
    d = an * d + b;
    if (std::abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (std::abs(c) < tiny) c = tiny;
    d = 1.0 / d;
    const double delta = d * c;
    h *= delta;
    if (std::abs(delta - 1.0) < 1e-16) break;
  }
  return 1.0 - std::exp(log_prefactor) * h;
}

double normal_cdf(double z) { return 0.5 * std::erfc(-z / std::numbers::sqrt2); }

// Two-sided Kolmogorov-Smirnov statistic D_n = sup |F_n(x) - F(x)| of a sample against a
// continuous CDF (the supremum is reached at a sample point, from one side or the other).
template <class Cdf>
double ks_statistic(std::vector<double> sample, Cdf cdf) {
  std::sort(sample.begin(), sample.end());
  const double n = static_cast<double>(sample.size());
  double d = 0.0;
  for (std::size_t i = 0; i < sample.size(); ++i) {
    const double f = cdf(sample[i]);
    d = std::max({d, static_cast<double>(i + 1) / n - f, f - static_cast<double>(i) / n});
  }
  return d;
}

// Mean, variance and fourth central moment of a law.
struct Moments {
  double mean = 0.0;
  double variance = 0.0;
  double mu4 = 0.0;
};

// Central fourth moment from the raw moments m1..m4.
double central_mu4(double m1, double m2, double m3, double m4) {
  return m4 - 4.0 * m1 * m3 + 6.0 * m1 * m1 * m2 - 3.0 * m1 * m1 * m1 * m1;
}

Moments gamma_moments(double shape, double scale) {
  // Excess kurtosis 6 / shape, so mu4 = (3 + 6 / shape) sigma^4 = 3 k (k + 2) theta^4.
  const double var = shape * scale * scale;
  return {shape * scale, var, (3.0 + 6.0 / shape) * var * var};
}

// --- Sample checks --------------------------------------------------------------------------

std::vector<double> draw(const Distribution& dist, std::uint64_t seed, const char* stream) {
  RandomStream rng(seed, 0, stream);
  std::vector<double> out(kDraws);
  for (auto& x : out) x = dist.sample(rng);
  return out;
}

template <class Next>
std::vector<double> draw_variates(std::uint64_t seed, const char* stream, Next next) {
  RandomStream rng(seed, 0, stream);
  std::vector<double> out(kDraws);
  for (auto& x : out) x = next(rng);
  return out;
}

void expect_moments(const std::vector<double>& x, const Moments& law) {
  const double n = static_cast<double>(x.size());
  double sum = 0.0;
  for (const double v : x) sum += v;
  const double mean = sum / n;
  double ss = 0.0;
  for (const double v : x) ss += (v - mean) * (v - mean);
  const double var = ss / (n - 1.0);
  const double se_mean = std::sqrt(law.variance / n);
  const double se_var = std::sqrt((law.mu4 - law.variance * law.variance) / n);
  EXPECT_NEAR(mean, law.mean, kSes * se_mean) << "sample mean off by " << (mean - law.mean) / se_mean << " SE";
  EXPECT_NEAR(var, law.variance, kSes * se_var) << "sample variance off by " << (var - law.variance) / se_var << " SE";
}

template <class Cdf>
void expect_ks(const std::vector<double>& x, Cdf cdf) {
  const double d = ks_statistic(x, cdf);
  const double critical = kKsQuantile999 / std::sqrt(static_cast<double>(x.size()));
  EXPECT_LT(d, critical) << "sqrt(n) D_n = " << d * std::sqrt(static_cast<double>(x.size()));
}

void expect_non_negative(const std::vector<double>& x) {
  for (const double v : x) ASSERT_TRUE(v >= 0.0 && std::isfinite(v)) << v;
}

// The sampler's own mean() and variance() must be the law's, to rounding.
void expect_reported(const Distribution& dist, const Moments& law) {
  EXPECT_NEAR(dist.mean(), law.mean, 1e-12 * law.mean);
  EXPECT_NEAR(dist.variance(), law.variance, 1e-12 * law.variance);
}

// ============================================================================================
// The reference functions themselves, against closed forms.
// ============================================================================================

TEST(DistributionReference, IncompleteGammaMatchesClosedForms) {
  for (const double x : {0.01, 0.3, 1.0, 2.5, 7.0, 30.0}) {
    // P(1, x) = 1 - e^-x; P(1/2, x) = erf(sqrt x); P(3, x) = 1 - e^-x (1 + x + x^2 / 2).
    EXPECT_NEAR(gamma_p(1.0, x), -std::expm1(-x), 1e-14) << x;
    EXPECT_NEAR(gamma_p(0.5, x), std::erf(std::sqrt(x)), 1e-14) << x;
    EXPECT_NEAR(gamma_p(3.0, x), 1.0 - std::exp(-x) * (1.0 + x + 0.5 * x * x), 1e-14) << x;
  }
  // Chi-square with 7 degrees of freedom: the tabulated 0.1% upper point is 24.322.
  EXPECT_NEAR(1.0 - gamma_p(3.5, 24.322 / 2.0), 0.001, 1e-6);
}

TEST(DistributionReference, KolmogorovSmirnovOfAnExactGridIsHalfAStep) {
  // The midpoints (i + 1/2) / n of U(0, 1) have D_n = 1 / (2n) exactly.
  std::vector<double> grid(1000);
  for (std::size_t i = 0; i < grid.size(); ++i) grid[i] = (static_cast<double>(i) + 0.5) / 1000.0;
  EXPECT_NEAR(ks_statistic(grid, [](double x) { return x; }), 0.0005, 1e-15);
}

// ============================================================================================
// Golden values: the first draws of each sampler on the stream (seed 1, replication 0,
// "call_type/calls/arrivals"), obtained once from the current code. A change to any sampler
// that alters its output must update these deliberately. The values go through std::log, exp,
// pow and sqrt: they are pinned for glibc's libm; a different libm may change the last bit.
// ============================================================================================

RandomStream golden_stream() { return {1, 0, "call_type/calls/arrivals"}; }

void expect_golden(const Distribution& dist, const std::vector<double>& expected) {
  RandomStream rng = golden_stream();
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(dist.sample(rng), expected[i]) << dist.describe() << " draw " << i;
  }
}

TEST(DistributionGolden, Constant) { expect_golden(Distribution::constant(30.0), {30.0, 30.0, 30.0, 30.0}); }

TEST(DistributionGolden, Exponential) {
  expect_golden(Distribution::exponential(180.0),
                {0x1.9f33e3314420ep+8, 0x1.389de278d434fp+7, 0x1.df9d5e7d7ce6fp+7, 0x1.d184c85030fcbp+3});
}

TEST(DistributionGolden, Lognormal) {
  expect_golden(Distribution::lognormal(240.0, 180.0),
                {0x1.8d720f834daf9p+8, 0x1.7b26b2a5b82adp+7, 0x1.1022cf0925ff7p+8, 0x1.473a488df8212p+7});
}

TEST(DistributionGolden, GammaShapeAboveOne) {
  expect_golden(Distribution::gamma(200.0, 100.0),
                {0x1.349f9b6109be6p+8, 0x1.6b0949dcd4b1ep+7, 0x1.dc025d927e8b5p+7, 0x1.42b1b874d8c73p+7});
}

TEST(DistributionGolden, GammaShapeBelowOne) {
  expect_golden(Distribution::gamma(50.0, 100.0),
                {0x1.4f4c757af3fe7p-9, 0x1.9e4efa0c75222p+0, 0x1.786ef70e642d6p+6, 0x1.b01aa34f1e91bp-2});
}

TEST(DistributionGolden, Erlang) {
  expect_golden(Distribution::erlang(3, 300.0),
                {0x1.c2bb820a7544bp+8, 0x1.270ae39a432bfp+7, 0x1.f881b31feea2dp+7, 0x1.75af6af915288p+8});
}

TEST(DistributionGolden, Weibull) {
  expect_golden(Distribution::weibull(1.5, 120.0),
                {0x1.a2fd478588ab6p+7, 0x1.b4e62514c3c13p+6, 0x1.22956d3207b61p+7, 0x1.66e7495f84d5p+4});
  expect_golden(Distribution::weibull(0.7, 60.0),
                {0x1.8c094d12ce03ep+7, 0x1.885bec4f36b0dp+5, 0x1.6992e522a031cp+6, 0x1.a65fe82d9c5d4p+0});
}

TEST(DistributionGolden, Uniform) {
  expect_golden(Distribution::uniform(10.0, 50.0),
                {0x1.66ea0a5e81efap+5, 0x1.dbd899df4cb32p+4, 0x1.45e56357f0547p+5, 0x1.7d786e4f624c8p+3});
}

TEST(DistributionGolden, Empirical) {
  expect_golden(Distribution::empirical({12.0, 40.0, 95.0, 300.0}), {300.0, 40.0, 300.0, 12.0});
}

TEST(PoissonProcessGolden, PiecewiseAndConstantRates) {
  // Both start in a positive-rate interval, so the first four events coincide.
  const std::vector<double> expected = {0x1.2741579a80176p+2, 0x1.9668698c92a76p+2, 0x1.2078014e5f882p+3,
                                        0x1.25a425aa49521p+3};
  for (const auto& process : {PoissonProcess({0.5, 0.0, 2.0}, 100.0, 300.0), PoissonProcess({0.5}, 100.0, 300.0)}) {
    RandomStream rng = golden_stream();
    double t = 0.0;
    for (const double want : expected) {
      const std::optional<double> next = process.next(t, rng);
      ASSERT_TRUE(next.has_value());
      EXPECT_EQ(*next, want);
      t = *next;
    }
  }
}

// Drawing in blocks (the model draws callers ahead) gives the numbers drawing one at a time
// gives, bit for bit, and leaves the stream where one at a time leaves it. 100,000 draws
// take the ziggurat's rare paths (wedges, tail) about 1,100 times.
TEST(BlockDraws, ExponentialNMatchesOneAtATime) {
  RandomStream one = golden_stream();
  RandomStream block = golden_stream();
  std::vector<double> got(100'000);
  for (const std::size_t n : {std::size_t{0}, std::size_t{1}, std::size_t{63}, std::size_t{99'936}}) {
    block.exponential_n(got.data(), n);
    for (std::size_t i = 0; i < n; ++i) ASSERT_EQ(got[i], one.exponential()) << "draw " << i << " of " << n;
  }
  EXPECT_EQ(block.next_u64(), one.next_u64());
}

TEST(BlockDraws, SampleNMatchesSampleForEveryKind) {
  for (const auto& dist :
       {Distribution::constant(30.0), Distribution::exponential(180.0), Distribution::lognormal(240.0, 180.0),
        Distribution::gamma(200.0, 100.0), Distribution::gamma(50.0, 100.0), Distribution::erlang(3, 300.0),
        Distribution::weibull(1.5, 120.0), Distribution::uniform(10.0, 50.0),
        Distribution::empirical({12.0, 40.0, 95.0, 300.0})}) {
    RandomStream one = golden_stream();
    RandomStream block = golden_stream();
    std::vector<double> got(5'000);
    dist.sample_n(block, got.data(), got.size());
    for (std::size_t i = 0; i < got.size(); ++i) ASSERT_EQ(got[i], dist.sample(one)) << dist.describe() << " " << i;
    EXPECT_EQ(block.next_u64(), one.next_u64()) << dist.describe();
  }
}

// next_n: the times successive next() calls give, up to the end of the process, for a rate
// profile with a zero-rate interval and for a constant rate; fewer than asked at the end.
TEST(BlockDraws, PoissonNextNMatchesNextUpToTheEnd) {
  for (const auto& process : {PoissonProcess({0.5, 0.0, 2.0}, 100.0, 300.0), PoissonProcess({0.5}, 100.0, 300.0),
                              PoissonProcess({0.0}, 100.0, 300.0)}) {
    RandomStream one = golden_stream();
    std::vector<double> expected;
    double t = 0.0;
    while (const auto next = process.next(t, one)) expected.push_back(t = *next);
    RandomStream block = golden_stream();
    std::vector<double> got;
    std::vector<double> buffer(64);
    t = 0.0;
    for (;;) {
      const std::size_t n = process.next_n(t, block, buffer.data(), buffer.size());
      got.insert(got.end(), buffer.begin(), buffer.begin() + static_cast<std::ptrdiff_t>(n));
      if (n < buffer.size()) break;
      t = buffer.back();
    }
    ASSERT_EQ(got.size(), expected.size());
    for (std::size_t i = 0; i < got.size(); ++i) EXPECT_EQ(got[i], expected[i]) << "event " << i;
  }
}

// ============================================================================================
// Goodness of fit, one test per sampler; n = 200,000 draws each.
// ============================================================================================

TEST(DistributionFit, Constant) {
  // No randomness to fit: every draw is the value, exactly.
  const Distribution dist = Distribution::constant(30.0);
  RandomStream rng(101, 0, "fit/constant");
  for (int i = 0; i < 1000; ++i) ASSERT_EQ(dist.sample(rng), 30.0);
  EXPECT_EQ(dist.mean(), 30.0);
  EXPECT_EQ(dist.variance(), 0.0);
  EXPECT_EQ(Distribution::constant(0.0).sample(rng), 0.0);
}

TEST(DistributionFit, Exponential) {
  // Exp(mean m): variance m^2, excess kurtosis 6, so mu4 = 9 m^4.
  constexpr double m = 180.0;
  const Distribution dist = Distribution::exponential(m);
  const Moments law{m, m * m, 9.0 * m * m * m * m};
  expect_reported(dist, law);
  const auto x = draw(dist, 102, "fit/exponential");
  expect_non_negative(x);
  expect_moments(x, law);
  expect_ks(x, [](double v) { return -std::expm1(-v / m); });
}

TEST(DistributionFit, Lognormal) {
  // Given the mean m and sd s of the duration: sigma^2 = ln(1 + s^2 / m^2),
  // mu = ln m - sigma^2 / 2. Kurtosis (not excess) is e^{4 sigma^2} + 2 e^{3 sigma^2}
  // + 3 e^{2 sigma^2} - 3 (Johnson, Kotz & Balakrishnan, Continuous Univariate Distributions
  // vol. 1, ch. 14), here about 18: heavy-tailed, the hardest case for the variance check.
  constexpr double m = 240.0;
  constexpr double s = 180.0;
  const double sigma2 = std::log(1.0 + (s * s) / (m * m));
  const double mu = std::log(m) - 0.5 * sigma2;
  const double sigma = std::sqrt(sigma2);
  const double var = s * s;
  const double kurtosis = std::exp(4.0 * sigma2) + 2.0 * std::exp(3.0 * sigma2) + 3.0 * std::exp(2.0 * sigma2) - 3.0;
  const Moments law{m, var, kurtosis * var * var};
  const Distribution dist = Distribution::lognormal(m, s);
  expect_reported(dist, law);
  const auto x = draw(dist, 103, "fit/lognormal");
  expect_non_negative(x);
  expect_moments(x, law);
  expect_ks(x, [&](double v) {
    return v <= 0.0 ? 0.0 : 0.5 * std::erfc(-(std::log(v) - mu) / (sigma * std::numbers::sqrt2));
  });
}

TEST(DistributionFit, GammaShapeAboveOne) {
  // mean 200, sd 100: shape (200/100)^2 = 4, scale 100^2 / 200 = 50 (Marsaglia-Tsang branch).
  constexpr double shape = 4.0;
  constexpr double scale = 50.0;
  const Distribution dist = Distribution::gamma(200.0, 100.0);
  const Moments law = gamma_moments(shape, scale);
  expect_reported(dist, law);
  const auto x = draw(dist, 104, "fit/gamma");
  expect_non_negative(x);
  expect_moments(x, law);
  expect_ks(x, [](double v) { return gamma_p(shape, v / scale); });
}

TEST(DistributionFit, GammaShapeBelowOne) {
  // mean 50, sd 100: shape 0.25, scale 200 (the U^(1/shape) boost branch). Excess kurtosis 24.
  constexpr double shape = 0.25;
  constexpr double scale = 200.0;
  const Distribution dist = Distribution::gamma(50.0, 100.0);
  const Moments law = gamma_moments(shape, scale);
  expect_reported(dist, law);
  const auto x = draw(dist, 105, "fit/gamma_small_shape");
  expect_non_negative(x);
  expect_moments(x, law);
  expect_ks(x, [](double v) { return gamma_p(shape, v / scale); });
}

TEST(DistributionFit, Erlang) {
  // Erlang(k = 3, mean 300) is Gamma(shape 3, scale 100): CDF P(3, x / 100).
  constexpr int k = 3;
  constexpr double scale = 100.0;
  const Distribution dist = Distribution::erlang(k, 300.0);
  const Moments law = gamma_moments(k, scale);
  expect_reported(dist, law);
  const auto x = draw(dist, 106, "fit/erlang");
  expect_non_negative(x);
  expect_moments(x, law);
  expect_ks(x, [](double v) { return gamma_p(k, v / scale); });
}

void check_weibull(double shape, double scale, std::uint64_t seed) {
  // Raw moments E X^r = scale^r Gamma(1 + r / shape); CDF 1 - exp(-(x / scale)^shape).
  double raw[5] = {1.0, 0.0, 0.0, 0.0, 0.0};
  for (int r = 1; r <= 4; ++r) raw[r] = std::pow(scale, r) * std::tgamma(1.0 + r / shape);
  const Moments law{raw[1], raw[2] - raw[1] * raw[1], central_mu4(raw[1], raw[2], raw[3], raw[4])};
  const Distribution dist = Distribution::weibull(shape, scale);
  expect_reported(dist, law);
  const auto x = draw(dist, seed, "fit/weibull");
  expect_non_negative(x);
  expect_moments(x, law);
  expect_ks(x, [&](double v) { return v <= 0.0 ? 0.0 : -std::expm1(-std::pow(v / scale, shape)); });
}

TEST(DistributionFit, Weibull) {
  SCOPED_TRACE("shape 1.5");
  check_weibull(1.5, 120.0, 107);
}

TEST(DistributionFit, WeibullShapeBelowOne) {
  SCOPED_TRACE("shape 0.7");
  check_weibull(0.7, 60.0, 108);
}

TEST(DistributionFit, Uniform) {
  // U(a, b): variance (b - a)^2 / 12, mu4 = (b - a)^4 / 80.
  constexpr double a = 10.0;
  constexpr double b = 50.0;
  constexpr double w = b - a;
  const Distribution dist = Distribution::uniform(a, b);
  const Moments law{0.5 * (a + b), w * w / 12.0, w * w * w * w / 80.0};
  expect_reported(dist, law);
  const auto x = draw(dist, 109, "fit/uniform");
  for (const double v : x) ASSERT_TRUE(v >= a && v <= b) << v;
  expect_moments(x, law);
  expect_ks(x, [](double v) { return std::clamp((v - a) / w, 0.0, 1.0); });
}

TEST(DistributionFit, EmpiricalCategoriesAreEquallyLikely) {
  // Eight distinct values, each with probability 1/8: Pearson's X^2 on the counts has 7
  // degrees of freedom; its p-value is Q(7/2, X^2 / 2).
  const std::vector<double> values = {12.0, 33.0, 40.0, 75.0, 95.0, 180.0, 300.0, 610.0};
  const Distribution dist = Distribution::empirical(values);
  const auto x = draw(dist, 110, "fit/empirical");
  std::vector<double> counts(values.size(), 0.0);
  for (const double v : x) {
    const auto it = std::find(values.begin(), values.end(), v);
    ASSERT_NE(it, values.end()) << v << " is not one of the values";
    counts[static_cast<std::size_t>(it - values.begin())] += 1.0;
  }
  const double expected = static_cast<double>(x.size()) / static_cast<double>(values.size());
  double chi2 = 0.0;
  for (const double c : counts) chi2 += (c - expected) * (c - expected) / expected;
  const double dof = static_cast<double>(values.size() - 1);
  const double p_value = 1.0 - gamma_p(0.5 * dof, 0.5 * chi2);
  EXPECT_GT(p_value, kMinPValue) << "X^2 = " << chi2;

  // Reported moments are those of the values as a population (divide by n, not n - 1).
  double mean = 0.0;
  for (const double v : values) mean += v / static_cast<double>(values.size());
  double var = 0.0;
  for (const double v : values) var += (v - mean) * (v - mean) / static_cast<double>(values.size());
  EXPECT_NEAR(dist.mean(), mean, 1e-12 * mean);
  EXPECT_NEAR(dist.variance(), var, 1e-12 * var);
}

TEST(DistributionFit, EmpiricalRepeatedValuesWeighByMultiplicity) {
  // 60 appears three times in four: its frequency is Binomial(n, 3/4) / n, SE sqrt(p(1-p)/n).
  const Distribution dist = Distribution::empirical({60.0, 600.0, 60.0, 60.0});
  const auto x = draw(dist, 111, "fit/empirical_repeats");
  const auto sixties = std::count(x.begin(), x.end(), 60.0);
  EXPECT_EQ(sixties + std::count(x.begin(), x.end(), 600.0), std::ssize(x)) << "a value not in the list";
  const double n = static_cast<double>(x.size());
  EXPECT_NEAR(static_cast<double>(sixties) / n, 0.75, kSes * std::sqrt(0.75 * 0.25 / n));
  RandomStream rng(112, 0, "fit/empirical_single");
  const Distribution single = Distribution::empirical({42.0});
  for (int i = 0; i < 1000; ++i) ASSERT_EQ(single.sample(rng), 42.0);
}

// --- The stream's own variates --------------------------------------------------------------

TEST(RandomStreamFit, Uniform) {
  // U(0, 1): mean 1/2, variance 1/12, mu4 = 1/80.
  const auto x = draw_variates(201, "fit/u", [](RandomStream& r) { return r.uniform(); });
  expect_moments(x, {0.5, 1.0 / 12.0, 1.0 / 80.0});
  expect_ks(x, [](double v) { return v; });
}

TEST(RandomStreamFit, Normal) {
  // N(0, 1): mu4 = 3, so the SE of s^2 is sqrt(2 / n).
  const auto x = draw_variates(202, "fit/normal", [](RandomStream& r) { return r.normal(); });
  expect_moments(x, {0.0, 1.0, 3.0});
  expect_ks(x, normal_cdf);
  // The polar method returns pairs; the two members must be independent. For independent
  // N(0, 1) pairs the sample correlation has SE 1 / sqrt(pairs).
  double sxy = 0.0;
  for (std::size_t i = 0; i + 1 < x.size(); i += 2) sxy += x[i] * x[i + 1];
  const double pairs = static_cast<double>(x.size() / 2);
  EXPECT_NEAR(sxy / pairs, 0.0, kSes / std::sqrt(pairs));
}

TEST(RandomStreamFit, Exponential) {
  // Exp(1): mean 1, variance 1, mu4 = 9.
  const auto x = draw_variates(203, "fit/exp", [](RandomStream& r) { return r.exponential(); });
  expect_non_negative(x);
  expect_moments(x, {1.0, 1.0, 9.0});
  expect_ks(x, [](double v) { return -std::expm1(-v); });
}

// ============================================================================================
// PoissonProcess. Counts of a Poisson process in disjoint intervals are independent
// Poisson(integrated rate); a Poisson(L) count has mean L, variance L and mu4 = L (1 + 3 L),
// so the SE of the sample variance over R replications is sqrt((L + 2 L^2) / R).
// ============================================================================================

// All event times of one run from time 0, checking the contract on the way: strictly
// increasing, and never at or after `end`.
std::vector<double> run(const PoissonProcess& process, RandomStream rng, double end) {
  std::vector<double> times;
  double t = 0.0;
  while (const std::optional<double> next = process.next(t, rng)) {
    EXPECT_GT(*next, t);
    EXPECT_LT(*next, end);
    times.push_back(*next);
    t = *next;
  }
  return times;
}

void expect_poisson_counts(const std::vector<double>& counts, double expected_mean) {
  const double r = static_cast<double>(counts.size());
  double sum = 0.0;
  for (const double c : counts) sum += c;
  const double mean = sum / r;
  double ss = 0.0;
  for (const double c : counts) ss += (c - mean) * (c - mean);
  const double var = ss / (r - 1.0);
  const double l = expected_mean;
  EXPECT_NEAR(mean, l, kSes * std::sqrt(l / r));
  EXPECT_NEAR(var, l, kSes * std::sqrt((l + 2.0 * l * l) / r));
}

TEST(PoissonProcess, ConstantRateCountHasMeanAndVarianceLambdaT) {
  // lambda 0.5/s over [0, 100): Poisson(50) counts, 4000 replications (200,000 events).
  constexpr double rate = 0.5;
  constexpr double end = 100.0;
  const PoissonProcess process({rate}, 3600.0, end);
  std::vector<double> counts;
  for (std::uint64_t rep = 0; rep < 4000; ++rep) {
    counts.push_back(static_cast<double>(run(process, RandomStream(301, rep, "pp/constant"), end).size()));
  }
  expect_poisson_counts(counts, rate * end);
}

TEST(PoissonProcess, PiecewiseRatesCountPerInterval) {
  // Rates [0.5, 0, 2.0] per second, 100 s each: counts Poisson(50), exactly 0, Poisson(200).
  const std::vector<double> rates = {0.5, 0.0, 2.0};
  constexpr double interval = 100.0;
  constexpr double end = 300.0;
  const PoissonProcess process(rates, interval, end);
  std::vector<std::vector<double>> counts(rates.size());
  for (std::uint64_t rep = 0; rep < 2000; ++rep) {
    std::vector<double> in_interval(rates.size(), 0.0);
    for (const double t : run(process, RandomStream(302, rep, "pp/piecewise"), end)) {
      in_interval[static_cast<std::size_t>(t / interval)] += 1.0;
    }
    for (std::size_t i = 0; i < rates.size(); ++i) counts[i].push_back(in_interval[i]);
  }
  for (const double c : counts[1]) ASSERT_EQ(c, 0.0) << "event in the zero-rate interval";
  for (const std::size_t i : {std::size_t{0}, std::size_t{2}}) {
    SCOPED_TRACE("interval " + std::to_string(i));
    expect_poisson_counts(counts[i], rates[i] * interval);
  }
}

TEST(PoissonProcess, EndCutsTheLastInterval) {
  // Same rates, horizon 250 s: [200, 250) holds Poisson(100); nothing at or after 250.
  constexpr double end = 250.0;
  const PoissonProcess process({0.5, 0.0, 2.0}, 100.0, end);
  std::vector<double> last;
  for (std::uint64_t rep = 0; rep < 2000; ++rep) {
    const auto times = run(process, RandomStream(303, rep, "pp/end"), end);  // checks t < end
    last.push_back(static_cast<double>(std::count_if(times.begin(), times.end(), [](double t) { return t >= 200.0; })));
  }
  expect_poisson_counts(last, 2.0 * 50.0);
}

TEST(PoissonProcess, NextFromInsideAZeroRateIntervalJumpsToItsEnd) {
  // From t = 150 (rate 0 until 200, then 2/s) the next event is 200 + E / 2 with E the
  // stream's next Exp(1) draw: inversion of the integrated rate, exactly.
  const PoissonProcess process({0.5, 0.0, 2.0}, 100.0, 1e9);
  RandomStream rng(304, 0, "pp/jump");
  RandomStream twin = rng;
  for (int i = 0; i < 1000; ++i) {
    const std::optional<double> next = process.next(150.0, rng);
    ASSERT_TRUE(next.has_value());
    ASSERT_EQ(*next, 200.0 + twin.exponential() / 2.0);
  }
  // And as a law: next - 200 is Exp(rate 2) over many streams (KS at 0.1%).
  std::vector<double> waits;
  for (std::uint64_t rep = 0; rep < 20'000; ++rep) {
    RandomStream r(305, rep, "pp/jump");
    waits.push_back(*process.next(150.0, r) - 200.0);
  }
  expect_ks(waits, [](double v) { return -std::expm1(-2.0 * v); });
}

TEST(PoissonProcess, NothingAfterTheLastPositiveRate) {
  RandomStream rng(306, 0, "pp/none");
  // A zero-rate tail: from inside it, no event is left.
  EXPECT_FALSE(PoissonProcess({1.0, 0.0}, 10.0, 20.0).next(12.0, rng).has_value());
  // A zero constant rate: never an event.
  EXPECT_FALSE(PoissonProcess({0.0}, 10.0, 1e6).next(0.0, rng).has_value());
  // Asked from at or after the end: none.
  EXPECT_FALSE(PoissonProcess({1.0}, 10.0, 20.0).next(20.0, rng).has_value());
  EXPECT_FALSE(PoissonProcess({1.0, 1.0}, 10.0, 20.0).next(25.0, rng).has_value());
  // Rates that stop before the end: the process ends with the rates.
  for (int i = 0; i < 1000; ++i) {
    const std::optional<double> next = PoissonProcess({5.0, 5.0}, 10.0, 1e6).next(19.0, rng);
    if (next) {
      ASSERT_LT(*next, 20.0);
    }
  }
}

TEST(PoissonProcess, ConstantRateInterArrivalTimesAreExponential) {
  // One long run at 2/s over 100,000 s: about 200,000 gaps, KS against Exp(rate 2).
  constexpr double rate = 2.0;
  constexpr double end = 100'000.0;
  const auto times = run(PoissonProcess({rate}, 3600.0, end), RandomStream(307, 0, "pp/gaps"), end);
  ASSERT_GT(times.size(), 100'000U);
  std::vector<double> gaps;
  double previous = 0.0;
  for (const double t : times) {
    gaps.push_back(t - previous);
    previous = t;
  }
  expect_moments(gaps, {1.0 / rate, 1.0 / (rate * rate), 9.0 / (rate * rate * rate * rate)});
  expect_ks(gaps, [](double v) { return -std::expm1(-rate * v); });
}

TEST(PoissonProcess, TimeRescaledGapsOfPiecewiseRatesAreExponential) {
  // Time-rescaling theorem (Brown et al., Neural Computation 14, 2002): with the integrated
  // rate Lambda(t), the increments Lambda(t_{j+1}) - Lambda(t_j) of a Poisson process are iid
  // Exp(1). Rates cycle through six values, zeros included, over 7 s intervals, so most gaps
  // cross one or more boundaries; about 200,000 events in one run.
  const double pattern[] = {0.5, 0.0, 2.0, 1.25, 0.0, 0.1};
  constexpr double interval = 7.0;
  std::vector<double> rates(46'000);
  for (std::size_t i = 0; i < rates.size(); ++i) rates[i] = pattern[i % 6];
  const double end = static_cast<double>(rates.size()) * interval;
  std::vector<double> cumulative(rates.size() + 1, 0.0);  // Lambda at each interval start
  for (std::size_t i = 0; i < rates.size(); ++i) cumulative[i + 1] = cumulative[i] + rates[i] * interval;
  const auto integrated = [&](double t) {
    const auto i = static_cast<std::size_t>(t / interval);
    return cumulative[i] + rates[i] * (t - static_cast<double>(i) * interval);
  };
  const auto times = run(PoissonProcess(rates, interval, end), RandomStream(308, 0, "pp/rescale"), end);
  ASSERT_GT(times.size(), 150'000U);
  std::vector<double> rescaled;
  double previous = 0.0;
  for (const double t : times) {
    ASSERT_GT(rates[static_cast<std::size_t>(t / interval)], 0.0) << "event at " << t << " in a zero-rate interval";
    const double big_lambda = integrated(t);
    rescaled.push_back(big_lambda - previous);
    previous = big_lambda;
  }
  expect_moments(rescaled, {1.0, 1.0, 9.0});
  expect_ks(rescaled, [](double v) { return -std::expm1(-v); });
}

}  // namespace
}  // namespace ccsim::engine
