// The records' own figures, with ccsim's definitions: offered = callers who asked for an
// agent; service level = answered within T / offered; ASA = mean wait of answered callers
// (0 for those answered at once); abandon rate = abandoned / offered.
#pragma once

#include "fit/selection.hpp"

#include <map>
#include <string>
#include <vector>

namespace ccsim::fit {

struct Counts {
  double offered = 0.0;
  double answered = 0.0;
  double abandoned = 0.0;
  double answered_wait = 0.0;  // sum of waits of answered callers
  std::vector<double> within;  // answered within each threshold
  void add(const CallRecord& r, const std::vector<double>& thresholds);
  void add(const Counts& c);
  [[nodiscard]] double abandon_rate() const { return offered > 0 ? abandoned / offered : 0.0; }
  [[nodiscard]] double service_level(std::size_t k) const { return offered > 0 ? within[k] / offered : 0.0; }
  [[nodiscard]] double asa() const { return answered > 0 ? answered_wait / answered : 0.0; }
};

struct DayCounts {
  std::string day;
  Counts total;
  std::map<std::string, Counts> types;
  std::vector<Counts> intervals;  // all types together
  std::vector<std::map<std::string, Counts>> type_intervals;
};

[[nodiscard]] std::vector<DayCounts> observe(const Sample& sample, const Selection& sel,
                                             const std::vector<double>& thresholds);

}  // namespace ccsim::fit
