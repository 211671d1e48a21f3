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
