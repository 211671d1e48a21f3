#include "plan/staffing.hpp"

#include "analysis/analytic/erlang.hpp"
#include "plan/simulation.hpp"
#include "sim/error.hpp"
#include "sim/model/clock.hpp"

#include <algorithm>

namespace ccsim::plan {

namespace {

IntervalLoad load_of(const model::Scenario& sc, std::size_t interval) {
  IntervalLoad load;
  double busy = 0.0;
  double patience = 0.0;
  bool all_abandon = true;
  for (const auto& ct : sc.call_types) {
    const auto& rates = ct.arrivals.per_second;
    const double rate = rates.size() == 1 ? rates[0] : rates[interval];
    load.calls_per_hour += rate * 3600.0;
    busy += rate * (ct.handle_time.mean() + (ct.wrap_up ? ct.wrap_up->mean() : 0.0));
    if (ct.patience) patience += rate * ct.patience->mean();
    else all_abandon = false;
  }
  const double rate = load.calls_per_hour / 3600.0;
  if (rate > 0.0) {
    load.handle_s = busy / rate;
    if (all_abandon) load.patience_s = patience / rate;
  }
  return load;
}

model::Id group_of(const model::Scenario& sc, const std::string& name) {
  if (!name.empty()) {
    const auto it = std::find_if(sc.agent_groups.begin(), sc.agent_groups.end(),
                                 [&](const model::AgentGroup& g) { return g.name == name; });
    if (it == sc.agent_groups.end()) throw InputError("--group " + name + ": no agent group of that name");
    return static_cast<model::Id>(it - sc.agent_groups.begin());
  }
  if (sc.agent_groups.empty()) throw InputError(sc.source + ": the scenario has no agent group to staff");
  return 0;
}

// Raises the intervals that miss the target, one agent at a time, until every interval meets
// it (or the iteration budget runs out).
void adjust_by_simulation(StaffingPlan& plan, const StaffingRequest& request, Progress& progress) {
  auto& sc = plan.scenario;
  const std::size_t n = plan.analytic.size();
  plan.simulated = true;
  plan.agents = plan.analytic;
  plan.service_level.assign(n, analysis::Estimate{});
  for (;;) {
    sc.agent_groups[plan.group].agents = plan.agents;
    sc.agent_groups[plan.group].shifts.clear();  // the plan's counts per interval replace any shifts
    const auto sim = simulate(sc, request.threads, std::nullopt, progress);
    ++plan.iterations;
    plan.all_met = true;
    std::vector<std::uint32_t> next = plan.agents;
    for (std::size_t i = 0; i < n; ++i) {
      plan.service_level[i] = sim->summary().estimate(
          {"totals", "", static_cast<int>(i), "service_level/" + analysis::Summary::threshold_key(plan.within_s)});
      if (plan.service_level[i].mean && *plan.service_level[i].mean < plan.target) {
        plan.all_met = false;
        ++next[i];
      }
    }
    if (plan.all_met || plan.iterations >= request.max_iterations) break;
    plan.agents = next;
  }
}

}  // namespace

StaffingPlan plan_staffing(model::Scenario scenario, const StaffingRequest& request, Progress& progress) {
  StaffingPlan plan;
  plan.scenario = std::move(scenario);
  auto& sc = plan.scenario;
  plan.target = request.target ? *request.target : sc.target ? sc.target->at_least : -1.0;
  plan.within_s = request.within_s ? *request.within_s : sc.target ? sc.target->within_s : -1.0;
  if (plan.target <= 0.0 || plan.within_s < 0.0) {
    throw InputError(sc.source + ": no service_level target in the scenario; give --target and --within");
  }
  if (std::find(sc.thresholds_s.begin(), sc.thresholds_s.end(), plan.within_s) == sc.thresholds_s.end()) {
    sc.thresholds_s.push_back(plan.within_s);
    std::sort(sc.thresholds_s.begin(), sc.thresholds_s.end());
  }
  plan.group = group_of(sc, request.group);

  const std::size_t n = sc.interval_count();
  for (std::size_t i = 0; i < n; ++i) {
    plan.loads.push_back(load_of(sc, i));
    const auto& l = plan.loads.back();
    plan.erlang_a &= l.patience_s.has_value() || l.calls_per_hour == 0.0;
    const auto staffing = l.calls_per_hour > 0.0 ? analysis::staff_for_target(l.calls_per_hour, l.handle_s,
                                                                              l.patience_s, plan.within_s, plan.target)
                                                 : analysis::StaffingResult{};
    plan.analytic.push_back(static_cast<std::uint32_t>(staffing.agents));
  }
  if (request.simulate) adjust_by_simulation(plan, request, progress);
  return plan;
}

analysis::Json staffing_json(const StaffingPlan& plan) {
  const auto& sc = plan.scenario;
  analysis::Json doc;
  doc["scenario"] = sc.name;
  doc["model"] = plan.erlang_a ? "erlang_a" : "erlang_c";
  doc["target"] = plan.target;
  doc["within_s"] = plan.within_s;
  doc["group"] = sc.agent_groups[plan.group].name;
  if (plan.simulated) {
    doc["simulated"] = {{"iterations", plan.iterations}, {"all_met", plan.all_met}, {"replications", sc.replications}};
  }
  doc["intervals"] = analysis::Json::array();
  for (std::size_t i = 0; i < plan.loads.size(); ++i) {
    analysis::Json row;
    row["start_s"] = static_cast<double>(i) * sc.interval_s;
    if (sc.start_clock_s)
      row["start_clock"] = model::clock_text(*sc.start_clock_s + static_cast<double>(i) * sc.interval_s);
    row["calls_per_hour"] = plan.loads[i].calls_per_hour;
    row["handle_s"] = plan.loads[i].handle_s;
    row["agents_analytic"] = plan.analytic[i];
    if (plan.simulated) {
      row["agents"] = plan.agents[i];
      row["service_level"] = analysis::estimate_json(plan.service_level[i]);
    }
    doc["intervals"].push_back(std::move(row));
  }
  return doc;
}

}  // namespace ccsim::plan
