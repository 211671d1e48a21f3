// Staffing per interval calibrated by simulation: records rarely hold how many agents took
// these calls, so the fitted model is simulated and, interval by interval in time order, the
// agent count whose simulated abandonment and service level (at `sl_index`) come closest to
// the observed ones is kept.
#pragma once

#include "fit/observed.hpp"
#include "fit/scenario_writer.hpp"
#include "plan/simulation.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace ccsim::fit {

// Changes the i-th scenario once loaded, before it runs (e.g. a recorded day's arrivals).
using AdjustScenario = std::function<void(std::size_t i, model::Scenario& sc)>;

// Loads each fitted scenario JSON (its errors naming `source`), lets `adjust` (if any) change
// it, and simulates them all quietly, each with its own replications: how calibration and
// the back-test's replays run the fitted model.
[[nodiscard]] std::vector<std::unique_ptr<plan::Simulation>> simulate_json(const std::vector<Json>& scenarios,
                                                                           const std::string& source, unsigned threads,
                                                                           const AdjustScenario& adjust = {});

struct Calibration {
  std::vector<std::uint32_t> agents;
  std::vector<double> observed_abandon;
  std::vector<double> observed_sl;
  std::vector<double> simulated_abandon;
  std::vector<double> simulated_sl;
  std::vector<std::string> warnings;
  std::size_t simulations = 0;
};

// `scenario` is the fitted scenario (its agents are replaced); `observed` the records'
// figures per interval pooled over the fitting days; `in_service` their mean calls in service.
[[nodiscard]] Calibration calibrate_staffing(const Json& scenario, const std::vector<Counts>& observed,
                                             const std::vector<double>& mean_in_service,
                                             const std::vector<double>& peak_in_service, std::size_t sl_index,
                                             unsigned threads);

}  // namespace ccsim::fit
