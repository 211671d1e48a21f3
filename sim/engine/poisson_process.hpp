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
  // The constant-rate case is inline (one per arrival); a rate profile is walked out of line.
  [[nodiscard]] std::optional<double> next(double t, RandomStream& rng) const { return after(t, rng.exponential()); }
  // The event after `t` once the integrated rate it has to cover, `need`, is drawn.
  [[nodiscard]] std::optional<double> after(double t, double need) const {
    if (rates_.size() != 1) return next_piecewise(t, need);
    if (rates_[0] <= 0.0) return std::nullopt;
    const double at = t + need / rates_[0];
    if (at >= end_s_) return std::nullopt;
    return at;
  }

  // The next events strictly after `t`, up to `n` of them, into `out`; returns how many
  // there are before the end (fewer than `n` once the end is reached). They are the times
  // successive calls of next() give, from the same draws; the stream is left further on
  // than next() leaves it only after the end, when the process draws no more.
  std::size_t next_n(double t, RandomStream& rng, double* out, std::size_t n) const;

private:
  // next() for several rates, once `need` is drawn.
  [[nodiscard]] std::optional<double> next_piecewise(double t, double need) const;

  std::vector<double> rates_;
  double interval_s_;
  double end_s_;
};

}  // namespace ccsim::engine
