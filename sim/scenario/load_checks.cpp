// `validate` warnings about load and expectations: a queue whose callers never abandon and
// whose offered load exceeds the agents who may answer them (its line grows for the whole
// horizon: a run reports an ASA of days with nothing else amiss), and expectations whose
// at_least is above their at_most (never met).
#include "sim/model/staffing_plan.hpp"
#include "sim/scenario/routing_checks.hpp"

#include <algorithm>
#include <cstdio>
#include <string>

namespace ccsim::scenario {

namespace {

std::string number(double v) {
  char text[32];
  std::snprintf(text, sizeof text, "%.4g", v);
  return text;
}

// Mean rate over [0, horizon) of a call type's arrivals, per second.
double mean_rate(const model::Scenario& sc, const model::CallType& ct) {
  const auto& rates = ct.arrivals.per_second;
  if (rates.empty()) return 0.0;
  if (rates.size() == 1) return rates.front();
  double total = 0.0;
  for (std::size_t i = 0; i < rates.size(); ++i) {
    const double start = static_cast<double>(i) * sc.interval_s;
    const double end = std::min(start + sc.interval_s, sc.horizon_s);
    if (end > start) total += rates[i] * (end - start);
  }
  return total / sc.horizon_s;
}

// Mean agents on duty over [0, horizon), less absence; with shifts, the most ever on duty.
double mean_agents(const model::Scenario& sc, const model::AgentGroup& g) {
  double agents = static_cast<double>(model::most_agents(g));
  if (g.shifts.empty() && g.agents.size() > 1) {
    double total = 0.0;
    for (std::size_t i = 0; i < g.agents.size(); ++i) {
      const double start = static_cast<double>(i) * sc.interval_s;
      const double end = std::min(start + sc.interval_s, sc.horizon_s);
      if (end > start) total += static_cast<double>(g.agents[i]) * (end - start);
    }
    agents = total / sc.horizon_s;
  }
  return agents * (1.0 - g.absence);
}

}  // namespace

void check_load(const model::Scenario& sc, std::vector<Diagnostic>& out) {
  // Per queue, in one pass over call types and one over groups (linear in the scenario's size).
  std::vector<double> erlangs(sc.queues.size(), 0.0);
  std::vector<double> agents(sc.queues.size(), 0.0);
  std::vector<char> entered(sc.queues.size(), 0);
  std::vector<char> abandons(sc.queues.size(), 0);
  for (const auto& ct : sc.call_types) {
    entered[ct.enters] = 1;
    if (ct.patience) abandons[ct.enters] = 1;
    erlangs[ct.enters] += mean_rate(sc, ct) * (ct.handle_time.mean() + (ct.wrap_up ? ct.wrap_up->mean() : 0.0));
  }
  for (const auto& g : sc.agent_groups) {
    const double n = mean_agents(sc, g);
    for (std::size_t k = 0; k < g.serves.size(); ++k) {
      const bool first = std::none_of(g.serves.begin(), g.serves.begin() + static_cast<std::ptrdiff_t>(k),
                                      [&](const model::Serves& s) { return s.queue == g.serves[k].queue; });
      if (first) agents[g.serves[k].queue] += n;
    }
  }
  for (model::Id q = 0; q < sc.queues.size(); ++q) {
    const auto& queue = sc.queues[q];
    // Callers can only leave this queue by being answered: no rule, callback or capacity.
    if (!queue.overflow.empty() || queue.callback || queue.capacity || !entered[q] || abandons[q]) continue;
    if (agents[q] <= 0.0 || erlangs[q] <= agents[q]) continue;  // no agents at all: check_queues says so
    out.push_back({Diagnostic::Severity::Warning, "/queues/" + std::to_string(q),
                   "queue \"" + queue.name + "\" is overloaded: its callers offer " + number(erlangs[q]) +
                       " erlangs (mean over the horizon) to " + number(agents[q]) +
                       " agents on average, and none abandons, leaves by a rule or is blocked: its line grows for the "
                       "whole horizon and waits grow with it"});
  }
  for (std::size_t i = 0; i < sc.expectations.size(); ++i) {
    const auto& e = sc.expectations[i];
    if (e.at_least && e.at_most && *e.at_least > *e.at_most) {
      out.push_back({Diagnostic::Severity::Warning, "/expectations/" + std::to_string(i),
                     "at_least " + number(*e.at_least) + " is above at_most " + number(*e.at_most) +
                         ": the expectation can never be met"});
    }
  }
}

std::vector<Diagnostic> check_load(const model::Scenario& sc) {
  std::vector<Diagnostic> out;
  check_load(sc, out);
  return out;
}

}  // namespace ccsim::scenario
