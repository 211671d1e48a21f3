#include "plan/sweep_grid.hpp"

#include "ccsim/version.hpp"
#include "sim/error.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <optional>
#include <set>

namespace ccsim::plan {

namespace {

// Points a grid may have at most (the work and memory estimate then decides whether to run it).
constexpr double kMaxGridPoints = 1e7;

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
    const std::string text = integral ? std::to_string(static_cast<long long>(v)) : fmt::format("{:.15g}", v);
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

std::vector<Point> grid_points(const std::vector<Vary>& varies) {
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

}  // namespace

std::string point_label(const std::vector<Vary>& varies, const Point& p) {
  std::string s;
  for (std::size_t k = 0; k < varies.size(); ++k) {
    if (k > 0) s += ", ";
    s += varies[k].pointer + "=" + varies[k].texts[p[k]];
  }
  return s;
}

SweepGrid parse_grid(const std::vector<std::string>& vary_args) {
  SweepGrid grid;
  std::set<std::string> pointers;
  for (const auto& arg : vary_args) {
    grid.varies.push_back(parse_vary(arg));
    if (!pointers.insert(grid.varies.back().pointer).second) {
      throw InputError("--vary " + grid.varies.back().pointer + ": given twice; list all its values in one --vary");
    }
  }
  // The grid itself must fit: its size is known before any point is made.
  double count = 1.0;
  for (const auto& v : grid.varies) count *= static_cast<double>(v.texts.size());
  if (count > kMaxGridPoints) {
    throw InputError(fmt::format("--vary: the grid has {:.4g} points; at most {:.0f} (each point is a simulation)",
                                 count, kMaxGridPoints));
  }
  grid.points = grid_points(grid.varies);
  return grid;
}

std::vector<model::Scenario> load_points(const ScenarioSource& source,
                                         const std::vector<scenario::Override>& user_overrides, const SweepGrid& grid,
                                         const RunSettings& settings) {
  const auto& varies = grid.varies;
  const auto& points = grid.points;
  std::vector<model::Scenario> scenarios;
  std::vector<std::string> errors;
  for (std::size_t i = 0; i < points.size(); ++i) {
    auto overrides = user_overrides;
    for (std::size_t k = 0; k < varies.size(); ++k)
      overrides.push_back({varies[k].pointer, varies[k].texts[points[i][k]]});
    try {
      scenarios.push_back(load_scenario(source, overrides, settings));
    } catch (const InputError& e) {
      const std::string where = "sweep point " + std::to_string(i + 1) + "/" + std::to_string(points.size()) + " (" +
                                point_label(varies, points[i]) + "): ";
      for (const auto& m : e.messages()) errors.push_back(where + m);
    }
  }
  if (!errors.empty()) throw InputError(errors);
  return scenarios;
}

analysis::Json sweep_json(const SweepGrid& grid, const std::vector<std::unique_ptr<Simulation>>& sims) {
  const auto& varies = grid.varies;
  analysis::Json doc;
  doc["ccsim_version"] = kVersion;
  doc["scenario"] = sims.front()->scenario().name;
  doc["vary"] = analysis::Json::array();
  for (const auto& v : varies) doc["vary"].push_back(v.pointer);
  doc["points"] = analysis::Json::array();
  for (std::size_t i = 0; i < grid.points.size(); ++i) {
    analysis::Json p;
    p["values"] = analysis::Json::object();
    for (std::size_t k = 0; k < varies.size(); ++k)
      p["values"][varies[k].pointer] = varies[k].values[grid.points[i][k]];
    p["results"] = sims[i]->results_json();
    doc["points"].push_back(std::move(p));
  }
  return doc;
}

}  // namespace ccsim::plan
