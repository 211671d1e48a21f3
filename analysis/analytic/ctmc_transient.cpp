#include "analysis/analytic/ctmc_transient.hpp"

#include "analysis/analytic/eigen.hpp"
#include "sim/error.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <numbers>
#include <stdexcept>
#include <string>
#include <utility>

namespace ccsim::analysis {

namespace {

using Vec = Eigen::VectorXd;
using Index = Eigen::Index;
using SpMat = Eigen::SparseMatrix<double, Eigen::RowMajor, Index>;  // row = from state

// Uniformisation stops once the Poisson weights summed reach 1 - kTail; a step longer than
// kChunk / rate is cut in chunks, so that exp(-rate h) stays far from underflow.
constexpr double kTail = 1e-15;
constexpr double kChunk = 200.0;
constexpr double kSame = 1e-9;  // instants closer than this (s) are one

// v exp(A t) (or exp(A t) v), A Metzler with every diagonal >= -rate, `apply(x)` giving x A
// (or A x): sum over n of Poisson(n; rate t) (I + A / rate)^n v.
template <class Apply>
Vec uniformise(Vec v, double t, double rate, const Apply& apply) {
  if (t <= 0.0 || rate <= 0.0) return v;
  const double chunks = std::ceil(rate * t / kChunk);
  const double a = rate * t / chunks;
  const auto most = static_cast<int>(a + 12.0 * std::sqrt(a) + 60.0);
  for (double c = 0; c < chunks; ++c) {
    Vec out = Vec::Zero(v.size());
    Vec term = v;
    double w = std::exp(-a);
    double sum = 0.0;
    for (int n = 0; n <= most; ++n) {
      out += w * term;
      sum += w;
      if (sum >= 1.0 - kTail && n >= a) break;
      term += apply(term) / rate;
      w *= a / (n + 1.0);
    }
    v = std::move(out);
  }
  return v;
}

// Gauss-Legendre nodes and weights on [0, 1].
std::vector<std::pair<double, double>> gauss_legendre(int n) {
  std::vector<std::pair<double, double>> out;
  for (int i = 1; i <= n; ++i) {
    double x = std::cos(std::numbers::pi * (i - 0.25) / (n + 0.5));
    double dp = 0.0;
    for (int it = 0; it < 100; ++it) {
      double p0 = 1.0;
      double p1 = x;
      for (int k = 2; k <= n; ++k) {
        const double p2 = ((2.0 * k - 1.0) * x * p1 - (k - 1.0) * p0) / k;
        p0 = p1;
        p1 = p2;
      }
      dp = n * (x * p1 - p0) / (x * x - 1.0);
      const double dx = p1 / dp;
      x -= dx;
      if (std::abs(dx) < 1e-16) break;
    }
    out.emplace_back((1.0 - x) / 2.0, 1.0 / ((1.0 - x * x) * dp * dp));
  }
  return out;
}

// Gauss-Laguerre nodes and weights (weight exp(-u) on [0, inf)), by Golub-Welsch.
std::vector<std::pair<double, double>> gauss_laguerre(int n) {
  Eigen::MatrixXd j = Eigen::MatrixXd::Zero(n, n);
  for (int i = 0; i < n; ++i) {
    j(i, i) = 2.0 * i + 1.0;
    if (i + 1 < n) j(i, i + 1) = j(i + 1, i) = i + 1.0;
  }
  const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(j);
  std::vector<std::pair<double, double>> out;
  for (int i = 0; i < n; ++i) {
    out.emplace_back(eig.eigenvalues()[i], eig.eigenvectors()(0, i) * eig.eigenvectors()(0, i));
  }
  return out;
}

// The most agents busy at once in a day's chain: on duty at some step, or busy at time 0.
std::uint32_t most_busy(const TransientDay& d) {
  std::uint32_t b = d.busy0;
  for (const auto& s : d.steps) b = std::max(b, s.agents);
  return b;
}

// The chain of one day at one cut of the line: generators per number of agents on duty,
// staffing and rates as functions of time, and the forward and backward sweeps.
class DayChain {
public:
  DayChain(const TransientDay& d, std::uint32_t max_line)
      : d_(d), k_(max_line), b_(most_busy(d)), n_(static_cast<Index>(b_ + 1) * (k_ + 1)), ans_(n_), ab_(n_ + 1),
        rate_t_(b_ * d.mu + (k_ + 1.0) * d.theta) {
    for (std::size_t i = 1; i < d.steps.size(); ++i) {
      if (d.steps[i].agents != d.steps[i - 1].agents) changes_.push_back(d.steps[i].at_s);
    }
  }

