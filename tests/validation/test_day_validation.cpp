// Shifts with breaks, per-interval rates, an initial state and absence: the simulator against
// `ccsim exact` (the transient (busy, line) chain, analysis/analytic/ctmc_transient.hpp; for
// absence the binomial mixture over the agents present, analysis/analytic/ctmc_day.cpp), per
// reporting interval. The exact figures are the stored `ccsim exact --json` outputs of
// tests/data/*_exact.json (tests/cli/test_exact_day_cli.cpp checks that ccsim still gives
// them). Each figure within 3 half-widths of the 95% CI, the half-width small enough to mean
// something. Run's mean queue length is over [warmup, horizon), so the one of interval i is
// simulated with the warm-up at its start and the horizon at its end (the day before the
// horizon does not depend on it).
#include "analysis/estimators/summary.hpp"
#include "sim/model/runner.hpp"
#include "sim/scenario/loader.hpp"
#include "tests/support/files.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <deque>
#include <iostream>
#include <string>
#include <vector>

namespace ccsim {
namespace {

using nlohmann::json;

std::string data_path(const std::string& name) { return std::string(CCSIM_TEST_DATA_DIR) + "/" + name; }

analysis::Summary simulate(const std::string& file, const std::vector<scenario::Override>& overrides = {}) {
  static std::deque<model::Scenario> kept;  // a Summary refers to its scenario; a deque never moves it
  kept.push_back(scenario::load_scenario_file(data_path(file), overrides));
  const auto& sc = kept.back();
  analysis::Summary summary(sc);
  model::run_replications(sc, 0, sc.replications, 2,
                          [&](std::uint32_t, model::ReplicationTally&& t) { summary.add(t); });
  return summary;
}

// |simulated - exact| <= 3 half-widths, and the half-width at most `max_ci`.
void expect_near(const analysis::Summary& s, const analysis::FigureKey& key, const json& exact, double max_ci,
                 const std::string& what) {
  ASSERT_TRUE(exact.is_number()) << what << " " << key.metric;
  const double x = exact.get<double>();
  const auto e = s.estimate(key);
  ASSERT_TRUE(e.mean && e.ci95) << what << " " << key.metric;
  EXPECT_LE(*e.ci95, max_ci) << what << " " << key.metric << " interval " << key.interval;
  EXPECT_LE(std::abs(*e.mean - x), 3.0 * *e.ci95) << what << " " << key.metric << " interval " << key.interval
                                                  << ": simulated " << *e.mean << " ± " << *e.ci95 << ", exact " << x;
  std::cout << "[day validation] " << what << " interval " << key.interval << " " << key.metric << ": exact " << x
            << " simulated " << *e.mean << " ± " << *e.ci95 << "\n";
}

// SL 20 s and the abandon rate of every interval, and the mean queue length of each interval
// (one short run per interval).
void check_day(const std::string& file, const std::string& exact_file, const std::string& queue,
               const std::vector<std::string>& rates) {
  const json exact = json::parse(testing::read_text(data_path(exact_file)));
  const auto s = simulate(file);
  const auto& intervals = exact["intervals"];
  for (std::size_t i = 0; i < intervals.size(); ++i) {
    const auto& x = intervals[i]["totals"];
    const int iv = static_cast<int>(i);
    expect_near(s, {"totals", "", iv, "service_level/20"}, x["service_level"]["20"]["mean"], 0.02, file);
    expect_near(s, {"totals", "", iv, "abandon_rate"}, x["abandon_rate"]["mean"], 0.02, file);
    const double start = intervals[i]["start_s"].get<double>();
    std::vector<scenario::Override> cut{scenario::parse_override("/warmup=" + std::to_string(start)),
                                        scenario::parse_override("/horizon=" + std::to_string(start + 1800.0))};
    if (!rates.empty()) {
      std::string list = "[";
      for (std::size_t k = 0; k <= i; ++k) list += (k > 0 ? "," : "") + rates[k];
      cut.push_back(scenario::parse_override("/call_types/0/arrivals/poisson/per_hour=" + list + "]"));
    }
    const auto part = simulate(file, cut);
    expect_near(part, {"queues", queue, -1, "mean_queue_length"},
                intervals[i]["queues"][queue]["mean_queue_length"]["mean"], 0.15, file);
  }
}

TEST(DayValidation, InitialStateMatchesTheTransientChain) {
  check_day("day_initial_state.json", "day_initial_state_exact.json", "main", {});
}

TEST(DayValidation, ShiftsBreakAndRatesMatchTheTransientChain) {
  check_day("day_shift_break.json", "day_shift_break_exact.json", "main", {"240", "360", "300", "200"});
}

TEST(DayValidation, AbsenceMatchesTheBinomialMixture) {
  const json exact = json::parse(testing::read_text(data_path("absence_constant_exact.json")));
  const auto s = simulate("absence_constant.json");
  const std::string f = "absence_constant.json";
  expect_near(s, {"totals", "", -1, "service_level/20"}, exact["totals"]["service_level"]["20"]["mean"], 0.02, f);
  expect_near(s, {"totals", "", -1, "abandon_rate"}, exact["totals"]["abandon_rate"]["mean"], 0.01, f);
  expect_near(s, {"totals", "", -1, "p_wait"}, exact["totals"]["p_wait"]["mean"], 0.02, f);
  expect_near(s, {"queues", "main", -1, "mean_queue_length"}, exact["queues"]["main"]["mean_queue_length"]["mean"], 0.1,
              f);
  const auto& intervals = exact["intervals"];
  for (std::size_t i = 1; i < intervals.size(); ++i) {  // interval 0 is the warm-up
    const auto& x = intervals[i]["totals"];
    const int iv = static_cast<int>(i);
    expect_near(s, {"totals", "", iv, "service_level/20"}, x["service_level"]["20"]["mean"], 0.02, f);
    expect_near(s, {"totals", "", iv, "abandon_rate"}, x["abandon_rate"]["mean"], 0.02, f);
  }
}

}  // namespace
}  // namespace ccsim
