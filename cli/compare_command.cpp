// `ccsim compare A.json B.json`: both scenarios on the same callers (common random numbers),
// paired differences B - A of the headline figures, and a verdict for each.
#include "analysis/reports/html_report.hpp"
#include "analysis/reports/results_json.hpp"
#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "plan/comparison.hpp"
#include "plan/mpi.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <memory>

namespace ccsim::cli {

namespace {

struct CompareOptions {
  std::string a;
  std::string b;
  SimulationOptions sim;
  std::vector<std::string> fail_if_worse;
  std::string json;
  std::string report;
  bool quiet = false;
};

std::string format_value(const analysis::Estimate& e, bool share) {
  return share ? format_percent(e) : format_seconds(e);
}

// Differences of shares in percentage points, of times in seconds, always signed.
std::string format_difference(const analysis::Estimate& e, bool share) {
  if (!e.mean) return "-";
  const double scale = share ? 100.0 : 1.0;
  std::string s = fmt::format("{:+.2f}", scale * *e.mean) + (share ? " pp" : "s");
  if (e.ci95) s += fmt::format(" ±{:.2f}", scale * *e.ci95);
  return s;
}

// The terminal table: one row per compared metric, A, B, B - A and the verdict.
void write_compare_table(std::ostream& out, const CompareOptions& o, const plan::Simulation& a_sim,
                         const std::string& b_name, const std::vector<analysis::MetricComparison>& diffs,
                         const std::vector<std::string>& gates) {
  const model::Scenario& a = a_sim.scenario();
  out << "A: " << a.name << " (" << o.a << ")\n";
  out << "B: " << b_name << " (" << o.b << ")\n";
  out << a.replications << " replications, seed " << a.seed
      << ", both on the same callers (common random numbers); mean ± 95% CI half-width;\n"
      << "B - A over paired replications, significant when its CI excludes 0\n\n";
  // With a single call type its rows repeat the totals: the table leaves them out (the JSON
  // and --fail-if-worse keep them).
  const bool one_type = a.call_types.size() == 1;
  const auto gated = [&](const std::string& metric) {
    return std::find(gates.begin(), gates.end(), metric) != gates.end();
  };
  const auto shown = [&](const analysis::MetricComparison& d) {
    return !one_type || d.metric.rfind("call_types/", 0) != 0 || gated(d.metric);
  };
  std::size_t name_w = 6;
  for (const auto& d : diffs) {
    if (shown(d)) name_w = std::max(name_w, d.metric.size());
  }
  name_w += 2;
  const std::size_t col_w = 15;
  out << pad("metric", name_w, true) << pad("A", col_w) << pad("B", col_w) << pad("B - A", 18) << "  verdict\n";
  for (const auto& d : diffs) {
    if (!shown(d)) continue;
    out << pad(d.metric, name_w, true) << pad(format_value(d.a, d.is_share), col_w)
        << pad(format_value(d.b, d.is_share), col_w) << pad(format_difference(d.difference, d.is_share), 18) << "  "
        << analysis::verdict_text(d.verdict) << (gated(d.metric) ? " [--fail-if-worse]" : "") << "\n";
  }
}

void compare(const CompareOptions& o) {
  auto plan = plan::plan_comparison(o.a, o.b, run_settings(o.sim), o.fail_if_worse);
  check_outputs({{"--json", o.json}, {"--report", o.report}});
  check_budget(o.sim,
               plan::estimate_work(plan.a, 1, plan.a.replications, o.sim.threads) +
                   plan::estimate_work(plan.b, 1, plan.b.replications, o.sim.threads),
               "compare");
  SimulationProgress progress("scenario", 2, !o.quiet);
  const plan::Comparison c = plan::run_comparison(std::move(plan), o.sim.threads, progress);
  progress.finish();

  if (!o.json.empty() || !o.report.empty()) {
    const analysis::Json doc = c.json();
    analysis::OutputBatch outputs;  // --json and --report appear together or not at all
    if (!o.json.empty()) write_json_output("--json", o.json, doc);
    if (!o.report.empty() && plan::mpi::is_root()) analysis::write_compare_report(o.report, doc);
    outputs.commit();
  }

  if (!o.quiet && o.json != "-") write_compare_table(std::cout, o, *c.a, c.b->scenario().name, c.differences, c.gates);
  if (!c.worse.empty()) {
    for (const auto& w : c.worse) std::cerr << "ccsim: compare: B is significantly worse than A on " << w << "\n";
    throw CLI::RuntimeError(1);
  }
}

}  // namespace

void add_compare_command(CLI::App& app) {
  auto opts = std::make_shared<CompareOptions>();
  auto* cmd = app.add_subcommand(
      "compare", "Run two scenarios on the same callers and report paired differences B - A with 95% CIs");
  cmd->add_option("a", opts->a, "Scenario A (the baseline)")->required()->check(CLI::ExistingFile);
  cmd->add_option("b", opts->b, "Scenario B (the candidate); runs with A's seed and replications")
      ->required()
      ->check(CLI::ExistingFile);
  add_simulation_options(*cmd, opts->sim, false);
  cmd->add_option("--fail-if-worse", opts->fail_if_worse,
                  "Exit 1 if B is significantly worse on METRIC (e.g. service_level/20, abandon_rate, "
                  "call_types/NAME/asa); repeatable")
      ->allow_extra_args(false);
  cmd->add_option("--json", opts->json, "Write the comparison JSON to FILE, or - for stdout (JSON alone)");
  cmd->add_option("--report", opts->report, "Write an HTML report to FILE.html");
  cmd->add_flag("--quiet,-q", opts->quiet, "No table and no progress");
  cmd->callback([opts] { compare(*opts); });
}

}  // namespace ccsim::cli