  [[nodiscard]] Index states() const { return n_; }
  [[nodiscard]] Index idx(std::uint32_t b, std::uint32_t k) const { return static_cast<Index>(b) * (k_ + 1) + k; }

  [[nodiscard]] const TransientStep& step_at(double t) const {
    std::size_t i = 0;
    while (i + 1 < d_.steps.size() && d_.steps[i + 1].at_s <= t + kSame) ++i;
    return d_.steps[i];
  }
  [[nodiscard]] std::uint32_t agents_at(double t) const { return step_at(t).agents; }
  [[nodiscard]] double lambda_at(double t) const { return t < d_.horizon_s - kSame ? step_at(t).lambda : 0.0; }
  // Whether the staffing rises at t (agents log in and take waiting callers at once).
  [[nodiscard]] bool rises_at(double t) const {
    for (std::size_t i = 1; i < d_.steps.size(); ++i) {
      if (std::abs(d_.steps[i].at_s - t) < kSame) return d_.steps[i].agents > d_.steps[i - 1].agents;
    }
    return false;
  }
  [[nodiscard]] const std::vector<double>& changes() const { return changes_; }

  struct Gen {
    SpMat arrive;  // arrivals at rate 1 (times lambda)
    SpMat serve;   // completions and abandonment
    SpMat tagged;  // the tagged caller's (b, ahead) chain, absorbing in answered and abandoned
    Vec joins;     // 1 where an arrival joins the line
    Vec at_once;   // 1 where an arrival is answered at once
    Vec full;      // 1 where an arrival is blocked
    Vec logged;    // agents logged in: max(b, c)
  };
  const Gen& gen(std::uint32_t c);

  // x Q of the main chain; x T of the tagged chain; T x (backward).
  [[nodiscard]] Vec main_fwd(const Gen& g, double lambda, const Vec& x) const {
    Vec out = g.serve.transpose() * x;
    if (lambda > 0.0) out += lambda * (g.arrive.transpose() * x);
    return out;
  }
  [[nodiscard]] double rate(double lambda) const { return lambda + rate_t_ + 1e-300; }
  [[nodiscard]] Vec jump_main(const Vec& p, std::uint32_t c) const;
  [[nodiscard]] Index jump_tagged(Index i, std::uint32_t c) const;
  [[nodiscard]] Vec jump_tagged_fwd(const Vec& v, std::uint32_t c) const;
  [[nodiscard]] Vec tagged_forward(Vec v, double from, double to);

  // The backward functions at an instant's left limit: P(answered), P(abandoned),
  // E[remaining wait; answered], E[remaining wait], per tagged state.
  struct Backward {
    Vec answered, abandoned, wait_answered, wait;
  };
  [[nodiscard]] Backward final_values(std::uint32_t c);
  [[nodiscard]] Backward propagate_back(const Backward& at_end, double length, std::uint32_t c);
  [[nodiscard]] Backward jump_back(const Backward& after, std::uint32_t c) const;
  // P(answered within t) from each tagged state, constant staffing c.
  const Vec& within(std::uint32_t c, double t);

