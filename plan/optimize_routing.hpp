// `ccsim optimize routing`: the best point of a grid of routing parameters (--vary, as in a
// sweep) for one figure, on common random numbers, by the ranking-and-selection procedure KN
// (analysis/estimators/ranking.hpp): points are simulated one replication at a time and
// screened out as soon as they are significantly worse than another, so the replications go
// where the decision is close. Constraints (--subject-to) screen out points whose CI lies on
// the wrong side of the bound; the answer is kept only once its own CI clears it.
#pragma once

#include "analysis/reports/results_json.hpp"
#include "plan/progress.hpp"
#include "plan/sweep_grid.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ccsim::plan {

// A figure of the results as a path: "service_level/20", "abandon_rate" (totals), or
// "call_types/NAME/METRIC", "queues/NAME/METRIC", "agent_groups/NAME/METRIC".
[[nodiscard]] analysis::FigureKey parse_metric_path(const std::string& path);

struct RoutingConstraint {
  std::string text;  // as given: "abandon_rate<=0.05"
  analysis::FigureKey key;
  bool at_most = true;
  double bound = 0.0;
};

// "METRIC<=X" or "METRIC>=X"; throws InputError otherwise.
[[nodiscard]] RoutingConstraint parse_subject_to(const std::string& text);

struct RoutingRequest {
  std::string path;
  std::vector<std::string> sets;
  std::vector<std::string> vary;
  std::string metric;
  bool maximize = true;
  std::vector<std::string> subject_to;
  double confidence = 0.95;
  std::optional<double> margin;  // the indifference zone; default: 1 point of a share, 1 s
  std::uint32_t first_stage = 10;
  std::uint32_t max_replications = 1000;  // per point
  std::optional<std::uint64_t> seed;
  unsigned threads = 0;
};

struct RoutingPoint {
  std::uint32_t replications = 0;
  analysis::Estimate objective;
  std::optional<std::size_t> out_at;  // replications when screened out
  std::optional<std::size_t> out_by;  // the point that screened it out (none: a constraint)
  std::vector<analysis::Estimate> constraints;
  std::string feasible;  // "yes", "no", "undecided"
};

struct RoutingChoice {
  SweepGrid grid;
  std::vector<RoutingConstraint> constraints;
  analysis::FigureKey objective;
  std::string metric;
  bool maximize = true;
  double confidence = 0.95;
  double margin = 0.0;
  std::uint32_t first_stage = 0;
  double h2 = 0.0;
  std::uint64_t seed = 0;
  std::vector<RoutingPoint> points;
  std::optional<std::size_t> selected;  // none: no point is known feasible
  bool decided = false;                 // one point left (else: max replications reached)
  std::uint64_t spent = 0;              // replications simulated, every point
  // A grid giving every point the replications a fixed-sample procedure needs for the same
  // guarantee (KN's last stage: max over pairs of h^2 S^2 / margin^2, at least the first stage),
  // and a grid at the scenario's own replications (what `sweep` runs).
  std::uint64_t grid_same_guarantee = 0;
  std::uint64_t grid_scenario = 0;
  std::uint32_t scenario_replications = 0;
  std::uint64_t last_stage = 0;
};

[[nodiscard]] RoutingChoice optimize_routing(const RoutingRequest& request, Progress& progress);

[[nodiscard]] analysis::Json routing_json(const RoutingChoice& choice);

}  // namespace ccsim::plan
