#include "cli/staff_scenario.hpp"

#include "analysis/analytic/erlang.hpp"
#include "cli/simulation.hpp"
#include "sim/error.hpp"
#include "sim/scenario/duration.hpp"

#include <algorithm>
#include <cstdio>
#include <iostream>

namespace ccsim::cli {

namespace {

struct IntervalLoad {
  double calls_per_hour = 0.0;
  double handle_s = 0.0;             // rate-weighted mean of handle time + wrap-up
  std::optional<double> patience_s;  // rate-weighted mean; none if a call type never abandons
};

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

std::string fmt(const char* f, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, f, v);
  return buf;
}

}  // namespace

void run_staff_scenario(const StaffScenarioRequest& request) {
  model::Scenario sc = load_scenario(request.path, {}, SimulationOptions{});
  const double target = request.target ? *request.target : sc.target ? sc.target->at_least : -1.0;
  const double within = request.within_s ? *request.within_s : sc.target ? sc.target->within_s : -1.0;
  if (target <= 0.0 || within < 0.0) {
    throw InputError(request.path + ": no service_level target in the scenario; give --target and --within");
  }
  if (std::find(sc.thresholds_s.begin(), sc.thresholds_s.end(), within) == sc.thresholds_s.end()) {
    sc.thresholds_s.push_back(within);
    std::sort(sc.thresholds_s.begin(), sc.thresholds_s.end());
  }
  model::Id group = 0;
  if (!request.group.empty()) {
    const auto it = std::find_if(sc.agent_groups.begin(), sc.agent_groups.end(),
                                 [&](const model::AgentGroup& g) { return g.name == request.group; });
    if (it == sc.agent_groups.end()) throw InputError("--group " + request.group + ": no agent group of that name");
    group = static_cast<model::Id>(it - sc.agent_groups.begin());
  } else if (sc.agent_groups.empty()) {
    throw InputError(request.path + ": the scenario has no agent group to staff");
  }

  const std::size_t n = sc.interval_count();
  std::vector<IntervalLoad> loads;
  std::vector<std::uint32_t> agents;
  bool erlang_a = true;
  for (std::size_t i = 0; i < n; ++i) {
    loads.push_back(load_of(sc, i));
    erlang_a &= loads.back().patience_s.has_value() || loads.back().calls_per_hour == 0.0;
    const auto& l = loads.back();
    const auto staffing = l.calls_per_hour > 0.0
                              ? analysis::staff_for_target(l.calls_per_hour, l.handle_s, l.patience_s, within, target)
                              : analysis::StaffingResult{};
    agents.push_back(static_cast<std::uint32_t>(staffing.agents));
  }
  const std::vector<std::uint32_t> analytic = agents;

  // Simulation: raise the intervals that miss the target, one agent at a time, until every
  // interval meets it (or the iteration budget runs out).
  std::vector<analysis::Estimate> simulated(n);
  unsigned iterations = 0;
  bool all_met = true;
  if (request.simulate) {
    for (;;) {
      sc.agent_groups[group].agents = agents;
      SimulationProgress progress("iteration", 1, false);
      const auto sim = simulate(sc, request.threads, std::nullopt, progress);
      ++iterations;
      all_met = true;
      std::vector<std::uint32_t> next = agents;
      for (std::size_t i = 0; i < n; ++i) {
        simulated[i] = sim->summary().estimate(
            {"totals", "", static_cast<int>(i), "service_level/" + analysis::Summary::threshold_key(within)});
        if (simulated[i].mean && *simulated[i].mean < target) {
          all_met = false;
          ++next[i];
        }
      }
      if (all_met || iterations >= request.max_iterations) break;
      agents = next;
    }
  }

  analysis::Json doc;
  doc["scenario"] = sc.name;
  doc["model"] = erlang_a ? "erlang_a" : "erlang_c";
  doc["target"] = target;
  doc["within_s"] = within;
  doc["group"] = sc.agent_groups[group].name;
  if (request.simulate) {
    doc["simulated"] = {{"iterations", iterations}, {"all_met", all_met}, {"replications", sc.replications}};
  }
  doc["intervals"] = analysis::Json::array();
  for (std::size_t i = 0; i < n; ++i) {
    analysis::Json row;
    row["start_s"] = static_cast<double>(i) * sc.interval_s;
    row["calls_per_hour"] = loads[i].calls_per_hour;
    row["handle_s"] = loads[i].handle_s;
    row["agents_analytic"] = analytic[i];
    if (request.simulate) {
      row["agents"] = agents[i];
      row["service_level"] = analysis::estimate_json(simulated[i]);
    }
    doc["intervals"].push_back(std::move(row));
  }
  if (!request.json.empty()) write_json_output("--json", request.json, doc);
  if (request.json == "-") return;

  std::cout << "Staffing of " << sc.name << " (group " << sc.agent_groups[group].name << "): target "
            << fmt("%g", target) << " answered within " << scenario::format_duration(within) << ", "
            << (erlang_a ? "Erlang A" : "Erlang C") << " per interval";
  if (request.simulate) {
    std::cout << ", then simulated (" << iterations << " iterations, " << sc.replications << " replications"
              << (all_met ? ", target met in every interval" : ", target NOT met in every interval") << ")";
  }
  std::cout << "\n\n" << pad("interval", 10, true) << pad("calls/h", 10) << pad("AHT", 9) << pad("Erlang", 8);
  if (request.simulate) std::cout << pad("agents", 8) << pad("simulated SL", 16);
  std::cout << "\n";
  for (std::size_t i = 0; i < n; ++i) {
    std::cout << pad(scenario::format_duration(static_cast<double>(i) * sc.interval_s), 10, true)
              << pad(fmt("%.1f", loads[i].calls_per_hour), 10) << pad(fmt("%.0fs", loads[i].handle_s), 9)
              << pad(std::to_string(analytic[i]), 8);
    if (request.simulate) std::cout << pad(std::to_string(agents[i]), 8) << pad(format_percent(simulated[i]), 16);
    std::cout << "\n";
  }
}

}  // namespace ccsim::cli
