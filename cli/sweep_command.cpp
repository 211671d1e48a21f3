// `ccsim sweep SCENARIO --vary PTR=V1,V2,...`: run a scenario at every point of a grid of
// overrides, all points on the same callers (same seed: common random numbers).
#include "analysis/reports/html_report.hpp"
#include "cli/commands.hpp"
#include "cli/mpi.hpp"
#include "cli/simulation.hpp"
#include "sim/error.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <set>

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

// One --vary: a JSON pointer and its values, as override text and as JSON for the output.
struct Vary {
  std::string pointer;
  std::vector<std::string> texts;
  std::vector<analysis::Json> values;
};

std::string fmt(const char* f, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, f, v);
  return buf;
}

// The value of an override as the loader reads it: JSON when it parses, else a string.
analysis::Json value_of(const std::string& text) {
  try {
    return analysis::Json::parse(text);
  } catch (const analysis::Json::exception&) {
    return text;
  }
}

// Splits at the commas outside brackets, braces and strings, so that `[3,4],[5,6]` is two values.
std::vector<std::string> split_values(const std::string& text) {
  std::vector<std::string> out;
  std::string current;
  int depth = 0;
  bool in_string = false;
  bool escaped = false;
  for (const char c : text) {
    if (in_string) {
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      ++depth;
    } else if (c == ']' || c == '}') {
      --depth;
    } else if (c == ',' && depth == 0) {
      out.push_back(current);
      current.clear();
      continue;
    }
    current += c;
  }
  out.push_back(current);
  return out;
}

