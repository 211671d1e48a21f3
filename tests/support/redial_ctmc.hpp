// An exact answer for redials, independent of the simulator and of `ccsim exact`: the (system,
// orbit) CTMC of M/M/c+M with redials. n callers in the system (in service or waiting, at most
// c + K with a waiting room K), m callers in the orbit (waiting to redial). First attempts
// arrive at rate lambda; a caller in the orbit redials at rate nu (exponential delay); a waiting
// caller abandons at rate theta and joins the orbit with probability p_abandon; an attempt that
// finds the waiting room full is blocked and joins the orbit with probability p_blocked.
// Unlimited redials. The orbit is truncated at m_max (and the line at n_max without a room),
// with the probability mass at the bounds reported. Figures are per attempt, as ccsim counts
// them: an attempt arriving in state (n, m) sees that state with weight (lambda + m nu) pi(n, m).
#pragma once

#include <Eigen/Sparse>
#include <Eigen/SparseLU>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <stdexcept>
#include <vector>

namespace ccsim::testing {

struct RedialChain {
  double lambda = 0.0;           // first attempts per second
  double mu = 0.0;               // 1 / mean handle time
  double theta = 0.0;            // 1 / mean patience
  double nu = 0.0;               // 1 / mean redial delay
  double p_abandon = 0.0;        // redial probability after abandoning
  double p_blocked = 0.0;        // redial probability after being blocked
  int agents = 1;                // c
  int capacity = -1;             // waiting room K; -1: unlimited (truncated at n_max)
  int n_max = 400;               // callers in the system, when the room is unlimited
  int m_max = 200;               // callers in the orbit
  std::vector<double> within_s;  // service-level thresholds
};

struct RedialFigures {
  double offered_per_s = 0.0;  // attempts per second
  double redials_per_s = 0.0;
  double answered_rate = 0.0;  // per attempt
  double abandon_rate = 0.0;
  double block_rate = 0.0;
  double redial_rate = 0.0;  // redials / offered
  double caller_answered_rate = 0.0;
  std::vector<double> service_level;  // per threshold: answered within T / offered
  double mass_at_bounds = 0.0;        // stationary probability at n = n_max (unlimited room) or m = m_max
};

// P(answered with a wait <= t) for an attempt that finds j callers waiting ahead and every
// agent busy: it moves up at rate c mu + i theta with i ahead, and abandons at rate theta.
// Uniformisation of the absorbing chain; returns the values for j = 0..jmax.
inline std::vector<double> answered_within(const RedialChain& ch, int jmax, double t) {
  const double cmu = ch.agents * ch.mu;
  const double rate = cmu + jmax * ch.theta + ch.theta;
  // v[k] = P(answered by the remaining time | k ahead); index 0 is "answered" (value 1).
  std::vector<double> r(static_cast<std::size_t>(jmax) + 2, 0.0);
  r[0] = 1.0;
  std::vector<double> acc(r.size(), 0.0), next(r.size());
  const double lt = rate * t;
  double weight = std::exp(-lt);
  // Terms until the Poisson weights are spent (far tail below 1e-15).
  const auto terms = static_cast<int>(lt + 12.0 * std::sqrt(lt + 1.0) + 20.0);
  for (int n = 0; n <= terms; ++n) {
    for (std::size_t i = 0; i < r.size(); ++i) acc[i] += weight * r[i];
    // One step of P = I + Q / rate on the value vector.
    next[0] = 1.0;
    for (int k = 0; k <= jmax; ++k) {
      const double up = cmu + k * ch.theta;
      const auto s = static_cast<std::size_t>(k) + 1;
      next[s] = (up * r[s - 1] + (rate - up - ch.theta) * r[s]) / rate;
    }
    r.swap(next);
    weight *= lt / (n + 1);
  }
  return {acc.begin() + 1, acc.end()};
}

inline RedialFigures solve_redial_chain(const RedialChain& ch) {
  const int c = ch.agents;
  const int n_top = ch.capacity >= 0 ? c + ch.capacity : ch.n_max;
  const int m_top = ch.m_max;
  const auto index = [&](int n, int m) { return static_cast<Eigen::Index>(m) * (n_top + 1) + n; };
  const Eigen::Index states = static_cast<Eigen::Index>(n_top + 1) * (m_top + 1);
  std::vector<Eigen::Triplet<double>> qt;  // transposed generator: qt(to, from)
  std::vector<double> out(static_cast<std::size_t>(states), 0.0);
  const auto add = [&](int n, int m, int n2, int m2, double rate) {
    if (rate <= 0.0) return;
    if (n2 > n_top || m2 > m_top || (n2 == n && m2 == m)) return;  // truncated (or no change)
    qt.emplace_back(index(n2, m2), index(n, m), rate);
    out[static_cast<std::size_t>(index(n, m))] += rate;
  };
  for (int m = 0; m <= m_top; ++m) {
    for (int n = 0; n <= n_top; ++n) {
      const int waiting = std::max(0, n - c);
      const bool full = ch.capacity >= 0 && n == n_top;
      if (!full) {
        add(n, m, n + 1, m, ch.lambda);
        add(n, m, n + 1, m - 1, m * ch.nu);
      } else {
        add(n, m, n, m + 1, ch.lambda * ch.p_blocked);  // a blocked first attempt may redial
        // A blocked redial that redials again leaves the state as it is.
        add(n, m, n, m - 1, m * ch.nu * (1.0 - ch.p_blocked));
      }
      add(n, m, n - 1, m, std::min(n, c) * ch.mu);
      add(n, m, n - 1, m + 1, waiting * ch.theta * ch.p_abandon);
      add(n, m, n - 1, m, waiting * ch.theta * (1.0 - ch.p_abandon));
    }
  }
  for (Eigen::Index s = 0; s < states; ++s) qt.emplace_back(s, s, -out[static_cast<std::size_t>(s)]);
  // Replace the first balance equation by the normalisation sum(pi) = 1.
  std::vector<Eigen::Triplet<double>> a;
  a.reserve(qt.size() + static_cast<std::size_t>(states));
  for (const auto& t : qt) {
    if (t.row() != 0) a.push_back(t);
  }
  for (Eigen::Index s = 0; s < states; ++s) a.emplace_back(0, s, 1.0);
  Eigen::SparseMatrix<double> A(states, states);
  A.setFromTriplets(a.begin(), a.end());
  Eigen::VectorXd b = Eigen::VectorXd::Zero(states);
  b(0) = 1.0;
  Eigen::SparseLU<Eigen::SparseMatrix<double>> lu;
  lu.compute(A);
  if (lu.info() != Eigen::Success) throw std::runtime_error("redial chain: factorisation failed");
  const Eigen::VectorXd pi = lu.solve(b);

  RedialFigures f;
  const int jmax = n_top - c;
  std::vector<std::vector<double>> within;
  for (const double t : ch.within_s) within.push_back(answered_within(ch, std::max(jmax, 0), t));
  f.service_level.assign(ch.within_s.size(), 0.0);
  double answered = 0.0, abandoned = 0.0, blocked = 0.0;
  for (int m = 0; m <= m_top; ++m) {
    for (int n = 0; n <= n_top; ++n) {
      const double p = pi(index(n, m));
      if ((ch.capacity < 0 && n == n_top) || m == m_top) f.mass_at_bounds += p;
      const double attempts = (ch.lambda + m * ch.nu) * p;
      f.offered_per_s += attempts;
      f.redials_per_s += m * ch.nu * p;
      answered += std::min(n, c) * ch.mu * p;
      abandoned += std::max(0, n - c) * ch.theta * p;
      if (ch.capacity >= 0 && n == n_top) {
        blocked += attempts;
        continue;
      }
      if (n < c) {
        for (auto& sl : f.service_level) sl += attempts;
        continue;
      }
      // j = n - c callers ahead: answered within T with the probability worked out above.
      const auto j = static_cast<std::size_t>(n - c);
      for (std::size_t k = 0; k < within.size(); ++k) f.service_level[k] += attempts * within[k][j];
    }
  }
  f.answered_rate = answered / f.offered_per_s;
  f.abandon_rate = abandoned / f.offered_per_s;
  f.block_rate = blocked / f.offered_per_s;
  f.redial_rate = f.redials_per_s / f.offered_per_s;
  f.caller_answered_rate = answered / ch.lambda;
  for (auto& sl : f.service_level) sl /= f.offered_per_s;
  return f;
}

}  // namespace ccsim::testing
