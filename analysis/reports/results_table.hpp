// The readable tables `ccsim run` and `ccsim exact` print: service level at each threshold,
// abandonment, ASA, per total, call type, queue and agent group.
#pragma once

#include "analysis/analytic/ctmc.hpp"
#include "analysis/estimators/expectations.hpp"
#include "analysis/estimators/summary.hpp"

#include <ostream>
#include <vector>

namespace ccsim::analysis {

// The table of a run: each figure with its 95% CI half-width; then the overflow rules and
// flows, the site outages and the expectations, where the scenario has them.
void write_table(std::ostream& out, const Summary& summary, const std::vector<ExpectationResult>& expectations);

// The table of the exact chain: totals and call types, queues, agent groups, overflow rules,
// expectations and the notes on what was left out.
void write_ctmc_table(std::ostream& out, const CtmcResult& result);

}  // namespace ccsim::analysis
