// An independent answer for a day that starts from a non-empty state with a staffing that
// changes at fixed times: the transient CTMC of (busy, line) of M/M/c(t)+M, agents leaving
// only once their call ends, solved by uniformisation with Eigen. It shares no code with the
// simulator. Per reporting interval it gives, for callers arriving then (PASTA over a
// midpoint grid of arrival times): p_wait, service level within T, abandon rate; and the
// mean line length over the horizon. Callers waiting at time 0 count in the first interval.
#pragma once

#include <Eigen/Sparse>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <utility>
#include <vector>

namespace ccsim::testing {

struct TransientDay {
  double lambda = 0.0, mu = 0.0, theta = 0.0;    // per second
  std::vector<std::pair<double, int>> staffing;  // (from, agents), first at 0; 0 agents after `horizon`
  double horizon = 0.0, interval = 0.0, within = 20.0;
  int busy0 = 0, waiting0 = 0;
  int max_line = 80;
  double dt = 10.0;  // change instants, intervals and the horizon are multiples of it

  struct Interval {
    double p_wait = 0.0, service_level = 0.0, abandon_rate = 0.0;
  };
  std::vector<Interval> intervals;
  double mean_line = 0.0;
  double mass_at_bound = 0.0;  // largest probability of a full line seen (truncation check)

  int agents_at(double t) const {
    if (t >= horizon) return 0;
    int c = 0;
    for (const auto& [from, n] : staffing) {
      if (from <= t) c = n;
    }
    return c;
  }
  int max_agents() const {
    int c = 0;
    for (const auto& s : staffing) c = std::max(c, s.second);
    return c;
  }

  // --- the (busy, line) chain ------------------------------------------------------------
  int B() const { return max_agents(); }
  int idx(int b, int k) const { return b * (max_line + 1) + k; }
  int states() const { return (B() + 1) * (max_line + 1); }

  using Sparse = Eigen::SparseMatrix<double, Eigen::RowMajor>;
  using Vec = Eigen::VectorXd;

  // Generator of the (busy, line) chain with c agents on duty.
  Sparse chain(int c) const {
    std::vector<Eigen::Triplet<double>> t;
    for (int b = 0; b <= B(); ++b) {
      for (int k = 0; k <= max_line; ++k) {
        const int i = idx(b, k);
        const auto add = [&](int j, double r) {
          if (r <= 0.0) return;
          t.emplace_back(i, j, r);
          t.emplace_back(i, i, -r);
        };
        if (b < c) add(idx(b + 1, k), lambda);
        else if (k < max_line) add(idx(b, k + 1), lambda);
        if (b > c) add(idx(b - 1, k), b * mu);  // a leaver finishes and logs out
        else if (k > 0) add(idx(b, k - 1), b * mu);
        else if (b > 0) add(idx(b - 1, k), b * mu);
        if (k > 0) add(idx(b, k - 1), k * theta);
      }
    }
    Sparse q(states(), states());
    q.setFromTriplets(t.begin(), t.end());
    return q;
  }
  // Tagged caller (b busy, j callers ahead) plus two absorbing states: answered, abandoned.
  int answered() const { return states(); }
  int abandoned() const { return states() + 1; }
  Sparse tagged(int c) const {
    std::vector<Eigen::Triplet<double>> t;
    for (int b = 0; b <= B(); ++b) {
      for (int j = 0; j <= max_line; ++j) {
        const int i = idx(b, j);
        const auto add = [&](int to, double r) {
          if (r <= 0.0) return;
          t.emplace_back(i, to, r);
          t.emplace_back(i, i, -r);
        };
        if (b > c) add(idx(b - 1, j), b * mu);
        else if (j > 0) add(idx(b, j - 1), b * mu);
        else add(answered(), b * mu);
        if (j > 0) add(idx(b, j - 1), j * theta);
        add(abandoned(), theta);
      }
    }
    Sparse q(states() + 2, states() + 2);
    q.setFromTriplets(t.begin(), t.end());
    return q;
  }

  // exp(Q h) applied to v: forward (row vector, v Q) or backward (column vector, Q v).
  static Vec uniformised(const Sparse& q, const Vec& v, double h, bool forward) {
    double rate = 0.0;
    for (int i = 0; i < q.rows(); ++i) rate = std::max(rate, -q.coeff(i, i));
    if (rate <= 0.0) return v;
    const Sparse qt = forward ? Sparse(q.transpose()) : q;
    Vec term = v, out = Vec::Zero(v.size());
    const double a = rate * h;
    double weight = std::exp(-a), cumulative = 0.0;
    for (int n = 0; cumulative < 1.0 - 1e-14 && n < 10000; ++n) {
      out += weight * term;
      cumulative += weight;
      term = term + (qt * term) / rate;
      weight *= a / (n + 1);
    }
    return out;
  }

