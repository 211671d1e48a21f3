// `ccsim exact` for a day rather than a steady state, and for absence (README "Analytic
// answers"): internal to analysis/analytic, reached through solve_ctmc (ctmc.hpp).
//  - A changing day (an initial state, per-interval arrival rates or staffing, shifts with
//    breaks) of one queue, one call type and one agent group: the transient (busy, line) chain
//    of ctmc_transient.hpp, per reporting interval.
//  - Absence: each of a group's agents absent all day with probability p, so the answer is the
//    mixture, weighted by the binomial probabilities of the agents present, of the answers with
//    those agents (with a changing staffing, the present ones among the first n(t) on duty).
#pragma once

#include "analysis/analytic/ctmc.hpp"
#include "sim/model/scenario.hpp"

namespace ccsim::analysis::ctmc {

// An initial state, per-interval arrival rates or staffing, or shifts.
[[nodiscard]] bool changing_day(const model::Scenario& sc);

// One queue, one call type (Poisson arrivals), one agent group: the shape the transient chain
// solves (what else it needs is checked by solve_day).
[[nodiscard]] bool day_shape(const model::Scenario& sc);

// Some agent group has absence.
[[nodiscard]] bool has_absence(const model::Scenario& sc);

// The transient answer of a changing day of day_shape (with absence, the mixture).
[[nodiscard]] CtmcResult solve_day(const model::Scenario& sc, const CtmcOptions& options);

// The stationary answer with absence: the mixture of solve_ctmc over the agents present.
[[nodiscard]] CtmcResult solve_absence(const model::Scenario& sc, const CtmcOptions& options);

}  // namespace ccsim::analysis::ctmc
