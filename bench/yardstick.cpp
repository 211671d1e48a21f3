// Yardstick (issue 6): the fastest single-purpose loop we can write for the reference
// workload, to tell how far the general simulator is from what the hardware allows.
//
// Reference workload: one FCFS queue, Poisson arrivals 1 call/s, exponential handle time
// mean 95 s, 100 agents, exponential patience mean 300 s, 1,000,000 calls, one thread. The
// loop computes the statistics ccsim computes for it (offered, answered, abandoned, answered
// within 10/20/30/60 s, sums of waits, wait histogram, busy time, queue-length integral) and
// draws from the same streams with the same samplers, so the sampling cost is the same and
// its figures match ccsim's call for call.
//
// Design: draws in blocks of 64 per stream (RandomStream::exponential_n, as ccsim), a binary
// min-heap of the (at most 100) service completion times, and a FIFO ring of waiting callers
// with lazy abandonment. A caller whose deadline has passed is removed when a
// freed agent looks at the head of the line; it abandoned at its deadline, so its wait, the
// queue-length integral and every count are exact, only computed late. No event calendar,
// no call records, no dispatch: two event kinds, told apart by one compare.
//
// Usage: ccsim_bench_yardstick [--calls N] [--ccsim CALLS_PER_S | --no-ccsim]
//   Without --ccsim or --no-ccsim, runs ccsim's model on the same workload (as
//   bench/run_benchmark.cpp does) and prints the ratio ccsim / yardstick.
#include "bench/reference_workload.hpp"
#include "sim/engine/random.hpp"
#include "sim/model/runner.hpp"
#include "sim/model/tally.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

namespace {

using ccsim::bench::kAgents;
using ccsim::bench::kMeanHandleS;
using ccsim::bench::kMeanPatienceS;
using ccsim::bench::kRatePerS;
using ccsim::bench::kThresholdsS;
using ccsim::bench::reference_workload;
// Erlang A figures for this workload (tests/data/queueing_exact.json, erlang_a_3600_100_300).
constexpr double kExactSl20 = 0.948047741800128;
constexpr double kExactAbandoned = 0.012120628169077885;

struct Stats {
  std::uint64_t offered = 0;
  std::uint64_t answered = 0;
  std::uint64_t abandoned = 0;
  std::uint64_t answered_no_wait = 0;
  std::array<std::uint64_t, kThresholdsS.size()> waited_within{};  // 0 < w <= threshold
  double sum_wait_answered = 0.0;
  double sum_wait_abandoned = 0.0;
  double busy_time = 0.0;          // agent-seconds busy within [0, horizon)
  double queue_length_area = 0.0;  // caller-seconds waiting within [0, horizon)
  ccsim::model::WaitHistogram waits;

  [[nodiscard]] std::uint64_t answered_within(std::size_t k) const { return answered_no_wait + waited_within[k]; }
};

// Min-heap of completion times; the hole technique moves each element once per level.
class CompletionHeap {
public:
  CompletionHeap() { h_.reserve(kAgents); }
  [[nodiscard]] std::size_t size() const { return h_.size(); }
  [[nodiscard]] bool empty() const { return h_.empty(); }
  [[nodiscard]] double top() const { return h_.front(); }
  void push(double t) {
    std::size_t i = h_.size();
    h_.push_back(t);
    while (i > 0) {
      const std::size_t parent = (i - 1) / 2;
      if (!(t < h_[parent])) break;
      h_[i] = h_[parent];
      i = parent;
    }
    h_[i] = t;
  }
  // Replaces the earliest completion by `t` (the agent took the next caller).
  void replace_top(double t) { sift_down(t, h_.size()); }
  void pop() {
    const double last = h_.back();
    h_.pop_back();
    if (!h_.empty()) sift_down(last, h_.size());
  }

private:
  void sift_down(double t, std::size_t n) {
    std::size_t i = 0;
    for (;;) {
      std::size_t c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && h_[c + 1] < h_[c]) ++c;
      if (!(h_[c] < t)) break;
      h_[i] = h_[c];
      i = c;
    }
    h_[i] = t;
  }
  std::vector<double> h_;
};

struct Waiter {
  double arrival;
  double deadline;  // arrival + patience
  double service;
};

