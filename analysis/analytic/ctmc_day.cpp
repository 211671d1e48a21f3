#include "analysis/analytic/ctmc_day.hpp"

#include "analysis/analytic/ctmc_compile.hpp"
#include "analysis/analytic/ctmc_transient.hpp"
#include "sim/error.hpp"
#include "sim/model/staffing_plan.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <map>
#include <stdexcept>
#include <string>
#include <utility>

namespace ccsim::analysis::ctmc {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// Most staffing profiles (combinations of agents present) a mixture solves.
constexpr std::size_t kMaxProfiles = 10'000;

double ratio(double num, double den) { return den > 0.0 ? num / den : kNaN; }

// Figures in report order, with their values: one answer of a mixture.
struct Values {
  std::vector<FigureKey> keys;
  std::map<FigureKey, double> values;
  void add(FigureKey key, double v) {
    if (values.emplace(key, v).second) keys.push_back(std::move(key));
  }
};

// The mixture of answers: each figure the weighted mean of the answers where it is defined
// (as `ccsim run` averages a figure over the replications where it is defined), so a count is
// its expectation and a ratio the mean of the per-profile ratios.
Values mix(const std::vector<std::pair<double, Values>>& answers) {
  Values out;
  const Values* richest = &answers.front().second;
  for (const auto& a : answers) {
    if (a.second.keys.size() > richest->keys.size()) richest = &a.second;
  }
  for (const auto& key : richest->keys) {
    double sum = 0.0;
    double weight = 0.0;
    for (const auto& [w, v] : answers) {
      const auto it = v.values.find(key);
      if (it == v.values.end() || !std::isfinite(it->second)) continue;
      sum += w * it->second;
      weight += w;
    }
    out.add(key, weight > 0.0 ? sum / weight : kNaN);
  }
  return out;
}

// The staffing profiles of absence p over a schedule whose levels are `levels` (ascending):
// agents 1..levels.back() each present with probability 1 - p; present(n) = those present
// among the first n. Each profile: its probability and present(level) per level.
std::vector<std::pair<double, std::vector<std::uint32_t>>> profiles(const std::vector<std::uint32_t>& levels,
                                                                    double p) {
  std::vector<std::pair<double, std::vector<std::uint32_t>>> out{{1.0, {}}};
  std::uint32_t below = 0;
  for (const std::uint32_t level : levels) {
    const std::uint32_t d = level - below;
    std::vector<std::pair<double, std::vector<std::uint32_t>>> next;
    for (const auto& [w, present] : out) {
      const std::uint32_t base = present.empty() ? 0 : present.back();
      for (std::uint32_t x = 0; x <= d; ++x) {
        const double pmf = std::exp(std::lgamma(d + 1.0) - std::lgamma(x + 1.0) - std::lgamma(d - x + 1.0)) *
                           std::pow(1.0 - p, x) * std::pow(p, d - x);
        if (pmf <= 0.0) continue;
        auto more = present;
        more.push_back(base + x);
        next.emplace_back(w * pmf, std::move(more));
      }
    }
    out = std::move(next);
    below = level;
  }
  return out;
}

double profile_count(const std::vector<std::uint32_t>& levels) {
  double n = 1.0;
  std::uint32_t below = 0;
  for (const std::uint32_t level : levels) {
    n *= level - below + 1.0;
    below = level;
  }
  return n;
}

void check_profiles(const model::Scenario& sc, std::size_t g, double n) {
  if (n > static_cast<double>(kMaxProfiles)) {
    throw InputError(
        fmt::format("{}: /agent_groups/{}/absence: the mixture over the agents present would need {} staffing profiles "
                    "(limit {}); ccsim exact solves absence over fewer agents or fewer staffing levels",
                    sc.source, g, count_text(n), kMaxProfiles));
  }
}

// The schedule of group 0 (before absence) at each instant it may change: time 0, the
// interval boundaries (per-interval lists), the shift steps.
std::vector<model::StaffStep> schedule(const model::Scenario& sc) {
  const auto& g = sc.agent_groups.front();
  if (!g.shifts.empty()) return model::shift_steps(g);
  std::vector<model::StaffStep> out;
  for (std::size_t i = 0; i < g.agents.size(); ++i)
    out.push_back({static_cast<double>(i) * sc.interval_s, g.agents[i]});
  return out;
}

// The transient chain's day for one staffing profile (present agents per schedule level).
TransientDay day_of(const model::Scenario& sc, const std::function<std::uint32_t(std::uint32_t)>& present) {
  const auto& ct = sc.call_types.front();
  TransientDay d;
  d.mu = 1.0 / ct.handle_time.mean();
  d.theta = ct.patience ? 1.0 / ct.patience->mean() : 0.0;
  d.capacity = sc.queues.front().capacity;
  d.horizon_s = sc.horizon_s;
  d.warmup_s = sc.warmup_s;
  d.interval_s = sc.interval_s;
  d.thresholds_s = sc.thresholds_s;
  for (const auto& b : sc.initial_state.busy) {
    for (const auto& c : b.calls) d.busy0 += c.count;
  }
  for (const auto& w : sc.initial_state.waiting) {
    for (const auto& c : w.callers) d.waiting0 += c.count;
  }
  const auto staff = schedule(sc);
  std::vector<double> times;
  for (const auto& s : staff) times.push_back(s.at_s);
  for (std::size_t i = 0; i < ct.arrivals.per_second.size(); ++i)
    times.push_back(static_cast<double>(i) * sc.interval_s);
  std::sort(times.begin(), times.end());
  times.erase(std::unique(times.begin(), times.end()), times.end());
  const auto& rates = ct.arrivals.per_second;
  for (const double t : times) {
    std::uint32_t agents = staff.front().agents;
    for (const auto& s : staff) {
      if (s.at_s <= t) agents = s.agents;
    }
    const auto i = std::min(rates.size() - 1, static_cast<std::size_t>(t / sc.interval_s + 1e-9));
    d.steps.push_back({t, rates[i], present(agents)});
  }
  return d;
}

// The figures of README "Results" for the callers of one scope, from expected counts.
void call_values(Values& v, const std::string& section, const std::string& name, int interval,
                 const TransientInterval& x, const std::vector<double>& thresholds) {
  const auto put = [&](const std::string& metric, double value) { v.add({section, name, interval, metric}, value); };
  put("offered", x.offered);
  put("answered", x.answered);
  put("abandoned", x.abandoned);
  put("blocked", x.blocked);
  put("overflowed_out", 0.0);
  put("dropped", 0.0);
  // Ratios to the offered as run reports them: the mean of each day's own ratio.
  const auto& r = x.per_day;
  const auto share = [&](double value) { return x.offered > 0.0 ? value : kNaN; };
  for (std::size_t k = 0; k < thresholds.size(); ++k) {
    put("service_level/" + Summary::threshold_key(thresholds[k]), share(r.within[k]));
  }
  put("answered_rate", share(r.answered));
  put("p_wait", share(1.0 - r.answered_at_once - r.blocked));
  put("abandon_rate", share(r.abandoned));
  put("block_rate", share(r.blocked));
  put("overflow_rate", share(0.0));
  put("asa", ratio(x.wait_answered, x.answered));
  put("mean_wait", ratio(x.wait_all, x.answered + x.abandoned));
}

TransientInterval sum(const std::vector<TransientInterval>& all) {
  TransientInterval s;
  s.within.assign(all.front().within.size(), 0.0);
  for (const auto& x : all) {
    s.offered += x.offered;
    s.answered += x.answered;
    s.answered_at_once += x.answered_at_once;
    s.abandoned += x.abandoned;
    s.blocked += x.blocked;
    for (std::size_t k = 0; k < s.within.size(); ++k) s.within[k] += x.within[k];
    s.wait_answered += x.wait_answered;
    s.wait_all += x.wait_all;
    s.counted_s += x.counted_s;
    s.line_area += x.line_area;
    s.busy_area += x.busy_area;
    s.logged_area += x.logged_area;
  }
  return s;
}

// Every figure of one profile's day, keyed as `ccsim run` keys them.
Values day_values(const model::Scenario& sc, const TransientFigures& f) {
  Values v;
  const auto& th = sc.thresholds_s;
  const std::string& type = sc.call_types.front().name;
  const std::string& queue = sc.queues.front().name;
  const std::string& group = sc.agent_groups.front().name;
  TransientInterval all = sum(f.intervals);
  all.per_day = f.per_day;
  call_values(v, "totals", "", -1, all, th);
  call_values(v, "call_types", type, -1, all, th);
  call_values(v, "queues", queue, -1, all, th);
  v.add({"queues", queue, -1, "entered"}, all.offered - all.blocked);
  v.add({"queues", queue, -1, "rerouted"}, 0.0);
  v.add({"queues", queue, -1, "announcements"}, 0.0);
  v.add({"queues", queue, -1, "mean_queue_length"}, ratio(all.line_area, all.counted_s));
  v.add({"agent_groups", group, -1, "occupancy"}, ratio(all.busy_area, all.logged_area));
  v.add({"agent_groups", group, -1, "answered"}, all.answered);
  v.add({"agent_groups", group, -1, "mean_agents"}, ratio(all.logged_area, all.counted_s));
  for (std::size_t i = 0; i < f.intervals.size(); ++i) {
    const auto& x = f.intervals[i];
    const int iv = static_cast<int>(i);
    call_values(v, "totals", "", iv, x, th);
    call_values(v, "call_types", type, iv, x, th);
    v.add({"queues", queue, iv, "mean_queue_length"}, ratio(x.line_area, x.counted_s));
    if (model::reports_on_duty(sc))
      v.add({"agent_groups", group, iv, "agents_on_duty"}, x.on_duty_area / sc.interval_s);
    v.add({"agent_groups", group, iv, "occupancy"}, ratio(x.busy_area, x.logged_area));
  }
  return v;
}

// What solve_day does not solve, each with its pointer; the rest of the scenario is checked by
// check_markovian on a copy without the day's changes.
void check_day(const model::Scenario& sc) {
  model::Scenario plain = sc;
  plain.initial_state = {};
  for (auto& ct : plain.call_types) ct.arrivals.per_second.resize(1);
  for (auto& g : plain.agent_groups) {
    g.agents = {model::agents_at_start(g)};
    g.shifts.clear();
    g.absence = 0.0;
  }
  std::vector<std::string> problems;
  try {
    check_markovian(plain);
  } catch (const InputError& e) {
    problems = e.messages();
  }
  const auto refuse = [&](const std::string& ptr, const std::string& what) {
    problems.push_back(sc.source + ": " + ptr + ": " + what +
                       "; ccsim exact solves a changing day for one queue without rules, callbacks or redials");
  };
  if (!sc.queues.front().overflow.empty()) refuse("/queues/0/overflow", "overflow rules");
  if (sc.queues.front().callback) refuse("/queues/0/callback", "a callback");
  if (sc.call_types.front().redial) refuse("/call_types/0/redial", "redials");
  if (!problems.empty()) throw InputError(problems);
}

void put_values(const Values& v, CtmcResult& r) {
  r.keys = v.keys;
  r.values = v.values;
}

}  // namespace

