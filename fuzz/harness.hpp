// The fuzzing harness over the scenario loader, shared by the libFuzzer target (fuzz_loader.cpp)
// and the regression test (tests/scenario/test_fuzz_regressions.cpp). Header-only, so the tests build
// it whether or not the fuzzer is configured.
//
// Contract under test: for any bytes, load_scenario_text either throws ccsim::InputError or
// returns a Scenario that check_routing, to_dot and a short simulation all accept (the model
// may throw InputError too, for a scenario that can never finish). Any other exception, any
// crash, CCSIM_ASSERT, sanitizer report, hang or huge allocation is a finding.
#pragma once

#include "sim/error.hpp"
#include "sim/model/runner.hpp"
#include "sim/model/scenario.hpp"
#include "sim/scenario/loader.hpp"
#include "sim/scenario/routing_graph.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace ccsim::fuzz {

// A loaded scenario is simulated for at most this much arrival time, one replication...
inline constexpr double kMaxHorizonS = 3600.0;
// ...and only when it expects at most this many arrivals there, so that one input takes
// milliseconds, not minutes (throughput is what finds bugs).
inline constexpr double kMaxExpectedArrivals = 20000.0;

// What one input did.
enum class Outcome {
  Rejected,         // the loader threw InputError
  RejectedByModel,  // it loaded, and the model threw InputError (e.g. callers stuck for ever)
  TooManyCalls,     // it loaded, routing checked; too many arrivals to simulate here
  Simulated,        // it loaded, routing checked, one short replication ran
};

// A broken contract: prints what and aborts, so libFuzzer (and a test's death) records it.
[[noreturn]] inline void finding(const std::string& what) {
  std::fprintf(stderr, "fuzz harness: %s\n", what.c_str());
  std::abort();
}

// The scenario cut to at most kMaxHorizonS of arrivals and one replication, still valid: the
// horizon becomes a whole number of intervals (or one interval of kMaxHorizonS when an
// interval is longer), per-interval lists keep their first entries, the warm-up stays
// shorter than the horizon and outages starting after it are dropped.
[[nodiscard]] inline model::Scenario shortened(model::Scenario sc) {
  sc.replications = 1;
  if (sc.horizon_s <= kMaxHorizonS) return sc;
  const double whole = std::floor(kMaxHorizonS / sc.interval_s);
  if (whole >= 1.0) {
    sc.horizon_s = whole * sc.interval_s;
  } else {
    sc.interval_s = kMaxHorizonS;
    sc.horizon_s = kMaxHorizonS;
  }
  const std::size_t n = sc.interval_count();
  for (auto& ct : sc.call_types) {
    if (ct.arrivals.per_second.size() > n) ct.arrivals.per_second.resize(n);
  }
  for (auto& g : sc.agent_groups) {
    if (g.agents.size() > n) g.agents.resize(n);
  }
  if (sc.warmup_s >= sc.horizon_s) sc.warmup_s = 0.5 * sc.horizon_s;
  for (auto& site : sc.sites) {
    std::erase_if(site.outages, [&](const model::Outage& o) { return o.from_s >= sc.horizon_s; });
  }
  return sc;
}

// Expected number of arrivals over the horizon: the integral of every call type's rate.
[[nodiscard]] inline double expected_arrivals(const model::Scenario& sc) {
  double total = 0.0;
  for (const auto& ct : sc.call_types) {
    const auto& rates = ct.arrivals.per_second;
    if (rates.size() == 1) {
      total += rates[0] * sc.horizon_s;
      continue;
    }
    for (std::size_t i = 0; i < rates.size(); ++i) {
      const double start = static_cast<double>(i) * sc.interval_s;
      const double end = std::min(start + sc.interval_s, sc.horizon_s);
      if (end > start) total += rates[i] * (end - start);
    }
  }
  return total;
}

// Properties every replication must have whatever the scenario: each counted call has
// exactly one outcome, and no figure is negative or NaN.
inline void check_tally(const model::ReplicationTally& t) {
  for (std::size_t i = 0; i < t.call_types.size(); ++i) {
    const auto& c = t.call_types[i];
    const std::uint64_t ended = c.answered + c.abandoned + c.blocked + c.overflowed_out + c.dropped + c.callback;
    if (ended != c.offered) {
      finding("call type " + std::to_string(i) + ": offered " + std::to_string(c.offered) +
              " != answered + abandoned + blocked + overflowed_out + dropped + callback = " + std::to_string(ended));
    }
    if (c.answered_no_wait() > c.answered) finding("call type " + std::to_string(i) + ": answered_no_wait > answered");
    if (!(c.sum_wait_answered >= 0.0) || !(c.sum_wait_abandoned >= 0.0)) {
      finding("call type " + std::to_string(i) + ": a sum of waits is negative or NaN");
    }
  }
  for (std::size_t g = 0; g < t.groups.size(); ++g) {
    const auto& gt = t.groups[g];
    if (!(gt.busy_time >= 0.0) || !(gt.logged_in_time >= 0.0) || gt.busy_time > gt.logged_in_time * (1 + 1e-9) + 1e-6) {
      finding("agent group " + std::to_string(g) + ": busy time " + std::to_string(gt.busy_time) +
              " outside [0, logged-in time " + std::to_string(gt.logged_in_time) + "]");
    }
  }
}

// Runs one input through the loader, the routing checks and (bounded) the model.
inline Outcome check_scenario_text(const std::string& text) {
  model::Scenario sc;
  try {
    sc = scenario::load_scenario_text(text, "fuzz.json");
  } catch (const InputError& e) {
    if (e.messages().empty()) finding("InputError without a message");
    return Outcome::Rejected;
  }
  (void)scenario::check_routing(sc);
  if (scenario::to_dot(sc).empty()) finding("to_dot returned nothing");

  const model::Scenario short_sc = shortened(sc);
  if (!(expected_arrivals(short_sc) <= kMaxExpectedArrivals)) return Outcome::TooManyCalls;
  try {
    check_tally(model::run_replication(short_sc, 0));
  } catch (const InputError&) {
    return Outcome::RejectedByModel;
  }
  return Outcome::Simulated;
}

}  // namespace ccsim::fuzz
