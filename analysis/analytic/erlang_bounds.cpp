#include "analysis/analytic/erlang_bounds.hpp"

#include <algorithm>

namespace ccsim::analysis {

double bounded_figure(const QueueSolution& solution, const FigureBound& bound) {
  const QueueFigures& f = solution.figures();
  if (bound.metric == "service_level") return solution.service_level(bound.within_s);
  if (bound.metric == "abandon_rate") return f.abandon_rate;
  if (bound.metric == "block_rate") return f.block_rate;
  if (bound.metric == "answered_rate") return 1.0 - f.abandon_rate - f.block_rate;
  if (bound.metric == "asa") return f.asa;
  if (bound.metric == "mean_wait") return f.mean_wait;
  return 0.0;  // overflow_rate and others: a single pool sends nobody on
}

bool meets_bounds(const QueueSolution& solution, const std::vector<FigureBound>& bounds) {
  return std::all_of(bounds.begin(), bounds.end(), [&](const FigureBound& b) {
    const double x = bounded_figure(solution, b);
    return (!b.at_least || x >= *b.at_least) && (!b.at_most || x <= *b.at_most);
  });
}

std::optional<int> fewest_agents_for(const Traffic& traffic, std::optional<double> patience_s,
                                     std::optional<int> capacity, const std::vector<FigureBound>& bounds,
                                     int max_agents) {
  if (traffic.calls_per_hour <= 0.0) return 0;
  const auto meets = [&](int n) {
    const auto solution = QueueSolution::solve(QueueModel{traffic, n, patience_s, capacity});
    return solution && meets_bounds(*solution, bounds);
  };
  // Doubling, then bisection: `fails` misses a bound (0 agents answer nobody), `enough` meets all.
  int fails = 0;
  int enough = 1;
  while (!meets(enough)) {
    if (enough >= max_agents) return std::nullopt;
    fails = enough;
    enough = std::min(max_agents, 2 * enough);
  }
  while (enough - fails > 1) {
    const int mid = fails + (enough - fails) / 2;
    (meets(mid) ? enough : fails) = mid;
  }
  return enough;
}

}  // namespace ccsim::analysis
