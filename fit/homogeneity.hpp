// Before pooling days: do they belong together? Per-day volume, abandonment and service
// level; change points in time order by binary segmentation (Welch t-test of the days'
// figures on either side, p < 0.001, at least 3 days a side); the regimes they delimit.
#pragma once

#include "fit/observed.hpp"

#include <string>
#include <vector>

namespace ccsim::fit {

struct Regime {
  std::string from;  // first and last day
  std::string to;
  std::size_t days = 0;
  double volume = 0.0;         // mean calls per day
  double abandon_rate = 0.0;   // pooled
  double service_level = 0.0;  // pooled, at the 20 s threshold
};

struct Homogeneity {
  std::vector<DayCounts> days;               // per day, the selection's weekdays and hours
  std::vector<std::string> abandon_changes;  // first day of each new regime (abandonment)
  std::vector<std::string> volume_changes;   // same for the daily volume
  std::vector<Regime> regimes;               // delimited by the abandonment change points
  double dispersion_chi2 = 0.0;              // abandonment across days: chi-square, df = days - 1
  double dispersion_p = 1.0;
};

[[nodiscard]] Homogeneity test_homogeneity(std::vector<DayCounts> days, std::size_t sl_index);

}  // namespace ccsim::fit
