#include "analysis/estimators/ranking.hpp"

#include "analysis/estimators/statistics.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace ccsim::analysis {

double kn_eta(std::size_t k, std::size_t n0, double alpha) {
  if (k < 2 || n0 < 2 || !(alpha > 0.0 && alpha < 1.0))
    throw std::invalid_argument("kn_eta: k >= 2, n0 >= 2, 0 < alpha < 1");
  return 0.5 * (std::pow(2.0 * alpha / static_cast<double>(k - 1), -2.0 / static_cast<double>(n0 - 1)) - 1.0);
}

double kn_h2(std::size_t k, std::size_t n0, double alpha) {
  return 2.0 * kn_eta(k, n0, alpha) * static_cast<double>(n0 - 1);
}

KnProcedure::KnProcedure(std::size_t k, std::size_t n0, double confidence, double delta)
    : k_(k), n0_(n0), delta_(delta), h2_(kn_h2(k, n0, 1.0 - confidence)), obs_(k), sum_(k, 0.0),
      s2_(k, std::vector<double>(k, 0.0)), alive_(k, true), out_at_(k), out_by_(k) {
  if (!(delta > 0.0)) throw std::invalid_argument("KnProcedure: the indifference zone must be > 0");
}

void KnProcedure::add(const std::vector<double>& observation) {
  for (std::size_t i = 0; i < k_; ++i) {
    if (!alive_[i]) continue;
    obs_[i].push_back(observation[i]);
    sum_[i] += observation[i];
  }
  ++stages_;
  if (stages_ == n0_) first_stage_variances();
  if (stages_ >= n0_) screen();
}

void KnProcedure::drop(std::size_t i, std::size_t stage) {
  if (!alive_[i]) return;
  alive_[i] = false;
  out_at_[i] = stage;
}

std::size_t KnProcedure::alive_count() const {
  return static_cast<std::size_t>(std::count(alive_.begin(), alive_.end(), true));
}

bool KnProcedure::done() const { return alive_count() <= 1 || (stages_ >= n0_ && stages_ >= last_stage_); }

double KnProcedure::mean(std::size_t i) const {
  return obs_[i].empty() ? std::nan("") : sum_[i] / static_cast<double>(obs_[i].size());
}

std::size_t KnProcedure::best() const {
  std::size_t best = k_;
  for (std::size_t i = 0; i < k_; ++i) {
    if (alive_[i] && (best == k_ || mean(i) > mean(best))) best = i;
  }
  return best == k_ ? 0 : best;
}

void KnProcedure::first_stage_variances() {
  double most = 0.0;
  for (std::size_t i = 0; i < k_; ++i) {
    for (std::size_t l = i + 1; l < k_; ++l) {
      if (!alive_[i] || !alive_[l]) continue;
      std::vector<double> d(n0_);
      for (std::size_t r = 0; r < n0_; ++r) d[r] = obs_[i][r] - obs_[l][r];
      const double s = estimate(d).sd;
      s2_[i][l] = s2_[l][i] = s * s;
      most = std::max(most, std::floor(h2_ * s * s / (delta_ * delta_)));
    }
  }
  last_stage_ = std::max(n0_, static_cast<std::size_t>(most) + 1);
}

void KnProcedure::screen() {
  const auto r = static_cast<double>(stages_);
  std::vector<bool> next = alive_;
  for (std::size_t i = 0; i < k_; ++i) {
    if (!alive_[i]) continue;
    for (std::size_t l = 0; l < k_; ++l) {
      if (l == i || !alive_[l]) continue;
      const double w = std::max(0.0, delta_ / (2.0 * r) * (h2_ * s2_[i][l] / (delta_ * delta_) - r));
      if (sum_[i] / r < sum_[l] / r - w) {
        next[i] = false;
        out_at_[i] = stages_;
        out_by_[i] = l;
        break;
      }
    }
  }
  alive_ = next;
}

Feasibility feasibility(const std::vector<double>& values, double bound, bool at_most, double confidence) {
  const Estimate e = estimate(values);
  if (!e.mean || e.n < 2) return Feasibility::Undecided;
  const double h = ci_half_width(e.sd, e.n, confidence);
  const double lo = *e.mean - h;
  const double hi = *e.mean + h;
  if (at_most)
    return hi <= bound ? Feasibility::Feasible : lo > bound ? Feasibility::Infeasible : Feasibility::Undecided;
  return lo >= bound ? Feasibility::Feasible : hi < bound ? Feasibility::Infeasible : Feasibility::Undecided;
}

}  // namespace ccsim::analysis
