// `ccsim optimize staffing SCENARIO`: the least-cost staffing per group and interval meeting
// every expectation in every interval (plan/optimize_staffing.hpp); `ccsim optimize routing`
// lives in cli/optimize_routing_command.cpp.
#include "analysis/estimators/expectations.hpp"
#include "analysis/reports/html_report.hpp"
#include "analysis/reports/output_file.hpp"
#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "plan/mpi.hpp"
#include "plan/optimize_shifts.hpp"
#include "plan/optimize_staffing.hpp"
#include "sim/error.hpp"
#include "sim/model/clock.hpp"
#include "sim/scenario/duration.hpp"

#include <fmt/format.h>

#include <iostream>
#include <memory>

namespace ccsim::cli {

namespace {

struct OptimizeStaffingOptions {
  std::string scenario;
  SimulationOptions sim;
  plan::OptimizeStaffingRequest request;
  std::string json;
  std::string report;
  std::string shifts;
  std::string output;
  bool quiet = false;
};

std::string interval_label(const model::Scenario& sc, std::size_t i) {
  const double t = static_cast<double>(i) * sc.interval_s;
  return sc.start_clock_s ? model::clock_text(*sc.start_clock_s + t) : scenario::format_duration(t);
}

std::string check_text(const model::Expectation& e, const analysis::ConstraintCheck& c) {
  if (!c.estimate.mean) return "-";
  const bool seconds = e.metric == "asa" || e.metric == "mean_wait";
  return seconds ? format_seconds(c.estimate) : format_percent(c.estimate);
}

// Whether the whole-day constraint of expectation k misses its bound by more than its 95% CI.
bool significantly_missed(const std::vector<analysis::ConstraintCheck>& checks,
                          const std::vector<analysis::Constraint>& constraints, std::size_t k) {
  for (std::size_t c = 0; c < constraints.size(); ++c) {
    if (constraints[c].expectation != k || constraints[c].interval >= 0) continue;
    return checks[c].clearly_missed;
  }
  return false;
}

void write_staffing_table(std::ostream& out, const plan::StaffingOptimum& o) {
  const auto& sc = o.scenario;
  const std::size_t n = sc.interval_count();
  out << "Least-cost staffing of " << sc.name << ": " << n << " intervals of "
      << scenario::format_duration(sc.interval_s) << ", " << sc.expectations.size()
      << " expectations judged in every interval (" << o.constraints.size() << " constraints)\n";
  out << "search: " << o.steps.size() << " simulations of " << sc.replications << " replications, seed " << sc.seed
      << " (every staffing on the same callers), " << fmt::format("{:.1f}", o.seconds) << " s"
      << (o.budget_spent ? " (stopped at --max-simulations)" : "") << "\n";
  out << fmt::format("start, {}: {:.1f} agent-hours, cost {:.1f}\n",
                     o.start_is_erlang ? "per-queue Erlang" : "the scenario's staffing", o.start_agent_hours,
                     o.start_cost);
  out << fmt::format("answer:                  {:.1f} agent-hours, cost {:.1f} ({:+.1f}%)", o.agent_hours, o.cost,
                     o.start_cost > 0 ? 100.0 * (o.cost - o.start_cost) / o.start_cost : 0.0)
      << (o.feasible ? ", every constraint met\n\n" : ", NOT every constraint met (best found)\n\n");
  out << pad("interval", 10, true);
  for (const model::Id g : o.groups)
    out << pad(sc.agent_groups[g].name + " (start)", sc.agent_groups[g].name.size() + 12);
  out << "\n";
  for (std::size_t i = 0; i < n; ++i) {
    out << pad(interval_label(sc, i), 10, true);
    for (std::size_t k = 0; k < o.groups.size(); ++k) {
      out << pad(fmt::format("{} ({})", o.agents[k][i], o.start[k][i]), sc.agent_groups[o.groups[k]].name.size() + 12);
    }
    out << "\n";
  }
  out << "\nconstraints that bind (one agent less breaks them) or fail; value ± 95% CI, search | verification:\n";
  std::size_t shown = 0;
  for (std::size_t c = 0; c < o.constraints.size(); ++c) {
    if (!o.binding[c] && o.checks[c].met && o.verified[c].met) continue;
    const auto& con = o.constraints[c];
    const auto& e = sc.expectations[con.expectation];
    const std::string where =
        con.interval < 0 ? "whole day" : interval_label(sc, static_cast<std::size_t>(con.interval));
    const std::string status = !o.checks[c].met ? "FAIL" : o.binding[c] ? "binds" : "ok";
    out << "  " << pad(status, 6, true) << pad(where, 10, true) << pad(e.text, 48, true)
        << pad(check_text(e, o.checks[c]), 14) << " | " << pad(check_text(e, o.verified[c]), 14)
        << (o.verified[c].met ? "" : "  (misses in verification)") << "\n";
    ++shown;
  }
  if (shown == 0) out << "  none\n";
  std::size_t missed = 0;
  std::size_t significant = 0;
  for (std::size_t c = 0; c < o.constraints.size(); ++c) {
    const auto& v = o.verified[c];
    if (v.met || !v.estimate.mean) continue;
    ++missed;
    if (v.clearly_missed) ++significant;
  }
  const auto& vs = o.verification->scenario();
  out << "\nverification (seed " << vs.seed << ", " << vs.replications << " replications): " << missed << " of "
      << o.constraints.size() << " constraints missed by the mean, " << significant
      << " of them by more than the 95% CI\n";
  const auto& results = o.verification->expectations();
  for (std::size_t k = 0; k < results.size(); ++k) {
    const auto& r = results[k];
    const char* verdict = r.met ? "met" : significantly_missed(o.verified, o.constraints, k) ? "FAILED" : "missed";
    out << "  " << pad(verdict, 8, true) << r.text << ": " << (r.value ? fmt::format("{:.4g}", *r.value) : "-")
        << (r.ci95 ? fmt::format(" ± {:.2g}", *r.ci95) : "") << "\n";
  }
}

// With --shifts: the shift plan covering the answer, simulated and verified.
struct ShiftsResult {
  std::vector<std::vector<analysis::ShiftTemplate>> templates;
  plan::ShiftOutcome outcome;
};

analysis::Json shifts_doc(const plan::StaffingOptimum& optimum, const ShiftsResult& s) {
  const auto& sc = optimum.scenario;
  analysis::Json doc;
  doc["ip_rounds"] = s.outcome.rounds;
  doc["cost"] = s.outcome.cost;
  doc["feasible"] = s.outcome.feasible;
  for (std::size_t g = 0; g < optimum.groups.size(); ++g) {
    const auto& name = sc.agent_groups[optimum.groups[g]].name;
    doc["requirement"][name] = s.outcome.requirement[g];
    doc["groups"][name] = plan::shifts_json(sc, s.templates[g], s.outcome.plans[g]);
  }
  std::size_t met = 0;
  for (const auto& c : s.outcome.verified) met += c.met;
  doc["constraints_met_in_verification"] = met;
  doc["verification"] = s.outcome.verification->results_json();
  return doc;
}

void write_shifts_table(std::ostream& out, const plan::StaffingOptimum& optimum, const ShiftsResult& s) {
  const auto& sc = optimum.scenario;
  out << "\nshifts (" << s.outcome.rounds << " integer program" << (s.outcome.rounds == 1 ? "" : "s")
      << ", GLPK): cost " << fmt::format("{:.1f}", s.outcome.cost)
      << (s.outcome.feasible ? ", every constraint met in simulation\n" : ", NOT every constraint met\n");
  for (std::size_t g = 0; g < optimum.groups.size(); ++g) {
    out << "  " << sc.agent_groups[optimum.groups[g]].name << ":\n";
    for (std::size_t t = 0; t < s.templates[g].size(); ++t) {
      if (s.outcome.plans[g].agents[t] == 0) continue;
      const auto& tp = s.templates[g][t];
      out << "    " << pad(tp.name, 12, true) << pad(std::to_string(s.outcome.plans[g].agents[t]), 4) << " agents from "
          << interval_label(sc, tp.start) << " to " << interval_label(sc, tp.start + tp.length) << "\n";
    }
  }
  for (const auto& r : s.outcome.verification->expectations()) {
    out << "  verification " << pad(r.met ? "met" : "FAILED", 8, true) << r.text << "\n";
  }
}

void optimize_staffing(OptimizeStaffingOptions& o) {
  auto sc = plan::load_scenario(o.scenario, plan::parse_overrides(o.sim.sets), run_settings(o.sim));
  check_outputs({{"--json", o.json}, {"--report", o.report}, {"--output", o.output}});
  o.request.threads = o.sim.threads;
  if (!o.shifts.empty() && !analysis::shift_solver_available()) {
    throw InputError("--shifts: this ccsim is built without GLPK (apt-get install libglpk-dev, then rebuild)");
  }
  SimulationProgress progress("simulation", 2, !o.quiet && o.json != "-");
  const plan::StaffingOptimum optimum = plan::optimize_staffing(std::move(sc), o.request, progress);
  std::optional<ShiftsResult> shifts;
  if (!o.shifts.empty()) {
    shifts.emplace();
    shifts->templates = plan::read_shift_templates(o.shifts, optimum);
    shifts->outcome = plan::plan_shifts(optimum, shifts->templates, o.request, progress);
  }
  progress.finish();
  if (!plan::mpi::is_root()) return;
  analysis::Json doc = plan::optimum_json(optimum);
  if (shifts) doc["shifts"] = shifts_doc(optimum, *shifts);
  {
    analysis::OutputBatch outputs;  // --json, --report and --output appear together or not at all
    if (!o.json.empty()) write_json_output("--json", o.json, doc);
    if (!o.report.empty()) analysis::write_optimize_report(o.report, doc);
    if (!o.output.empty()) {
      std::vector<analysis::Json> agents;
      for (std::size_t g = 0; g < optimum.groups.size(); ++g) {
        agents.push_back(shifts ? doc["shifts"]["groups"][optimum.scenario.agent_groups[optimum.groups[g]].name]
                                : analysis::Json(optimum.agents[g]));
      }
      write_json_output("--output", o.output, plan::scenario_with_staffing(o.scenario, optimum, agents));
    }
    outputs.commit();
  }
  if (!o.quiet && o.json != "-") {
    write_staffing_table(std::cout, optimum);
    if (shifts) write_shifts_table(std::cout, optimum, *shifts);
  }
  bool verified = true;
  for (std::size_t k = 0; k < optimum.scenario.expectations.size(); ++k) {
    verified &= !significantly_missed(optimum.verified, optimum.constraints, k);
  }
  if (!optimum.feasible || !verified || (shifts && !shifts->outcome.feasible)) throw CLI::RuntimeError(1);
}

void add_staffing(CLI::App& parent) {
  auto o = std::make_shared<OptimizeStaffingOptions>();
  auto* cmd = parent.add_subcommand(
      "staffing", "Least-cost agents per group and interval meeting every expectation in every interval");
  cmd->add_option("scenario", o->scenario, "Scenario JSON file (with expectations)")
      ->required()
      ->check(CLI::ExistingFile);
  add_simulation_options(*cmd, o->sim);
  cmd->add_option("--max-agents", o->request.max_agents, "Most agents per group and interval")->capture_default_str();
  cmd->add_option("--groups", o->request.groups, "Agent groups to staff (default: every group)")->delimiter(',');
  cmd->add_option("--verify-seed", o->request.verify_seed, "Seed of the verification run (default: seed + 1)");
  cmd->add_option("--verify-replications", o->request.verify_replications,
                  "Replications of the verification run (default: the search's)");
  cmd->add_option("--max-simulations", o->request.max_simulations, "Most simulations of the search")
      ->capture_default_str();
  cmd->add_flag("--start-from-scenario", o->request.start_from_scenario,
                "Start the search from the scenario's staffing instead of per-queue Erlang answers");
  cmd->add_option("--json", o->json, "Write the answer as JSON to FILE, or - for stdout (JSON alone)");
  cmd->add_option("--report", o->report, "Write an HTML report to FILE.html");
  cmd->add_option("--shifts", o->shifts, "Shift templates (JSON): cover the answer with shifts at least cost (GLPK)")
      ->check(CLI::ExistingFile);
  cmd->add_option("--output,-o", o->output, "Write the scenario with the staffing (or shifts) found to FILE");
  cmd->add_flag("--quiet,-q", o->quiet, "No table and no progress");
  cmd->callback([o] { optimize_staffing(*o); });
}

}  // namespace

void add_optimize_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("optimize", "Answers by simulation: least-cost staffing, best routing parameters");
  cmd->require_subcommand(1);
  add_staffing(*cmd);
  add_optimize_routing_command(*cmd);
}

}  // namespace ccsim::cli
