#include "analysis/analytic/erlang.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace ccsim::analysis {

namespace {

constexpr double seconds_per_hour = 3600.0;

// Stop adding queue states once the remaining (length-weighted) mass is below this,
// relative to the largest state: far beneath double rounding of any reported figure.
constexpr double truncation_tolerance = 1e-20;

// A bound on memory and time: a queue needing more states is not a call center.
constexpr std::size_t max_queue_states = 50'000'000;

// Above this the doubling search in staff_for_target gives up.
constexpr int max_staffing_agents = 100'000'000;

void require(bool ok, const std::string& what) {
  if (!ok) throw std::invalid_argument("ccsim::analysis: " + what);
}

void require_traffic(const Traffic& traffic) {
  require(std::isfinite(traffic.calls_per_hour) && traffic.calls_per_hour >= 0.0,
          "calls_per_hour must be finite and >= 0, got " + std::to_string(traffic.calls_per_hour));
  require(std::isfinite(traffic.handle_s) && traffic.handle_s > 0.0,
          "handle time must be finite and > 0 s, got " + std::to_string(traffic.handle_s));
}

void require_load(double offered_erlangs) {
  require(std::isfinite(offered_erlangs) && offered_erlangs >= 0.0,
          "offered load must be finite and >= 0 erlangs, got " + std::to_string(offered_erlangs));
}

void require_within(double within_s) {
  require(std::isfinite(within_s) && within_s >= 0.0,
          "service-level threshold must be finite and >= 0 s, got " + std::to_string(within_s));
}

// The log weights of the states with every agent busy, relative to pi_n (all agents busy,
// nobody waiting): log(pi_{n+j} / pi_n) = sum_{i=1..j} log(lambda / (n mu + i theta)), for
// j = 0, 1, ... up to the capacity, or until the rest of the mass is negligible (`truncated`:
// then blocking is negligible too). `peak` is the largest log weight and at least `idle_peak`.
struct QueueWeights {
  std::vector<double> log_w;
  double peak = 0.0;
  bool truncated = false;
};

[[noreturn]] void too_many_queue_states() {
  throw std::invalid_argument(
      "ccsim::analysis: the queue needs more than 50 million states; patience or "
      "capacity is too large for the exact solution");
}

QueueWeights queue_weights(double lambda, double service_rate, double theta, std::optional<int> capacity,
                           double idle_peak) {
  const double log_lambda = std::log(lambda);
  std::vector<double> log_w{0.0};
  double peak = idle_peak;
  const std::size_t last = capacity ? static_cast<std::size_t>(*capacity) : std::numeric_limits<std::size_t>::max();
  // The weights grow while lambda > n mu + j theta and the tail bound below cannot cut before
  // that: when the peak lies beyond the state limit, refuse at once instead of after 50
  // million steps.
  const double rising = theta > 0.0 ? (lambda - service_rate) / theta
                                    : (lambda >= service_rate ? std::numeric_limits<double>::infinity() : 0.0);
  if (last > max_queue_states && rising > static_cast<double>(max_queue_states) + 1.0) too_many_queue_states();
  for (std::size_t j = 1; j <= last; ++j) {
    const double jd = static_cast<double>(j);
    const double next = log_w.back() + log_lambda - std::log(service_rate + jd * theta);
    log_w.push_back(next);
    peak = std::max(peak, next);
    // Once the ratio r of successive weights is below 1 it only falls, so the remaining
    // mass weighted by queue length is at most w_j (j + 1) / (1 - r)^2.
    const double ratio = lambda / (service_rate + (jd + 1.0) * theta);
    if (ratio < 1.0 && j < last) {
      const double bound = std::exp(next - peak) * (jd + 1.0) / ((1.0 - ratio) * (1.0 - ratio));
      if (bound < truncation_tolerance) return {std::move(log_w), peak, true};
    }
    if (log_w.size() > max_queue_states) too_many_queue_states();
  }
  return {std::move(log_w), peak, false};
}

}  // namespace