bool changing_day(const model::Scenario& sc) {
  if (!sc.initial_state.empty()) return true;
  for (const auto& ct : sc.call_types) {
    if (!ct.arrivals.trace && ct.arrivals.per_second.size() > 1) return true;
  }
  return std::any_of(sc.agent_groups.begin(), sc.agent_groups.end(),
                     [](const model::AgentGroup& g) { return !g.shifts.empty() || g.agents.size() > 1; });
}

bool day_shape(const model::Scenario& sc) {
  return sc.queues.size() == 1 && sc.call_types.size() == 1 && sc.agent_groups.size() == 1 &&
         !sc.call_types.front().arrivals.trace && sc.agent_groups.front().serves.size() == 1;
}

bool has_absence(const model::Scenario& sc) {
  return std::any_of(sc.agent_groups.begin(), sc.agent_groups.end(),
                     [](const model::AgentGroup& g) { return g.absence > 0.0; });
}

CtmcResult solve_day(const model::Scenario& sc, const CtmcOptions& options) {
  check_day(sc);
  const auto& group = sc.agent_groups.front();
  std::vector<std::uint32_t> levels;
  for (const auto& s : schedule(sc)) {
    if (s.agents > 0) levels.push_back(s.agents);
  }
  std::sort(levels.begin(), levels.end());
  levels.erase(std::unique(levels.begin(), levels.end()), levels.end());
  std::vector<std::pair<double, std::vector<std::uint32_t>>> mixture{{1.0, levels}};
  if (group.absence > 0.0) {
    check_profiles(sc, 0, profile_count(levels));
    mixture = profiles(levels, group.absence);
  }
  std::vector<std::pair<double, Values>> answers;
  TransientFigures first;
  std::size_t nodes = 0;
  for (const auto& entry : mixture) {
    const double w = entry.first;
    const std::vector<std::uint32_t>& present = entry.second;  // a lambda cannot capture a structured binding
    const auto map = [&](std::uint32_t n) -> std::uint32_t {
      const auto it = std::find(levels.begin(), levels.end(), n);
      return it == levels.end() ? 0 : present[static_cast<std::size_t>(it - levels.begin())];
    };
    TransientDay day = day_of(sc, map);
    TransientFigures f;
    try {
      f = solve_transient_day(day, options.boundary_mass * 10.0, options.max_states);
    } catch (const InputError& e) {
      throw InputError(sc.source + ": " + e.messages().front());
    }
    nodes += f.quadrature_nodes;
    if (answers.empty() || f.max_line > first.max_line) first = f;
    answers.emplace_back(w, day_values(sc, f));
  }
  CtmcResult r = result_for(sc);
  r.transient = true;
  r.states = first.states;
  r.solver = "uniformisation";
  r.residual = 0.0;
  if (first.truncated) r.truncations.push_back({sc.queues.front().name, first.max_line, first.mass_at_bound});
  put_values(mix(answers), r);
  r.notes.emplace_back(
      "transient solution of the (busy, line) chain from the state at time 0, stretch by stretch (uniformisation); "
      "figures of the callers arriving in each interval, whatever happens to them after; counts are expected counts; "
      "shares of the offered (service level, answered, abandon and block rates, p_wait) are the mean of each day's "
      "own share, as ccsim run averages replications (E[X / N], by an integral over thinned arrival rates); asa, "
      "mean_wait, occupancy and mean_queue_length are ratios of expected values; ci95 is 0; wait_percentiles and "
      "max_queue_length are not computed");
  r.notes.push_back(fmt::format(
      "service level: exact where no staffing change falls within the threshold of the arrival, Gauss-Legendre "
      "quadrature ({} nodes) where one does",
      nodes));
  if (first.truncated) {
    r.notes.push_back(
        fmt::format("queue \"{}\" has no capacity: the chain stops at {} callers waiting (largest "
                    "probability there {:.2g}); an arrival finding it there counts as blocked",
                    sc.queues.front().name, first.max_line, first.mass_at_bound));
  }
  if (group.absence > 0.0) {
    r.notes.push_back(
        fmt::format("absence {:g}: mixture of {} staffing profiles (the agents present among the first "
                    "n(t) on duty), weighted by their binomial probabilities",
                    group.absence, answers.size()));
  }
  return r;
}

