// The back-test: each test day simulated with its own recorded arrivals (trace, per call
// type) and the model fitted on the training days (distributions, discipline and the
// calibrated staffing), against the day's observed figures.
#pragma once

#include "fit/fit.hpp"

namespace ccsim::fit {

// {"days", "totals", "call_types", "intervals", "acceptance", "staffing": "calibrated"}; see
// README "ccsim fit". Throws InputError when the test range holds no call.
[[nodiscard]] Json backtest(const FitResult& fit, const FitOptions& options);

}  // namespace ccsim::fit
