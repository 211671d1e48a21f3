#include "fit/estimates.hpp"

#include <cmath>

namespace ccsim::fit {

// Share of a redial that arrives k intervals after its caller abandoned, the abandonment
// uniform over its interval and the delay exponential with mean `mean_s`.
static double lands_after(std::size_t k, double interval_s, double mean_s) {
  constexpr int kSteps = 64;
  double sum = 0.0;
  for (int i = 0; i < kSteps; ++i) {
    const double u = (i + 0.5) / kSteps;  // where in its interval the caller abandoned
    const double lo = (static_cast<double>(k) - u) * interval_s;
    const double hi = lo + interval_s;
    auto cdf = [&](double t) { return t <= 0.0 ? 0.0 : 1.0 - std::exp(-t / mean_s); };
    sum += cdf(hi) - cdf(lo);
  }
  return sum / kSteps;
}

void first_attempt_rates(Estimates& e, const std::vector<std::map<std::string, double>>& abandoned_per_day,
                         const Selection& sel) {
  const double p = e.redials.probability;
  const double mean = e.redials.mean_delay_s;
  const double hours = sel.interval_s / 3600.0;
  for (TypeEstimate& t : e.types) {
    t.first_per_hour = t.per_hour;
    if (p <= 0.0 || mean <= 0.0) continue;
    for (std::size_t k = 0; k < t.per_hour.size(); ++k) {
      double redials = 0.0;  // expected redials per day arriving in interval k
      for (std::size_t i = 0; i <= k; ++i) {
        const auto it = abandoned_per_day[i].find(t.name);
        if (it != abandoned_per_day[i].end()) redials += p * it->second * lands_after(k - i, sel.interval_s, mean);
      }
      t.first_per_hour[k] = std::max(0.0, std::round((t.per_hour[k] - redials / hours) * 100.0) / 100.0);
    }
  }
}

}  // namespace ccsim::fit
