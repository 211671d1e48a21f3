// The exact transient answer of a day of one queue, one call type and one agent group,
// Markovian (Poisson arrivals at per-interval rates, exponential handle time and patience, an
// optional capacity) with staffing that changes at given instants and a non-empty state at
// time 0: the continuous-time Markov chain of (busy agents b, callers in line k), solved over
// each stretch where rates and staffing are constant by uniformisation with Eigen.
//
// Agents leaving finish their call, as the simulator does: with c agents on duty the chain
// may hold b > c busy agents; then b - c of them log out when they finish (a completion takes
// no caller while b > c), and a staffing increase to c' first keeps them, then logs in
// c' - b agents who take waiting callers at once (a jump of the chain).
//
// Per reporting interval, the figures of the callers who arrive in it (docs/formulas.md,
// "Transient day"): offered, answered at once, blocked, answered, abandoned, answered within
// each threshold, their waits, and the time integrals of the line, the busy and the logged-in
// agents. A tagged caller's fate is the absorbing chain of (b, callers ahead); its
// probabilities of being answered or abandoning, and its expected remaining waits, are
// backward functions of the time, paired with the arrivals of each stretch through an
// augmented forward system (exact); answered within T is the same tagged chain run forward
// over T, exact where no staffing change falls within T of the arrival, and integrated by
// composite Gauss-Legendre quadrature in the windows where one does.
//
// Ratios to the callers offered are also given as `ccsim run` reports them: the mean over days
// of each day's ratio, E[X / N], not E[X] / E[N]. With N = n0 + M, M the Poisson arrivals,
// 1 / N = integral over [0, 1] of x^(N-1), and weighting a day by x^M is the day with arrival
// rate x lambda times exp(-(1 - x) E[M]); so E[X / N] = integral of exp(-(1 - x) E[M]) x^(n0-1)
// E_x[X] dx, E_x the day with the arrivals counted thinned to x lambda (Gauss-Laguerre in
// u = (1 - x) E[M], or Gauss-Legendre in x for few arrivals).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace ccsim::analysis {

// From `at_s` on (until the next step): `lambda` calls/s arrive (0 from the horizon on,
// whatever the step says) and `agents` are on duty. The first step is at 0; the last holds
// for ever.
struct TransientStep {
  double at_s = 0.0;
  double lambda = 0.0;
  std::uint32_t agents = 0;
};

struct TransientDay {
  double mu = 0.0;     // 1 / mean handle time
  double theta = 0.0;  // 1 / mean patience; 0 = never abandons
  std::optional<std::uint32_t> capacity;
  std::vector<TransientStep> steps;
  double horizon_s = 0.0;
  double warmup_s = 0.0;
  double interval_s = 0.0;
  std::vector<double> thresholds_s;
  std::uint32_t busy0 = 0;     // agents busy at time 0
  std::uint32_t waiting0 = 0;  // callers waiting at time 0 (arrivals at 0, counted without warm-up)
};

// Expected values for the counted callers arriving in one reporting interval, and time
// integrals over its counted part (on_duty_area over the whole interval).
struct TransientInterval {
  double offered = 0.0;
  double answered = 0.0;  // at once included
  double answered_at_once = 0.0;
  double abandoned = 0.0;
  double blocked = 0.0;
  std::vector<double> within;  // per threshold: answered with wait <= T (at once included)
  double wait_answered = 0.0;  // sum of the waits of answered callers
  double wait_all = 0.0;       // sum of the waits of answered and abandoned callers
  double counted_s = 0.0;      // length of the counted part
  double line_area = 0.0;      // callers waiting x s
  double busy_area = 0.0;      // busy agents x s
  double logged_area = 0.0;    // logged-in agents (on duty, and leavers finishing) x s
  double on_duty_area = 0.0;   // the same over the whole interval, warm-up included
  // The mean over days of each day's own ratios to its offered callers N (days without a
  // caller left out), as `ccsim run` averages per-replication figures: E[X / N | N >= 1].
  struct PerDay {
    std::vector<double> within;
    double answered = 0.0, abandoned = 0.0, blocked = 0.0, answered_at_once = 0.0;
  };
  PerDay per_day;
};

struct TransientFigures {
  std::vector<TransientInterval> intervals;
  std::size_t states = 0;      // (busy, line) states of the chain
  std::uint32_t max_line = 0;  // the line's bound: capacity, or where an unlimited line was cut
  bool truncated = false;      // max_line is a cut of an unlimited queue
  double mass_at_bound = 0.0;  // largest probability of a full line seen (at stretch ends, time average)
  std::size_t quadrature_nodes = 0;
  TransientInterval::PerDay per_day;  // the whole counted window's ratios, as per_day of an interval
};

// Solves the day. `nodes` is the Gauss-Legendre order of the service-level windows (8; tests
// use 16 to check the quadrature). An unlimited line is cut where its probability stays below
// `boundary_mass`, doubling the cut until it does. Throws ccsim::InputError when the chain
// would exceed `max_states`, or when waiting callers could never leave (no agents and no
// patience after the last staffing change).
[[nodiscard]] TransientFigures solve_transient_day(const TransientDay& day, double boundary_mass = 1e-12,
                                                   std::size_t max_states = 2'000'000, int nodes = 8);

}  // namespace ccsim::analysis
