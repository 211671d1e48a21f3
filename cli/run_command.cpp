// `ccsim run`: simulate a scenario and print/write its results.
#include "analysis/reports/html_report.hpp"
#include "analysis/reports/results_csv.hpp"
#include "analysis/reports/results_json.hpp"
#include "analysis/reports/results_table.hpp"
#include "cli/commands.hpp"
#include "cli/conventions.hpp"
#include "cli/options.hpp"
#include "plan/mpi.hpp"
#include "sim/scenario/routing_graph.hpp"

#include <fmt/format.h>

#include <cstdio>
#include <iostream>
#include <memory>

namespace ccsim::cli {

namespace {

struct RunOptions {
  std::string scenario;
  SimulationOptions sim;
  PrecisionOptions precision;
  std::string json;
  std::string csv;
  std::string csv_layout = "wide";
  std::string report;
  bool quiet = false;
};

void print_precision(std::ostream& out, const plan::PrecisionOutcome& p) {
  const std::string half = p.half_width ? fmt::format("{:.4g}", *p.half_width) : "undefined";
  out << fmt::format("\nprecision: {} 95% CI half-width {} ({} {:g}) with {} replications\n", p.target_metric, half,
                     p.reached ? "requested" : "NOT REACHED, requested", p.requested, p.replications_needed);
  if (!p.reached) out << "  --max-replications reached: raise it, or accept the wider interval\n";
}

void run(const RunOptions& o) {
  model::Scenario sc = plan::load_scenario(o.scenario, plan::parse_overrides(o.sim.sets), run_settings(o.sim));
  check_outputs({{"--json", o.json}, {"--report", o.report}}, o.csv);
  warn_load(o.scenario, sc);
  const auto precision = o.precision.to_request();
  check_budget(o.sim,
               plan::estimate_work(sc, 1, precision ? precision->max_replications : sc.replications, o.sim.threads),
               o.scenario);
  SimulationProgress progress("scenario", 1, !o.quiet);
  const auto sim = plan::simulate(std::move(sc), o.sim.threads, precision, progress);
  progress.finish();
  if (!plan::mpi::is_root()) return;  // every rank has the figures; rank 0 writes them

  const bool json_to_stdout = o.json == "-";
  const bool need_json = !o.json.empty() || !o.report.empty();
  const analysis::Json doc = need_json ? sim->results_json() : analysis::Json();
  analysis::OutputBatch outputs;  // --json, --csv and --report appear together or not at all
  if (!o.json.empty()) write_json_output("--json", o.json, doc);
  if (!o.csv.empty())
    analysis::write_csv(o.csv, sim->summary(),
                        o.csv_layout == "long" ? analysis::CsvLayout::Long : analysis::CsvLayout::Wide);
  if (!o.report.empty()) analysis::write_run_report(o.report, doc, scenario::to_dot(sim->summary().scenario()));
  outputs.commit();
  if (!o.quiet && !json_to_stdout) {
    analysis::write_table(std::cout, sim->summary(), sim->expectations());
    if (sim->precision()) print_precision(std::cout, *sim->precision());
  }
}

}  // namespace

void add_run_command(CLI::App& app) {
  auto opts = std::make_shared<RunOptions>();
  auto* cmd = app.add_subcommand("run", "Simulate a scenario and report service levels with confidence intervals");
  cmd->add_option("scenario", opts->scenario, "Scenario JSON file")->required()->check(CLI::ExistingFile);
  add_simulation_options(*cmd, opts->sim);
  add_precision_options(*cmd, opts->precision);
  cmd->add_option("--json", opts->json, "Write results JSON to FILE, or - for stdout (JSON alone)");
  cmd->add_option("--csv", opts->csv, "Write CSV files into DIR")->check(csv_directory());
  cmd->add_option("--csv-layout", opts->csv_layout, "wide (a row per scope) or long (a row per figure: figures.csv)")
      ->check(CLI::IsMember({"wide", "long"}));
  cmd->add_option("--report", opts->report, "Write an HTML report to FILE.html");
  cmd->add_flag("--quiet,-q", opts->quiet, "No table and no progress");
  cmd->callback([opts] { run(*opts); });
}

}  // namespace ccsim::cli
