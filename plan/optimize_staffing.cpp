#include "plan/optimize_staffing.hpp"

#include "plan/optimize_start.hpp"
#include "sim/error.hpp"

#include <algorithm>
#include <chrono>
#include <map>
#include <numeric>

namespace ccsim::plan {

namespace {

using analysis::ConstraintCheck;

// A move of the local search: one agent less in `from` (and, for a swap, one more in `to`)
// in each interval of a set; or, in the repair phase, `add` agents more in `to`.
struct Move {
  std::string kind;  // "add", "remove", "swap"
  std::optional<std::size_t> from;
  std::optional<std::size_t> to;
};

struct Eval {
  std::vector<ConstraintCheck> checks;
  std::size_t violated = 0;
};

class Search {
public:
  Search(StaffingOptimum& out, const OptimizeStaffingRequest& request, Progress& progress)
      : out_(out), request_(request), progress_(progress), n_(out.scenario.interval_count()) {
    by_interval_.resize(n_);
    for (std::size_t c = 0; c < out_.constraints.size(); ++c) {
      const int i = out_.constraints[c].interval;
      (i < 0 ? whole_ : by_interval_[static_cast<std::size_t>(i)]).push_back(c);
    }
  }

  // The repair phase, then the local search; returns the answer.
  Staffing run(Staffing x) {
    try {
      out_.feasible = repair(x);
    } catch (const Budget&) {
      out_.budget_spent = true;
      return x;
    }
    if (out_.feasible) improve(x);
    return x;
  }

  // The figures of staffing x, simulated if need be (beyond the budget too).
  const Eval& evaluate(const Staffing& x) {
    unlimited_ = true;
    return evaluate(x, "final", {}, {}).first;
  }

  const std::vector<bool>& binding() const { return binding_; }

private:
  // Simulates staffing x (once: results are cached, since every run sees the same callers) and
  // records the step; the second value is the step's index, or none when cached.
  std::pair<const Eval&, std::optional<std::size_t>> evaluate(const Staffing& x, const std::string& kind,
                                                              const Move& move, std::vector<std::size_t> intervals) {
    if (const auto it = cache_.find(x); it != cache_.end()) return {it->second, std::nullopt};
    if (!unlimited_ && out_.steps.size() >= request_.max_simulations) throw Budget{};
    model::Scenario sc = out_.scenario;
    for (std::size_t k = 0; k < out_.groups.size(); ++k) {
      auto& g = sc.agent_groups[out_.groups[k]];
      g.agents = x[k];
      g.shifts.clear();
    }
    progress_.start_item(out_.steps.size());
    const auto sim = simulate(std::move(sc), request_.threads, std::nullopt, progress_);
    Eval ev;
    ev.checks = analysis::check_constraints(sim->summary(), out_.constraints);
    ev.violated = static_cast<std::size_t>(
        std::count_if(ev.checks.begin(), ev.checks.end(), [](const ConstraintCheck& c) { return !c.met; }));
    SearchStep step;
    step.move = kind;
    if (move.from) step.group = out_.scenario.agent_groups[out_.groups[*move.from]].name;
    if (move.to) (move.from ? step.to_group : step.group) = out_.scenario.agent_groups[out_.groups[*move.to]].name;
    step.intervals = std::move(intervals);
    step.cost = cost_of(out_.scenario, out_.costs, x);
    step.violated = ev.violated;
    out_.steps.push_back(std::move(step));
    const auto [it, inserted] = cache_.emplace(x, std::move(ev));
    return {it->second, out_.steps.size() - 1};
  }

  struct Budget {};

  bool interval_ok(const Eval& ev, long i) const {
    if (i < 0 || static_cast<std::size_t>(i) >= n_) return true;
    const auto& cs = by_interval_[static_cast<std::size_t>(i)];
    return std::all_of(cs.begin(), cs.end(), [&](std::size_t c) { return ev.checks[c].met; });
  }
  bool whole_ok(const Eval& ev) const {
    return std::all_of(whole_.begin(), whole_.end(), [&](std::size_t c) { return ev.checks[c].met; });
  }
  double interval_violation(const Eval& ev, std::size_t i) const {
    double v = 0.0;
    for (const std::size_t c : by_interval_[i]) v += ev.checks[c].violation;
    return v;
  }

  // Intervals to add agents to: those with a failing constraint; for a failing whole-run
  // constraint, the interval where the same expectation is furthest from its bound (every
  // interval when it has no per-interval figure).
  std::vector<std::size_t> failing_intervals(const Eval& ev) const {
    std::vector<bool> mark(n_, false);
    for (std::size_t i = 0; i < n_; ++i) mark[i] = !interval_ok(ev, static_cast<long>(i));
    for (const std::size_t c : whole_) {
      if (ev.checks[c].met) continue;
      std::optional<std::size_t> worst;
      double most = -1e300;
      for (std::size_t i = 0; i < n_; ++i) {
        for (const std::size_t d : by_interval_[i]) {
          if (out_.constraints[d].expectation != out_.constraints[c].expectation) continue;
          if (ev.checks[d].estimate.mean && -ev.checks[d].slack > most) {
            most = -ev.checks[d].slack;
            worst = i;
          }
        }
      }
      if (worst) mark[*worst] = true;
      else std::fill(mark.begin(), mark.end(), true);
    }
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < n_; ++i) {
      if (mark[i]) out.push_back(i);
    }
    return out;
  }

