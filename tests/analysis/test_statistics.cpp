// The estimators of analysis/estimators/statistics: Student's t quantile against values known
// to 20 digits, mean, standard deviation and CI half-width of known samples, and the edge
// cases (no value, one value, zero variance, values that are not finite).
//
// Reference quantiles: t(p, df) solved to 40 digits from the regularized incomplete beta
// function (mpmath), equal to the printed tables (e.g. t(0.975, 4) = 2.776445) and, for
// df = 1 and 2, to the closed forms tan(pi (p - 1/2)) and (2p - 1) / sqrt(2 p (1 - p)).
// Boost.Math's quantile is within a few ulps of them: 1e-14 relative is a tight bound.
#include "analysis/estimators/statistics.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

namespace ccsim {
namespace {

using analysis::ci_half_width;
using analysis::estimate;
using analysis::student_t_quantile;

constexpr double relative = 1e-14;

void expect_close(double got, double want) { EXPECT_NEAR(got, want, relative * std::abs(want)); }

TEST(Statistics, StudentTQuantileMatchesTables) {
  struct Case {
    double p;
    double df;
    double t;
  };
  const Case cases[] = {
      {0.975, 1, 12.706204736174704646},   {0.975, 2, 4.3026527297494638523},  {0.975, 4, 2.7764451051977943578},
      {0.975, 9, 2.2621571627982055426},   {0.975, 19, 2.0930240544083097692}, {0.975, 29, 2.0452296421327042982},
      {0.975, 120, 1.9799304050824408467}, {0.95, 10, 1.8124611228116764136},  {0.995, 3, 5.8409093097333572607},
      {0.9, 1000, 1.2823987214609244373},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(testing::Message() << "p " << c.p << ", df " << c.df);
    expect_close(student_t_quantile(c.p, c.df), c.t);
    // The distribution is symmetric about 0.
    expect_close(student_t_quantile(1.0 - c.p, c.df), -c.t);
  }
  EXPECT_EQ(student_t_quantile(0.5, 7), 0.0);
}

TEST(Statistics, StudentTQuantileRefusesOutsideItsDomain) {
  EXPECT_THROW((void)student_t_quantile(0.975, 0.0), std::domain_error);
  EXPECT_THROW((void)student_t_quantile(1.5, 4.0), std::domain_error);
}

TEST(Statistics, EstimateOfKnownSamples) {
  // 1..5: mean 3, sd sqrt(2.5), half-width t(0.975, 4) sd / sqrt(5).
  const auto a = estimate({1, 2, 3, 4, 5});
  EXPECT_EQ(a.n, 5U);
  ASSERT_TRUE(a.mean && a.ci95);
  EXPECT_EQ(*a.mean, 3.0);
  expect_close(a.sd, 1.581138830084189666);
  expect_close(*a.ci95, 1.9632431614775576977);

  // Ten service levels around 0.8: the 95% and 90% half-widths.
  const std::vector<double> sl{0.81, 0.77, 0.84, 0.79, 0.80, 0.83, 0.76, 0.82, 0.78, 0.80};
  const auto b = estimate(sl);
  ASSERT_TRUE(b.mean && b.ci95);
  expect_close(*b.mean, 0.8);
  expect_close(b.sd, 0.025819888974716112568);
  expect_close(*b.ci95, 0.018470435889459001457);
  expect_close(ci_half_width(b.sd, b.n, 0.90), 0.014967304419682145525);
}

TEST(Statistics, EstimateLeavesOutValuesThatAreNotFinite) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  // Two values left: mean 2, sd sqrt(2), half-width t(0.975, 1) sqrt(2) / sqrt(2).
  const auto e = estimate({1.0, nan, 3.0, inf, -inf});
  EXPECT_EQ(e.n, 2U);
  ASSERT_TRUE(e.mean && e.ci95);
  EXPECT_EQ(*e.mean, 2.0);
  expect_close(e.sd, std::sqrt(2.0));
  expect_close(*e.ci95, 12.706204736174704646);
}

TEST(Statistics, EdgeCases) {
  // Nothing defined: no mean, no half-width.
  for (const auto& values : {std::vector<double>{}, std::vector<double>{std::nan("")}}) {
    const auto e = estimate(values);
    EXPECT_EQ(e.n, 0U);
    EXPECT_FALSE(e.mean);
    EXPECT_FALSE(e.ci95);
  }
  // One replication: a mean without a confidence interval.
  const auto one = estimate({0.42});
  EXPECT_EQ(one.n, 1U);
  ASSERT_TRUE(one.mean);
  EXPECT_EQ(*one.mean, 0.42);
  EXPECT_FALSE(one.ci95);
  EXPECT_EQ(one.sd, 0.0);
  EXPECT_TRUE(std::isnan(ci_half_width(1.0, 1, 0.95)));
  // Zero variance: a half-width of exactly 0.
  const auto same = estimate({7.5, 7.5, 7.5, 7.5});
  ASSERT_TRUE(same.mean && same.ci95);
  EXPECT_EQ(*same.mean, 7.5);
  EXPECT_EQ(same.sd, 0.0);
  EXPECT_EQ(*same.ci95, 0.0);
}

TEST(Statistics, HalfWidthFollowsTheSampleSizeAndConfidence) {
  // ci_half_width keeps the last quantile per thread: changing n or the confidence, and coming
  // back, must give the quantile of each.
  const double sd = 2.0;
  for (int round = 0; round < 2; ++round) {
    expect_close(ci_half_width(sd, 5, 0.95), 2.7764451051977943578 * sd / std::sqrt(5.0));
    expect_close(ci_half_width(sd, 20, 0.95), 2.0930240544083097692 * sd / std::sqrt(20.0));
    expect_close(ci_half_width(sd, 11, 0.90), 1.8124611228116764136 * sd / std::sqrt(11.0));
  }
}

}  // namespace
}  // namespace ccsim
