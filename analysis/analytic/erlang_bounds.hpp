// The fewest agents of one M/M/n+M pool meeting several bounds at once (service level at a
// threshold, abandon, block and answered rates, ASA, mean wait): the per-queue starting point
// of `ccsim optimize staffing` (docs/optimize.md).
#pragma once

#include "analysis/analytic/erlang.hpp"

#include <optional>
#include <string>
#include <vector>

namespace ccsim::analysis {

// One bound on a figure of QueueFigures or on the service level: metric is "service_level"
// (with within_s), "abandon_rate", "block_rate", "answered_rate", "asa" or "mean_wait".
struct FigureBound {
  std::string metric;
  double within_s = 0.0;
  std::optional<double> at_least;
  std::optional<double> at_most;
};

// The figure `bound` is about, of a solved pool.
[[nodiscard]] double bounded_figure(const QueueSolution& solution, const FigureBound& bound);

// Whether a solved pool meets every bound.
[[nodiscard]] bool meets_bounds(const QueueSolution& solution, const std::vector<FigureBound>& bounds);

// Fewest agents n in [0, max_agents] whose steady state (Erlang C, or Erlang A with a
// patience; `capacity` a waiting room) meets every bound; nullopt when even max_agents does
// not. Zero traffic needs 0 agents. Every figure named improves with agents, so the search
// doubles, then bisects.
[[nodiscard]] std::optional<int> fewest_agents_for(const Traffic& traffic, std::optional<double> patience_s,
                                                   std::optional<int> capacity, const std::vector<FigureBound>& bounds,
                                                   int max_agents);

}  // namespace ccsim::analysis
