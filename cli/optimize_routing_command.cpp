// `ccsim optimize routing SCENARIO --vary ... --maximize|--minimize METRIC`: the best point of a
// grid by ranking and selection on common random numbers (plan/optimize_routing.hpp).
#include "analysis/reports/html_report.hpp"
#include "analysis/reports/output_file.hpp"
#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "plan/mpi.hpp"
#include "plan/optimize_routing.hpp"
#include "sim/error.hpp"

#include <fmt/format.h>

#include <iostream>
#include <memory>

namespace ccsim::cli {

namespace {

struct OptimizeRoutingOptions {
  std::string scenario;
  plan::RoutingRequest request;
  SimulationOptions sim;
  std::string maximize;
  std::string minimize;
  std::string json;
  std::string report;
  bool quiet = false;
};

std::string objective_text(const plan::RoutingChoice& c, const analysis::Estimate& e) {
  const bool seconds = c.objective.metric == "asa" || c.objective.metric == "mean_wait" ||
                       c.objective.metric.rfind("wait_percentiles/", 0) == 0;
  if (!e.mean) return "-";
  if (seconds) return format_seconds(e);
  return fmt::format("{:.4g}", *e.mean) + (e.ci95 ? fmt::format(" ±{:.2g}", *e.ci95) : "");
}

void write_routing_table(std::ostream& out, const plan::RoutingChoice& c) {
  out << "Best point of " << c.points.size() << " by KN: " << (c.maximize ? "maximize " : "minimize ") << c.metric;
  for (const auto& con : c.constraints) out << ", subject to " << con.text;
  out << fmt::format("; margin {:g}, confidence {:g}, first stage {}, seed {} (every point on the same callers)\n\n",
                     c.margin, c.confidence, c.first_stage, c.seed);
  out << pad("#", 4, true);
  for (const auto& v : c.grid.varies) out << pad(v.pointer, v.pointer.size() + 2, true);
  out << pad("reps", 6) << pad(c.metric, std::max<std::size_t>(c.metric.size(), 16) + 2) << "  status\n";
  for (std::size_t i = 0; i < c.points.size(); ++i) {
    const auto& p = c.points[i];
    out << pad(std::to_string(i + 1), 4, true);
    for (std::size_t v = 0; v < c.grid.varies.size(); ++v) {
      const auto& val = c.grid.varies[v].values[c.grid.points[i][v]];
      out << pad(val.is_string() ? val.get<std::string>() : val.dump(), c.grid.varies[v].pointer.size() + 2, true);
    }
    out << pad(std::to_string(p.replications), 6)
        << pad(objective_text(c, p.objective), std::max<std::size_t>(c.metric.size(), 16) + 2) << "  ";
    if (c.selected && *c.selected == i) out << "SELECTED";
    else if (p.feasible == "no")
      out << "infeasible after " << (p.out_at ? *p.out_at : p.replications) << " replications";
    else if (p.out_at && p.out_by) out << "screened out after " << *p.out_at << " replications by #" << *p.out_by + 1;
    else out << "still in";
    if (!c.constraints.empty()) out << " (feasible: " << p.feasible << ")";
    out << "\n";
  }
  out << "\n";
  if (c.selected) {
    out << "selected: #" << *c.selected + 1 << " " << plan::point_label(c.grid.varies, c.grid.points[*c.selected])
        << "\n";
    out << fmt::format("P(correct selection) >= {:g} when the best point beats every other by at least {:g}{}\n",
                       c.confidence, c.margin, c.constraints.empty() ? "" : " among the feasible ones");
  } else {
    out << "no point is known to meet every --subject-to within --max-replications\n";
  }
  if (!c.decided) out << "(--max-replications reached before KN could screen out every other point)\n";
  const auto times = [&](std::uint64_t grid) {
    return c.spent ? fmt::format("{:.1f}", static_cast<double>(grid) / static_cast<double>(c.spent)) : "-";
  };
  out << "replications: " << c.spent << " spent; a full grid with the same guarantee (" << c.last_stage
      << " per point) would take " << c.grid_same_guarantee << " (" << times(c.grid_same_guarantee)
      << " times as many); at the scenario's " << c.scenario_replications << " per point, " << c.grid_scenario << " ("
      << times(c.grid_scenario) << " times)\n";
}

void optimize_routing(OptimizeRoutingOptions& o) {
  if (o.maximize.empty() == o.minimize.empty())
    throw InputError("optimize routing: give one of --maximize or --minimize");
  auto& rq = o.request;
  rq.path = o.scenario;
  rq.sets = o.sim.sets;
  rq.seed = o.sim.seed;
  rq.threads = o.sim.threads;
  rq.maximize = !o.maximize.empty();
  rq.metric = rq.maximize ? o.maximize : o.minimize;
  check_outputs({{"--json", o.json}, {"--report", o.report}});
  SimulationProgress progress("replication", 2, !o.quiet && o.json != "-");
  const plan::RoutingChoice choice = plan::optimize_routing(rq, progress);
  progress.finish();
  if (!plan::mpi::is_root()) return;
  analysis::Json doc = plan::routing_json(choice);
  doc["scenario"] = o.scenario;
  {
    analysis::OutputBatch outputs;  // --json and --report appear together or not at all
    if (!o.json.empty()) write_json_output("--json", o.json, doc);
    if (!o.report.empty()) analysis::write_routing_report(o.report, doc);
    outputs.commit();
  }
  if (!o.quiet && o.json != "-") write_routing_table(std::cout, choice);
  if (!choice.selected) throw CLI::RuntimeError(1);
}

}  // namespace

void add_optimize_routing_command(CLI::App& optimize) {
  auto o = std::make_shared<OptimizeRoutingOptions>();
  auto* cmd = optimize.add_subcommand(
      "routing", "Best point of a grid of routing values by ranking and selection (KN) on common random numbers");
  cmd->add_option("scenario", o->scenario, "Scenario JSON file")->required()->check(CLI::ExistingFile);
  cmd->add_option("--vary", o->request.vary, "PTR=V1,V2,... or PTR=START..END[:STEP], as in sweep")
      ->required()
      ->allow_extra_args(false);
  cmd->add_option("--maximize", o->maximize,
                  "Figure to maximise: service_level/20, call_types/NAME/answered_rate, ...");
  cmd->add_option("--minimize", o->minimize,
                  "Figure to minimise: abandon_rate, asa, queues/NAME/mean_queue_length, ...");
  cmd->add_option("--subject-to", o->request.subject_to, "Constraint METRIC<=X or METRIC>=X (repeatable)")
      ->allow_extra_args(false);
  cmd->add_option("--confidence", o->request.confidence, "Probability of a correct selection")->capture_default_str();
  cmd->add_option("--margin", o->request.margin,
                  "Indifference zone: differences below it do not matter (default 0.01, or 1 s for waits)");
  cmd->add_option("--first-stage", o->request.first_stage, "Replications of every point before screening")
      ->capture_default_str();
  cmd->add_option("--max-replications", o->request.max_replications, "Most replications per point")
      ->capture_default_str();
  cmd->add_option("--seed", o->sim.seed, "Seed of every point (default: the scenario's)");
  cmd->add_option("--threads", o->sim.threads, "Threads (0 = all cores; results never depend on it)");
  cmd->add_option("--set", o->sim.sets, "Override PTR=VALUE before the --vary values (repeatable)")
      ->allow_extra_args(false);
  cmd->add_option("--json", o->json, "Write the choice as JSON to FILE, or - for stdout (JSON alone)");
  cmd->add_option("--report", o->report, "Write an HTML report to FILE.html");
  cmd->add_flag("--quiet,-q", o->quiet, "No table and no progress");
  cmd->callback([o] { optimize_routing(*o); });
}

}  // namespace ccsim::cli