double erlang_b(double offered_erlangs, int agents) {
  require_load(offered_erlangs);
  require(agents >= 0, "agents must be >= 0, got " + std::to_string(agents));
  // B(0) = 1; B(k) = a B(k-1) / (k + a B(k-1)) (docs/formulas.md, "Erlang B"). Each step
  // maps [0, 1] into [0, 1] and damps relative errors, so it is stable for any n and a.
  double b = 1.0;
  for (int k = 1; k <= agents; ++k) {
    const double ab = offered_erlangs * b;
    b = ab / (k + ab);
  }
  return b;
}

double log_erlang_b(double offered_erlangs, int agents) {
  require_load(offered_erlangs);
  require(agents >= 0, "agents must be >= 0, got " + std::to_string(agents));
  if (agents == 0) return 0.0;
  if (offered_erlangs == 0.0) return -std::numeric_limits<double>::infinity();
  // The same recursion in logs: ln B(k) = ln B(k-1) + ln(a/k) - ln(1 + a B(k-1) / k).
  const double log_a = std::log(offered_erlangs);
  double log_b = 0.0;
  for (int k = 1; k <= agents; ++k) {
    const double kd = k;
    log_b += log_a - std::log(kd) - std::log1p(offered_erlangs * std::exp(log_b) / kd);
  }
  return log_b;
}

std::optional<double> erlang_c(double offered_erlangs, int agents) {
  require_load(offered_erlangs);
  require(agents >= 1, "agents must be >= 1, got " + std::to_string(agents));
  const double n = agents;
  if (offered_erlangs >= n) return std::nullopt;
  // C = n B / (n - a (1 - B)) (docs/formulas.md, "Erlang C"); n - a + a B > 0 here.
  const double b = erlang_b(offered_erlangs, agents);
  return n * b / ((n - offered_erlangs) + offered_erlangs * b);
}

std::optional<double> erlang_c_service_level(const Traffic& traffic, int agents, double within_s) {
  require_traffic(traffic);
  require_within(within_s);
  const auto c = erlang_c(traffic.offered_erlangs(), agents);
  if (!c) return std::nullopt;
  // Waits of delayed calls are exponential with rate n mu - lambda.
  const double rate = (agents - traffic.offered_erlangs()) / traffic.handle_s;
  return 1.0 - *c * std::exp(-rate * within_s);
}

std::optional<double> erlang_c_asa(const Traffic& traffic, int agents) {
  require_traffic(traffic);
  const auto c = erlang_c(traffic.offered_erlangs(), agents);
  if (!c) return std::nullopt;
  return *c * traffic.handle_s / (agents - traffic.offered_erlangs());
}

