#include "analysis/analytic/ctmc.hpp"
#include "analysis/analytic/ctmc_callback.hpp"
#include "analysis/analytic/ctmc_compile.hpp"
#include "analysis/analytic/ctmc_day.hpp"
#include "analysis/analytic/ctmc_figures.hpp"
#include "analysis/analytic/ctmc_state_space.hpp"
#include "analysis/analytic/eigen.hpp"

#include "sim/error.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <stdexcept>
#include <utility>
#include <vector>

namespace ccsim::analysis {

namespace ctmc {

namespace {

// Above this many states SparseLU's fill-in costs too much time and memory (a chain of three
// queues of 40 waiting each: 37 s, 1.1 GB): BiCGSTAB first, LU only if it fails, up to the
// second bound.
constexpr std::size_t direct_solver_states = 30'000;
constexpr std::size_t lu_fallback_states = 100'000;
// |pi Q|_1 relative to the total probability flow: above this the solution is not trusted.
constexpr double residual_tolerance = 1e-9;
// An unlimited queue is never cut beyond this many waiting callers.
constexpr std::uint32_t max_truncation = 50'000'000;

struct Solved {
  std::vector<double> pi;
  std::string solver;
  double residual = 0.0;
};

// COLAMD, then the column of state 0 moved last. Row 0 holds the normalisation (a dense row of
// ones); with diagonal pivots it is a pivot row only for that last column, so it adds one dense
// row to L and nothing else.
struct StateZeroLastOrdering {
  using PermutationType = Eigen::PermutationMatrix<Eigen::Dynamic, Eigen::Dynamic, int>;
  template <typename MatrixType>
  void operator()(const MatrixType& mat, PermutationType& perm) {
    Eigen::COLAMDOrdering<int>()(mat, perm);
    auto& to = perm.indices();  // old column -> new position
    const int last = static_cast<int>(to.size()) - 1;
    const int from = to[0];
    for (int j = 0; j <= last; ++j) {
      if (to[j] > from) --to[j];
    }
    to[0] = last;
  }
};

// A birth-death chain: states in breadth-first order form a line (every transition goes to
// the state before or after), as a single queue's chain does (agents busy, then callers
// waiting). Its stationary distribution follows from detailed balance across each cut,
// pi(k + 1) / pi(k) = q(k, k + 1) / q(k + 1, k), in one pass (weights in logarithms: tens of
// thousands of agents make ratios far beyond double's range); nothing when the chain is not
// one, or a death rate is 0. The general solvers took minutes there (BiCGSTAB needs about as
// many iterations as states on a line: 60,000 agents, 19 s; 100,000, not accurate enough).
std::optional<std::vector<double>> birth_death_solution(const Chain& c) {
  const std::size_t n = c.keys.size();
  std::vector<double> up(n, 0.0);    // q(k, k + 1)
  std::vector<double> down(n, 0.0);  // q(k, k - 1)
  for (std::size_t j = 0; j < n; ++j) {
    for (auto p = static_cast<std::size_t>(c.outer[j]); p < static_cast<std::size_t>(c.outer[j + 1]); ++p) {
      const auto i = static_cast<std::size_t>(c.inner[p]);  // column j: rates out of state j
      if (i == j || c.values[p] == 0.0) continue;
      if (i == j + 1) up[j] += c.values[p];
      else if (i + 1 == j) down[j] += c.values[p];
      else return std::nullopt;
    }
  }
  std::vector<double> log_w(n, 0.0);
  for (std::size_t k = 1; k < n; ++k) {
    if (!(down[k] > 0.0) || !(up[k - 1] > 0.0)) return std::nullopt;
    log_w[k] = log_w[k - 1] + std::log(up[k - 1]) - std::log(down[k]);
  }
  const double peak = *std::max_element(log_w.begin(), log_w.end());
  for (auto& w : log_w) w = std::exp(w - peak);
  return log_w;
}

// pi Q = 0 with sum(pi) = 1, as A pi = e_0 where A is Q^T with the (redundant) balance equation
// of state 0 replaced by the normalisation. A without row 0 is diagonally dominant by columns
// (an M-matrix up to sign), so Gaussian elimination with diagonal pivots is stable; the
// pivoting threshold 0 keeps the diagonal whenever it is not zero. Large chains (whose LU
// fill-in grows too fast, chains of three or more queues above all) go to BiCGSTAB with a
// Jacobi preconditioner, restarted from its last iterate; the LU remains the fallback.
Solved solve_chain(const Chain& c) {
  using SpMat = Eigen::SparseMatrix<double, Eigen::ColMajor, int>;
  const auto n = static_cast<Eigen::Index>(c.keys.size());
  const Eigen::Map<const SpMat> full(n, n, static_cast<Eigen::Index>(c.values.size()), c.outer.data(), c.inner.data(),
                                     c.values.data());
  SpMat a = full;
  a.prune([](Eigen::Index row, Eigen::Index, double) { return row != 0; });
  {
    SpMat ones(n, n);
    ones.reserve(Eigen::VectorXi::Constant(n, 1));
    for (Eigen::Index j = 0; j < n; ++j) ones.insert(0, j) = 1.0;
    a += ones;
  }
  a.makeCompressed();
  Eigen::VectorXd b = Eigen::VectorXd::Zero(n);
  b[0] = 1.0;

  // Probabilities from a raw solution: tiny negative round-off clipped, then normalised; the
  // residual is that of every balance equation, the replaced one included, relative to the flow.
  const auto finish = [&](Eigen::VectorXd x, const std::string& solver) {
    Solved out;
    out.solver = solver;
    out.residual = infinity;
    double total = 0.0;
    for (Eigen::Index i = 0; i < n; ++i) {
      if (!std::isfinite(x[i])) return out;
      x[i] = std::max(x[i], 0.0);
      total += x[i];
    }
    if (!(total > 0.0)) return out;
    x /= total;
    const Eigen::VectorXd y = full * x;
    double flow = 0.0;
    for (Eigen::Index i = 0; i < n; ++i) flow += x[i] * c.outflow[static_cast<std::size_t>(i)];
    out.residual = flow > 0.0 ? y.lpNorm<1>() / flow : 0.0;
    out.pi.assign(x.data(), x.data() + n);
    return out;
  };

  if (c.keys.size() > direct_solver_states) {
    if (auto line = birth_death_solution(c)) {
      Solved tried = finish(Eigen::Map<const Eigen::VectorXd>(line->data(), n), "birth-death recurrence");
      if (tried.residual <= residual_tolerance) return tried;
    }
    Eigen::BiCGSTAB<SpMat, Eigen::DiagonalPreconditioner<double>> it;
    it.setTolerance(1e-13);
    it.setMaxIterations(std::max<Eigen::Index>(2000, n / 10));
    it.compute(a);
    Eigen::VectorXd x = Eigen::VectorXd::Constant(n, 1.0 / static_cast<double>(n));
    Solved best;
    best.residual = infinity;
    for (int restart = 0; restart < 4; ++restart) {
      x = it.solveWithGuess(b, x);
      Solved tried = finish(x, "BiCGSTAB");
      if (tried.residual < best.residual) best = std::move(tried);
      if (best.residual <= residual_tolerance * 1e-3) break;
    }
    if (best.residual <= residual_tolerance || c.keys.size() > lu_fallback_states) return best;
  }
  Eigen::SparseLU<SpMat, StateZeroLastOrdering> lu;
  lu.setPivotThreshold(0.0);
  lu.analyzePattern(a);
  lu.factorize(a);
  if (lu.info() != Eigen::Success) {
    throw std::runtime_error("ccsim exact: sparse LU factorisation failed: " + lu.lastErrorMessage());
  }
  return finish(lu.solve(b), "SparseLU");
}

// Birth-death bound of an unlimited queue: arrivals `lambda`, departures service + j theta with
// j waiting. The length beyond which the mass is below 1e-17 of the peak, or nullopt when the
// bound has no steady state (no patience and lambda >= service).
std::optional<std::uint32_t> initial_truncation(double lambda, double service, double theta) {
  if (lambda <= 0.0) return 1;
  double log_w = 0.0;
  double peak = 0.0;
  for (std::uint32_t j = 1; j < max_truncation; ++j) {
    const double rate = service + j * theta;
    if (rate <= 0.0) return std::nullopt;
    log_w += std::log(lambda / rate);
    peak = std::max(peak, log_w);
    const double ratio = lambda / (service + (j + 1.0) * theta);
    if (ratio < 1.0 && std::exp(log_w - peak) * (j + 1.0) / ((1.0 - ratio) * (1.0 - ratio)) < 1e-17) return j;
    if (theta == 0.0 && ratio >= 1.0) return std::nullopt;
  }
  return std::nullopt;
}

// Queue bounds to start from: capacities, and for unlimited queues a birth-death bound that
// over-estimates the traffic (every class that can reach the queue) and under-estimates
// service (slowest handle time, smallest patience).
void initial_bounds(const Model& m, std::vector<std::uint32_t>& bounds, std::vector<bool>& truncated) {
  const auto& sc = *m.sc;
  bounds.assign(m.queues.size(), 0);
  truncated.assign(m.queues.size(), false);
  for (Id q = 0; q < m.queues.size(); ++q) {
    if (sc.queues[q].capacity) {
      bounds[q] = *sc.queues[q].capacity;
      continue;
    }
    double lambda = 0.0;
    double theta = infinity;
    for (const std::size_t k : m.active) {
      if (!m.classes[k].reaches[q]) continue;
      lambda += m.classes[k].rate;
      theta = std::min(theta, m.classes[k].theta);
    }
    if (lambda == 0.0) continue;
    double service = 0.0;
    for (const Id g : m.queues[q].route) {
      const auto& gi = m.groups[g];
      if (gi.mu.empty()) continue;
      service += gi.agents * *std::min_element(gi.mu.begin(), gi.mu.end());
    }
    truncated[q] = true;
    bounds[q] = initial_truncation(lambda, service, theta).value_or(64);
  }
}

struct Solution {
  Model model;
  Chain chain;
  Solved solved;
};

std::string too_many_states(const model::Scenario& sc, double need, std::size_t limit, bool exact,
                            const std::string& why) {
  std::string msg = sc.source + ": would need ";
  if (exact) msg += count_text(need) + " states (limit " + count_text(static_cast<double>(limit)) + ")";
  else {
    msg += "more than " + count_text(static_cast<double>(limit)) + " states (limit " +
           count_text(static_cast<double>(limit)) + ")";
    if (need > 0.0) msg += "; the encoding allows up to " + count_text(need);
  }
  msg += why + "; raise --max-states or make the scenario smaller (capacities, agents, call types sharing a queue)";
  return msg;
}

Solution solve_model(const model::Scenario& sc, const CtmcOptions& options, Model base,
                     const std::vector<std::uint32_t>& bounds, const std::vector<bool>& truncated,
                     const std::string& why) {
  Solution sol{std::move(base), {}, {}};
  layout(sol.model, bounds, truncated);
  const long double bound = structural_states(sol.model);
  const bool exact_count = !sol.model.has_rules && sol.model.flags == 0 && bound >= 0.0L;
  if (exact_count && bound > static_cast<long double>(options.max_states)) {
    throw InputError(too_many_states(sc, static_cast<double>(bound), options.max_states, true, why));
  }
  if (sol.model.key_space >= key_limit) {
    throw InputError(too_many_states(sc, static_cast<double>(bound), options.max_states, false, why));
  }
  auto chain = build_chain(sol.model, options.max_states);
  if (!chain) throw InputError(too_many_states(sc, static_cast<double>(bound), options.max_states, false, why));
  sol.chain = std::move(*chain);
  sol.solved = solve_chain(sol.chain);
  if (!(sol.solved.residual <= residual_tolerance)) {
    throw std::runtime_error(sc.source + ": the chain of " + count_text(static_cast<double>(sol.chain.keys.size())) +
                             " states was not solved accurately (relative residual " +
                             std::to_string(sol.solved.residual) + ")");
  }
  return sol;
}

// The chain solved with every unlimited queue cut where its stationary probability is
// negligible: `mass` is that probability at each cut, `longest` the most callers waiting in
// each queue in any state.
struct Cut {
  Solution sol;
  std::vector<std::uint32_t> bounds;
  std::vector<bool> truncated;
  std::vector<double> mass;
  std::vector<std::uint32_t> longest;
  std::vector<double> orbit_mass;  // per orbit: stationary probability at its bound
};

// The stationary probability of each orbit at its bound, into `mass`; doubles the bound of
// those where it is not negligible (in `base`, for the next solve). Whether any grew.
bool grow_orbits(const model::Scenario& sc, const CtmcOptions& options, Model& base, const Solution& sol,
                 std::vector<double>& mass) {
  const Model& m = sol.model;
  mass.assign(m.orbits.size(), 0.0);
  if (m.orbits.empty()) return false;
  State s(m);
  for (std::size_t i = 0; i < sol.chain.keys.size(); ++i) {
    decode(m, sol.chain.keys[i], s);
    for (std::size_t o = 0; o < m.orbits.size(); ++o) {
      if (s.orbit[o] == m.orbit_bound[o]) mass[o] += sol.solved.pi[i];
    }
  }
  bool grown = false;
  for (std::size_t o = 0; o < m.orbits.size(); ++o) {
    if (mass[o] < options.boundary_mass) continue;
    if (base.orbit_bound[o] >= max_truncation) {
      const Id t = m.classes[m.orbits[o]].types.front();
      throw InputError(sc.source + ": /call_types/" + std::to_string(t) + "/redial: the callers waiting to redial " +
                       "pile up without end (no steady state); lower the redial probabilities");
    }
    base.orbit_bound[o] = std::min(base.orbit_bound[o] * 2, max_truncation);
    grown = true;
  }
  return grown;
}

// Solves the chain, then doubles the cut of every unlimited queue whose stationary probability
// at the cut is not below options.boundary_mass, until none is.
Cut solve_cut(const model::Scenario& sc, const CtmcOptions& options, Model base) {
  Cut cut;
  initial_bounds(base, cut.bounds, cut.truncated);
  cut.mass.assign(sc.queues.size(), 0.0);
  cut.longest.assign(sc.queues.size(), 0);
  auto& [sol, bounds, truncated, mass, longest, orbit_mass] = cut;
  for (int attempt = 0;; ++attempt) {
    std::string why;
    if (attempt > 0) {
      for (Id q = 0; q < sc.queues.size(); ++q) {
        if (truncated[q] && mass[q] >= options.boundary_mass) {
          why = " to cut unlimited queue " + quote(sc.queues[q].name) + " where its stationary probability is below " +
                fmt::format("{:g}", options.boundary_mass) +
                " (callers who never abandon and a load at or above its agents have no steady state)";
          break;
        }
      }
    }
    sol = solve_model(sc, options, base, bounds, truncated, why);
    std::fill(mass.begin(), mass.end(), 0.0);
    std::fill(longest.begin(), longest.end(), 0);
    State s(sol.model);
    for (std::size_t i = 0; i < sol.chain.keys.size(); ++i) {
      decode(sol.model, sol.chain.keys[i], s);
      for (Id q = 0; q < sc.queues.size(); ++q) {
        longest[q] = std::max(longest[q], s.waiting[q]);
        if (truncated[q] && s.waiting[q] == bounds[q]) mass[q] += sol.solved.pi[i];
      }
    }
    bool grown = grow_orbits(sc, options, base, sol, orbit_mass);
    for (Id q = 0; q < sc.queues.size(); ++q) {
      if (!truncated[q] || mass[q] < options.boundary_mass) continue;
      if (bounds[q] >= max_truncation) {
        throw InputError(sc.source + ": /queues/" + std::to_string(q) + ": unlimited queue " +
                         quote(sc.queues[q].name) +
                         " has no steady state (its callers pile up); give it a capacity or its callers a patience");
      }
      bounds[q] = std::min(std::max(bounds[q] * 2, bounds[q] + 16), max_truncation);
      grown = true;
    }
    if (!grown) return cut;
  }
}

// The scenario's expectations judged on the exact figures: met when the value itself clears
// the bounds (it has no confidence interval).
std::vector<ExpectationResult> exact_expectations(const model::Scenario& sc, const CtmcResult& result) {
  std::vector<ExpectationResult> out;
  for (const auto& e : sc.expectations) {
    ExpectationResult er;
    er.text = e.text;
    er.value = result.value(expectation_key(e, sc));
    if (er.value) {
      er.ci95 = 0.0;
      er.judged = er.value;
      er.met = (!e.at_least || *er.value >= *e.at_least) && (!e.at_most || *er.value <= *e.at_most);
    }
    out.push_back(std::move(er));
  }
  return out;
}

}  // namespace

}  // namespace ctmc

double ctmc_state_bound(const model::Scenario& scenario) {
  using namespace ctmc;
  check_markovian(scenario);
  Model m = compile(scenario);
  std::vector<std::uint32_t> bounds;
  std::vector<bool> truncated;
  initial_bounds(m, bounds, truncated);
  layout(m, bounds, truncated);
  return static_cast<double>(structural_states(m));
}

CtmcResult solve_ctmc(const model::Scenario& sc, const CtmcOptions& options) {
  using namespace ctmc;
  // A changing day (its own chain: ctmc_transient.cpp) and absence (a mixture): ctmc_day.cpp.
  if (changing_day(sc) ? day_shape(sc) : has_absence(sc)) {
    CtmcResult result = changing_day(sc) ? solve_day(sc, options) : solve_absence(sc, options);
    result.expectations = exact_expectations(sc, result);
    return result;
  }
  if (has_callbacks(sc)) return solve_callback_ctmc(sc, options);  // its own chain: ctmc_callback.cpp
  check_markovian(sc);
  const Cut cut = solve_cut(sc, options, compile(sc));
  const Solution& sol = cut.sol;

  CtmcResult result = result_for(sc);
  result.states = sol.chain.keys.size();
  result.solver = sol.solved.solver;
  result.residual = sol.solved.residual;
  for (Id q = 0; q < sc.queues.size(); ++q) {
    // A queue whose rules keep it below the cut was never truncated.
    if (cut.truncated[q] && cut.longest[q] == cut.bounds[q]) {
      result.truncations.push_back({sc.queues[q].name, cut.bounds[q], cut.mass[q]});
    }
  }
  compute_figures(sc, sol.model, sol.chain, sol.solved.pi, result);
  for (std::size_t o = 0; o < sol.model.orbits.size(); ++o) {
    const Id t = sol.model.classes[sol.model.orbits[o]].types.front();
    result.notes.emplace_back("redials of call type " + quote(sc.call_types[t].name) +
                              " as an orbit: callers waiting to redial, each redialling at rate 1 / mean delay; the "
                              "chain holds at most " +
                              std::to_string(sol.model.orbit_bound[o]) + " of them (stationary probability there " +
                              fmt::format("{:.2g}", cut.orbit_mass[o]) +
                              "; a caller who would go beyond does not redial)");
  }
  for (const auto& t : result.truncations) {
    result.notes.emplace_back("queue " + quote(t.queue) + " has no capacity: the chain stops at " +
                              std::to_string(t.max_waiting) + " callers waiting (stationary probability there " +
                              fmt::format("{:.2g}", t.mass_at_bound) +
                              "); an arrival finding it there counts as blocked");
  }
  result.expectations = exact_expectations(sc, result);
  return result;
}

}  // namespace ccsim::analysis