  // Agents logging in at a staffing increase to c take waiting callers at once.
  Vec jump_chain(const Vec& p, int c) const {
    Vec out = Vec::Zero(p.size());
    for (int b = 0; b <= B(); ++b) {
      for (int k = 0; k <= max_line; ++k) {
        const int m = std::min(std::max(c - b, 0), k);
        out[idx(b + m, k - m)] += p[idx(b, k)];
      }
    }
    return out;
  }
  // The state a tagged caller's state (b, j) jumps to at an increase to c (backward: h(τ-)).
  int jump_tagged(int b, int j, int c) const {
    const int m = std::max(c - b, 0);
    if (m > j) return answered();
    return idx(b + m, j - m);
  }
  Vec tagged_forward(Vec v, double t0, double t1) const {
    const auto& qs = tagged_chains();
    for (double t = t0; t < t1 - 1e-9;) {
      const double next = std::min(t1, (std::floor(t / dt + 1e-9) + 1.0) * dt);
      v = uniformised(qs[agents_at(t)], v, next - t, true);
      t = next;
      if (std::abs(t / dt - std::round(t / dt)) < 1e-9 && agents_at(t) > agents_at(t - dt / 2)) {
        Vec w = Vec::Zero(v.size());
        w[answered()] = v[answered()];
        w[abandoned()] = v[abandoned()];
        for (int b = 0; b <= B(); ++b) {
          for (int j = 0; j <= max_line; ++j) w[jump_tagged(b, j, agents_at(t))] += v[idx(b, j)];
        }
        v = w;
      }
    }
    return v;
  }
  const std::vector<Sparse>& tagged_chains() const {
    if (tagged_.empty()) {
      for (int c = 0; c <= B(); ++c) tagged_.push_back(tagged(c));
    }
    return tagged_;
  }

  void solve() {
    const double half = dt / 2.0;
    const auto steps = static_cast<int>(std::lround(horizon / half));
    std::vector<Sparse> q;
    for (int c = 0; c <= B(); ++c) q.push_back(chain(c));
    const auto& qt = tagged_chains();
    // Backward: h(s, x) = P(a tagged caller in x at s abandons), 1 at the horizon (no agent after).
    std::vector<Vec> h(static_cast<std::size_t>(steps + 1));
    Vec hv = Vec::Zero(states() + 2);
    for (int i = 0; i < states(); ++i) hv[i] = 1.0;
    hv[abandoned()] = 1.0;
    h[static_cast<std::size_t>(steps)] = hv;
    for (int s = steps; s > 0; --s) {
      const double t = s * half;
      if (s % 2 == 0 && agents_at(t) > agents_at(t - half)) {  // h(t-) = h(t+) after the jump
        Vec w = hv;
        for (int b = 0; b <= B(); ++b) {
          for (int j = 0; j <= max_line; ++j) w[idx(b, j)] = hv[jump_tagged(b, j, agents_at(t))];
        }
        hv = w;
      }
      hv = uniformised(qt[agents_at(t - half)], hv, half, false);
      h[static_cast<std::size_t>(s - 1)] = hv;
    }
    // Forward: p(s) of the (busy, line) chain, and the tagged figures at midpoints.
    intervals.assign(static_cast<std::size_t>(std::lround(horizon / interval)), Interval{});
    Vec p = Vec::Zero(states());
    p[idx(busy0, waiting0)] = 1.0;
    std::vector<double> offered(intervals.size(), 0.0);
    // Callers waiting at time 0 (behind one another, all agents busy).
    for (int j = 0; j < waiting0; ++j) {
      Vec v = Vec::Zero(states() + 2);
      v[idx(busy0, j)] = 1.0;
      intervals[0].p_wait += 1.0;
      intervals[0].service_level += tagged_forward(v, 0.0, within)[answered()];
      intervals[0].abandon_rate += h[0][idx(busy0, j)];
      offered[0] += 1.0;
    }
    double line_area = 0.0;
    for (int n = 0; n < steps / 2; ++n) {
      const double t = n * dt;
      const double mid = t + half;
      const int c = agents_at(t);
      p = uniformised(q[c], p, half, true);
      const std::size_t i = static_cast<std::size_t>(std::floor(mid / interval));
      Vec v = Vec::Zero(states() + 2);
      double at_once = 0.0, line = 0.0;
      for (int b = 0; b <= B(); ++b) {
        for (int k = 0; k <= max_line; ++k) {
          const double w = p[idx(b, k)];
          line += k * w;
          if (b < c) at_once += w;
          else v[idx(b, k)] = w;
        }
        mass_at_bound = std::max(mass_at_bound, p[idx(b, max_line)]);
      }
      const double arrivals = lambda * dt;
      offered[i] += arrivals;
      intervals[i].p_wait += arrivals * (1.0 - at_once);
      intervals[i].service_level += arrivals * (at_once + tagged_forward(v, mid, mid + within)[answered()]);
      intervals[i].abandon_rate += arrivals * v.dot(h[static_cast<std::size_t>(2 * n + 1)]);
      line_area += line * dt;
      p = uniformised(q[c], p, half, true);
      const double end = t + dt;
      if (end < horizon && agents_at(end) > c) p = jump_chain(p, agents_at(end));
    }
    for (std::size_t i = 0; i < intervals.size(); ++i) {
      intervals[i].p_wait /= offered[i];
      intervals[i].service_level /= offered[i];
      intervals[i].abandon_rate /= offered[i];
    }
    mean_line = line_area / horizon;
  }

private:
  mutable std::vector<Sparse> tagged_;
};

}  // namespace ccsim::testing
