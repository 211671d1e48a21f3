// Event calendar: order by (time, insertion sequence), independent of heap layout.
#include "sim/engine/calendar.hpp"

#include <gtest/gtest.h>

#include <set>
#include <vector>

namespace ccsim::engine {
namespace {

TEST(Calendar, PopsInTimeOrderAndBreaksTiesByInsertion) {
  Calendar cal;
  cal.schedule(5.0, 0, 1);
  cal.schedule(1.0, 0, 2);
  cal.schedule(5.0, 0, 3);
  cal.schedule(3.0, 0, 4);
  cal.schedule(5.0, 0, 5);
  std::vector<std::uint32_t> order;
  while (!cal.empty()) order.push_back(cal.pop().target);
  EXPECT_EQ(order, (std::vector<std::uint32_t>{2, 4, 1, 3, 5}));
}

TEST(Calendar, MatchesSortedReferenceOnManyEvents) {
  Calendar cal;
  std::set<std::pair<double, std::uint64_t>> ref;  // (time, seq), kept sorted
  std::uint64_t x = 12345;
  for (int i = 0; i < 20000; ++i) {
    x = x * 6364136223846793005ULL + 1442695040888963407ULL;
    const double t = static_cast<double>(x >> 54);  // many equal times
    const auto seq = cal.schedule(t, 0, static_cast<std::uint32_t>(i));
    ref.emplace(t, seq);
    if (i % 3 == 2) {  // interleave pops with pushes
      const Event e = cal.pop();
      ASSERT_EQ(e.time, ref.begin()->first);
      ASSERT_EQ(e.seq, ref.begin()->second);
      ref.erase(ref.begin());
    }
  }
  for (const auto& [t, seq] : ref) {
    const Event e = cal.pop();
    ASSERT_EQ(e.time, t);
    ASSERT_EQ(e.seq, seq);
  }
  EXPECT_TRUE(cal.empty());
}

}  // namespace
}  // namespace ccsim::engine

namespace ccsim::engine {
namespace {

// A re-armed slot fires with the kind and target it was first armed with, at its new time,
// in (time, seq) order with everything else.
TEST(Calendar, RearmedSlotKeepsItsWordsAndOrder) {
  Calendar cal;
  const std::uint32_t a = cal.add_slot();
  const std::uint32_t b = cal.add_slot();
  cal.arm_slot(a, 1.0, 7, 3);
  cal.arm_slot(b, 4.0, 9, 4);
  cal.schedule(2.0, 1, 0);
  Event e = cal.pop();
  EXPECT_EQ(e.time, 1.0);
  EXPECT_EQ(e.kind, 7u);
  const std::uint64_t seq = cal.rearm_slot(a, 2.0);  // ties with the scheduled event, later seq
  EXPECT_EQ(cal.size(), 3u);
  e = cal.pop();
  EXPECT_EQ(e.kind, 1u);
  e = cal.pop();
  EXPECT_EQ(e.time, 2.0);
  EXPECT_EQ(e.seq, seq);
  EXPECT_EQ(e.kind, 7u);
  EXPECT_EQ(e.target, 3u);
  cal.rearm_slot(a, 5.0);
  e = cal.pop();
  EXPECT_EQ(e.kind, 9u);
  EXPECT_EQ(e.target, 4u);
  e = cal.pop();
  EXPECT_EQ(e.time, 5.0);
  EXPECT_EQ(e.kind, 7u);
  EXPECT_EQ(e.target, 3u);
  EXPECT_TRUE(cal.empty());
}

}  // namespace
}  // namespace ccsim::engine
