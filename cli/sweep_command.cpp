// `ccsim sweep SCENARIO --vary PTR=V1,V2,...`: run a scenario at every point of a grid of
// overrides, all points on the same callers (same seed: common random numbers).
#include "analysis/reports/html_report.hpp"
#include "analysis/reports/output_file.hpp"
#include "analysis/reports/results_csv.hpp"
#include "ccsim/version.hpp"
#include "cli/commands.hpp"
#include "cli/conventions.hpp"
#include "cli/options.hpp"
#include "plan/mpi.hpp"
#include "plan/sweep_grid.hpp"
#include "sim/error.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <set>
#include <sstream>

namespace ccsim::cli {

namespace {

struct SweepOptions {
  std::string scenario;
  std::vector<std::string> vary;
  SimulationOptions sim;
  PrecisionOptions precision;
  std::string json;
  std::string csv;
  std::string report;
  bool quiet = false;
};

// A value in a table or CSV cell: strings without their quotes.
std::string value_text(const analysis::Json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); }

// Column name of a figure in sweep.csv: totals' figures by their metric path, others
// prefixed with their section and name ("call_types/premium/asa").
std::string column_of(const analysis::FigureKey& k) {
  const std::string metric = analysis::csv_column(k.metric);
  return k.section == "totals" ? metric : k.section + "/" + k.name + "/" + metric;
}

void write_sweep_csv(const std::string& dir, const plan::SweepGrid& grid,
                     const std::vector<std::unique_ptr<plan::Simulation>>& sims) {
  const auto& varies = grid.varies;
  const auto& points = grid.points;
  analysis::make_output_dir("--csv " + dir, dir);
  // Columns: the figures of every point, whole-run only, in first-seen order.
  std::vector<analysis::FigureKey> columns;
  std::set<analysis::FigureKey> seen;
  for (const auto& sim : sims) {
    for (const auto& k : sim->summary().keys()) {
      if (k.interval < 0 && seen.insert(k).second) columns.push_back(k);
    }
  }
  const std::string path = (std::filesystem::path(dir) / "sweep.csv").string();
  std::ostringstream out;
  for (const auto& v : varies) out << analysis::csv_field(v.pointer) << ',';
  out << "replications";
  for (const auto& k : columns)
    out << ',' << analysis::csv_field(column_of(k)) << ',' << analysis::csv_field(column_of(k) + "_ci95");
  out << '\n';
  for (std::size_t i = 0; i < points.size(); ++i) {
    for (std::size_t k = 0; k < varies.size(); ++k)
      out << analysis::csv_field(value_text(varies[k].values[points[i][k]])) << ',';
    const auto& summary = sims[i]->summary();
    out << summary.replications();
    for (const auto& k : columns) {
      if (!summary.has(k)) {
        out << ",,";
        continue;
      }
      const auto e = summary.estimate(k);
      out << ',' << (e.mean ? fmt::format("{:.10g}", *e.mean) : "") << ','
          << (e.ci95 ? fmt::format("{:.10g}", *e.ci95) : "");
    }
    out << '\n';
  }
  analysis::write_output_file("--csv " + dir, path, out.str());
}

// Mean occupancy over agent groups, replication by replication, then estimated.
analysis::Estimate mean_occupancy(const analysis::Summary& s) {
  const auto& groups = s.scenario().agent_groups;
  std::vector<double> per_rep(s.replications(), 0.0);
  std::vector<std::size_t> counted(s.replications(), 0);
  for (const auto& g : groups) {
    const auto& v = s.values({"agent_groups", g.name, -1, "occupancy"});
    for (std::size_t r = 0; r < v.size(); ++r) {
      if (!std::isfinite(v[r])) continue;
      per_rep[r] += v[r];
      ++counted[r];
    }
  }
  for (std::size_t r = 0; r < per_rep.size(); ++r) {
    per_rep[r] = counted[r] > 0 ? per_rep[r] / static_cast<double>(counted[r]) : std::nan("");
  }
  return analysis::estimate(per_rep);
}

void write_sweep_table(std::ostream& out, const plan::SweepGrid& grid,
                       const std::vector<std::unique_ptr<plan::Simulation>>& sims, bool precision,
                       std::uint32_t max_replications) {
  const auto& varies = grid.varies;
  const auto& points = grid.points;
  const auto& first = sims.front()->scenario();
  out << "Sweep of " << first.name << ": " << points.size() << (points.size() == 1 ? " point, " : " points, ");
  if (const auto& p = sims.front()->precision()) {
    out << "replications per point until the 95% CI of " << p->target_metric << " is within ±"
        << fmt::format("{:g}", p->requested) << " (at most " << max_replications << ")";
  } else {
    out << first.replications << " replications each";
  }
  out << ", seed " << first.seed << " (every point sees the same callers)\n";
  out << "mean ± 95% CI half-width; service level = answered within T / offered; overflow = sent to an exit\n\n";

  // Thresholds and agent groups: those of the first point, then any a later point adds.
  std::vector<double> thresholds;
  std::vector<std::string> groups;
  for (const auto& sim : sims) {
    for (const double t : sim->scenario().thresholds_s) {
      if (std::find(thresholds.begin(), thresholds.end(), t) == thresholds.end()) thresholds.push_back(t);
    }
    for (const auto& g : sim->scenario().agent_groups) {
      if (std::find(groups.begin(), groups.end(), g.name) == groups.end()) groups.push_back(g.name);
    }
  }
  std::sort(thresholds.begin(), thresholds.end());
  const bool each_group = groups.size() <= 3;

  // A --vary with a long value (a per-interval list) shows #1, #2, ... and a legend below.
  constexpr std::size_t long_value = 24;
  std::vector<bool> numbered;
  std::vector<std::size_t> value_w;
  for (const auto& vary : varies) {
    bool is_long = false;
    for (const auto& v : vary.values) is_long |= value_text(v).size() > long_value;
    std::size_t w = vary.pointer.size();
    for (std::size_t j = 0; j < vary.values.size(); ++j) {
      w = std::max(w, is_long ? std::to_string(j + 1).size() + 1 : value_text(vary.values[j]).size());
    }
    numbered.push_back(is_long);
    value_w.push_back(w + 2);
  }
  const auto shown_value = [&](std::size_t k, std::size_t j) {
    return numbered[k] ? "#" + std::to_string(j + 1) : value_text(varies[k].values[j]);
  };
  const std::size_t col_w = 13;
  for (std::size_t k = 0; k < varies.size(); ++k) out << pad(varies[k].pointer, value_w[k], true);
  if (precision) out << pad("reps", 6);
  for (const double t : thresholds) out << pad("SL " + analysis::Summary::threshold_key(t) + "s", col_w);
  out << pad("abandoned", col_w) << pad("ASA", col_w) << pad("overflow", col_w);
  if (each_group) {
    for (const auto& g : groups) out << pad("occ " + g, std::max(col_w, g.size() + 6));
  } else {
    out << pad("occupancy", col_w);
  }
  out << '\n';

  for (std::size_t i = 0; i < points.size(); ++i) {
    const auto& s = sims[i]->summary();
    const auto cell = [&](const std::string& section, const std::string& name, const std::string& metric,
                          bool share) -> std::string {
      const analysis::FigureKey key{section, name, -1, metric};
      if (!s.has(key)) return "-";
      return share ? format_percent(s.estimate(key)) : format_seconds(s.estimate(key));
    };
    for (std::size_t k = 0; k < varies.size(); ++k) {
      out << pad(shown_value(k, points[i][k]), value_w[k], true);
    }
    if (precision) out << pad(std::to_string(s.replications()), 6);
    for (const double t : thresholds) {
      out << pad(cell("totals", "", "service_level/" + analysis::Summary::threshold_key(t), true), col_w);
    }
    out << pad(cell("totals", "", "abandon_rate", true), col_w) << pad(cell("totals", "", "asa", false), col_w)
        << pad(cell("totals", "", "overflow_rate", true), col_w);
    if (each_group) {
      for (const auto& g : groups)
        out << pad(cell("agent_groups", g, "occupancy", true), std::max(col_w, g.size() + 6));
    } else {
      out << pad(format_percent(mean_occupancy(s)), col_w);
    }
    out << '\n';
  }
  if (!each_group) out << "\noccupancy: mean over the " << groups.size() << " agent groups\n";
  for (std::size_t k = 0; k < varies.size(); ++k) {
    if (!numbered[k]) continue;
    out << '\n' << varies[k].pointer << ":\n";
    for (std::size_t j = 0; j < varies[k].values.size(); ++j) {
      out << "  #" << j + 1 << " = " << value_text(varies[k].values[j]) << '\n';
    }
  }
}

void sweep(const SweepOptions& o) {
  const plan::SweepGrid grid = plan::parse_grid(o.vary);
  const auto overrides = plan::parse_overrides(o.sim.sets);
  const auto precision = o.precision.to_request();
  {  // the first point stands for all in the estimate, made before loading them
    const plan::SweepGrid first{grid.varies, {grid.points.front()}};
    const auto sc = plan::load_points(o.scenario, overrides, first, run_settings(o.sim)).front();
    check_budget(o.sim,
                 plan::estimate_work(sc, grid.points.size(), precision ? precision->max_replications : sc.replications,
                                     o.sim.threads),
                 o.scenario + " (sweep of " + std::to_string(grid.points.size()) + " points)");
  }
  // Every point is read and validated before any runs: a bad point fails the sweep at once.
  auto scenarios = plan::load_points(o.scenario, overrides, grid, run_settings(o.sim));
  check_outputs({{"--json", o.json}, {"--report", o.report}}, o.csv);
  if (precision) {
    for (const auto& sc : scenarios) (void)plan::precision_target(sc);
  }

  // Points run one after another, each on the thread pool (under MPI, all points' replications
  // are spread over the ranks): every figure is independent of --threads and of the ranks.
  SimulationProgress progress("point", grid.points.size(), !o.quiet);
  const auto sims = plan::simulate_all(std::move(scenarios), o.sim.threads, precision, progress);
  progress.finish();
  if (!plan::mpi::is_root()) return;  // every rank has the figures; rank 0 writes them

  analysis::OutputBatch outputs;  // --json, --csv and --report appear together or not at all
  if (!o.json.empty() || !o.report.empty()) {
    const analysis::Json doc = plan::sweep_json(grid, sims);
    if (!o.json.empty()) write_json_output("--json", o.json, doc);
    if (!o.report.empty()) analysis::write_sweep_report(o.report, doc);
  }
  if (!o.csv.empty()) write_sweep_csv(o.csv, grid, sims);
  outputs.commit();
  if (!o.quiet && o.json != "-")
    write_sweep_table(std::cout, grid, sims, precision.has_value(), precision ? precision->max_replications : 0);
}

}  // namespace

void add_sweep_command(CLI::App& app) {
  auto opts = std::make_shared<SweepOptions>();
  auto* cmd =
      app.add_subcommand("sweep", "Run a scenario over a grid of values (--vary), every point on the same callers");
  cmd->add_option("scenario", opts->scenario, "Scenario JSON file")->required()->check(CLI::ExistingFile);
  cmd->add_option("--vary", opts->vary,
                  "PTR=V1,V2,... (JSON values) or PTR=START..END[:STEP] (inclusive); repeat for a grid, the "
                  "first --vary varying slowest")
      ->required()
      ->allow_extra_args(false);
  add_simulation_options(*cmd, opts->sim);
  add_precision_options(*cmd, opts->precision);
  cmd->add_option("--json", opts->json, "Write the sweep JSON to FILE, or - for stdout (JSON alone)");
  cmd->add_option("--csv", opts->csv, "Write sweep.csv (one row per point) into DIR")->check(csv_directory());
  cmd->add_option("--report", opts->report, "Write an HTML report to FILE.html");
  cmd->add_flag("--quiet,-q", opts->quiet, "No table and no progress");
  cmd->callback([opts] { sweep(*opts); });
}

}  // namespace ccsim::cli