  // Adds agents where constraints fail, each interval to the group whose extra agents reduce
  // its violation (and the next interval's) most per unit of cost, as measured by one
  // simulation per group; an interval that keeps failing gets twice as many the next time.
  bool repair(Staffing& x) {
    std::vector<std::uint32_t> step(n_, 1);
    std::vector<bool> failed_before(n_, false);
    for (;;) {
      const Eval current = evaluate(x, out_.steps.empty() ? "start" : "repair", {}, {}).first;
      if (current.violated == 0) return true;
      const auto failing = failing_intervals(current);
      std::vector<double> best_gain(n_, -1e300);
      std::vector<std::optional<std::size_t>> best(n_);
      for (std::size_t k = 0; k < x.size(); ++k) {
        Staffing trial = x;
        std::vector<std::size_t> tried;
        for (const std::size_t i : failing) {
          const std::uint32_t room = request_.max_agents - std::min(request_.max_agents, trial[k][i]);
          if (room == 0) continue;
          trial[k][i] += std::min(room, step[i]);
          tried.push_back(i);
        }
        if (tried.empty()) continue;
        const Eval& ev = evaluate(trial, "add", {"add", std::nullopt, k}, tried).first;
        for (const std::size_t i : tried) {
          double before = interval_violation(current, i);
          double after = interval_violation(ev, i);
          if (i + 1 < n_) {
            before += interval_violation(current, i + 1);
            after += interval_violation(ev, i + 1);
          }
          const double gain = (before - after) / std::max(out_.costs[k], 1e-9);
          if (gain > best_gain[i] || (gain == best_gain[i] && out_.costs[k] < out_.costs[*best[i]])) {
            best_gain[i] = gain;
            best[i] = k;
          }
        }
      }
      bool added = false;
      for (const std::size_t i : failing) {
        if (!best[i]) continue;
        auto& cell = x[*best[i]][i];
        cell = std::min(request_.max_agents, cell + step[i]);
        added = true;
        if (failed_before[i]) step[i] = std::min<std::uint32_t>(step[i] * 2, 64);
      }
      for (std::size_t i = 0; i < n_; ++i)
        failed_before[i] = std::find(failing.begin(), failing.end(), i) != failing.end();
      if (!added) return false;  // every group is at --max-agents where it fails
    }
  }

  Staffing apply(const Staffing& x, const Move& m, const std::vector<std::size_t>& where) const {
    Staffing t = x;
    for (const std::size_t i : where) {
      if (m.from) --t[*m.from][i];
      if (m.to) ++t[*m.to][i];
    }
    return t;
  }

  // The least slack of the constraints of interval i and its neighbours on run ev.
  double local_slack(const Eval& ev, std::size_t i) const {
    double least = 1e300;
    for (std::size_t j = i == 0 ? 0 : i - 1; j <= i + 1 && j < n_; ++j) {
      for (const std::size_t c : by_interval_[j]) {
        if (ev.checks[c].estimate.mean) least = std::min(least, ev.checks[c].slack);
      }
    }
    return least;
  }

  // Which of the intervals tried to keep after run ev of them failed: those whose interval
  // and neighbours still meet every constraint; when that leaves them all (a whole-day
  // constraint or an interaction further away failed), the half with the most slack.
  std::vector<std::size_t> narrow(const Eval& ev, const std::vector<std::size_t>& tried) const {
    std::vector<std::size_t> keep;
    for (const std::size_t i : tried) {
      const auto li = static_cast<long>(i);
      if (interval_ok(ev, li - 1) && interval_ok(ev, li) && interval_ok(ev, li + 1)) keep.push_back(i);
    }
    if (keep.size() < tried.size() && whole_ok(ev)) return keep;
    std::stable_sort(keep.begin(), keep.end(),
                     [&](std::size_t a, std::size_t b) { return local_slack(ev, a) > local_slack(ev, b); });
    keep.resize(keep.size() / 2);
    std::sort(keep.begin(), keep.end());
    return keep;
  }

  // Tries move m in every interval of one parity at once (neighbours differ in parity, so the
  // moves barely interact), then narrows down to the intervals where it keeps every
  // constraint met (see narrow), re-simulated together. Returns whether the staffing changed.
  bool try_move(Staffing& x, const Move& m, std::size_t parity) {
    std::vector<std::size_t> tried;
    for (std::size_t i = parity; i < n_; i += 2) {
      if (m.from && x[*m.from][i] == 0) continue;
      if (m.to && x[*m.to][i] >= request_.max_agents) continue;
      tried.push_back(i);
    }
    bool first = true;
    while (!tried.empty()) {
      const Staffing trial = apply(x, m, tried);
      auto [ev, step] = evaluate(trial, first ? m.kind : "retry", m, tried);
      if (ev.violated == 0) {
        if (step) out_.steps[*step].accepted = tried;
        x = trial;
        return true;
      }
      first = false;
      tried = narrow(ev, tried);
    }
    return false;
  }

