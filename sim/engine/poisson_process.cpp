#include "sim/engine/poisson_process.hpp"

#include "sim/error.hpp"

#include <cmath>

namespace ccsim::engine {

PoissonProcess::PoissonProcess(std::vector<double> rates_per_s, double interval_s, double end_s)
    : rates_(std::move(rates_per_s)), interval_s_(interval_s), end_s_(end_s) {
  CCSIM_ASSERT(!rates_.empty() && interval_s_ > 0.0 && end_s_ >= 0.0);
  for (const double r : rates_) CCSIM_ASSERT(r >= 0.0 && std::isfinite(r));
}

std::size_t PoissonProcess::next_n(double t, RandomStream& rng, double* out, std::size_t n) const {
  rng.exponential_n(out, n);  // the integrated rate each event still has to cover
  for (std::size_t i = 0; i < n; ++i) {
    const auto at = after(t, out[i]);
    if (!at) return i;
    t = *at;
    out[i] = t;
  }
  return n;
}

std::optional<double> PoissonProcess::next_piecewise(double t, double need) const {
  auto i = static_cast<std::size_t>(std::floor(t / interval_s_));
  while (i < rates_.size()) {
    const double interval_end = std::min(static_cast<double>(i + 1) * interval_s_, end_s_);
    const double rate = rates_[i];
    if (rate > 0.0) {
      const double at = t + need / rate;
      if (at < interval_end) return at;
      need -= (interval_end - t) * rate;
    }
    t = interval_end;
    if (t >= end_s_) break;
    ++i;
  }
  return std::nullopt;
}

}  // namespace ccsim::engine