// FIFO ring of waiting callers, capacity a power of two.
class Line {
public:
  Line() : ring_(1024) {}
  [[nodiscard]] bool empty() const { return size_ == 0; }
  [[nodiscard]] const Waiter& front() const { return ring_[head_]; }
  void pop() {
    head_ = (head_ + 1) & (ring_.size() - 1);
    --size_;
  }
  void push(const Waiter& w) {
    if (size_ == ring_.size()) grow();
    ring_[(head_ + size_) & (ring_.size() - 1)] = w;
    ++size_;
  }

private:
  void grow() {
    std::vector<Waiter> bigger(ring_.size() * 2);
    for (std::size_t i = 0; i < size_; ++i) bigger[i] = ring_[(head_ + i) & (ring_.size() - 1)];
    ring_.swap(bigger);
    head_ = 0;
  }
  std::vector<Waiter> ring_;
  std::size_t head_ = 0;
  std::size_t size_ = 0;
};

// One replication of the reference workload over [0, horizon_s) (1 call/s: horizon = calls).
// Streams are ccsim's for call type "calls", seed 1, replication 0.
Stats simulate(double horizon_s) {
  using ccsim::engine::RandomStream;
  RandomStream arrival_rng(1, 0, "call_type/calls/arrivals");
  RandomStream handle_rng(1, 0, "call_type/calls/handle_time");
  RandomStream patience_rng(1, 0, "call_type/calls/patience");
  Stats s;
  CompletionHeap busy;
  Line line;
  const double h = horizon_s;
  const auto in_window = [h](double from, double to) { return std::min(to, h) - std::min(from, h); };
  const auto record_answered = [&](double wait) {
    ++s.answered;
    s.sum_wait_answered += wait;
    s.waits.add(wait);
    if (wait <= 0.0) {
      ++s.answered_no_wait;
      return;
    }
    for (std::size_t k = kThresholdsS.size(); k-- > 0;) {
      if (wait > kThresholdsS[k] + 1e-9) break;
      ++s.waited_within[k];
    }
  };

  // Draws 64 ahead from each stream, as ccsim does (the same numbers as one at a time).
  constexpr std::size_t kBlock = 64;
  std::array<double, kBlock> needs{};
  std::array<double, kBlock> handles{};
  std::array<double, kBlock> patiences{};
  std::size_t next_need = kBlock;
  std::size_t next_caller = kBlock;
  const auto draw_need = [&] {
    if (next_need == kBlock) {
      arrival_rng.exponential_n(needs.data(), kBlock);
      next_need = 0;
    }
    return needs[next_need++];
  };

  double next_arrival = draw_need() / kRatePerS;
  for (;;) {
    const bool arrivals_left = next_arrival < h;
    if (!busy.empty() && (!arrivals_left || busy.top() < next_arrival)) {
      // An agent finishes at `now`: it takes the first waiting caller still there.
      const double now = busy.top();
      bool took = false;
      while (!line.empty()) {
        const Waiter w = line.front();
        line.pop();
        if (w.deadline <= now) {  // gave up at its deadline, before this agent was free
          ++s.abandoned;
          const double wait = w.deadline - w.arrival;
          s.sum_wait_abandoned += wait;
          s.waits.add(wait);
          s.queue_length_area += in_window(w.arrival, w.deadline);
          continue;
        }
        record_answered(now - w.arrival);
        s.queue_length_area += in_window(w.arrival, now);
        s.busy_time += in_window(now, now + w.service);
        busy.replace_top(now + w.service);
        took = true;
        break;
      }
      if (!took) busy.pop();
      continue;
    }
    if (!arrivals_left) break;
    const double now = next_arrival;
    next_arrival = now + draw_need() / kRatePerS;
    ++s.offered;
    if (next_caller == kBlock) {
      handle_rng.exponential_n(handles.data(), kBlock);
      patience_rng.exponential_n(patiences.data(), kBlock);
      next_caller = 0;
    }
    const double service = kMeanHandleS * handles[next_caller];
    const double patience = kMeanPatienceS * patiences[next_caller];
    ++next_caller;
    if (busy.size() < kAgents) {
      record_answered(0.0);
      s.busy_time += in_window(now, now + service);
      busy.push(now + service);
    } else {
      line.push({now, now + patience, service});
    }
  }
  // Callers left in the line when the last agent finished had all run out of patience.
  while (!line.empty()) {
    const Waiter w = line.front();
    line.pop();
    ++s.abandoned;
    const double wait = w.deadline - w.arrival;
    s.sum_wait_abandoned += wait;
    s.waits.add(wait);
    s.queue_length_area += in_window(w.arrival, w.deadline);
  }
  return s;
}