  // One agent less in one interval at a time, for every group and interval: keeps each
  // removal that meets every constraint; the constraints the others break bind.
  bool single_removals(Staffing& x, const std::vector<std::size_t>& order) {
    pass_binding_.assign(out_.constraints.size(), false);
    bool changed = false;
    for (const std::size_t k : order) {
      for (std::size_t i = 0; i < n_; ++i) {
        if (x[k][i] == 0) continue;
        Staffing trial = x;
        --trial[k][i];
        auto [ev, step] = evaluate(trial, "remove", {"remove", k, std::nullopt}, {i});
        if (ev.violated == 0) {
          if (step) out_.steps[*step].accepted = {i};
          x = std::move(trial);
          changed = true;
          continue;
        }
        for (std::size_t c = 0; c < ev.checks.size(); ++c) {
          if (!ev.checks[c].met) pass_binding_[c] = true;
        }
      }
    }
    return changed;
  }

  // Local search: passes of removals (dearest group first) and swaps of a dearer agent for a
  // cheaper one over every interval of one parity at once, until a pass changes nothing; then
  // single removals, one interval at a time; again while those find one.
  void improve(Staffing& x) {
    std::vector<std::size_t> order(x.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return out_.costs[a] > out_.costs[b]; });
    try {
      do {
        for (bool changed = true; changed;) {
          changed = false;
          for (const std::size_t k : order) {
            for (std::size_t p = 0; p < 2; ++p) changed |= try_move(x, {"remove", k, std::nullopt}, p);
          }
          for (const std::size_t k : order) {
            for (const std::size_t h : order) {
              if (out_.costs[h] >= out_.costs[k]) continue;
              for (std::size_t p = 0; p < 2; ++p) changed |= try_move(x, {"swap", k, h}, p);
            }
          }
        }
      } while (single_removals(x, order));
      binding_ = pass_binding_;
    } catch (const Budget&) {
      binding_.assign(out_.constraints.size(), false);
      out_.budget_spent = true;
    }
  }

  StaffingOptimum& out_;
  const OptimizeStaffingRequest& request_;
  Progress& progress_;
  std::size_t n_;
  std::vector<std::vector<std::size_t>> by_interval_;
  std::vector<std::size_t> whole_;
  std::map<Staffing, Eval> cache_;
  std::vector<bool> pass_binding_;
  std::vector<bool> binding_;
  bool unlimited_ = false;
};

}  // namespace

double agent_hours_of(const model::Scenario& sc, const Staffing& x) {
  double total = 0.0;
  for (const auto& row : x) {
    for (const std::uint32_t a : row) total += a * sc.interval_s / 3600.0;
  }
  return total;
}

double cost_of(const model::Scenario& sc, const std::vector<double>& costs, const Staffing& x) {
  double total = 0.0;
  for (std::size_t k = 0; k < x.size(); ++k) total += costs[k] * agent_hours_of(sc, {x[k]});
  return total;
}

StaffingOptimum optimize_staffing(model::Scenario scenario, const OptimizeStaffingRequest& request,
                                  Progress& progress) {
  const auto started = std::chrono::steady_clock::now();
  StaffingOptimum out;
  out.groups = groups_to_staff(scenario, request.groups);
  out.costs = group_costs(scenario, out.groups);
  out.constraints = analysis::staffing_constraints(scenario);
  out.start_is_erlang = !request.start_from_scenario;
  out.start = out.start_is_erlang ? erlang_start(scenario, out.groups, request.max_agents)
                                  : scenario_staffing(scenario, out.groups);
  out.scenario = std::move(scenario);

  Search search(out, request, progress);
  out.agents = search.run(out.start);
  const Eval& at = search.evaluate(out.agents);
  out.checks = at.checks;
  out.feasible = at.violated == 0;
  out.binding = search.binding();
  out.binding.resize(out.constraints.size(), false);
  for (std::size_t k = 0; k < out.groups.size(); ++k) {
    auto& g = out.scenario.agent_groups[out.groups[k]];
    g.agents = out.agents[k];
    g.shifts.clear();
  }
  out.start_cost = cost_of(out.scenario, out.costs, out.start);
  out.cost = cost_of(out.scenario, out.costs, out.agents);
  out.start_agent_hours = agent_hours_of(out.scenario, out.start);
  out.agent_hours = agent_hours_of(out.scenario, out.agents);

  model::Scenario fresh = out.scenario;
  fresh.seed = request.verify_seed ? *request.verify_seed : out.scenario.seed + 1;
  if (request.verify_replications) fresh.replications = *request.verify_replications;
  progress.start_item(out.steps.size());
  out.verification = simulate(std::move(fresh), request.threads, std::nullopt, progress);
  out.verified = analysis::check_constraints(out.verification->summary(), out.constraints);
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return out;
}

}  // namespace ccsim::plan
