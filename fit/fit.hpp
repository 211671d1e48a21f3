// `ccsim fit`: records -> selection -> homogeneity -> estimates -> calibrated staffing ->
// scenario, and with a test range the back-test. The CLI only reads options and writes files.
#pragma once

#include "fit/calibrate.hpp"
#include "fit/estimates.hpp"
#include "fit/homogeneity.hpp"
#include "fit/scenario_writer.hpp"

#include <optional>
#include <set>
#include <string>
#include <vector>

namespace ccsim::fit {

struct FitOptions {
  std::string records;
  std::string format = "anonymous-bank";
  std::string columns;
  Selection selection;
  std::optional<DateRange> train;
  std::optional<DateRange> test;
  std::uint32_t replications = 20;  // of the scenario, and of each back-test day
  std::uint64_t seed = 1;
  unsigned threads = 1;
  std::set<std::string> without;      // behaviours not to write (kBehaviours)
  std::string staffing = "presence";  // back-test staffing: "presence" or "calibrated"
  std::string replay = "handle";      // back-test replays "arrivals", or arrivals and "handle" times
};

struct FitResult {
  Records records;
  Homogeneity homogeneity;  // every selected day, train and test alike
  Estimates estimates;      // the training days
  Calibration calibration;
  Json scenario;  // what -o writes
  Json backtest;  // {} without a test range
  std::vector<std::string> warnings;
};

constexpr std::size_t kSl20 = 1;

[[nodiscard]] FitResult run_fit(const FitOptions& options);

// The --json document: {"records", "selection", "homogeneity", "estimates", "calibration",
// "warnings", "backtest"}.
[[nodiscard]] Json fit_json(const FitResult& r, const FitOptions& options);

// Parses a --without / --emit list of behaviours (kBehaviours); throws InputError naming `option`.
[[nodiscard]] std::set<std::string> parse_behaviours(const std::string& text, const std::string& option);

}  // namespace ccsim::fit
