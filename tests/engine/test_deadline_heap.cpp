// engine::DeadlineHeap against a plain ordered set, in both of its layouts (a small unsorted
// array with its earliest tracked, and a binary heap past kFlatMax) and across the switch.
#include "sim/engine/deadline_heap.hpp"
#include "sim/engine/random.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <iterator>
#include <set>
#include <tuple>
#include <vector>

namespace ccsim::engine {
namespace {

// (time, tiebreak, id): the order the heap must keep.
using Reference = std::set<std::tuple<double, std::uint64_t, std::uint32_t>>;

void expect_same_top(const DeadlineHeap& h, const Reference& ref, int step) {
  ASSERT_EQ(h.size(), ref.size()) << "step " << step;
  if (ref.empty()) {
    EXPECT_TRUE(h.empty()) << "step " << step;
    return;
  }
  EXPECT_EQ(h.top_time(), std::get<0>(*ref.begin())) << "step " << step;
  EXPECT_EQ(h.top_id(), std::get<2>(*ref.begin())) << "step " << step;
}

// Random pushes, withdrawals of random ids and removals of the earliest, with the size
// drifting between empty and several times kFlatMax; times on a coarse grid so that equal
// times (told apart by the tiebreak) are common.
TEST(DeadlineHeap, AgreesWithAnOrderedSetThroughBothLayouts) {
  constexpr std::uint32_t kIds = 400;
  DeadlineHeap h;
  Reference ref;
  std::vector<double> time_of(kIds, -1.0);
  std::vector<std::uint64_t> tiebreak_of(kIds, 0);
  RandomStream rng(3, 0, "test/deadline_heap");
  std::uint64_t serial = 0;
  for (int step = 0; step < 60'000; ++step) {
    // Phases: grow well past kFlatMax, then drain to empty, and again.
    const bool growing = (step / 5'000) % 2 == 0;
    const double u = rng.uniform();
    const auto id = static_cast<std::uint32_t>(rng.uniform() * kIds);
    if (growing ? u < 0.6 : u < 0.3) {
      if (h.contains(id)) continue;
      const double t = static_cast<double>(static_cast<int>(rng.uniform() * 50.0));
      h.push(id, t, serial);
      ref.emplace(t, serial, id);
      time_of[id] = t;
      tiebreak_of[id] = serial++;
    } else if (u < (growing ? 0.85 : 0.7)) {
      if (!h.contains(id)) continue;
      h.remove(id);
      ref.erase({time_of[id], tiebreak_of[id], id});
    } else if (!ref.empty()) {  // the earliest leaves (a caller runs out of patience)
      const std::uint32_t top = h.top_id();
      h.remove(top);
      ref.erase(ref.begin());
    }
    expect_same_top(h, ref, step);
    if (HasFatalFailure()) return;
    for (std::uint32_t k = 0; k < kIds; k += 37) {
      EXPECT_EQ(h.contains(k), ref.count({time_of[k], tiebreak_of[k], k}) == 1) << "step " << step;
    }
  }
}

TEST(DeadlineHeap, DrainsInOrderFromEitherLayout) {
  for (const std::size_t n : {std::size_t{5}, DeadlineHeap::kFlatMax, DeadlineHeap::kFlatMax + 1, std::size_t{300}}) {
    DeadlineHeap h;
    RandomStream rng(9, n, "test/deadline_heap_drain");
    Reference ref;
    for (std::uint32_t id = 0; id < n; ++id) {
      const double t = 10.0 * rng.exponential();
      h.push(id, t, id);
      ref.emplace(t, id, id);
    }
    for (const auto& [t, tiebreak, id] : ref) {
      ASSERT_FALSE(h.empty());
      EXPECT_EQ(h.top_time(), t) << "n " << n;
      EXPECT_EQ(h.top_id(), id) << "n " << n;
      h.remove(h.top_id());
    }
    EXPECT_TRUE(h.empty());
    // Empty again: back to the array layout, and usable.
    h.push(7, 1.0, 0);
    EXPECT_EQ(h.top_id(), 7u);
  }
}

}  // namespace
}  // namespace ccsim::engine
