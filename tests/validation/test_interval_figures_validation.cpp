// `ccsim run`'s per-interval queue and agent-group figures against `ccsim exact`'s transient
// day on scenarios/morning_shift.json (3 callers waiting and 4 agents busy at 07:00, rising
// rates, two shifts with breaks): per half-hour, the mean queue length, the occupancy and the
// agents on duty lie within 3 half-widths of the simulation's 95% CI of the exact value, each
// half-width small enough to mean something. Occupancy and mean queue length are ratios of
// expected values in exact and means of per-replication ratios in run; their difference
// shrinks as 1/N and stays far inside the tolerance here.
#include "analysis/analytic/ctmc_day.hpp"
#include "analysis/estimators/summary.hpp"
#include "sim/model/runner.hpp"
#include "sim/scenario/loader.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <iostream>
#include <string>

namespace ccsim {
namespace {

TEST(IntervalFiguresValidation, MorningShiftAgreesWithTheExactDayPerInterval) {
  auto sc = scenario::load_scenario_file(std::string(CCSIM_SCENARIO_DIR) + "/morning_shift.json");
  sc.replications = 2000;
  const analysis::CtmcResult exact = analysis::ctmc::solve_day(sc, {});
  analysis::Summary run(sc);
  model::run_replications(sc, 0, sc.replications, 2, [&](std::uint32_t, model::ReplicationTally&& t) { run.add(t); });

  struct Figure {
    const char* section;
    const char* name;
    const char* metric;
    double max_ci;  // the half-width must be at most this to mean something
  };
  const Figure figures[] = {{"queues", "line", "mean_queue_length", 0.15},
                            {"agent_groups", "team", "occupancy", 0.012},
                            {"agent_groups", "team", "agents_on_duty", 0.05}};
  int compared = 0;
  for (std::size_t i = 0; i < sc.interval_count(); ++i) {
    for (const auto& f : figures) {
      const analysis::FigureKey key{f.section, f.name, static_cast<int>(i), f.metric};
      const auto x = exact.value(key);
      ASSERT_TRUE(x.has_value()) << f.metric << " interval " << i << ": exact has no such figure";
      const auto e = run.estimate(key);
      ASSERT_TRUE(e.mean && e.ci95) << f.metric << " interval " << i;
      EXPECT_LE(*e.ci95, f.max_ci) << f.metric << " interval " << i;
      // Agents on duty are fixed by the shifts (no absence): the same in every replication.
      const double tolerance = 3.0 * *e.ci95 + 1e-9;
      EXPECT_NEAR(*e.mean, *x, tolerance) << f.metric << " interval " << i;
      std::cout << "[interval figures] " << sc.interval_count() << " intervals; " << i << " " << f.metric << ": exact "
                << *x << " simulated " << *e.mean << " ± " << *e.ci95 << "\n";
      ++compared;
    }
    // The longest line has no exact counterpart: at least the time average, and a whole number
    // in every replication.
    const auto& max = run.values({"queues", "line", static_cast<int>(i), "max_queue_length"});
    const auto& mean = run.values({"queues", "line", static_cast<int>(i), "mean_queue_length"});
    for (std::size_t r = 0; r < max.size(); ++r) {
      ASSERT_EQ(max[r], std::floor(max[r]));
      ASSERT_GE(max[r] + 1e-9, mean[r]);
    }
  }
  EXPECT_EQ(compared, 24);
}

}  // namespace
}  // namespace ccsim
