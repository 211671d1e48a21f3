// Event calendar, beyond ordering: clear() and the sequence, size bookkeeping, payloads, the
// hold model against a reference queue, edge times for the key compare, and slots.
#include "sim/engine/calendar.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <queue>
#include <tuple>
#include <vector>

namespace ccsim::engine {
namespace {

TEST(CalendarMore, ClearEmptiesAndRestartsTheSequence) {
  Calendar cal;
  EXPECT_EQ(cal.schedule(2.0, 0, 1), 0U);
  EXPECT_EQ(cal.schedule(1.0, 0, 2), 1U);
  EXPECT_EQ(cal.schedule(3.0, 0, 3), 2U);
  cal.clear();
  EXPECT_TRUE(cal.empty());
  EXPECT_EQ(cal.size(), 0U);
  EXPECT_EQ(cal.scheduled_count(), 0U);
  // After clear() a second replication numbers from 0 again, so ties break the same way as
  // in a fresh calendar: two replications in one process give identical orders.
  EXPECT_EQ(cal.schedule(5.0, 0, 10), 0U);
  EXPECT_EQ(cal.schedule(5.0, 0, 11), 1U);
  EXPECT_EQ(cal.pop().target, 10U);
  EXPECT_EQ(cal.pop().target, 11U);
  EXPECT_TRUE(cal.empty());
}

TEST(CalendarMore, SizeAndScheduledCountTrackPushesAndPops) {
  Calendar cal;
  cal.reserve(16);
  for (std::uint32_t i = 0; i < 10; ++i) {
    cal.schedule(static_cast<double>(10 - i), 0, i);
    EXPECT_EQ(cal.size(), i + 1);
  }
  for (std::size_t left = 10; left > 0; --left) {
    EXPECT_FALSE(cal.empty());
    EXPECT_EQ(cal.size(), left);
    (void)cal.pop();
  }
  EXPECT_TRUE(cal.empty());
  EXPECT_EQ(cal.scheduled_count(), 10U);  // counts every insertion, not what is pending
}

TEST(CalendarMore, PayloadRoundTrips) {
  Calendar cal;
  const auto seq = cal.schedule(4.5, 7, 0xfffffffeU, 123456U, 0x80000001U);
  cal.schedule(9.0, 1, 1);
  const Event e = cal.pop();
  EXPECT_EQ(e.time, 4.5);
  EXPECT_EQ(e.seq, seq);
  EXPECT_EQ(e.kind, 7U);
  EXPECT_EQ(e.target, 0xfffffffeU);
  EXPECT_EQ(e.stamp, 123456U);
  EXPECT_EQ(e.extra, 0x80000001U);
}

TEST(CalendarMore, ManyEqualTimesPopInInsertionOrder) {
  Calendar cal;
  for (std::uint32_t i = 0; i < 1000; ++i) cal.schedule(7.0, 0, i);
  for (std::uint32_t i = 0; i < 1000; ++i) ASSERT_EQ(cal.pop().target, i);
}

TEST(CalendarMore, ZeroAndInfiniteTimesOrderCorrectly) {
  Calendar cal;
  const double inf = std::numeric_limits<double>::infinity();
  cal.schedule(inf, 0, 1);
  cal.schedule(1.0, 0, 2);
  cal.schedule(0.0, 0, 3);
  cal.schedule(std::numeric_limits<double>::denorm_min(), 0, 4);
  cal.schedule(inf, 0, 5);
  std::vector<std::uint32_t> order;
  while (!cal.empty()) order.push_back(cal.pop().target);
  EXPECT_EQ(order, (std::vector<std::uint32_t>{3, 4, 2, 1, 5}));
}

// Regression test. Calendar compares (time, seq) as one 128-bit integer built from the bit
// pattern of `time`, which orders non-negative doubles correctly except -0.0: its sign bit
// made it sort after every other time, +inf included, and the time >= 0.0 assertion lets it
// through. This test caught it; schedule() and arm_slot() now normalise with `time + 0.0`.
// -0.0 == 0.0, so it must pop with the zeros, in insertion order.
TEST(CalendarMore, NegativeZeroTimeSortsAsZero) {
  Calendar cal;
  cal.schedule(1.0, 0, 1);
  cal.schedule(-0.0, 0, 2);
  cal.schedule(0.0, 0, 3);
  std::vector<std::uint32_t> order;
  while (!cal.empty()) order.push_back(cal.pop().target);
  EXPECT_EQ(order, (std::vector<std::uint32_t>{2, 3, 1}));
}

TEST(CalendarMore, HoldModelMatchesAReferenceQueue) {
  // The classic hold model: keep N events pending, pop the earliest and push one at
  // now + increment. Compared event by event with std::priority_queue on (time, seq).
  using Key = std::tuple<double, std::uint64_t, std::uint32_t>;
  std::priority_queue<Key, std::vector<Key>, std::greater<>> ref;
  Calendar cal;
  std::uint64_t x = 0x9e3779b97f4a7c15ULL;
  const auto increment = [&x] {
    x = x * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<double>(x >> 56) * 0.25;  // coarse: many ties, some zero increments
  };
  for (std::uint32_t i = 0; i < 1000; ++i) {
    const double t = increment();
    ref.emplace(t, cal.schedule(t, 0, i), i);
  }
  for (std::uint32_t i = 0; i < 50'000; ++i) {
    const Event e = cal.pop();
    const auto [t, seq, target] = ref.top();
    ref.pop();
    ASSERT_EQ(e.time, t);
    ASSERT_EQ(e.seq, seq);
    ASSERT_EQ(e.target, target);
    const double next = e.time + increment();
    ref.emplace(next, cal.schedule(next, 0, i), i);
  }
  EXPECT_EQ(cal.size(), ref.size());
}

// --- Slots: one pending event per recurring source, ordered with the heap by (time, seq) ------

TEST(CalendarMore, SlotsAndHeapShareOneOrder) {
  Calendar cal;
  const std::uint32_t a = cal.add_slot();
  const std::uint32_t b = cal.add_slot();
  const std::uint32_t c = cal.add_slot();
  EXPECT_TRUE(cal.empty());       // idle slots are not events
  cal.arm_slot(a, 5.0, 1, 100);   // seq 0
  cal.schedule(5.0, 0, 200);      // seq 1
  cal.arm_slot(b, 5.0, 1, 101);   // seq 2
  cal.schedule(1.0, 0, 201);      // seq 3
  cal.arm_slot(c, -0.0, 1, 102);  // seq 4; -0.0 is time zero here too
  EXPECT_EQ(cal.size(), 5U);
  std::vector<std::uint32_t> order;
  while (!cal.empty()) order.push_back(cal.pop().target);
  EXPECT_EQ(order, (std::vector<std::uint32_t>{102, 201, 100, 200, 101}));
  // A fired slot is idle again and can be re-armed; clear() drops slots with the events.
  EXPECT_EQ(cal.arm_slot(a, 6.0, 1, 100), 5U);
  EXPECT_EQ(cal.size(), 1U);
  cal.clear();
  EXPECT_TRUE(cal.empty());
  EXPECT_EQ(cal.size(), 0U);
}

TEST(CalendarMore, SlotsInAHoldModelMatchAReferenceQueue) {
  // Four recurring sources in slots, re-armed when they fire, plus a hold model of 200 heap
  // events; checked pop by pop against std::priority_queue on (time, seq).
  using Key = std::tuple<double, std::uint64_t, std::uint32_t, std::uint32_t>;
  std::priority_queue<Key, std::vector<Key>, std::greater<>> ref;
  Calendar cal;
  std::uint64_t x = 0x2545f4914f6cdd1dULL;
  const auto increment = [&x] {
    x = x * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<double>(x >> 58) * 0.5;  // coarse: many exact ties between slots and heap
  };
  for (std::uint32_t s = 0; s < 4; ++s) {
    const std::uint32_t slot = cal.add_slot();
    const double t = increment();
    ref.emplace(t, cal.arm_slot(slot, t, 1, slot), 1, slot);
  }
  for (std::uint32_t i = 0; i < 200; ++i) {
    const double t = increment();
    ref.emplace(t, cal.schedule(t, 0, i), 0, i);
  }
  for (int step = 0; step < 20'000; ++step) {
    const Event e = cal.pop();
    const auto [t, seq, kind, target] = ref.top();
    ref.pop();
    ASSERT_EQ(e.time, t) << "step " << step;
    ASSERT_EQ(e.seq, seq) << "step " << step;
    ASSERT_EQ(e.kind, kind) << "step " << step;
    ASSERT_EQ(e.target, target) << "step " << step;
    const double next = e.time + increment();
    if (e.kind == 1) {
      ref.emplace(next, cal.arm_slot(e.target, next, 1, e.target), 1, e.target);
    } else {
      ref.emplace(next, cal.schedule(next, 0, e.target), 0, e.target);
    }
  }
  EXPECT_EQ(cal.size(), ref.size());
}

}  // namespace
}  // namespace ccsim::engine
