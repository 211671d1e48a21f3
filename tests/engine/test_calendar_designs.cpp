// One test suite run against every event-calendar design (ns-3 style): the 4-ary heap in use
// (engine::Calendar), the binary heap and the calendar queue must pop the very same
// (time, seq) sequence, so any of them could stand in without changing a result.
#include "sim/engine/binary_heap_calendar.hpp"
#include "sim/engine/calendar.hpp"
#include "sim/engine/calendar_queue.hpp"
#include "sim/engine/random.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <set>
#include <utility>
#include <vector>

namespace ccsim::engine {
namespace {

template <class Cal>
class CalendarDesign : public ::testing::Test {};

using Designs = ::testing::Types<Calendar, BinaryHeapCalendar, CalendarQueue>;
TYPED_TEST_SUITE(CalendarDesign, Designs);

using Ref = std::set<std::pair<double, std::uint64_t>>;  // (time, seq), the sorted reference

template <class Cal>
void expect_pop(Cal& cal, Ref& ref) {
  ASSERT_FALSE(ref.empty());
  ASSERT_FALSE(cal.empty());
  const Event e = cal.pop();
  ASSERT_EQ(e.time, ref.begin()->first);
  ASSERT_EQ(e.seq, ref.begin()->second);
  ref.erase(ref.begin());
  ASSERT_EQ(cal.size(), ref.size());
}

TYPED_TEST(CalendarDesign, EqualTimesPopInInsertionOrder) {
  TypeParam cal;
  for (std::uint32_t i = 0; i < 100; ++i) cal.schedule(static_cast<double>(i % 3), 0, i);
  std::vector<std::uint32_t> order;
  while (!cal.empty()) order.push_back(cal.pop().target);
  std::vector<std::uint32_t> expected;
  for (std::uint32_t r = 0; r < 3; ++r) {
    for (std::uint32_t i = r; i < 100; i += 3) expected.push_back(i);
  }
  EXPECT_EQ(order, expected);
}

TYPED_TEST(CalendarDesign, CarriesTheOwnersWords) {
  TypeParam cal;
  const auto seq = cal.schedule(2.5, 7, 11, 13, 17);
  const Event e = cal.pop();
  EXPECT_EQ(e.time, 2.5);
  EXPECT_EQ(e.seq, seq);
  EXPECT_EQ(e.kind, 7u);
  EXPECT_EQ(e.target, 11u);
  EXPECT_EQ(e.stamp, 13u);
  EXPECT_EQ(e.extra, 17u);
}

TYPED_TEST(CalendarDesign, NegativeZeroOrdersAsZero) {
  TypeParam cal;
  cal.schedule(0.0, 0, 1);
  cal.schedule(-0.0, 0, 2);
  cal.schedule(1e-300, 0, 3);
  EXPECT_EQ(cal.pop().target, 1u);
  EXPECT_EQ(cal.pop().target, 2u);
  EXPECT_EQ(cal.pop().target, 3u);
}

// Sizes from a handful to beyond every resize threshold; times with many ties, pushes
// earlier than events already popped (allowed by the interface), interleaved pops.
TYPED_TEST(CalendarDesign, MatchesSortedReferenceWithTiesAndInterleaving) {
  for (const int n : {5, 100, 3000, 40000}) {
    TypeParam cal;
    Ref ref;
    std::uint64_t x = 12345 + static_cast<std::uint64_t>(n);
    for (int i = 0; i < n; ++i) {
      x = x * 6364136223846793005ULL + 1442695040888963407ULL;
      const double t = static_cast<double>(x >> 54);  // 1024 distinct times: many ties
      ref.emplace(t, cal.schedule(t, 0, static_cast<std::uint32_t>(i)));
      if (i % 3 == 2) expect_pop(cal, ref);
    }
    while (!ref.empty()) expect_pop(cal, ref);
    EXPECT_TRUE(cal.empty());
    EXPECT_EQ(cal.size(), 0u);
  }
}

// The hold model with stale far timers, as a contact center drives the calendar: the time
// never goes backwards, 30% of events are far off, sizes swell and shrink (resizes).
TYPED_TEST(CalendarDesign, MatchesSortedReferenceUnderHoldWithFarEvents) {
  TypeParam cal;
  Ref ref;
  RandomStream rng(1, 0, "test/calendar_designs");
  double now = 0.0;
  for (int i = 0; i < 200; ++i) {
    const double t = rng.exponential();
    ref.emplace(t, cal.schedule(t, 0, 0));
  }
  for (int step = 0; step < 60000; ++step) {
    now = ref.begin()->first;
    expect_pop(cal, ref);
    const int pushes = (step / 10000) % 2 == 0 ? 2 : (step % 2 == 0 ? 1 : 0);  // grow, then shrink
    for (int k = 0; k < pushes && ref.size() < 20000; ++k) {
      const double t = now + (rng.uniform() < 0.3 ? 300.0 : 0.0) + rng.exponential();
      ref.emplace(t, cal.schedule(t, 0, 0));
    }
    if (ref.empty()) break;
  }
  while (!ref.empty()) expect_pop(cal, ref);
}

TYPED_TEST(CalendarDesign, SlotsInterleaveWithScheduledEvents) {
  TypeParam cal;
  const std::uint32_t a = cal.add_slot();
  const std::uint32_t b = cal.add_slot();
  Ref ref;
  ref.emplace(3.0, cal.arm_slot(a, 3.0, 1, 0));
  ref.emplace(1.0, cal.schedule(1.0, 2, 0));
  ref.emplace(3.0, cal.schedule(3.0, 2, 1));  // ties with slot a, later seq
  ref.emplace(2.0, cal.arm_slot(b, 2.0, 1, 1));
  EXPECT_EQ(cal.size(), 4u);
  expect_pop(cal, ref);            // 1.0
  const Event from_b = cal.pop();  // 2.0, slot b
  EXPECT_EQ(from_b.kind, 1u);
  EXPECT_EQ(from_b.target, 1u);
  ref.erase(ref.begin());
  ref.emplace(2.5, cal.arm_slot(b, 2.5, 1, 1));  // re-armed after firing
  expect_pop(cal, ref);                          // 2.5, slot b
  const Event from_a = cal.pop();                // 3.0: slot a first (smaller seq)
  EXPECT_EQ(from_a.kind, 1u);
  ref.erase(ref.begin());
  expect_pop(cal, ref);  // 3.0, scheduled
  EXPECT_TRUE(cal.empty());
}

// Slots standing for arrival processes beside a calendar of many pending events.
TYPED_TEST(CalendarDesign, SlotsMatchSortedReferenceAtScale) {
  TypeParam cal;
  Ref ref;
  RandomStream rng(2, 0, "test/calendar_designs/slots");
  std::vector<std::uint32_t> slots;
  for (int i = 0; i < 3; ++i) slots.push_back(cal.add_slot());
  std::set<std::uint64_t> slot_seqs;
  for (const auto s : slots) {
    const double t = rng.exponential();
    const auto seq = cal.arm_slot(s, t, 1, s);
    ref.emplace(t, seq);
    slot_seqs.insert(seq);
  }
  for (int i = 0; i < 500; ++i) {
    const double t = 100.0 * rng.exponential();
    ref.emplace(t, cal.schedule(t, 0, 0));
  }
  for (int step = 0; step < 20000; ++step) {
    const double now = ref.begin()->first;
    const Event e = cal.pop();
    ASSERT_EQ(e.time, now);
    ASSERT_EQ(e.seq, ref.begin()->second);
    ref.erase(ref.begin());
    if (slot_seqs.erase(e.seq) > 0) {
      ASSERT_EQ(e.kind, 1u);
      const double t = now + rng.exponential();
      const auto seq = cal.arm_slot(e.target, t, 1, e.target);
      ref.emplace(t, seq);
      slot_seqs.insert(seq);
    } else {
      const double t = now + 100.0 * rng.exponential();
      ref.emplace(t, cal.schedule(t, 0, 0));
    }
  }
}

TYPED_TEST(CalendarDesign, ClearEmptiesAndRestartsTheSequence) {
  TypeParam cal;
  const std::uint32_t s = cal.add_slot();
  cal.arm_slot(s, 5.0, 1, 0);
  for (int i = 0; i < 1000; ++i) cal.schedule(static_cast<double>(i), 0, 0);
  EXPECT_EQ(cal.size(), 1001u);
  EXPECT_EQ(cal.scheduled_count(), 1001u);
  cal.clear();
  EXPECT_TRUE(cal.empty());
  EXPECT_EQ(cal.size(), 0u);
  EXPECT_EQ(cal.scheduled_count(), 0u);
  EXPECT_EQ(cal.schedule(7.0, 0, 3), 0u);
  EXPECT_EQ(cal.schedule(6.0, 0, 4), 1u);
  EXPECT_EQ(cal.pop().target, 4u);
  EXPECT_EQ(cal.pop().target, 3u);
  EXPECT_TRUE(cal.empty());
  // Slots are gone with the clear: a new one starts at index 0.
  EXPECT_EQ(cal.add_slot(), 0u);
}

TYPED_TEST(CalendarDesign, FarAndHugeTimesKeepTheirOrder) {
  TypeParam cal;
  Ref ref;
  for (const double t : {1e300, 1e18, 0.5, 1e9, 1e18, std::numeric_limits<double>::max(), 0.25, 1e-12}) {
    ref.emplace(t, cal.schedule(t, 0, 0));
  }
  while (!ref.empty()) expect_pop(cal, ref);
}

}  // namespace
}  // namespace ccsim::engine
