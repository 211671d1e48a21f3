// Engine micro-benchmarks: the calendar under the hold model and in bursts, and the cost of
// one draw from the stream and from every sampler. Run with --benchmark_min_time=0.05 for a
// quick look; items_per_second gives operations (hold steps, events, draws) per second.
#include "sim/engine/calendar.hpp"
#include "sim/engine/distribution.hpp"
#include "sim/engine/random.hpp"

#include <benchmark/benchmark.h>

#include <cstdint>
#include <vector>

namespace ccsim::engine {
namespace {

// Hold model (Vaucher & Duval 1975; the standard event-set benchmark): a steady-state
// calendar of N pending events; each operation pops the earliest and schedules one at
// now + Exp(mean 1). Timed per hold operation (one pop plus one push).
void BM_CalendarHold(benchmark::State& state) {
  const auto n = static_cast<std::uint32_t>(state.range(0));
  RandomStream rng(1, 0, "bench/hold");
  Calendar cal;
  cal.reserve(n + 1);
  for (std::uint32_t i = 0; i < n; ++i) cal.schedule(rng.exponential(), 0, i);
  // Warm up so the heap shape is the steady state, not the initial fill.
  for (std::uint32_t i = 0; i < 4 * n; ++i) {
    const Event e = cal.pop();
    cal.schedule(e.time + rng.exponential(), e.kind, e.target);
  }
  for (auto _ : state) {
    const Event e = cal.pop();
    cal.schedule(e.time + rng.exponential(), e.kind, e.target);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_CalendarHold)->Arg(100)->Arg(1'000)->Arg(100'000);

// Bursts: schedule N events at random times into an empty calendar, then pop them all.
// Timed per event (one push plus one pop); storage is reused across bursts.
void BM_CalendarBurst(benchmark::State& state) {
  const auto n = static_cast<std::uint32_t>(state.range(0));
  RandomStream rng(1, 0, "bench/burst");
  std::vector<double> times(n);
  for (auto& t : times) t = 1000.0 * rng.uniform();
  Calendar cal;
  cal.reserve(n);
  for (auto _ : state) {
    cal.clear();
    for (std::uint32_t i = 0; i < n; ++i) cal.schedule(times[i], 0, i);
    while (!cal.empty()) benchmark::DoNotOptimize(cal.pop());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_CalendarBurst)->Arg(64)->Arg(1'024)->Arg(65'536);

void BM_RandomNextU64(benchmark::State& state) {
  RandomStream rng(1, 0, "bench/u64");
  for (auto _ : state) benchmark::DoNotOptimize(rng.next_u64());
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_RandomNextU64);

void BM_RandomUniform(benchmark::State& state) {
  RandomStream rng(1, 0, "bench/uniform");
  for (auto _ : state) benchmark::DoNotOptimize(rng.uniform());
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_RandomUniform);

void BM_RandomNormal(benchmark::State& state) {
  RandomStream rng(1, 0, "bench/normal");
  for (auto _ : state) benchmark::DoNotOptimize(rng.normal());
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_RandomNormal);

void BM_RandomExponential(benchmark::State& state) {
  RandomStream rng(1, 0, "bench/exponential");
  for (auto _ : state) benchmark::DoNotOptimize(rng.exponential());
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_RandomExponential);

// One draw from a Distribution, through sample() and its switch, as the model calls it.
void sample_loop(benchmark::State& state, const Distribution& dist) {
  RandomStream rng(1, 0, "bench/sample");
  for (auto _ : state) benchmark::DoNotOptimize(dist.sample(rng));
  state.SetItemsProcessed(state.iterations());
}

void BM_SampleExponential(benchmark::State& state) { sample_loop(state, Distribution::exponential(180.0)); }
void BM_SampleLognormal(benchmark::State& state) { sample_loop(state, Distribution::lognormal(240.0, 180.0)); }
void BM_SampleGamma(benchmark::State& state) { sample_loop(state, Distribution::gamma(200.0, 100.0)); }
void BM_SampleGammaShapeBelowOne(benchmark::State& state) { sample_loop(state, Distribution::gamma(50.0, 100.0)); }
void BM_SampleErlang3(benchmark::State& state) { sample_loop(state, Distribution::erlang(3, 300.0)); }
void BM_SampleWeibull(benchmark::State& state) { sample_loop(state, Distribution::weibull(1.5, 120.0)); }
void BM_SampleUniform(benchmark::State& state) { sample_loop(state, Distribution::uniform(10.0, 50.0)); }
void BM_SampleEmpirical(benchmark::State& state) {
  sample_loop(state, Distribution::empirical({12.0, 33.0, 40.0, 75.0, 95.0, 180.0, 300.0, 610.0}));
}
BENCHMARK(BM_SampleExponential);
BENCHMARK(BM_SampleLognormal);
BENCHMARK(BM_SampleGamma);
BENCHMARK(BM_SampleGammaShapeBelowOne);
BENCHMARK(BM_SampleErlang3);
BENCHMARK(BM_SampleWeibull);
BENCHMARK(BM_SampleUniform);
BENCHMARK(BM_SampleEmpirical);

}  // namespace
}  // namespace ccsim::engine
