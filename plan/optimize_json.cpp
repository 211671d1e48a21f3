// The JSON of `ccsim optimize staffing` (plan/optimize_staffing.hpp).
#include "analysis/estimators/expectations.hpp"
#include "ccsim/version.hpp"
#include "plan/optimize_staffing.hpp"

namespace ccsim::plan {

namespace {

analysis::Json staffing_object(const StaffingOptimum& o, const Staffing& x) {
  analysis::Json doc = analysis::Json::object();
  for (std::size_t k = 0; k < o.groups.size(); ++k) doc[o.scenario.agent_groups[o.groups[k]].name] = x[k];
  return doc;
}

analysis::Json check_json(const analysis::ConstraintCheck& c) {
  analysis::Json doc = analysis::estimate_json(c.estimate);
  doc["met"] = c.met;
  if (c.judged && c.judged != c.estimate.mean) doc["judged"] = *c.judged;
  return doc;
}

analysis::Json steps_json(const StaffingOptimum& o) {
  analysis::Json out = analysis::Json::array();
  for (const auto& s : o.steps) {
    analysis::Json step;
    step["move"] = s.move;
    if (!s.group.empty()) step["group"] = s.group;
    if (!s.to_group.empty()) step["to_group"] = s.to_group;
    if (s.move != "start" && s.move != "repair" && s.move != "final") {
      step["intervals"] = s.intervals;
      step["accepted"] = s.accepted;
    }
    step["cost"] = s.cost;
    step["violated"] = s.violated;
    out.push_back(std::move(step));
  }
  return out;
}

}  // namespace

analysis::Json optimum_json(const StaffingOptimum& o) {
  const auto& sc = o.scenario;
  analysis::Json doc;
  doc["ccsim_version"] = kVersion;
  doc["scenario"] = sc.name;
  doc["interval_s"] = sc.interval_s;
  doc["seed"] = sc.seed;
  doc["replications"] = sc.replications;
  doc["staffing"] = staffing_object(o, o.agents);
  doc["cost"] = o.cost;
  doc["agent_hours"] = o.agent_hours;
  analysis::Json costs = analysis::Json::object();
  for (std::size_t k = 0; k < o.groups.size(); ++k) costs[sc.agent_groups[o.groups[k]].name] = o.costs[k];
  doc["cost_per_agent_hour"] = std::move(costs);
  doc["feasible"] = o.feasible;
  doc["budget_spent"] = o.budget_spent;
  doc["start"] = {{"method", o.start_is_erlang ? "per-queue Erlang" : "scenario"},
                  {"staffing", staffing_object(o, o.start)},
                  {"cost", o.start_cost},
                  {"agent_hours", o.start_agent_hours}};
  analysis::Json constraints = analysis::Json::array();
  for (std::size_t c = 0; c < o.constraints.size(); ++c) {
    const auto& con = o.constraints[c];
    const auto& e = sc.expectations[con.expectation];
    analysis::Json row;
    row["expectation"] = e.text;
    row["interval"] = con.interval < 0 ? analysis::Json(nullptr) : analysis::Json(con.interval);
    row["bound"] = analysis::bound_text(e);
    row["search"] = check_json(o.checks[c]);
    row["verification"] = check_json(o.verified[c]);
    row["binding"] = o.binding[c];
    constraints.push_back(std::move(row));
  }
  doc["constraints"] = std::move(constraints);
  doc["iterations"] = steps_json(o);
  doc["verification"] = o.verification->results_json();
  return doc;
}

}  // namespace ccsim::plan