template <class F>
double best_seconds(int repeats, F&& f) {
  double best = 1e300;
  for (int i = 0; i < repeats; ++i) {
    const auto start = std::chrono::steady_clock::now();
    f();
    best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  return best;
}

void print_stats(const char* label, const Stats& s, double horizon_s) {
  const auto n = static_cast<double>(s.offered);
  const auto frac = [n](std::uint64_t k) { return static_cast<double>(k) / n; };
  std::printf("%s: offered %llu answered %llu abandoned %llu\n", label, static_cast<unsigned long long>(s.offered),
              static_cast<unsigned long long>(s.answered), static_cast<unsigned long long>(s.abandoned));
  std::printf("  SL10 %.5f SL20 %.5f SL30 %.5f SL60 %.5f abandoned %.5f\n", frac(s.answered_within(0)),
              frac(s.answered_within(1)), frac(s.answered_within(2)), frac(s.answered_within(3)), frac(s.abandoned));
  std::printf("  ASA %.4f s  mean wait abandoned %.4f s  p50 %.3f p90 %.3f p99 %.3f s\n",
              s.sum_wait_answered / static_cast<double>(s.answered),
              s.sum_wait_abandoned / static_cast<double>(std::max<std::uint64_t>(s.abandoned, 1)),
              s.waits.quantile(0.5), s.waits.quantile(0.9), s.waits.quantile(0.99));
  std::printf("  occupancy %.5f  mean queue length %.5f\n", s.busy_time / (kAgents * horizon_s),
              s.queue_length_area / horizon_s);
}

}  // namespace

int main(int argc, char** argv) {
  double calls = 1e6;
  std::optional<double> ccsim_rate;
  bool run_ccsim = true;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--calls" && i + 1 < argc) calls = std::stod(argv[++i]);
    else if (arg == "--ccsim" && i + 1 < argc) ccsim_rate = std::stod(argv[++i]);
    else if (arg == "--no-ccsim") run_ccsim = false;
    else {
      std::fprintf(stderr, "usage: %s [--calls N] [--ccsim CALLS_PER_S | --no-ccsim]\n", argv[0]);
      return 2;
    }
  }

  Stats s;
  const double yard_s = best_seconds(5, [&] { s = simulate(calls); });
  const double yard_rate = static_cast<double>(s.offered) / yard_s;
  print_stats("yardstick", s, calls);

  // Against Erlang A. The binomial standard error understates the true one (successive
  // callers' waits are correlated), so agreement is judged at a few of them.
  const auto n = static_cast<double>(s.offered);
  const double sl20 = static_cast<double>(s.answered_within(1)) / n;
  const double ab = static_cast<double>(s.abandoned) / n;
  const double se_sl = std::sqrt(kExactSl20 * (1 - kExactSl20) / n);
  const double se_ab = std::sqrt(kExactAbandoned * (1 - kExactAbandoned) / n);
  std::printf("  Erlang A: SL20 %.4f (measured %+.1f binomial SE), abandoned %.5f (%+.1f SE)\n", kExactSl20,
              (sl20 - kExactSl20) / se_sl, kExactAbandoned, (ab - kExactAbandoned) / se_ab);
  std::printf("yardstick: %.0f calls in %.4f s (best of 5): %.2f M calls/s\n", n, yard_s, yard_rate / 1e6);

  if (!ccsim_rate && run_ccsim) {
    const auto sc = reference_workload(calls);
    ccsim::model::ReplicationTally tally;
    const double ccsim_s = best_seconds(5, [&] { tally = ccsim::model::run_replication(sc, 0); });
    ccsim_rate = static_cast<double>(tally.calls_simulated) / ccsim_s;
    const auto& t = tally.call_types.at(0);
    std::printf("ccsim:     offered %llu answered %llu abandoned %llu SL20 %.5f (yardstick: %s)\n",
                static_cast<unsigned long long>(t.offered), static_cast<unsigned long long>(t.answered),
                static_cast<unsigned long long>(t.abandoned),
                static_cast<double>(t.answered_within(1)) / static_cast<double>(t.offered),
                t.offered == s.offered && t.answered == s.answered && t.abandoned == s.abandoned &&
                        t.answered_within(0) == s.answered_within(0) && t.answered_within(1) == s.answered_within(1) &&
                        t.answered_within(2) == s.answered_within(2) && t.answered_within(3) == s.answered_within(3)
                    ? "same counts"
                    : "COUNTS DIFFER");
    std::printf("ccsim:     %llu calls in %.4f s (best of 5): %.2f M calls/s\n",
                static_cast<unsigned long long>(tally.calls_simulated), ccsim_s, *ccsim_rate / 1e6);
  }
  if (ccsim_rate) {
    std::printf("ratio ccsim / yardstick (time per call): %.2fx (target <= 2.5x)\n", yard_rate / *ccsim_rate);
  }
  return 0;
}
