#include "plan/optimize_start.hpp"

#include "analysis/analytic/erlang_bounds.hpp"
#include "sim/error.hpp"
#include "sim/model/staffing_plan.hpp"

#include <algorithm>

namespace ccsim::plan {

namespace {

std::string group_ptr(model::Id g) { return "/agent_groups/" + std::to_string(g); }

// The load one queue's own callers bring in interval i: rate, mean busy time per call
// (handle + wrap-up) and mean patience (none when a call type never abandons).
struct QueueLoad {
  double calls_per_hour = 0.0;
  double busy_s = 0.0;
  std::optional<double> patience_s;
};

QueueLoad queue_load(const model::Scenario& sc, model::Id q, std::size_t i) {
  QueueLoad load;
  double rate = 0.0;
  double busy = 0.0;
  double patience = 0.0;
  bool all_abandon = true;
  for (const auto& ct : sc.call_types) {
    if (ct.enters != q) continue;
    const auto& rates = ct.arrivals.per_second;
    const double r = rates.size() == 1 ? rates[0] : rates[i];
    rate += r;
    busy += r * (ct.handle_time.mean() + (ct.wrap_up ? ct.wrap_up->mean() : 0.0));
    if (ct.patience) patience += r * ct.patience->mean();
    else all_abandon = false;
  }
  load.calls_per_hour = rate * 3600.0;
  if (rate > 0.0) {
    load.busy_s = busy / rate;
    if (all_abandon) load.patience_s = patience / rate;
  }
  return load;
}

// The bounds of the expectations that concern queue q's callers (overflow rates aside: one
// pool sends nobody on).
std::vector<analysis::FigureBound> queue_bounds(const model::Scenario& sc, model::Id q) {
  std::vector<analysis::FigureBound> out;
  for (const auto& e : sc.expectations) {
    if (e.metric == "overflow_rate") continue;
    const bool applies = e.scope == model::Expectation::Scope::Total ||
                         (e.scope == model::Expectation::Scope::Queue && e.scope_id == q) ||
                         (e.scope == model::Expectation::Scope::CallType && sc.call_types[e.scope_id].enters == q);
    if (applies) out.push_back({e.metric, e.within_s.value_or(0.0), e.at_least, e.at_most});
  }
  return out;
}

// The group that takes queue q's Erlang answer: the first staffed group whose serves list
// starts with q (no `after`), else the first that serves q at all.
std::optional<std::size_t> first_server(const model::Scenario& sc, const std::vector<model::Id>& groups, model::Id q) {
  for (std::size_t k = 0; k < groups.size(); ++k) {
    const auto& s = sc.agent_groups[groups[k]].serves;
    if (!s.empty() && s.front().queue == q && s.front().after_s == 0.0) return k;
  }
  for (std::size_t k = 0; k < groups.size(); ++k) {
    const auto& s = sc.agent_groups[groups[k]].serves;
    if (std::any_of(s.begin(), s.end(), [&](const model::Serves& x) { return x.queue == q; })) return k;
  }
  return std::nullopt;
}

}  // namespace

std::vector<model::Id> groups_to_staff(const model::Scenario& sc, const std::vector<std::string>& names) {
  std::vector<std::string> problems;
  if (sc.expectations.empty()) {
    problems.push_back(sc.source +
                       ": /expectations: optimize staffing needs expectations (the constraints every interval "
                       "must meet), e.g. {\"metric\": \"service_level\", \"within\": \"20s\", \"at_least\": 0.8}");
  }
  for (std::size_t k = 0; k < sc.expectations.size(); ++k) {
    const auto& e = sc.expectations[k];
    if (e.at_least && e.at_most && *e.at_least > *e.at_most) {
      problems.push_back(sc.source + ": /expectations/" + std::to_string(k) +
                         ": no staffing can meet it: at_least is above at_most");
    }
  }
  std::vector<model::Id> out;
  for (model::Id g = 0; g < sc.agent_groups.size(); ++g) {
    const auto& name = sc.agent_groups[g].name;
    if (names.empty() || std::find(names.begin(), names.end(), name) != names.end()) out.push_back(g);
  }
  for (const auto& n : names) {
    if (std::none_of(sc.agent_groups.begin(), sc.agent_groups.end(),
                     [&](const model::AgentGroup& g) { return g.name == n; })) {
      problems.push_back("--groups " + n + ": no agent group of that name in " + sc.source);
    }
  }
  if (sc.agent_groups.empty()) problems.push_back(sc.source + ": /agent_groups: no agent group to staff");
  const bool any_cost = std::any_of(out.begin(), out.end(), [&](model::Id g) { return sc.agent_groups[g].cost; });
  for (const model::Id g : out) {
    if (any_cost && !sc.agent_groups[g].cost) {
      problems.push_back(sc.source + ": " + group_ptr(g) + ": no \"cost\" (per agent-hour) while other groups " +
                         "have one; give every staffed group a cost, or none (each then costs 1)");
    }
  }
  if (!problems.empty()) throw InputError(problems);
  return out;
}

std::vector<double> group_costs(const model::Scenario& sc, const std::vector<model::Id>& groups) {
  std::vector<double> out;
  for (const model::Id g : groups) out.push_back(sc.agent_groups[g].cost.value_or(1.0));
  return out;
}

Staffing scenario_staffing(const model::Scenario& sc, const std::vector<model::Id>& groups) {
  const std::size_t n = sc.interval_count();
  Staffing out;
  for (const model::Id g : groups) {
    const auto& group = sc.agent_groups[g];
    std::vector<std::uint32_t> row(n, 0);
    const auto steps = group.shifts.empty() ? std::vector<model::StaffStep>{} : model::shift_steps(group);
    for (std::size_t i = 0; i < n; ++i) {
      if (group.shifts.empty()) {
        row[i] = group.agents.size() == 1 ? group.agents[0] : group.agents[i];
        continue;
      }
      const double mid = (static_cast<double>(i) + 0.5) * sc.interval_s;
      for (const auto& s : steps) {
        if (s.at_s <= mid) row[i] = s.agents;
      }
    }
    out.push_back(std::move(row));
  }
  return out;
}

Staffing erlang_start(const model::Scenario& sc, const std::vector<model::Id>& groups, std::uint32_t max_agents) {
  const std::size_t n = sc.interval_count();
  Staffing out(groups.size(), std::vector<std::uint32_t>(n, 0));
  for (model::Id q = 0; q < sc.queues.size(); ++q) {
    const auto server = first_server(sc, groups, q);
    if (!server) continue;
    const auto bounds = queue_bounds(sc, q);
    std::optional<int> capacity;
    if (sc.queues[q].capacity) capacity = static_cast<int>(*sc.queues[q].capacity);
    for (std::size_t i = 0; i < n; ++i) {
      const QueueLoad load = queue_load(sc, q, i);
      if (load.calls_per_hour <= 0.0) continue;
      const auto agents = analysis::fewest_agents_for({load.calls_per_hour, load.busy_s}, load.patience_s, capacity,
                                                      bounds, static_cast<int>(max_agents));
      auto& cell = out[*server][i];
      cell = std::min<std::uint32_t>(max_agents, cell + (agents ? static_cast<std::uint32_t>(*agents) : max_agents));
    }
  }
  return out;
}

}  // namespace ccsim::plan