std::optional<QueueSolution> QueueSolution::solve(const QueueModel& model) {
  require_traffic(model.traffic);
  require(model.agents >= 1, "agents must be >= 1, got " + std::to_string(model.agents));
  if (model.patience_s)
    require(std::isfinite(*model.patience_s) && *model.patience_s > 0.0,
            "patience must be finite and > 0 s, got " + std::to_string(*model.patience_s));
  if (model.capacity) require(*model.capacity >= 0, "capacity must be >= 0, got " + std::to_string(*model.capacity));

  QueueSolution solution;
  solution.model_ = model;
  const double a = model.traffic.offered_erlangs();
  const double n = model.agents;
  const double lambda = model.traffic.calls_per_hour / seconds_per_hour;  // calls/s
  const double service_rate = n / model.traffic.handle_s;                 // n mu, calls/s
  QueueFigures& f = solution.figures_;

  if (lambda == 0.0) return solution;  // nobody calls: every figure is 0

  if (!model.patience_s && !model.capacity) {
    // Erlang C keeps its closed forms.
    const auto c = erlang_c(a, model.agents);
    if (!c) return std::nullopt;
    const double decay = service_rate - lambda;
    solution.p_idle_agent_ = 1.0 - *c;
    solution.erlang_c_decay_per_s_ = decay;
    f.p_wait = *c;
    f.asa = *c / decay;
    f.mean_wait = f.asa;
    f.occupancy = a / n;
    return solution;
  }

  // Birth-death chain on the number of callers in the system (docs/formulas.md, "Erlang A"):
  // birth rate lambda, death rate min(k, n) mu + max(k - n, 0) theta. Weights are kept in
  // logs relative to pi_n (all agents busy, nobody waiting):
  //   sum_{k<n} pi_k / pi_n = (1 - B) / B     with B = Erlang B(n, a),
  //   pi_{n+j} / pi_n = prod_{i=1..j} lambda / (n mu + i theta).
  const double theta = model.patience_s ? 1.0 / *model.patience_s : 0.0;
  const double log_b = log_erlang_b(a, model.agents);
  const double log_idle = std::log1p(-std::exp(log_b)) - log_b;
  const QueueWeights weights = queue_weights(lambda, service_rate, theta, model.capacity, std::max(log_idle, 0.0));
  const auto& log_w = weights.log_w;
  const double peak = weights.peak;

  long double total = std::exp(static_cast<long double>(log_idle - peak));
  for (const double w : log_w) total += std::exp(static_cast<long double>(w - peak));
  const auto probability = [&](double log_weight) {
    return static_cast<double>(std::exp(static_cast<long double>(log_weight - peak)) / total);
  };
  solution.p_idle_agent_ = probability(log_idle);
  // The last state n + K turns arrivals away, unless truncation left it negligible.
  const std::size_t admitted = model.capacity && !weights.truncated ? log_w.size() - 1 : log_w.size();
  solution.p_queue_.resize(admitted);
  for (std::size_t j = 0; j < admitted; ++j) solution.p_queue_[j] = probability(log_w[j]);

  // A caller admitted with j ahead is answered with probability
  // s_j = n mu / (n mu + (j + 1) theta), and its wait, when answered, has mean
  // E[W ; answered] = s_j sum_{i=1..j+1} 1 / (n mu + i theta) (docs/formulas.md).
  long double p_wait = 0.0L;
  long double p_abandon = 0.0L;
  long double p_answered = solution.p_idle_agent_;
  long double answered_wait = 0.0L;  // E[W ; answered], s
  long double queue_length = 0.0L;   // E[callers waiting]
  long double harmonic = 0.0L;       // sum_{i=1..j+1} 1 / (n mu + i theta)
  for (std::size_t j = 0; j < admitted; ++j) {
    const double ahead_and_self = static_cast<double>(j + 1);
    const double p = solution.p_queue_[j];
    const double leave_rate = service_rate + ahead_and_self * theta;
    const double s = service_rate / leave_rate;
    harmonic += 1.0L / leave_rate;
    p_wait += p;
    p_answered += p * s;
    p_abandon += p * (ahead_and_self * theta / leave_rate);
    answered_wait += p * s * harmonic;
    queue_length += p * static_cast<double>(j);
  }
  if (admitted < log_w.size()) {
    f.block_rate = probability(log_w.back());
    queue_length += f.block_rate * static_cast<double>(admitted);
  }
  f.p_wait = static_cast<double>(p_wait);
  f.abandon_rate = static_cast<double>(p_abandon);
  f.asa = static_cast<double>(answered_wait / p_answered);
  // Little's law over admitted calls: E[wait] = E[queue length] / (lambda (1 - block)).
  f.mean_wait = static_cast<double>(queue_length / (lambda * (1.0 - f.block_rate)));
  f.occupancy = a * static_cast<double>(p_answered) / n;
  return solution;
}

double QueueSolution::service_level(double within_s) const {
  require_within(within_s);
  if (erlang_c_decay_per_s_) return 1.0 - figures_.p_wait * std::exp(-*erlang_c_decay_per_s_ * within_s);
  if (within_s == 0.0 || p_queue_.empty()) return p_idle_agent_;

  // A caller admitted with j ahead is answered within T with probability
  //   h_j(T) = s_j P(N >= j + 1),  N ~ NegativeBinomial(alpha + 1, x),
  // alpha = n mu / theta, x = 1 - e^{-theta T}: the regularized incomplete beta
  // I_x(j + 1, alpha + 1) (docs/formulas.md derives it). Without patience N is
  // Poisson(n mu T). The pmf t_i of N is carried in logs from t_0 = e^{-(n mu + theta) T}
  // and the tail P(N >= j + 1) by subtraction, in long double.
  const double service_rate = model_.agents / model_.traffic.handle_s;
  const double theta = model_.patience_s ? 1.0 / *model_.patience_s : 0.0;
  const double exponent = (service_rate + theta) * within_s;
  const double alpha = theta > 0.0 ? service_rate / theta : 0.0;
  const long double log_step = theta > 0.0 ? std::log(-std::expm1(-static_cast<long double>(theta) * within_s))
                                           : std::log(static_cast<long double>(service_rate) * within_s);

  long double log_t = -exponent;              // ln t_j
  long double tail = -std::expm1(-exponent);  // P(N >= j + 1)
  long double level = p_idle_agent_;
  for (std::size_t j = 0; j < p_queue_.size(); ++j) {
    const double jd = static_cast<double>(j);
    if (j > 0) {
      const long double jl = static_cast<long double>(j);
      log_t += log_step - std::log(jl);
      if (theta > 0.0) log_t += std::log(static_cast<long double>(alpha) + jl);
      tail = std::max(tail - std::exp(log_t), 0.0L);
    }
    const double s = service_rate / (service_rate + (jd + 1.0) * theta);
    level += p_queue_[j] * s * tail;
  }
  return static_cast<double>(level);
}

