// Analytic steady state of single-pool Markovian call centers: Erlang B, Erlang C and
// Erlang A (M/M/n+M) with an optional finite waiting room, Cobham's priority waits, and
// staffing to a service-level target. Every formula and its source: docs/formulas.md.
//
// Conventions shared by every function here:
// - Arrivals are Poisson, handle times exponential, patience (when given) exponential;
//   one agent pool serves callers first come, first served.
// - Fractions are per offered call, as in README "Results": service_level[T] =
//   answered with wait <= T / offered; asa = mean wait of answered calls; mean_wait =
//   mean wait of answered and abandoned calls (blocked calls have no wait).
// - A model without a steady state (no patience, unlimited queue, offered load >= agents)
//   yields std::nullopt, never a number.
// - Parameters outside their domain (negative rates, non-positive handle time, ...) throw
//   std::invalid_argument: callers validate user input first and report it as InputError.
#pragma once

#include <optional>
#include <span>
#include <vector>

namespace ccsim::analysis {

// Poisson arrivals and exponential handle times of one call stream.
struct Traffic {
  double calls_per_hour = 0.0;  // >= 0
  double handle_s = 0.0;        // mean handle time, s, > 0

  // Offered load in erlangs: arrival rate x mean handle time.
  [[nodiscard]] double offered_erlangs() const { return calls_per_hour * handle_s / 3600.0; }
};

// Erlang B: probability that a call offered to `agents` servers with no waiting room
// (M/M/n/n) is blocked. Stable recursion B(k) = a B(k-1) / (k + a B(k-1)); O(agents).
// offered_erlangs >= 0, agents >= 0 (B = 1 for no agents and a positive load).
[[nodiscard]] double erlang_b(double offered_erlangs, int agents);

// Natural log of Erlang B, for loads so light that B underflows a double (ln 0 = -inf).
[[nodiscard]] double log_erlang_b(double offered_erlangs, int agents);

// Erlang C: probability that a call must wait in M/M/n (unlimited queue, no abandonment),
// C = n B / (n - a (1 - B)). nullopt when offered_erlangs >= agents (unstable). agents >= 1.
[[nodiscard]] std::optional<double> erlang_c(double offered_erlangs, int agents);

// Erlang C service level: P(answered with wait <= within_s) = 1 - C exp(-(n mu - lambda) T).
// nullopt when unstable.
[[nodiscard]] std::optional<double> erlang_c_service_level(const Traffic& traffic, int agents, double within_s);

// Erlang C average speed of answer, s: C / (n mu - lambda). Equal to the mean wait, since
// nobody abandons. nullopt when unstable.
[[nodiscard]] std::optional<double> erlang_c_asa(const Traffic& traffic, int agents);

// M/M/n+M/K: the general single-pool model. No patience and no capacity is Erlang C;
// a patience is Erlang A; capacity 0 is Erlang B whatever the patience.
struct QueueModel {
  Traffic traffic;
  int agents = 1;                    // >= 1
  std::optional<double> patience_s;  // mean exponential patience, s, > 0; none: never abandon
  std::optional<int> capacity;       // most callers waiting, >= 0; none: unlimited
};

// Steady-state figures of a QueueModel, per offered call (see the conventions above).
struct QueueFigures {
  double p_wait = 0.0;        // finds every agent busy and joins the queue
  double block_rate = 0.0;    // finds the waiting room full
  double abandon_rate = 0.0;  // hangs up before being answered
  double asa = 0.0;           // s
  double mean_wait = 0.0;     // s
  double occupancy = 0.0;     // mean busy agents / agents
};

// The stationary distribution of a QueueModel, seen by arrivals (PASTA), and what follows.
// Built once by solve(); service_level() is then O(queue states) per threshold.
class QueueSolution {
public:
  // nullopt when the model has no steady state: no patience, no capacity and offered load
  // >= agents. Throws std::invalid_argument for parameters out of domain, or when the queue
  // would need more than 50 million states to represent (absurd patience or capacity).
  [[nodiscard]] static std::optional<QueueSolution> solve(const QueueModel& model);

  [[nodiscard]] const QueueModel& model() const { return model_; }
  [[nodiscard]] const QueueFigures& figures() const { return figures_; }

  // Answered with wait <= within_s, per offered call. within_s >= 0.
  [[nodiscard]] double service_level(double within_s) const;

private:
  QueueSolution() = default;

  QueueModel model_;
  QueueFigures figures_;
  double p_idle_agent_ = 1.0;  // arrival finds an idle agent and is answered at once
  // Erlang C (unlimited queue, no patience) keeps its closed form: P(W > t) = C e^{-rate t}.
  std::optional<double> erlang_c_decay_per_s_;
  // Otherwise: p_queue_[j] = P(arrival finds all agents busy and j callers waiting, and is
  // admitted), j = 0, 1, ...; truncated where the remaining mass is below 1e-20.
  std::vector<double> p_queue_;
};

// Cobham (1954): mean wait of each class in M/M/n with non-preemptive priorities, all
// classes sharing one exponential handle time. Classes are given highest priority first;
// element k of the result is class k's mean wait in s, or nullopt when that class is
// unstable (its load plus the load of every higher class >= agents). When the total load
// is >= agents but class k is stable, agents are always busy (P(wait) = 1), the overloaded
// limit of the formula; class k's figure is then exact for that limit.
[[nodiscard]] std::vector<std::optional<double>> priority_mean_waits(std::span<const double> calls_per_hour_by_priority,
                                                                     double handle_s, int agents);

// Fewest agents meeting a service-level target, with the figures at that staffing.
struct StaffingResult {
  int agents = 0;
  double service_level = 1.0;  // at the target's threshold
  QueueFigures figures;
};

// Fewest agents n with service_level(within_s) >= target, by Erlang C, or by Erlang A when
// patience_s is given. Designed to be called per interval: calls_per_hour may be 0, which
// needs 0 agents (service level 1 and zero figures, the limits as the load vanishes).
// 0 < target < 1, within_s >= 0, handle_s > 0. Monotone search (service level rises with
// agents): doubling, then bisection.
[[nodiscard]] StaffingResult staff_for_target(double calls_per_hour, double handle_s, std::optional<double> patience_s,
                                              double within_s, double target);

}  // namespace ccsim::analysis
