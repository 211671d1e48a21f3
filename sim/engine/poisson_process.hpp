// A non-homogeneous Poisson process with piecewise-constant rate, sampled exactly by inversion.
#pragma once

#include "sim/engine/random.hpp"

#include <optional>
#include <vector>

namespace ccsim::engine {

// Rates are events per second, one per interval of length `interval_s`, covering
// [0, rates.size() * interval_s). A single rate means a constant rate over [0, end_s).
//
// Exact sampling: the next event after t is where the integrated rate from t reaches an
// Exp(1) draw; the integral is walked interval by interval. One exponential draw per event
// whatever the rate profile (no thinning, so common random numbers stay aligned).
class PoissonProcess {
public:
  PoissonProcess(std::vector<double> rates_per_s, double interval_s, double end_s);

  // Time of the next event strictly after `t`, or nothing if none falls before the end.
  [[nodiscard]] std::optional<double> next(double t, RandomStream& rng) const;

private:
  std::vector<double> rates_;
  double interval_s_;
  double end_s_;
};

}  // namespace ccsim::engine
