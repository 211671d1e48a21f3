// The routing checks of a scenario (internal to sim/scenario): check_routing's findings, and
// which rules can never fire, which `ccsim graph` greys out.
#pragma once

#include "sim/scenario/routing_graph.hpp"

#include <vector>

namespace ccsim::scenario {

struct RoutingAnalysis {
  std::vector<Diagnostic> diagnostics;  // sorted by pointer
  std::vector<std::vector<bool>> dead;  // [queue][rule]: the rule can never fire
};

[[nodiscard]] RoutingAnalysis analyze_routing(const model::Scenario& sc);

// Call types' `redial` settings that can never take effect (redial_checks.cpp).
void check_redials(const model::Scenario& sc, std::vector<Diagnostic>& out);

// Queues whose never-abandoning callers offer more load than their agents answer, and
// expectations that can never be met (load_checks.cpp).
void check_load(const model::Scenario& sc, std::vector<Diagnostic>& out);

}  // namespace ccsim::scenario
