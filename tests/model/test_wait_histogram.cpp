// WaitHistogram: bins, quantiles (one at a time and in one pass), merging.
#include "sim/engine/random.hpp"
#include "sim/model/tally.hpp"

#include <gtest/gtest.h>

#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <vector>

namespace ccsim::model {
namespace {

TEST(WaitHistogram, QuantilesOfKnownWaitsWithinOneBin) {
  WaitHistogram h;
  std::vector<double> waits;
  for (int i = 1; i <= 1000; ++i) waits.push_back(0.37 * i);  // 0.37 s .. 370 s
  for (const double w : waits) h.add(w);
  for (const double p : {0.1, 0.5, 0.9, 0.99}) {
    const double exact = waits[static_cast<std::size_t>(p * 1000) - 1];
    const int bin = WaitHistogram::index(exact);
    // The estimate lies in the bin holding the exact order statistic, or at its edge.
    EXPECT_GE(h.quantile(p), WaitHistogram::lower(bin) - 1e-12) << p;
    EXPECT_LE(h.quantile(p), WaitHistogram::upper(bin) + 1e-12) << p;
  }
}

TEST(WaitHistogram, CallersAnsweredAtOnceMakeTheLowQuantilesZero) {
  WaitHistogram h;
  for (int i = 0; i < 60; ++i) h.add(0.0);
  for (int i = 0; i < 40; ++i) h.add(12.5);
  EXPECT_EQ(h.quantile(0.5), 0.0);
  EXPECT_EQ(h.quantile(0.6), 0.0);
  EXPECT_GT(h.quantile(0.61), 12.0);
  EXPECT_LE(h.quantile(0.99), WaitHistogram::upper(WaitHistogram::index(12.5)));
}

TEST(WaitHistogram, OnePassQuantilesEqualOneAtATimeBitForBit) {
  engine::RandomStream rng(7, 0, "histogram");
  const std::array<double, 7> ps{0.01, 0.3, 0.5, 0.8, 0.9, 0.95, 0.99};
  for (int trial = 0; trial < 200; ++trial) {
    WaitHistogram h;
    const int n = trial % 10 == 0 ? 0 : 1 + static_cast<int>(rng.uniform() * 500);
    const double zero_share = rng.uniform();
    for (int i = 0; i < n; ++i) h.add(rng.uniform() < zero_share ? 0.0 : 30.0 * rng.exponential());
    std::array<double, ps.size()> one_pass{};
    h.quantiles(ps.data(), one_pass.data(), ps.size());
    for (std::size_t k = 0; k < ps.size(); ++k) {
      EXPECT_EQ(std::bit_cast<std::uint64_t>(one_pass[k]), std::bit_cast<std::uint64_t>(h.quantile(ps[k])))
          << "trial " << trial << " p " << ps[k];
    }
  }
}

TEST(WaitHistogram, MergeEqualsAddingEverythingToOne) {
  WaitHistogram a;
  WaitHistogram b;
  WaitHistogram all;
  for (int i = 0; i < 300; ++i) {
    const double w = i % 3 == 0 ? 0.0 : 0.9 * i;
    (i % 2 == 0 ? a : b).add(w);
    all.add(w);
  }
  a.merge(b);
  EXPECT_EQ(a.count(), all.count());
  for (const double p : {0.2, 0.5, 0.75, 0.99}) EXPECT_EQ(a.quantile(p), all.quantile(p));
}

// Bin bounds built from bits are the bounds of the formula, and each bound's bin is the bin.
TEST(WaitHistogram, BinBoundsMatchTheFormulaAndIndex) {
  for (int i = 0; i < WaitHistogram::kBins; ++i) {
    const double expected =
        i < WaitHistogram::kSub
            ? static_cast<double>(i) / WaitHistogram::kSub
            : std::ldexp(
                  1.0 + static_cast<double>((i - WaitHistogram::kSub) % WaitHistogram::kSub) / WaitHistogram::kSub,
                  (i - WaitHistogram::kSub) / WaitHistogram::kSub);
    EXPECT_EQ(WaitHistogram::lower(i), expected) << "bin " << i;
    if (i > 0) {
      EXPECT_EQ(WaitHistogram::index(WaitHistogram::lower(i)), i) << "bin " << i;
    }
  }
}

// The class looked up from the bin is the class that comparing the wait with every threshold
// (plus its nanosecond) gives: checked on random waits and, where it matters, on waits a few
// ulps either side of each threshold and of each threshold plus a nanosecond.
TEST(WaitClasses, LookupAgreesWithComparingEveryThreshold) {
  const std::vector<double> thresholds{0.5, 10.0, 15.3, 20.0, 30.0, 60.0, 86'400.0};
  const WaitClasses classes(thresholds);
  const auto direct = [&](double w) -> std::size_t {
    if (w <= 0.0) return 0;
    std::size_t exceeded = 0;
    for (const double t : thresholds) exceeded += static_cast<std::size_t>(w > t + 1e-9);
    return 1 + exceeded;
  };
  std::vector<double> waits{0.0, -0.0, 1e-300, 0.25, 1.0, 1e7, 1e12};
  for (const double t : thresholds) {
    for (const double edge : {t, t + 1e-9}) {
      double w = edge;
      for (int k = 0; k < 8; ++k) w = std::nextafter(w, 0.0);
      for (int k = 0; k < 16; ++k, w = std::nextafter(w, HUGE_VAL)) waits.push_back(w);
    }
  }
  engine::RandomStream rng(7, 0, "test/wait_classes");
  for (int i = 0; i < 100'000; ++i) waits.push_back(100.0 * rng.exponential());
  for (const double w : waits) {
    const WaitClasses::Wait c = classes.of(w);
    EXPECT_EQ(c.wait_class, direct(w)) << "wait " << w;
    EXPECT_EQ(c.bin, WaitHistogram::bin_of(w)) << "wait " << w;
  }
}

// answered_within(k) adds the classes up to k: waits of 0 and those within threshold k.
TEST(WaitClasses, AnsweredWithinAddsTheClassesUpToTheThreshold) {
  CallTally t(3);
  ASSERT_EQ(t.answered_by_wait.size(), 5u);
  t.answered_by_wait = {4, 3, 2, 1, 7};
  EXPECT_EQ(t.thresholds(), 3u);
  EXPECT_EQ(t.answered_no_wait(), 4u);
  EXPECT_EQ(t.answered_within(0), 7u);
  EXPECT_EQ(t.answered_within(1), 9u);
  EXPECT_EQ(t.answered_within(2), 10u);
}

}  // namespace
}  // namespace ccsim::model

namespace ccsim::model {
namespace {

TEST(WaitClasses, NoWaitIsWhatAWaitOfZeroClassifiesAs) {
  const WaitClasses classes({10.0, 20.0, 30.0, 60.0});
  const WaitClasses::Wait zero = classes.of(0.0);
  EXPECT_EQ(zero.wait_s, WaitClasses::kNoWait.wait_s);
  EXPECT_EQ(zero.bin, WaitClasses::kNoWait.bin);
  EXPECT_EQ(zero.wait_class, WaitClasses::kNoWait.wait_class);
}

}  // namespace
}  // namespace ccsim::model
