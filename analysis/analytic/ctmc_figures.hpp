// The figures of the solved chain, keyed like a simulation Summary: flows summed over the
// stationary distribution, waits from the tagged-caller formula where it applies, and notes on
// every figure left out. Internal to analysis/analytic: ctmc.hpp is the public entry.
#pragma once

#include "analysis/analytic/ctmc.hpp"
#include "analysis/analytic/ctmc_state_space.hpp"

#include <vector>

namespace ccsim::analysis::ctmc {

// Fills result.keys, values, rules and notes from the stationary distribution `pi` over the
// states of `chain`.
void compute_figures(const model::Scenario& sc, const Model& m, const Chain& chain, const std::vector<double>& pi,
                     CtmcResult& result);

}  // namespace ccsim::analysis::ctmc
