// The fitted scenario as ccsim scenario JSON: one queue, one agent group, a call type per
// type of the records; estimates rounded to 4 significant digits.
#pragma once

#include "fit/estimates.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <set>
#include <string>
#include <vector>

namespace ccsim::fit {

using Json = nlohmann::ordered_json;

// The service-level thresholds of the observed figures and of the scenario written, seconds.
inline const std::vector<double> kThresholds{10.0, 20.0, 30.0, 60.0};

[[nodiscard]] double round4(double x);

// {"exponential": {"mean"}}, {"weibull": {"shape", "scale"}}, {"lognormal": {"mean", "sd"}}.
[[nodiscard]] Json distribution_json(const LifetimeFit& f);

// Whether the scenario serves the favoured type first (`priority`): strict priority seen, or a
// head start under which most decided pairs are overtakes.
[[nodiscard]] bool favoured_first(const Discipline& d);

struct ScenarioText {
  std::string name;
  std::string description;
  std::uint32_t replications = 20;
  std::uint64_t seed = 1;
};

// The behaviours a fit writes when the records show them, unless left out (--without).
inline const std::set<std::string> kBehaviours{"busyness", "head_start", "redial"};

// The scenario (without expectations); `agents` one per interval. Writes `head_start`,
// `busyness` and `redial` (with first-attempt rates) where the estimates support them,
// except the keys in `without`.
[[nodiscard]] Json scenario_json(const Estimates& e, const Selection& sel, const std::vector<std::uint32_t>& agents,
                                 const ScenarioText& text, const std::set<std::string>& without = {});

}  // namespace ccsim::fit
