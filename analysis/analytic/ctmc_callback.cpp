#include "analysis/analytic/ctmc_callback.hpp"

#include "analysis/analytic/ctmc_compile.hpp"
#include "analysis/analytic/eigen.hpp"
#include "sim/error.hpp"

#include <algorithm>
#include <cmath>
#include <string>

namespace ccsim::analysis {

namespace {

// P(a caller who finds every agent busy and `ahead` callers before it in line is answered
// within `t` seconds): it moves up at rate c.mu + k.theta (an agent frees, or one of the k
// ahead abandons) and is answered at the next completion once first; it abandons at rate
// theta. The transient answer of that absorbing chain, by uniformization.
double answered_within(std::uint32_t ahead, double t, double c_mu, double theta) {
  const double rate = c_mu + ahead * theta + theta;
  std::vector<double> stage(ahead + 1, 0.0);  // [k]: k callers still ahead
  stage[ahead] = 1.0;
  double answered = 0.0;
  double result = 0.0;
  const double lt = rate * t;
  double weight_sum = 0.0;
  const std::size_t most = static_cast<std::size_t>(lt + 12.0 * std::sqrt(lt) + 50.0);
  for (std::size_t j = 0; j <= most; ++j) {
    const double w = std::exp(-lt + static_cast<double>(j) * std::log(std::max(lt, 1e-300)) -
                              std::lgamma(static_cast<double>(j) + 1.0));
    result += w * answered;
    weight_sum += w;
    if (weight_sum > 1.0 - 1e-16 && static_cast<double>(j) > lt) break;
    // One step of the uniformized chain.
    answered += stage[0] * c_mu / rate;
    for (std::uint32_t k = 0; k <= ahead; ++k) {
      const double up = (c_mu + k * theta) / rate;
      const double stay = 1.0 - up - theta / rate;
      const double from_behind = k < ahead ? stage[k + 1] * (c_mu + (k + 1) * theta) / rate : 0.0;
      stage[k] = stage[k] * stay + from_behind;
    }
  }
  return t <= 0.0 ? 0.0 : result;
}

struct Layout {
  std::uint32_t c = 0, line = 0, requests = 0;
  [[nodiscard]] std::size_t size() const { return c + static_cast<std::size_t>(line + 1) * (requests + 1); }
  // Busy agents b < c (nobody waits), or all busy with n in line and m requests.
  [[nodiscard]] std::size_t idle(std::uint32_t b) const { return b; }
  [[nodiscard]] std::size_t full(std::uint32_t n, std::uint32_t m) const {
    return c + static_cast<std::size_t>(n) * (requests + 1) + m;
  }
};

// The stationary distribution at a truncation (n <= line, m <= requests); the residual.
Eigen::VectorXd stationary(const CallbackChain& ch, const Layout& layout, double& residual) {
  using Triplet = Eigen::Triplet<double, Eigen::Index>;
  const auto ix = [](std::size_t i) { return static_cast<Eigen::Index>(i); };
  std::vector<Triplet> t;  // transposed generator: t(to, from)
  std::vector<double> out(layout.size(), 0.0);
  const auto move = [&](std::size_t from, std::size_t to, double rate) {
    if (rate <= 0.0 || from == to) return;
    t.emplace_back(ix(to), ix(from), rate);
    out[from] += rate;
  };
  const std::uint32_t c = layout.c;
  for (std::uint32_t b = 0; b < c; ++b) {
    move(layout.idle(b), b + 1 < c ? layout.idle(b + 1) : layout.full(0, 0), ch.lambda);
    if (b > 0) move(layout.idle(b), layout.idle(b - 1), b * ch.mu);
  }
  const std::uint32_t cap = ch.capacity ? std::min(*ch.capacity, layout.line) : layout.line;
  for (std::uint32_t n = 0; n <= layout.line; ++n) {
    for (std::uint32_t m = 0; m <= layout.requests; ++m) {
      const std::size_t s = layout.full(n, m);
      // A full line blocks the caller before any offer (as the simulator does).
      const bool offer = n < cap && n >= ch.offer_from && n <= ch.offer_to;
      const double p = offer ? ch.accept : 0.0;
      if (m < layout.requests) move(s, layout.full(n, m + 1), ch.lambda * p);
      if (n < cap) move(s, layout.full(n + 1, m), ch.lambda * (1.0 - p));
      const double done = c * ch.mu;
      if (n > 0) move(s, layout.full(n - 1, m), done + n * ch.theta);
      else if (m > 0) move(s, layout.full(0, m - 1), done);
      else if (c > 0) move(s, c > 1 ? layout.idle(c - 1) : layout.idle(0), done);
    }
  }
  for (std::size_t s = 0; s < layout.size(); ++s) t.emplace_back(ix(s), ix(s), -out[s]);
  Eigen::SparseMatrix<double> q(ix(layout.size()), ix(layout.size()));
  q.setFromTriplets(t.begin(), t.end());
  Eigen::SparseMatrix<double> a = q;
  // Replace the first balance equation by the normalization.
  for (Eigen::Index k = 0; k < a.outerSize(); ++k) {
    for (Eigen::SparseMatrix<double>::InnerIterator it(a, k); it; ++it) {
      if (it.row() == 0) it.valueRef() = 1.0;
    }
  }
  // Every column has its diagonal, so row 0 is full after this only where entries exist:
  // add the missing ones.
  std::vector<Triplet> ones;
  for (Eigen::Index k = 0; k < a.outerSize(); ++k) {
    if (a.coeff(0, k) == 0.0) ones.emplace_back(0, k, 1.0);
  }
  Eigen::SparseMatrix<double> add(a.rows(), a.cols());
  add.setFromTriplets(ones.begin(), ones.end());
  a += add;
  a.makeCompressed();
  Eigen::SparseLU<Eigen::SparseMatrix<double>> lu;
  lu.compute(a);
  if (lu.info() != Eigen::Success) throw InputError("the callback chain could not be factorized");
  Eigen::VectorXd rhs = Eigen::VectorXd::Zero(a.rows());
  rhs(0) = 1.0;
  Eigen::VectorXd pi = lu.solve(rhs);
  double flow = 0.0;
  for (std::size_t s = 0; s < layout.size(); ++s) flow += pi(static_cast<Eigen::Index>(s)) * out[s];
  residual = (q * pi).lpNorm<1>() / std::max(flow, 1e-300);
  return pi;
}

}  // namespace

CallbackChainFigures solve_callback_chain(const CallbackChain& ch, double boundary_mass, std::size_t max_states) {
  Layout layout{ch.agents, 32, 32};
  if (ch.capacity) layout.line = *ch.capacity;
  CallbackChainFigures f;
  Eigen::VectorXd pi;
  for (;;) {
    if (layout.size() > max_states) {
      throw InputError("the callback chain would need " + std::to_string(layout.size()) + " states (limit " +
                       std::to_string(max_states) + ")");
    }
    pi = stationary(ch, layout, f.residual);
    double line_edge = 0.0;
    double request_edge = 0.0;
    for (std::uint32_t n = 0; n <= layout.line; ++n) {
      for (std::uint32_t m = 0; m <= layout.requests; ++m) {
        const double p = pi(static_cast<Eigen::Index>(layout.full(n, m)));
        if (n == layout.line) line_edge += p;
        if (m == layout.requests) request_edge += p;
      }
    }
    const bool line_ok = (ch.capacity && layout.line == *ch.capacity) || line_edge < boundary_mass;
    if (line_ok && request_edge < boundary_mass) {
      f.mass_at_bound = std::max(ch.capacity ? 0.0 : line_edge, request_edge);
      break;
    }
    if (!line_ok) layout.line *= 2;
    if (request_edge >= boundary_mass) layout.requests *= 2;
  }
  f.states = layout.size();
  f.max_line = layout.line;
  f.max_requests = layout.requests;

  const std::uint32_t c = layout.c;
  const std::uint32_t cap = ch.capacity ? *ch.capacity : layout.line;
  std::vector<double> within(ch.thresholds_s.size(), 0.0);
  double busy = 0.0;
  for (std::uint32_t b = 0; b < c; ++b) {
    const double p = pi(static_cast<Eigen::Index>(layout.idle(b)));
    busy += b * p;
    f.answered_rate += p;
    for (auto& w : within) w += p;
  }
  for (std::uint32_t n = 0; n <= layout.line; ++n) {
    const bool offer = n < cap && n >= ch.offer_from && n <= ch.offer_to;
    double pn = 0.0;
    for (std::uint32_t m = 0; m <= layout.requests; ++m) {
      const double p = pi(static_cast<Eigen::Index>(layout.full(n, m)));
      pn += p;
      f.mean_requests += m * p;
    }
    busy += c * pn;
    f.mean_line += n * pn;
    const double take = offer ? ch.accept : 0.0;
    f.offer_rate += offer ? pn : 0.0;
    f.callback_rate += take * pn;
    if (n >= cap) {
      f.block_rate += pn;
      continue;
    }
    for (std::size_t k = 0; k < within.size(); ++k) {
      within[k] += (1.0 - take) * pn * answered_within(n, ch.thresholds_s[k], c * ch.mu, ch.theta);
    }
  }
  f.occupancy = c > 0 ? busy / c : 0.0;
  f.abandon_rate = ch.theta * f.mean_line / ch.lambda;
  f.answered_rate = 1.0 - f.abandon_rate - f.block_rate - f.callback_rate;
  for (const double w : within) f.service_level.push_back(w / (1.0 - f.callback_rate));
  f.callback_wait = f.callback_rate > 0.0 ? f.mean_requests / (ch.lambda * f.callback_rate) : std::nan("");
  f.mean_wait = f.mean_line / (ch.lambda * (f.answered_rate + f.abandon_rate));
  return f;
}

namespace {

// The chain of a scenario with a callback, or the refusals (pointer and why).
CallbackChain chain_of(const model::Scenario& sc) {
  std::vector<std::string> problems;
  const auto refuse = [&](const std::string& ptr, const std::string& what) {
    problems.push_back(sc.source + ": " + ptr + ": " + what);
  };
  if (sc.queues.size() != 1) refuse("/queues", "ccsim exact solves callbacks for one queue only");
  if (sc.call_types.size() != 1) refuse("/call_types", "ccsim exact solves callbacks for one call type only");
  if (sc.agent_groups.size() != 1) refuse("/agent_groups", "ccsim exact solves callbacks for one agent group only");
  if (!problems.empty()) throw InputError(problems);
  const auto& q = sc.queues[0];
  const auto& cb = *q.callback;
  const std::string p = "/queues/0/callback";
  if (cb.mode == model::Callback::Mode::KeepPlace) {
    refuse(p + "/mode",
           "keep_place is not solved exactly: a request holds its place among the callers, so the chain would need "
           "the order of callers and requests in the line, not their counts; use when_idle or simulate");
  }
  if (!q.overflow.empty()) refuse("/queues/0/overflow", "ccsim exact solves callbacks without overflow rules");
  const auto& w = cb.offer_when;
  if (w.kind != model::Condition::Kind::QueueLength || w.queue || w.until_below || w.until_above) {
    refuse(p + "/offer_when", "ccsim exact solves callbacks whose offer_when is a queue_length range on the queue");
  }
  if (!problems.empty()) throw InputError(problems);
  const auto& ct = sc.call_types[0];
  CallbackChain ch;
  ch.lambda = ct.arrivals.per_second[0];
  ch.mu = 1.0 / ct.handle_time.mean();
  ch.theta = ct.patience ? 1.0 / ct.patience->mean() : 0.0;
  ch.agents = sc.agent_groups[0].agents[0];
  ch.offer_from = w.at_least.value_or(0.0);
  ch.offer_to = w.at_most.value_or(1e300);
  ch.accept = cb.accept;
  ch.capacity = q.capacity;
  ch.thresholds_s = sc.thresholds_s;
  return ch;
}

}  // namespace

CtmcResult solve_callback_ctmc(const model::Scenario& sc, const CtmcOptions& options) {
  ctmc::check_markovian(sc);
  const CallbackChain ch = chain_of(sc);
  const CallbackChainFigures f = solve_callback_chain(ch, options.boundary_mass, options.max_states);
  CtmcResult r = ctmc::result_for(sc);
  r.states = f.states;
  r.solver = "SparseLU";
  r.residual = f.residual;
  if (!ch.capacity) r.truncations.push_back({sc.queues[0].name, f.max_line, f.mass_at_bound});
  r.notes.push_back("callback chain (busy, line, requests) cut at " + std::to_string(f.max_line) + " callers and " +
                    std::to_string(f.max_requests) + " requests");
  r.notes.emplace_back("asa and wait percentiles are not computed for callbacks");
  const double window = sc.horizon_s - sc.warmup_s;
  const double offered = ch.lambda * window;
  const auto add = [&](const std::string& section, const std::string& name, const std::string& metric, double v) {
    FigureKey key{section, name, -1, metric};
    if (r.values.emplace(key, v).second) r.keys.push_back(std::move(key));
  };
  const auto calls = [&](const std::string& section, const std::string& name) {
    add(section, name, "offered", offered);
    add(section, name, "answered", f.answered_rate * offered);
    add(section, name, "abandoned", f.abandon_rate * offered);
    add(section, name, "blocked", f.block_rate * offered);
    add(section, name, "overflowed_out", 0.0);
    add(section, name, "dropped", 0.0);
    add(section, name, "callbacks_offered", f.offer_rate * offered);
    add(section, name, "callback", f.callback_rate * offered);
    add(section, name, "callback_rate", f.callback_rate);
    add(section, name, "callback_wait", f.callback_wait);
    for (std::size_t k = 0; k < sc.thresholds_s.size(); ++k) {
      add(section, name, "service_level/" + Summary::threshold_key(sc.thresholds_s[k]), f.service_level[k]);
    }
    add(section, name, "answered_rate", f.answered_rate);
    add(section, name, "abandon_rate", f.abandon_rate);
    add(section, name, "block_rate", f.block_rate);
    add(section, name, "overflow_rate", 0.0);
    add(section, name, "mean_wait", f.mean_wait);
  };
  calls("totals", "");
  calls("call_types", sc.call_types[0].name);
  calls("queues", sc.queues[0].name);
  add("queues", sc.queues[0].name, "mean_queue_length", f.mean_line);
  const auto& g = sc.agent_groups[0];
  add("agent_groups", g.name, "occupancy", f.occupancy);
  add("agent_groups", g.name, "answered", f.answered_rate * offered);
  add("agent_groups", g.name, "mean_agents", static_cast<double>(ch.agents));
  return r;
}

}  // namespace ccsim::analysis
