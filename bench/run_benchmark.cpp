// Whole-run benchmark: calls simulated per second on the reference workload (and on any
// scenario file given as arguments), one replication, one thread.
//
// Reference workload (issue 2): one queue, Poisson arrivals 1 call/s, exponential handle
// time mean 95 s, 100 agents, exponential patience mean 300 s, 1,000,000 calls.
#include "bench/reference_workload.hpp"
#include "sim/model/runner.hpp"
#include "sim/scenario/loader.hpp"

#include <sys/resource.h>
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

namespace {

using ccsim::bench::reference_workload;

double peak_rss_mib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

// Runs `replications` replications one after another on this thread, `repeats` times, and
// reports the best time.
void measure(const std::string& label, const ccsim::model::Scenario& sc, std::uint32_t replications, int repeats) {
  double best = 1e300;
  std::uint64_t calls = 0;
  std::uint64_t events = 0;
  for (int i = 0; i < repeats; ++i) {
    calls = 0;
    events = 0;
    const auto start = std::chrono::steady_clock::now();
    for (std::uint32_t r = 0; r < replications; ++r) {
      const auto tally = ccsim::model::run_replication(sc, r);
      calls += tally.calls_simulated;
      events += tally.events;
    }
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    best = std::min(best, s);
  }
  std::printf("%-40s %10llu calls %6.3f s  %6.2f M calls/s  %6.2f M events/s  peak RSS %.1f MiB\n", label.c_str(),
              static_cast<unsigned long long>(calls), best, static_cast<double>(calls) / best / 1e6,
              static_cast<double>(events) / best / 1e6, peak_rss_mib());
}

// What a set of replications produced, in replication order: enough to see that two runs
// simulated exactly the same calls.
struct Fingerprint {
  std::uint64_t calls = 0;
  std::uint64_t events = 0;
  double end_times = 0.0;  // sum of every replication's end time, in replication order
  bool operator==(const Fingerprint&) const = default;
};

// `replications` replications on a pool of `threads` threads, best of `repeats`.
double time_on_threads(const ccsim::model::Scenario& sc, std::uint32_t replications, unsigned threads, int repeats,
                       Fingerprint& print) {
  double best = 1e300;
  for (int i = 0; i < repeats; ++i) {
    print = {};
    const auto start = std::chrono::steady_clock::now();
    ccsim::model::run_replications(sc, 0, replications, threads,
                                   [&](std::uint32_t, ccsim::model::ReplicationTally&& t) {
                                     print.calls += t.calls_simulated;
                                     print.events += t.events;
                                     print.end_times += t.end_time_s;
                                   });
    best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  return best;
}

// Thread scaling: the same replications on 1 thread and on `threads`; the speed-up, and
// whether both simulated the same calls (the tests check the results byte for byte).
bool measure_threads(const std::string& label, const ccsim::model::Scenario& sc, std::uint32_t replications,
                     unsigned threads, int repeats) {
  Fingerprint one;
  Fingerprint many;
  const double t1 = time_on_threads(sc, replications, 1, repeats, one);
  const double tn = time_on_threads(sc, replications, threads, repeats, many);
  std::printf(
      "%-40s %u replications, %llu calls: 1 thread %.3f s (%.2f M calls/s), %u threads %.3f s "
      "(%.2f M calls/s): speed-up %.2fx, %s\n",
      label.c_str(), replications, static_cast<unsigned long long>(one.calls), t1,
      static_cast<double>(one.calls) / t1 / 1e6, threads, tn, static_cast<double>(many.calls) / tn / 1e6, t1 / tn,
      one == many ? "same calls" : "DIFFERENT CALLS");
  return one == many;
}

}  // namespace

// Sets the horizon of a scenario with one reporting interval and constant arrival rates so
// that about `calls` first attempts arrive per replication (redials come on top). False when
// the scenario has several intervals or per-interval rates.
bool size_to(ccsim::model::Scenario& sc, double calls) {
  if (sc.interval_count() != 1) return false;
  double per_s = 0.0;
  for (const auto& ct : sc.call_types) {
    if (ct.arrivals.per_second.size() != 1) return false;
    per_s += ct.arrivals.per_second.front();
  }
  if (per_s <= 0.0) return false;
  sc.horizon_s = calls / per_s;
  sc.interval_s = sc.horizon_s;
  sc.warmup_s = std::min(sc.warmup_s, sc.horizon_s);
  return true;
}

int main(int argc, char** argv) {
  // `ccsim_bench_run` alone: the reference workload. `--calls N`: another size (for the
  // memory check). Other arguments: scenario files, each run with its own replications (and
  // with --calls, sized to N first attempts per replication).
  // `--threads N`: thread scaling instead, 1 thread against N, on the reference workload cut
  // into 8 replications and on each scenario file with its own replications.
  double calls = 1e6;
  bool sized = false;  // --calls given: scenario files are sized to that many first attempts too
  unsigned threads = 0;
  std::vector<std::string> files;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--calls" && i + 1 < argc) {
      calls = std::stod(argv[++i]);
      sized = true;
    } else if (arg == "--threads" && i + 1 < argc) threads = static_cast<unsigned>(std::stoul(argv[++i]));
    else files.push_back(arg);
  }
  if (threads > 0) {
    bool same = measure_threads("reference workload (best of 3)", reference_workload(calls / 8), 8, threads, 3);
    for (const auto& f : files) {
      try {
        const auto sc = ccsim::scenario::load_scenario_file(f);
        same &= measure_threads(f + " (best of 3)", sc, sc.replications, threads, 3);
      } catch (const std::exception& e) {
        std::fprintf(stderr, "%s\n", e.what());
        return 2;
      }
    }
    return same ? 0 : 1;
  }
  if (files.empty()) {
    measure("reference workload (best of 5)", reference_workload(calls), 1, calls > 2e6 ? 1 : 5);
  }
  for (const auto& f : files) {
    try {
      auto sc = ccsim::scenario::load_scenario_file(f);
      if (sized && !size_to(sc, calls)) {
        std::fprintf(stderr, "%s: --calls needs one reporting interval and constant arrival rates\n", f.c_str());
        return 2;
      }
      const int best_of = sized && calls > 2e6 ? 1 : 3;
      measure(f + " (" + std::to_string(sc.replications) + " replications, best of " + std::to_string(best_of) + ")",
              sc, sc.replications, best_of);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "%s\n", e.what());
      return 2;
    }
  }
  return 0;
}
