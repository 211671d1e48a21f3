// `ccsim compare A.json B.json`: both scenarios on the same callers (common random numbers),
// paired differences B - A of the headline figures, and a verdict for each.
#include "analysis/estimators/compare.hpp"
#include "analysis/reports/html_report.hpp"
#include "analysis/reports/results_json.hpp"
#include "ccsim/version.hpp"
#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "plan/mpi.hpp"
#include "sim/error.hpp"

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

// "service_level/20", "/service_level/20" and "totals/service_level/20" all name the same figure.
std::string normalise_metric(std::string m) {
  if (!m.empty() && m.front() == '/') m.erase(0, 1);
  if (m.rfind("totals/", 0) == 0) m.erase(0, 7);
  return m;
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
  std::vector<std::string> errors;
  std::optional<model::Scenario> sa;
  std::optional<model::Scenario> sb;
  try {
    sa = plan::load_scenario(o.a, {}, run_settings(o.sim));
  } catch (const InputError& e) {
    errors.insert(errors.end(), e.messages().begin(), e.messages().end());
  }
  try {
    sb = plan::load_scenario(o.b, {}, run_settings(o.sim));
  } catch (const InputError& e) {
    errors.insert(errors.end(), e.messages().begin(), e.messages().end());
  }
  if (!errors.empty()) throw InputError(errors);
  // B runs with A's seed and replication count: replication r of both sees the same callers.
  sb->seed = sa->seed;
  sb->replications = sa->replications;
  if (sa->replications < 2) throw InputError("compare: needs at least 2 replications for a confidence interval");

  std::vector<std::string> gates;
  const auto metrics = analysis::compared_metrics(*sa, *sb);
  for (const auto& raw : o.fail_if_worse) {
    const std::string m = normalise_metric(raw);
    if (std::find(metrics.begin(), metrics.end(), m) == metrics.end()) {
      std::string msg = "--fail-if-worse " + raw + ": not a compared metric";
      const auto hint = scenario::did_you_mean(m, metrics);
      if (!hint.empty()) msg += " (did you mean \"" + hint + "\"?)";
      msg += "; compared: ";
      for (std::size_t i = 0; i < metrics.size(); ++i) msg += (i ? ", " : "") + metrics[i];
      errors.push_back(msg);
    } else if (std::find(gates.begin(), gates.end(), m) == gates.end()) {
      gates.push_back(m);
    }
  }
  if (!errors.empty()) throw InputError(errors);
  check_outputs({{"--json", o.json}, {"--report", o.report}});
  check_budget(o.sim,
               plan::estimate_work(*sa, 1, sa->replications, o.sim.threads) +
                   plan::estimate_work(*sb, 1, sb->replications, o.sim.threads),
               "compare");

  SimulationProgress progress("scenario", 2, !o.quiet);
  progress.start_item(0);
  const auto a = plan::simulate(std::move(*sa), o.sim.threads, std::nullopt, progress);
  progress.start_item(1);
  const auto b = plan::simulate(std::move(*sb), o.sim.threads, std::nullopt, progress);
  progress.finish();
  const auto diffs = analysis::compare_paired(a->summary(), b->summary());

  std::vector<std::string> worse;
  for (const auto& g : gates) {
    const auto it = std::find_if(diffs.begin(), diffs.end(), [&](const auto& d) { return d.metric == g; });
    if (it != diffs.end() && it->verdict == analysis::Verdict::Worse) worse.push_back(g);
  }

  const bool need_json = !o.json.empty() || !o.report.empty();
  if (need_json) {
    analysis::Json doc;
    doc["ccsim_version"] = kVersion;
    doc["a"] = a->scenario().name;
    doc["b"] = b->scenario().name;
    doc["a_file"] = o.a;
    doc["b_file"] = o.b;
    doc["replications"] = a->scenario().replications;
    doc["seed"] = a->scenario().seed;
    doc["differences"] = analysis::Json::array();
    for (const auto& d : diffs) doc["differences"].push_back(analysis::comparison_json(d));
    doc["fail_if_worse"] = analysis::Json::array();
    for (const auto& g : gates) {
      analysis::Json j;
      j["metric"] = g;
      j["worse"] = std::find(worse.begin(), worse.end(), g) != worse.end();
      doc["fail_if_worse"].push_back(std::move(j));
    }
    analysis::OutputBatch outputs;  // --json and --report appear together or not at all
    if (!o.json.empty()) write_json_output("--json", o.json, doc);
    if (!o.report.empty() && plan::mpi::is_root()) analysis::write_compare_report(o.report, doc);
    outputs.commit();
  }

  if (!o.quiet && o.json != "-") write_compare_table(std::cout, o, *a, b->scenario().name, diffs, gates);
  if (!worse.empty()) {
    for (const auto& w : worse) std::cerr << "ccsim: compare: B is significantly worse than A on " << w << "\n";
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