std::optional<double> parse_number(const std::string& s) {
  double v = 0.0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc{} || end != s.data() + s.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

// START..END[:STEP], inclusive, numeric. Returns false when `item` is not a range at all.
bool expand_range(const std::string& item, const std::string& where, Vary& vary) {
  const auto dots = item.find("..");
  if (dots == std::string::npos) return false;
  const auto start = parse_number(item.substr(0, dots));
  if (!start) return false;  // e.g. a string value that happens to contain ".."
  std::string rest = item.substr(dots + 2);
  std::optional<double> step = 1.0;
  if (const auto colon = rest.find(':'); colon != std::string::npos) {
    step = parse_number(rest.substr(colon + 1));
    rest.resize(colon);
  }
  const auto end = parse_number(rest);
  const std::string bad = where + ": bad range \"" + item + "\": ";
  if (!end || !step) throw InputError(bad + "expected START..END or START..END:STEP, e.g. 5..30:5");
  if (*step <= 0.0) throw InputError(bad + "the step must be positive");
  if (*end < *start) throw InputError(bad + "END is below START");
  const double count = std::floor((*end - *start) / *step + 1e-9) + 1.0;
  if (count > 10000.0) throw InputError(bad + "more than 10000 values");
  const bool integral =
      *start == std::floor(*start) && *step == std::floor(*step) && std::abs(*end) < 1e15 && std::abs(*start) < 1e15;
  for (int k = 0; k < static_cast<int>(count); ++k) {
    const double v = *start + k * *step;
    // Integers stay integers in the scenario ("agents": 28, not 28.0); decimals are rounded to
    // 15 significant digits so that 0.1 steps give 0.3, not 0.30000000000000004.
    const std::string text = integral ? std::to_string(static_cast<long long>(v)) : fmt("%.15g", v);
    vary.texts.push_back(text);
    vary.values.push_back(value_of(text));
  }
  return true;
}

Vary parse_vary(const std::string& arg) {
  const auto eq = arg.find('=');
  if (eq == std::string::npos || eq == 0 || arg[0] != '/') {
    throw InputError("--vary " + arg +
                     ": expected PTR=V1,V2,... or PTR=START..END:STEP, e.g. "
                     "--vary /agent_groups/0/agents=28,29,30");
  }
  Vary v;
  v.pointer = arg.substr(0, eq);
  const std::string where = "--vary " + v.pointer;
  for (const auto& item : split_values(arg.substr(eq + 1))) {
    if (item.empty()) throw InputError(where + ": empty value in \"" + arg.substr(eq + 1) + "\"");
    if (expand_range(item, where, v)) continue;
    v.texts.push_back(item);
    v.values.push_back(value_of(item));
  }
  return v;
}

// A grid point: index of each --vary's value; the first --vary varies slowest.
using Point = std::vector<std::size_t>;

std::vector<Point> grid(const std::vector<Vary>& varies) {
  std::vector<Point> points{Point{}};
  for (const auto& v : varies) {
    std::vector<Point> next;
    for (const auto& p : points) {
      for (std::size_t i = 0; i < v.texts.size(); ++i) {
        Point q = p;
        q.push_back(i);
        next.push_back(std::move(q));
      }
    }
    points = std::move(next);
  }
  return points;
}

std::string point_label(const std::vector<Vary>& varies, const Point& p) {
  std::string s;
  for (std::size_t k = 0; k < varies.size(); ++k) {
    if (k > 0) s += ", ";
    s += varies[k].pointer + "=" + varies[k].texts[p[k]];
  }
  return s;
}

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (const char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

// A value in a table or CSV cell: strings without their quotes.
std::string value_text(const analysis::Json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); }

// Column name of a figure in sweep.csv: totals' figures by their metric path, others
// prefixed with their section and name ("call_types/premium/asa").
std::string column_of(const analysis::FigureKey& k) {
  return k.section == "totals" ? k.metric : k.section + "/" + k.name + "/" + k.metric;
}

void write_sweep_csv(const std::string& dir, const std::vector<Vary>& varies, const std::vector<Point>& points,
                     const std::vector<std::unique_ptr<Simulation>>& sims) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw InputError("--csv " + dir + ": cannot create the directory (" + ec.message() + ")");
  // Columns: the figures of every point, whole-run only, in first-seen order.
  std::vector<analysis::FigureKey> columns;
  std::set<analysis::FigureKey> seen;
  for (const auto& sim : sims) {
    for (const auto& k : sim->summary().keys()) {
      if (k.interval < 0 && seen.insert(k).second) columns.push_back(k);
    }
  }
  const std::string path = (std::filesystem::path(dir) / "sweep.csv").string();
  std::ofstream out(path);
  if (!out) throw InputError("--csv " + dir + ": cannot write " + path);
  for (const auto& v : varies) out << csv_field(v.pointer) << ',';
  out << "replications";
  for (const auto& k : columns) out << ',' << csv_field(column_of(k)) << ',' << csv_field(column_of(k) + "_ci95");
  out << '\n';
  for (std::size_t i = 0; i < points.size(); ++i) {
    for (std::size_t k = 0; k < varies.size(); ++k) out << csv_field(value_text(varies[k].values[points[i][k]])) << ',';
    const auto& summary = sims[i]->summary();
    out << summary.replications();
    for (const auto& k : columns) {
      if (!summary.has(k)) {
        out << ",,";
        continue;
      }
      const auto e = summary.estimate(k);
      out << ',' << (e.mean ? fmt("%.10g", *e.mean) : "") << ',' << (e.ci95 ? fmt("%.10g", *e.ci95) : "");
    }
    out << '\n';
  }
  if (!out) throw InputError("--csv " + dir + ": cannot write " + path);
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

void write_sweep_table(std::ostream& out, const std::vector<Vary>& varies, const std::vector<Point>& points,
                       const std::vector<std::unique_ptr<Simulation>>& sims, bool precision,
                       std::uint32_t max_replications) {
  const auto& first = sims.front()->scenario();
  out << "Sweep of " << first.name << ": " << points.size() << (points.size() == 1 ? " point, " : " points, ");
  if (const auto& p = sims.front()->precision()) {
    out << "replications per point until the 95% CI of " << p->target_metric << " is within ±"
        << fmt("%g", p->requested) << " (at most " << max_replications << ")";
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
  std::vector<Vary> varies;
  std::set<std::string> pointers;
  for (const auto& arg : o.vary) {
    varies.push_back(parse_vary(arg));
    if (!pointers.insert(varies.back().pointer).second) {
      throw InputError("--vary " + varies.back().pointer + ": given twice; list all its values in one --vary");
    }
  }
  const auto points = grid(varies);
  const auto user_overrides = parse_overrides(o.sim.sets);

  // Every point is read and validated before any runs: a bad point fails the sweep at once.
  std::vector<model::Scenario> scenarios;
  std::vector<std::string> errors;
  for (std::size_t i = 0; i < points.size(); ++i) {
    auto overrides = user_overrides;
    for (std::size_t k = 0; k < varies.size(); ++k)
      overrides.push_back({varies[k].pointer, varies[k].texts[points[i][k]]});
    try {
      scenarios.push_back(load_scenario(o.scenario, overrides, o.sim));
    } catch (const InputError& e) {
      const std::string where = "sweep point " + std::to_string(i + 1) + "/" + std::to_string(points.size()) + " (" +
                                point_label(varies, points[i]) + "): ";
      for (const auto& m : e.messages()) errors.push_back(where + m);
    }
  }
  if (!errors.empty()) throw InputError(errors);
  const auto precision = o.precision.to_request();
  if (precision) {
    for (const auto& sc : scenarios) (void)precision_target(sc);
  }

  // Points run one after another, each on the thread pool (under MPI, all points' replications
  // are spread over the ranks): every figure is independent of --threads and of the ranks.
  SimulationProgress progress("point", points.size(), !o.quiet);
  const auto sims = simulate_all(std::move(scenarios), o.sim.threads, precision, progress);
  progress.finish();
  if (!mpi::is_root()) return;  // every rank has the figures; rank 0 writes them

  const bool need_json = !o.json.empty() || !o.report.empty();
  if (need_json) {
    analysis::Json doc;
    doc["ccsim_version"] = CCSIM_VERSION;
    doc["scenario"] = sims.front()->scenario().name;
    doc["vary"] = analysis::Json::array();
    for (const auto& v : varies) doc["vary"].push_back(v.pointer);
    doc["points"] = analysis::Json::array();
    for (std::size_t i = 0; i < points.size(); ++i) {
      analysis::Json p;
      p["values"] = analysis::Json::object();
      for (std::size_t k = 0; k < varies.size(); ++k) p["values"][varies[k].pointer] = varies[k].values[points[i][k]];
      p["results"] = sims[i]->results_json();
      doc["points"].push_back(std::move(p));
    }
    if (!o.json.empty()) write_json_output("--json", o.json, doc);
    if (!o.report.empty()) analysis::write_sweep_report(o.report, doc);
  }
  if (!o.csv.empty()) write_sweep_csv(o.csv, varies, points, sims);
  if (!o.quiet && o.json != "-")
    write_sweep_table(std::cout, varies, points, sims, precision.has_value(),
                      precision ? precision->max_replications : 0);
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
  cmd->add_option("--csv", opts->csv, "Write sweep.csv (one row per point) into DIR");
  cmd->add_option("--report", opts->report, "Write an HTML report to FILE.html");
  cmd->add_flag("--quiet,-q", opts->quiet, "No table and no progress");
  cmd->callback([opts] { sweep(*opts); });
}

}  // namespace ccsim::cli