CtmcResult solve_absence(const model::Scenario& sc, const CtmcOptions& options) {
  // Per group with absence: its profiles (agents present, probability).
  std::vector<std::pair<double, model::Scenario>> cases{{1.0, sc}};
  double count = 1.0;
  for (std::size_t g = 0; g < sc.agent_groups.size(); ++g) {
    const auto& group = sc.agent_groups[g];
    if (group.absence <= 0.0) continue;
    const std::uint32_t n = group.agents.front();
    count *= n + 1.0;
    check_profiles(sc, g, count);
    std::vector<std::pair<double, model::Scenario>> next;
    for (const auto& [w, c] : cases) {
      for (const auto& [pw, present] : profiles({n}, group.absence)) {
        model::Scenario one = c;
        one.agent_groups[g].agents = {present.empty() ? 0 : present.front()};
        one.agent_groups[g].absence = 0.0;
        next.emplace_back(w * pw, std::move(one));
      }
    }
    cases = std::move(next);
  }
  std::vector<std::pair<double, Values>> answers;
  CtmcResult full;
  std::size_t states = 0;
  for (const auto& [w, one] : cases) {
    CtmcResult r;
    try {
      r = solve_ctmc(one, options);
    } catch (const std::exception& e) {
      // The profile's own refusal (a non-Markovian scenario is refused the same way by every one).
      std::string agents;
      for (std::size_t g = 0; g < one.agent_groups.size(); ++g) {
        if (sc.agent_groups[g].absence > 0.0) {
          agents += fmt::format("{}{} of {} agents of group \"{}\"", agents.empty() ? "" : ", ",
                                one.agent_groups[g].agents.front(), sc.agent_groups[g].agents.front(),
                                sc.agent_groups[g].name);
        }
      }
      throw InputError(
          fmt::format("{}: with absence, the steady state with {} present (probability {:.3g}) cannot be "
                      "solved: {}",
                      sc.source, agents, w, e.what()));
    }
    states += r.states;
    Values v;
    for (const auto& k : r.keys) v.add(k, r.values.at(k));
    for (const auto& g : one.agent_groups) {
      for (std::size_t i = 0; i < sc.interval_count(); ++i) {
        v.add({"agent_groups", g.name, static_cast<int>(i), "agents_on_duty"}, g.agents.front());
      }
    }
    if (answers.empty() || r.states > full.states) full = r;
    answers.emplace_back(w, std::move(v));
  }
  CtmcResult r = full;
  r.states = states;
  r.expectations.clear();
  put_values(mix(answers), r);
  r.notes.push_back(fmt::format(
      "absence: mixture of the stationary answers of {} staffing profiles (agents present), weighted by their "
      "binomial probabilities; each figure is the weighted mean over the profiles where it is defined, as ccsim run "
      "averages replications; states: all profiles together; truncation: of the largest chain",
      cases.size()));
  return r;
}

}  // namespace ccsim::analysis::ctmc
