// Event-calendar designs compared under one interface (issue 6): engine::Calendar (4-ary
// heap), BinaryHeapCalendar and CalendarQueue (Brown 1988). All three pop the same
// (time, seq) sequence (tests/engine/test_calendar_designs.cpp), so only speed tells them apart.
//
// Hold model (Vaucher & Duval 1975): a steady calendar of N pending events; each operation
// pops the earliest and schedules one at now + increment. Timed per hold operation (one pop
// plus one push). Increments are drawn beforehand into a table, so the timing is the
// calendar's, not the sampler's.
//   BM_Hold:        Exp(mean 1) increments.
//   BM_ClassicHold: 70% Exp(mean 1), 30% at 300 s + Exp(mean 1): near events plus far ones,
//                   like a contact center's service completions beside stale patience timers.
//   BM_HoldWithSlot: the reference workload's shape: ~N service completions in the heap,
//                   arrivals (1/s) in a slot, completions Exp(mean N) after their start.
#include "sim/engine/binary_heap_calendar.hpp"
#include "sim/engine/calendar.hpp"
#include "sim/engine/calendar_queue.hpp"
#include "sim/engine/random.hpp"

#include <benchmark/benchmark.h>

#include <cstdint>
#include <vector>

namespace ccsim::engine {
namespace {

constexpr std::size_t kTable = 1 << 16;  // increments cycled through

std::vector<double> increments(bool far_mix) {
  RandomStream rng(1, 0, far_mix ? "bench/classic_hold" : "bench/hold");
  std::vector<double> inc(kTable);
  for (auto& x : inc) x = (far_mix && rng.uniform() < 0.3 ? 300.0 : 0.0) + rng.exponential();
  return inc;
}

template <class Cal>
void hold(benchmark::State& state, bool far_mix) {
  const auto n = static_cast<std::uint32_t>(state.range(0));
  const std::vector<double> inc = increments(far_mix);
  Cal cal;
  cal.reserve(n + 1);
  std::size_t k = 0;
  for (std::uint32_t i = 0; i < n; ++i) cal.schedule(inc[k++ % kTable], 0, i);
  // Warm up so the shape is the steady state, not the initial fill.
  for (std::uint32_t i = 0; i < 4 * n; ++i) {
    const Event e = cal.pop();
    cal.schedule(e.time + inc[k++ % kTable], e.kind, e.target);
  }
  for (auto _ : state) {
    const Event e = cal.pop();
    cal.schedule(e.time + inc[k++ & (kTable - 1)], e.kind, e.target);
  }
  state.SetItemsProcessed(state.iterations());
}

template <class Cal>
void BM_Hold(benchmark::State& state) {
  hold<Cal>(state, false);
}
template <class Cal>
void BM_ClassicHold(benchmark::State& state) {
  hold<Cal>(state, true);
}

template <class Cal>
void BM_HoldWithSlot(benchmark::State& state) {
  const auto n = static_cast<std::uint32_t>(state.range(0));
  const std::vector<double> inc = increments(false);
  const double mean_service = static_cast<double>(n);
  Cal cal;
  cal.reserve(n + 1);
  const std::uint32_t slot = cal.add_slot();
  std::size_t k = 0;
  cal.arm_slot(slot, inc[k++], 1, 0);
  for (std::uint32_t i = 0; i < n; ++i) cal.schedule(mean_service * inc[k++], 0, i);
  for (auto _ : state) {
    const Event e = cal.pop();
    const double next = e.time + inc[k++ & (kTable - 1)];
    if (e.kind == 1) cal.arm_slot(slot, next, 1, 0);
    else cal.schedule(e.time + mean_service * inc[k++ & (kTable - 1)], 0, e.target);
  }
  state.SetItemsProcessed(state.iterations());
}

#define CCSIM_DESIGNS(bm)                                                                      \
  BENCHMARK_TEMPLATE(bm, Calendar)->Arg(100)->Arg(1'000)->Arg(10'000)->Arg(100'000);           \
  BENCHMARK_TEMPLATE(bm, BinaryHeapCalendar)->Arg(100)->Arg(1'000)->Arg(10'000)->Arg(100'000); \
  BENCHMARK_TEMPLATE(bm, CalendarQueue)->Arg(100)->Arg(1'000)->Arg(10'000)->Arg(100'000)

CCSIM_DESIGNS(BM_Hold);
CCSIM_DESIGNS(BM_ClassicHold);
BENCHMARK_TEMPLATE(BM_HoldWithSlot, Calendar)->Arg(100)->Arg(200);
BENCHMARK_TEMPLATE(BM_HoldWithSlot, BinaryHeapCalendar)->Arg(100)->Arg(200);
BENCHMARK_TEMPLATE(BM_HoldWithSlot, CalendarQueue)->Arg(100)->Arg(200);

}  // namespace
}  // namespace ccsim::engine

BENCHMARK_MAIN();
