#include "fit/calibrate.hpp"

#include "sim/scenario/loader.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <cmath>

namespace ccsim::fit {

std::vector<std::unique_ptr<plan::Simulation>> simulate_json(const std::vector<Json>& scenarios,
                                                             const std::string& source, unsigned threads,
                                                             const AdjustScenario& adjust) {
  std::vector<model::Scenario> loaded;
  loaded.reserve(scenarios.size());
  for (const Json& j : scenarios) {
    loaded.push_back(scenario::load_scenario_text(j.dump(), source));
    if (adjust) adjust(loaded.size() - 1, loaded.back());
  }
  plan::Progress quiet;
  return plan::simulate_all(std::move(loaded), threads, std::nullopt, quiet);
}

namespace {

double mean_of(const plan::Simulation& s, int interval, const std::string& metric) {
  return s.summary().estimate({"totals", "", interval, metric}).mean.value_or(0.0);
}

}  // namespace

Calibration calibrate_staffing(const Json& scenario, const std::vector<Counts>& observed,
                               const std::vector<double>& mean_in_service, const std::vector<double>& peak_in_service,
                               std::size_t sl_index, unsigned threads) {
  const std::size_t n = observed.size();
  Calibration c;
  for (std::size_t k = 0; k < n; ++k) {
    c.agents.push_back(static_cast<std::uint32_t>(std::max(1.0, std::ceil(mean_in_service[k]))));
    c.observed_abandon.push_back(observed[k].abandon_rate());
    c.observed_sl.push_back(observed[k].service_level(sl_index));
  }
  Json base = scenario;
  base["replications"] = 10;
  const std::string metric = "service_level/20";  // sl_index is the index of 20 s in the thresholds
  // Two passes in time order: each interval's count is chosen with the earlier ones fixed
  // (a queue carries over into the next interval, not back).
  for (int pass = 0; pass < 2; ++pass) {
    for (std::size_t k = 0; k < n; ++k) {
      if (observed[k].offered == 0.0) continue;
      std::vector<std::uint32_t> candidates;
      const std::uint32_t now = c.agents[k];
      for (std::uint32_t a = now > 3 ? now - 3 : 1; a <= now + 3; ++a) candidates.push_back(a);
      std::vector<Json> variants;
      for (std::uint32_t a : candidates) {
        Json v = base;
        auto agents = c.agents;
        agents[k] = a;
        v["agent_groups"][0]["agents"] = agents;
        variants.push_back(std::move(v));
      }
      const auto sims = simulate_json(variants, "fit: calibration", threads);
      c.simulations += sims.size();
      double best = 1e300;
      for (std::size_t i = 0; i < sims.size(); ++i) {
        const double da = mean_of(*sims[i], static_cast<int>(k), "abandon_rate") - c.observed_abandon[k];
        const double ds = mean_of(*sims[i], static_cast<int>(k), metric) - c.observed_sl[k];
        const double loss = da * da + ds * ds;
        if (loss < best - 1e-12) best = loss, c.agents[k] = candidates[i];
      }
    }
  }
  Json final_sc = base;
  final_sc["agent_groups"][0]["agents"] = c.agents;
  const auto sims = simulate_json({final_sc}, "fit: calibration", threads);
  for (std::size_t k = 0; k < n; ++k) {
    c.simulated_abandon.push_back(mean_of(*sims[0], static_cast<int>(k), "abandon_rate"));
    c.simulated_sl.push_back(mean_of(*sims[0], static_cast<int>(k), metric));
    if (mean_in_service[k] > c.agents[k]) {
      c.warnings.push_back(
          fmt::format("interval {}: the records show {:.2f} calls in service on average (peak {:.1f}), "
                      "more than the {} calibrated agents",
                      k, mean_in_service[k], peak_in_service[k], c.agents[k]));
    }
  }
  return c;
}

}  // namespace ccsim::fit
