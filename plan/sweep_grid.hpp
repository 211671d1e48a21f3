// The grid of a sweep: each --vary is a JSON pointer and its values (JSON values or numeric
// ranges); several make a grid, the first varying slowest. Every point is the scenario with the
// user's --set overrides and then the point's values, validated before anything runs.
#pragma once

#include "analysis/reports/results_json.hpp"
#include "plan/simulation.hpp"

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

namespace ccsim::plan {

// One --vary: a JSON pointer and its values, as override text and as JSON for the output.
struct Vary {
  std::string pointer;
  std::vector<std::string> texts;
  std::vector<analysis::Json> values;
};

// A grid point: index of each --vary's value.
using Point = std::vector<std::size_t>;

struct SweepGrid {
  std::vector<Vary> varies;
  std::vector<Point> points;  // the first --vary varies slowest
};

// Parses every --vary (`PTR=V1,V2,...` or `PTR=START..END[:STEP]`) and builds the grid. Throws
// InputError for a malformed --vary, a bad range and a pointer given twice.
[[nodiscard]] SweepGrid parse_grid(const std::vector<std::string>& vary_args);

// "PTR=value, PTR=value" of a point, for messages.
[[nodiscard]] std::string point_label(const std::vector<Vary>& varies, const Point& p);

// The scenario at every point of `grid`: `user_overrides`, then the point's values, then
// `settings`. Every point is validated; the problems of all the points are thrown together,
// each prefixed with its point ("sweep point 2/6 (PTR=value): ...").
[[nodiscard]] std::vector<model::Scenario> load_points(const ScenarioSource& source,
                                                       const std::vector<scenario::Override>& user_overrides,
                                                       const SweepGrid& grid, const RunSettings& settings);

// The sweep JSON: {"ccsim_version", "scenario", "vary", "points": [{"values", "results"}]}, each
// results byte for byte what `ccsim run --json` writes for that point.
[[nodiscard]] analysis::Json sweep_json(const SweepGrid& grid, const std::vector<std::unique_ptr<Simulation>>& sims);

}  // namespace ccsim::plan