  // NOLINTBEGIN(readability-identifier-naming): the chain's sizes, read by the sweeps below
  const TransientDay& d_;
  std::uint32_t k_;
  std::uint32_t b_ = 0;
  Index n_ = 0, ans_ = 0, ab_ = 0;
  double rate_t_ = 0.0;
  // NOLINTEND(readability-identifier-naming)

private:
  std::vector<double> changes_;
  std::map<std::uint32_t, Gen> gens_;
  std::map<std::pair<std::uint32_t, double>, Vec> within_;
};

const DayChain::Gen& DayChain::gen(std::uint32_t c) {
  const auto found = gens_.find(c);
  if (found != gens_.end()) return found->second;
  using T = Eigen::Triplet<double, Index>;
  std::vector<T> arrive, serve, tagged;
  Gen g;
  g.joins = g.at_once = g.full = g.logged = Vec::Zero(n_);
  const double mu = d_.mu, theta = d_.theta;
  const auto move = [](std::vector<T>& t, Index from, Index to, double r) {
    if (r <= 0.0) return;
    t.emplace_back(from, to, r);
    t.emplace_back(from, from, -r);
  };
  for (std::uint32_t b = 0; b <= b_; ++b) {
    for (std::uint32_t k = 0; k <= k_; ++k) {
      const Index i = idx(b, k);
      g.logged[i] = std::max(b, c);
      if (b < c) {
        g.at_once[i] = 1.0;
        move(arrive, i, idx(b + 1, k), 1.0);
      } else if (k < k_) {
        g.joins[i] = 1.0;
        move(arrive, i, idx(b, k + 1), 1.0);
      } else {
        g.full[i] = 1.0;
      }
      // A leaver (b > c) finishes and logs out; with nobody waiting, a finished agent idles;
      // else the agent takes the next caller.
      if (b > c || (k == 0 && b > 0)) move(serve, i, idx(b - 1, k), b * mu);
      else if (k > 0) move(serve, i, idx(b, k - 1), b * mu);
      if (k > 0) move(serve, i, idx(b, k - 1), k * theta);
      // The tagged caller with k callers ahead.
      if (b > c) move(tagged, i, idx(b - 1, k), b * mu);
      else if (k > 0) move(tagged, i, idx(b, k - 1), b * mu);
      else move(tagged, i, ans_, b * mu);
      if (k > 0) move(tagged, i, idx(b, k - 1), k * theta);
      move(tagged, i, ab_, theta);
    }
  }
  g.arrive.resize(n_, n_);
  g.arrive.setFromTriplets(arrive.begin(), arrive.end());
  g.serve.resize(n_, n_);
  g.serve.setFromTriplets(serve.begin(), serve.end());
  g.tagged.resize(n_ + 2, n_ + 2);
  g.tagged.setFromTriplets(tagged.begin(), tagged.end());
  return gens_.emplace(c, std::move(g)).first->second;
}

// Agents logging in at a rise to c take waiting callers at once.
Vec DayChain::jump_main(const Vec& p, std::uint32_t c) const {
  Vec out = Vec::Zero(p.size());
  for (std::uint32_t b = 0; b <= b_; ++b) {
    for (std::uint32_t k = 0; k <= k_; ++k) {
      const std::uint32_t m = std::min(c > b ? c - b : 0U, k);
      out[idx(b + m, k - m)] += p[idx(b, k)];
    }
  }
  return out;
}

Index DayChain::jump_tagged(Index i, std::uint32_t c) const {
  if (i >= n_) return i;
  const auto b = static_cast<std::uint32_t>(i / (k_ + 1));
  const auto j = static_cast<std::uint32_t>(i % (k_ + 1));
  const std::uint32_t m = c > b ? c - b : 0U;
  return m > j ? ans_ : idx(b + m, j - m);
}

Vec DayChain::jump_tagged_fwd(const Vec& v, std::uint32_t c) const {
  Vec out = Vec::Zero(v.size());
  for (Index i = 0; i < v.size(); ++i) out[jump_tagged(i, c)] += v[i];
  return out;
}

// The tagged mass v at `from`, carried to `to` through the staffing changes between.
Vec DayChain::tagged_forward(Vec v, double from, double to) {
  double t = from;
  while (t < to - kSame) {
    double next = to;
    for (const double c : changes_) {
      if (c > t + kSame) {
        next = std::min(next, c);
        break;
      }
    }
    const Gen& g = gen(agents_at(t));
    v = uniformise(std::move(v), next - t, rate_t_, [&](const Vec& x) -> Vec { return g.tagged.transpose() * x; });
    t = next;
    if (rises_at(t)) v = jump_tagged_fwd(v, agents_at(t));
  }
  return v;
}

const Vec& DayChain::within(std::uint32_t c, double t) {
  const auto key = std::make_pair(c, t);
  const auto found = within_.find(key);
  if (found != within_.end()) return found->second;
  const Gen& g = gen(c);
  Vec e = Vec::Zero(n_ + 2);
  e[ans_] = 1.0;
  return within_.emplace(key, uniformise(std::move(e), t, rate_t_, [&](const Vec& x) -> Vec { return g.tagged * x; }))
      .first->second;
}

// After the last staffing change (c on duty for ever, no arrivals): the absorbing chain's
// answers, from the transient block (states with b < c, never occupied, pinned to 0).
DayChain::Backward DayChain::final_values(std::uint32_t c) {
  if (c == 0 && d_.theta == 0.0) {
    throw InputError(fmt::format(
        "no agent is on duty after {:g} s and callers never abandon: callers left waiting then could never leave; "
        "give the call type a patience or keep agents on duty",
        d_.steps.back().at_s));
  }
  const SpMat& t = gen(c).tagged;
  using T = Eigen::Triplet<double, Index>;
  std::vector<T> trip;
  Eigen::MatrixXd rhs = Eigen::MatrixXd::Zero(n_, 2);
  for (Index i = 0; i < n_; ++i) {
    const auto b = static_cast<std::uint32_t>(i / (k_ + 1));
    if (b < c) {
      trip.emplace_back(i, i, 1.0);
      continue;
    }
    for (SpMat::InnerIterator it(t, i); it; ++it) {
      if (it.col() < n_) trip.emplace_back(i, it.col(), it.value());
      else rhs(i, it.col() == ans_ ? 0 : 1) = -it.value();
    }
  }
  Eigen::SparseMatrix<double, Eigen::ColMajor, Index> a(n_, n_);
  a.setFromTriplets(trip.begin(), trip.end());
  Eigen::SparseLU<Eigen::SparseMatrix<double, Eigen::ColMajor, Index>> lu;
  lu.compute(a);
  if (lu.info() != Eigen::Success) throw std::runtime_error("ccsim exact: the tagged caller's chain is singular");
  const Eigen::MatrixXd h = lu.solve(rhs);
  Vec ones = Vec::Ones(n_);
  for (Index i = 0; i < n_; ++i) {
    if (i / (k_ + 1) < c) ones[i] = 0.0;
  }
  const Vec g = lu.solve(Vec(-h.col(0).cwiseProduct(ones)));
  const Vec m = lu.solve(Vec(-ones));
  Backward out{Vec::Zero(n_ + 2), Vec::Zero(n_ + 2), Vec::Zero(n_ + 2), Vec::Zero(n_ + 2)};
  out.answered.head(n_) = h.col(0);
  out.abandoned.head(n_) = h.col(1);
  out.wait_answered.head(n_) = g;
  out.wait.head(n_) = m;
  out.answered[ans_] = 1.0;
  out.abandoned[ab_] = 1.0;
  return out;
}

// The backward functions `length` s earlier, c on duty: d/ds of (h, g, m) = -(T h, T g + D h, T m + D 1),
// D keeping the waiting states; one augmented system, uniformised.
DayChain::Backward DayChain::propagate_back(const Backward& at_end, double length, std::uint32_t c) {
  const SpMat& t = gen(c).tagged;
  const Index s = n_ + 2;
  Vec x(4 * s);
  x << at_end.answered, at_end.abandoned, at_end.wait_answered, at_end.wait;
  const auto apply = [&](const Vec& v) -> Vec {
    Vec out(4 * s);
    for (int f = 0; f < 4; ++f) out.segment(f * s, s) = t * v.segment(f * s, s);
    out.segment(2 * s, n_) += v.head(n_);
    return out;
  };
  // The constant source of m is not a linear term of x: uniformise the affine system through
  // its homogeneous form, with a component held at 1.
  Vec y(4 * s + 1);
  y << x, 1.0;
  const auto apply_affine = [&](const Vec& v) -> Vec {
    Vec out(4 * s + 1);
    out.head(4 * s) = apply(v.head(4 * s));
    out.segment(3 * s, n_).array() += v[4 * s];  // the source of m, times the held component
    out[4 * s] = 0.0;
    return out;
  };
  y = uniformise(std::move(y), length, rate_t_, apply_affine);
  return {y.segment(0, s), y.segment(s, s), y.segment(2 * s, s), y.segment(3 * s, s)};
}

DayChain::Backward DayChain::jump_back(const Backward& after, std::uint32_t c) const {
  Backward out = after;
  for (Index i = 0; i < n_; ++i) {
    const Index j = jump_tagged(i, c);
    out.answered[i] = after.answered[j];
    out.abandoned[i] = after.abandoned[j];
    out.wait_answered[i] = after.wait_answered[j];
    out.wait[i] = after.wait[j];
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The day: breakpoints, the backward sweep, then the forward sweep stretch by stretch.

std::vector<double> unique_sorted(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  std::vector<double> out;
  for (const double x : v) {
    if (out.empty() || x > out.back() + kSame) out.push_back(x);
  }
  return out;
}

class DaySolver {
public:
  DaySolver(const TransientDay& d, std::uint32_t max_line, int nodes)
      : d_(d), ch_(d, max_line), gl_(gauss_legendre(nodes)) {}

  TransientFigures run();

private:
  // The stretches [first, last) from p at forward_[first], arrivals counted at rate tilt x lambda.
  void sweep(std::size_t first, std::size_t last, Vec p, double tilt, TransientFigures& f);
  // E[X / N | N >= 1] over the counted stretches [first, last), N the callers offered there:
  // `initial` waiting at time 0 and Poisson arrivals of mean `arrivals`.
  TransientInterval::PerDay per_day(std::size_t first, std::size_t last, const Vec& p, double arrivals, double initial);
  void breakpoints();
  void backward();
  void start(Vec& p, Vec& y, TransientFigures& f);
  void stretch(std::size_t s, Vec& p, Vec& y, TransientFigures& f, double tilt);
  double window_within(const Vec& p0, double t0, double t1, double lambda, double threshold);
  [[nodiscard]] bool in_window(double t0, double t1, double threshold) const {
    const double mid = (t0 + t1) / 2.0;
    return std::any_of(ch_.changes().begin(), ch_.changes().end(),
                       [&](double c) { return c > mid && c <= mid + threshold + kSame; });
  }

  const TransientDay& d_;
  DayChain ch_;
  std::vector<std::pair<double, double>> gl_;
  std::vector<double> forward_;         // 0 = t_0 < ... < horizon
  std::vector<double> backward_;        // forward_ and the changes past the horizon
  std::vector<DayChain::Backward> at_;  // backward functions at forward_[i]'s left limit
  std::size_t nodes_used_ = 0;
};

void DaySolver::breakpoints() {
  std::vector<double> f{0.0, d_.horizon_s};
  const auto inside = [&](double t) { return t > kSame && t < d_.horizon_s - kSame; };
  if (inside(d_.warmup_s)) f.push_back(d_.warmup_s);
  for (double t = d_.interval_s; d_.interval_s > 0.0 && t < d_.horizon_s - kSame; t += d_.interval_s) f.push_back(t);
  for (const auto& s : d_.steps) {
    if (inside(s.at_s)) f.push_back(s.at_s);
  }
  for (const double c : ch_.changes()) {
    for (const double th : d_.thresholds_s) {
      if (inside(c - th)) f.push_back(c - th);
    }
  }
  forward_ = unique_sorted(f);
  for (const double c : ch_.changes()) f.push_back(c);
  backward_ = unique_sorted(f);
}

void DaySolver::backward() {
  const double end = backward_.back();
  DayChain::Backward v = ch_.final_values(ch_.agents_at(end));
  if (end > kSame && ch_.rises_at(end)) v = ch_.jump_back(v, ch_.agents_at(end));
  at_.assign(forward_.size(), v);
  std::size_t f = forward_.size() - 1;
  if (std::abs(forward_[f] - end) < kSame) at_[f] = v;
  for (std::size_t i = backward_.size() - 1; i-- > 0;) {
    const double t = backward_[i];
    v = ch_.propagate_back(v, backward_[i + 1] - t, ch_.agents_at(t));
    if (t > kSame && ch_.rises_at(t)) v = ch_.jump_back(v, ch_.agents_at(t));
    while (f > 0 && forward_[f] > t + kSame) --f;
    if (std::abs(forward_[f] - t) < kSame) at_[f] = v;
  }
}

TransientFigures DaySolver::run() {
  breakpoints();
  backward();
  TransientFigures f;
  const auto n_iv = static_cast<std::size_t>(std::ceil(d_.horizon_s / d_.interval_s - 1e-9));
  f.intervals.assign(n_iv, TransientInterval{});
  for (auto& iv : f.intervals) iv.within.assign(d_.thresholds_s.size(), 0.0);
  f.states = static_cast<std::size_t>(ch_.states());
  f.max_line = ch_.k_;
  // The day itself, keeping the state where each interval's counted part starts.
  const std::size_t none = forward_.size() - 1;
  std::vector<std::size_t> first(n_iv, none);
  std::vector<Vec> at(n_iv);
  Vec p;
  Vec y;
  start(p, y, f);
  for (std::size_t s = 0; s < none; ++s) {
    const double t = forward_[s];
    const auto i = std::min(n_iv - 1, static_cast<std::size_t>((t + kSame) / d_.interval_s));
    if (t >= d_.warmup_s - kSame && first[i] == none) {
      first[i] = s;
      at[i] = p;
    }
    stretch(s, p, y, f, 1.0);
  }
  // Per day ratios of each interval, and of the whole counted window.
  const double initial = d_.warmup_s <= 0.0 ? d_.waiting0 : 0.0;
  std::size_t begin = none;
  double arrivals = 0.0;
  for (std::size_t i = 0; i < n_iv; ++i) {
    if (first[i] == none) continue;
    const std::size_t end = i + 1 < n_iv ? first[i + 1] : none;
    const double n0 = first[i] == 0 ? initial : 0.0;
    f.intervals[i].per_day = per_day(first[i], end, at[i], f.intervals[i].offered - n0, n0);
    arrivals += f.intervals[i].offered - n0;
    if (begin == none) begin = i;
  }
  if (begin != none) f.per_day = per_day(first[begin], none, at[begin], arrivals, first[begin] == 0 ? initial : 0.0);
  f.quadrature_nodes = nodes_used_;
  return f;
}

void DaySolver::sweep(std::size_t first, std::size_t last, Vec p, double tilt, TransientFigures& f) {
  Vec y = Vec::Zero(ch_.states() + 2);
  if (first == 0) start(p, y, f);
  for (std::size_t s = first; s < last; ++s) stretch(s, p, y, f, tilt);
}

TransientInterval::PerDay DaySolver::per_day(std::size_t first, std::size_t last, const Vec& p, double arrivals,
                                             double initial) {
  const std::size_t nk = d_.thresholds_s.size();
  TransientInterval::PerDay out;
  out.within.assign(nk, 0.0);
  // Nodes x in (0, 1) and weights w, the factor exp(-(1 - x) arrivals) included.
  std::vector<std::pair<double, double>> rule;
  if (arrivals > 40.0) {
    for (const auto& [u, w] : gauss_laguerre(8)) {
      if (u < arrivals) rule.emplace_back(1.0 - u / arrivals, w / arrivals);
    }
  } else {
    for (const auto& [x, w] : gauss_legendre(24)) rule.emplace_back(x, w * std::exp(-(1.0 - x) * arrivals));
  }
  for (const auto& [x, w] : rule) {
    TransientFigures f;
    f.intervals.assign(1 + static_cast<std::size_t>(d_.horizon_s / d_.interval_s), TransientInterval{});
    for (auto& iv : f.intervals) iv.within.assign(nk, 0.0);
    sweep(first, last, p, x, f);
    // x^(n0 - 1) E_x[X]; E_x[X] vanishes like x when n0 = 0.
    const double scale = w * std::pow(x, initial - 1.0);
    for (const auto& iv : f.intervals) {
      out.answered += scale * iv.answered;
      out.abandoned += scale * iv.abandoned;
      out.blocked += scale * iv.blocked;
      out.answered_at_once += scale * iv.answered_at_once;
      for (std::size_t k = 0; k < nk; ++k) out.within[k] += scale * iv.within[k];
    }
  }
  // A day without a caller has no ratio: the mean is over days with N >= 1.
  const double some = initial > 0.0 ? 1.0 : -std::expm1(-arrivals);
  out.answered /= some;
  out.abandoned /= some;
  out.blocked /= some;
  out.answered_at_once /= some;
  for (auto& v : out.within) v /= some;
  return out;
}

// Time 0: agents busy, callers waiting (taken at once by idle agents), the counted ones as
// tagged callers of the first interval.
void DaySolver::start(Vec& p, Vec& y, TransientFigures& f) {
  const std::uint32_t c = ch_.agents_at(0.0);
  const std::uint32_t now = std::min(c > d_.busy0 ? c - d_.busy0 : 0U, d_.waiting0);
  const std::uint32_t b = d_.busy0 + now;
  const std::uint32_t w = d_.waiting0 - now;
  if (w > ch_.k_) throw InputError(fmt::format("{} callers waiting at time 0 exceed the line's bound {}", w, ch_.k_));
  p = Vec::Zero(ch_.states());
  p[ch_.idx(b, w)] = 1.0;
  y = Vec::Zero(ch_.states() + 2);
  if (d_.warmup_s > 0.0 || d_.waiting0 == 0) return;
  auto& iv = f.intervals.front();
  iv.offered += d_.waiting0;
  iv.answered += now;
  iv.answered_at_once += now;
  for (std::uint32_t j = 0; j < w; ++j) y[ch_.idx(b, j)] = 1.0;
  for (std::size_t k = 0; k < d_.thresholds_s.size(); ++k) {
    iv.within[k] += now + ch_.tagged_forward(y, 0.0, d_.thresholds_s[k])[ch_.ans_];
  }
}

// Answered within T of the callers arriving over [t0, t1) (a window: a staffing change falls
// within T of them), by composite Gauss-Legendre quadrature; p0 is the state at t0.
double DaySolver::window_within(const Vec& p0, double t0, double t1, double lambda, double threshold) {
  const DayChain::Gen& g = ch_.gen(ch_.agents_at(t0));
  const double length = t1 - t0;
  const double panels = std::max(1.0, std::ceil(length * ch_.rate(lambda) / 8.0));
  const double h = length / panels;
  double total = 0.0;
  Vec p = p0;
  double at = t0;
  for (double q = 0; q < panels; ++q) {
    for (const auto& [x, wgt] : gl_) {
      const double s = t0 + (q + x) * h;
      p = uniformise(std::move(p), s - at, ch_.rate(lambda),
                     [&](const Vec& v) -> Vec { return ch_.main_fwd(g, lambda, v); });
      at = s;
      ++nodes_used_;
      Vec v = Vec::Zero(ch_.states() + 2);
      v.head(ch_.states()) = p.cwiseProduct(g.joins);
      total += wgt * h * lambda * ch_.tagged_forward(std::move(v), s, s + threshold)[ch_.ans_];
    }
  }
  return total;
}

void DaySolver::stretch(std::size_t s, Vec& p, Vec& y, TransientFigures& f, double tilt) {
  const double t0 = forward_[s];
  const double t1 = forward_[s + 1];
  const double length = t1 - t0;
  const std::uint32_t c = ch_.agents_at(t0);
  const bool counted = t0 >= d_.warmup_s - kSame;
  const double lambda = ch_.lambda_at(t0) * (counted ? tilt : 1.0);
  const double beta = counted ? lambda : 0.0;
  const DayChain::Gen& g = ch_.gen(c);
  auto& iv = f.intervals[std::min(f.intervals.size() - 1, static_cast<std::size_t>((t0 + kSame) / d_.interval_s))];
  if (counted) {
    for (std::size_t k = 0; k < d_.thresholds_s.size(); ++k) {
      if (beta > 0.0 && in_window(t0, t1, d_.thresholds_s[k])) {
        iv.within[k] += window_within(p, t0, t1, beta, d_.thresholds_s[k]);
      }
    }
  }
  // [p | w = integral of p | y = tagged callers born in the stretch | z = their waits so far].
  const Index n = ch_.states();
  const Index m = n + 2;
  Vec x = Vec::Zero(2 * n + 2 * m);
  x.head(n) = p;
  x.segment(2 * n, m) = y;
  const auto apply = [&](const Vec& v) -> Vec {
    Vec out(v.size());
    out.head(n) = ch_.main_fwd(g, lambda, v.head(n));
    out.segment(n, n) = v.head(n);
    out.segment(2 * n, m) = g.tagged.transpose() * v.segment(2 * n, m);
    out.segment(2 * n, n) += beta * v.head(n).cwiseProduct(g.joins);
    out.segment(2 * n + m, m) = g.tagged.transpose() * v.segment(2 * n + m, m);
    out.segment(2 * n + m, n) += v.segment(2 * n, n);
    return out;
  };
  x = uniformise(std::move(x), length, ch_.rate(lambda), apply);
  p = x.head(n);
  const Vec w = x.segment(n, n);
  const Vec born = x.segment(2 * n, m);
  const Vec waits = x.segment(2 * n + m, m);
  const DayChain::Backward& h = at_[s + 1];
  iv.on_duty_area += w.dot(g.logged);
  if (counted) {
    const double at_once = beta * w.dot(g.at_once);
    iv.offered += beta * w.sum();
    iv.answered_at_once += at_once;
    iv.blocked += beta * w.dot(g.full);
    iv.answered += at_once + born.dot(h.answered);
    iv.abandoned += born.dot(h.abandoned);
    iv.wait_answered += waits.dot(h.answered) + born.dot(h.wait_answered);
    iv.wait_all += waits.sum() + born.dot(h.wait);
    for (std::size_t k = 0; k < d_.thresholds_s.size(); ++k) {
      iv.within[k] += at_once;
      if (!in_window(t0, t1, d_.thresholds_s[k])) {
        iv.within[k] += beta * w.cwiseProduct(g.joins).dot(ch_.within(c, d_.thresholds_s[k]).head(n));
      }
    }
    iv.counted_s += length;
    for (std::uint32_t b = 0; b <= ch_.b_; ++b) {
      for (std::uint32_t k = 0; k <= ch_.k_; ++k) iv.line_area += k * w[ch_.idx(b, k)];
    }
    for (std::uint32_t b = 0; b <= ch_.b_; ++b) {
      for (std::uint32_t k = 0; k <= ch_.k_; ++k) iv.busy_area += b * w[ch_.idx(b, k)];
    }
    iv.logged_area += w.dot(g.logged);
  }
  double edge = 0.0;
  double edge_area = 0.0;
  for (std::uint32_t b = 0; b <= ch_.b_; ++b) {
    edge += p[ch_.idx(b, ch_.k_)];
    edge_area += w[ch_.idx(b, ch_.k_)];
  }
  f.mass_at_bound = std::max({f.mass_at_bound, edge, length > 0.0 ? edge_area / length : 0.0});
  y = Vec::Zero(m);
  if (t1 < d_.horizon_s - kSame && ch_.rises_at(t1)) p = ch_.jump_main(p, ch_.agents_at(t1));
}

}  // namespace

TransientFigures solve_transient_day(const TransientDay& day, double boundary_mass, std::size_t max_states, int nodes) {
  if (day.steps.empty() || day.steps.front().at_s != 0.0 || !(day.interval_s > 0.0)) {
    throw std::invalid_argument("solve_transient_day: steps must start at 0 and the interval be positive");
  }
  std::uint32_t most = day.busy0;
  for (const auto& s : day.steps) most = std::max(most, s.agents);
  std::uint32_t line = day.capacity ? *day.capacity : std::max<std::uint32_t>(64, 2 * day.waiting0 + 32);
  for (;;) {
    const double states = (most + 1.0) * (line + 1.0);
    if (states > static_cast<double>(max_states)) {
      throw InputError(fmt::format(
          "the transient chain would need {:.0f} states ({} busy x {} waiting, limit {}){}; raise --max-states or "
          "give the queue a capacity",
          states, most + 1, line + 1, max_states,
          day.capacity ? "" : " to cut the unlimited line where its probability is negligible"));
    }
    DaySolver solver(day, line, nodes);
    TransientFigures f = solver.run();
    f.truncated = !day.capacity;
    if (day.capacity || f.mass_at_bound < boundary_mass) return f;
    line *= 2;
  }
}

}  // namespace ccsim::analysis