std::vector<std::optional<double>> priority_mean_waits(std::span<const double> calls_per_hour_by_priority,
                                                       double handle_s, int agents) {
  require(agents >= 1, "agents must be >= 1, got " + std::to_string(agents));
  double total_erlangs = 0.0;
  for (const double rate : calls_per_hour_by_priority) {
    require_traffic(Traffic{rate, handle_s});
    total_erlangs += Traffic{rate, handle_s}.offered_erlangs();
  }
  const double n = agents;
  // Cobham (1954): W_k = C h / n / ((1 - sigma_{k-1}) (1 - sigma_k)), sigma_k the load of
  // classes 1..k over n, C the Erlang C delay probability of the total load. In overload
  // every agent is always busy, so C = 1 (the mean residual until an agent frees stays h/n).
  const double c = total_erlangs >= n ? 1.0 : *erlang_c(total_erlangs, agents);
  std::vector<std::optional<double>> waits;
  waits.reserve(calls_per_hour_by_priority.size());
  double sigma_before = 0.0;
  for (const double rate : calls_per_hour_by_priority) {
    const double sigma = sigma_before + Traffic{rate, handle_s}.offered_erlangs() / n;
    if (sigma < 1.0) waits.emplace_back(c * handle_s / n / ((1.0 - sigma_before) * (1.0 - sigma)));
    else waits.emplace_back(std::nullopt);
    sigma_before = sigma;
  }
  return waits;
}

StaffingResult staff_for_target(double calls_per_hour, double handle_s, std::optional<double> patience_s,
                                double within_s, double target) {
  const Traffic traffic{calls_per_hour, handle_s};
  require_traffic(traffic);
  require_within(within_s);
  require(target > 0.0 && target < 1.0, "service-level target must be in (0, 1), got " + std::to_string(target));
  if (calls_per_hour == 0.0) return StaffingResult{};

  // The result at n agents, or nothing when n agents have no steady state.
  const auto evaluate = [&](int n) -> std::optional<StaffingResult> {
    const auto solution = QueueSolution::solve(QueueModel{traffic, n, patience_s, std::nullopt});
    if (!solution) return std::nullopt;
    return StaffingResult{n, solution->service_level(within_s), solution->figures()};
  };
  const auto meets = [&](const std::optional<StaffingResult>& r) { return r && r->service_level >= target; };

  // Invariant: `fails` agents miss the target (0 agents, or fewer than the load in
  // Erlang C, trivially do); `enough` agents meet it.
  const double a = traffic.offered_erlangs();
  require(a < 0.5 * max_staffing_agents, "offered load too large to staff: " + std::to_string(a));
  int fails = patience_s ? 0 : static_cast<int>(std::floor(a));
  int step = 1;
  std::optional<StaffingResult> best = evaluate(fails + step);
  while (!meets(best)) {
    fails += step;
    step = std::min(2 * step, max_staffing_agents);
    require(fails <= max_staffing_agents - step, "no staffing up to 100 million agents meets the target");
    best = evaluate(fails + step);
  }
  int enough = fails + step;
  while (enough - fails > 1) {
    const int mid = fails + (enough - fails) / 2;
    auto candidate = evaluate(mid);
    if (meets(candidate)) {
      enough = mid;
      best = candidate;
    } else {
      fails = mid;
    }
  }
  return *best;
}

}  // namespace ccsim::analysis
