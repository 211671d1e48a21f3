// The transient (busy, line) chain of `ccsim exact` on a changing day
// (analysis/analytic/ctmc_transient.hpp): against Erlang A once the day has settled, against
// an independent solver (tests/support/transient_ctmc.hpp, its own uniformisation on a
// midpoint grid), its quadrature against a finer one, the state at time 0, instants that
// coincide, absence as a mixture, and the refusals of what it does not solve.
#include "analysis/analytic/ctmc.hpp"
#include "analysis/analytic/ctmc_transient.hpp"
#include "analysis/analytic/erlang.hpp"
#include "sim/error.hpp"
#include "sim/scenario/loader.hpp"
#include "tests/support/transient_ctmc.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

namespace ccsim {
namespace {

using analysis::TransientDay;

// 300 calls/h, handle 2 min, patience 3 min, c agents all day.
TransientDay constant_day(std::uint32_t c, double horizon_s, double interval_s) {
  TransientDay d;
  d.mu = 1.0 / 120.0;
  d.theta = 1.0 / 180.0;
  d.horizon_s = horizon_s;
  d.interval_s = interval_s;
  d.thresholds_s = {20.0, 60.0};
  d.steps = {{0.0, 300.0 / 3600.0, c}};
  return d;
}

// The solver tests that take seconds (long Eigen sweeps) are in the validation label: the
// sanitizer build (-O0) runs the unit label only.
TEST(TransientDayValidation, ConstantStaffingFromEmptySettlesOnErlangA) {
  const auto f = analysis::solve_transient_day(constant_day(12, 6.0 * 3600.0, 3600.0));
  ASSERT_EQ(f.intervals.size(), 6U);
  analysis::QueueModel m{{300.0, 120.0}, 12, 180.0, std::nullopt};
  const auto s = analysis::QueueSolution::solve(m);
  ASSERT_TRUE(s);
  const auto& last = f.intervals.back();
  EXPECT_NEAR(last.offered, 300.0, 1e-9);
  EXPECT_NEAR(last.within[0] / last.offered, s->service_level(20.0), 1e-9);
  EXPECT_NEAR(last.within[1] / last.offered, s->service_level(60.0), 1e-9);
  EXPECT_NEAR(last.abandoned / last.offered, s->figures().abandon_rate, 1e-9);
  EXPECT_NEAR(1.0 - last.answered_at_once / last.offered, s->figures().p_wait, 1e-9);
  EXPECT_NEAR(last.answered + last.abandoned, last.offered, 1e-9);  // every caller leaves one way
  // Little's law: the line's mean is the arrival rate times the mean wait (nobody is blocked).
  EXPECT_NEAR(last.line_area / last.counted_s, 300.0 / 3600.0 * s->figures().mean_wait, 1e-8);
  EXPECT_NEAR(last.busy_area / last.logged_area, s->figures().occupancy, 1e-9);
  EXPECT_NEAR(last.wait_answered / last.answered, s->figures().asa, 1e-7);
  // The first hour starts empty: less waiting than the steady state.
  EXPECT_GT(f.intervals.front().within[0] / 300.0, s->service_level(20.0));
  EXPECT_LT(f.mass_at_bound, 1e-12);
}

// The day of tests/support/transient_ctmc.hpp (an independent solver: its own chain,
// uniformisation and a midpoint rule over 10 s panels for the arrivals) agrees to its rule's
// error; the quadrature of the service-level windows agrees with twice as many nodes.
TEST(TransientDayValidation, AgreesWithAnIndependentSolverAndAFinerQuadrature) {
  testing::TransientDay ref;
  ref.lambda = 300.0 / 3600.0;
  ref.mu = 1.0 / 120.0;
  ref.theta = 1.0 / 180.0;
  ref.staffing = {{0.0, 8}, {1800.0, 12}, {2410.0, 4}, {3010.0, 12}};
  ref.horizon = 7200.0;
  ref.interval = 1800.0;
  ref.busy0 = 8;
  ref.waiting0 = 6;
  ref.solve();
  TransientDay d = constant_day(8, 7200.0, 1800.0);
  d.thresholds_s = {20.0};
  d.steps = {{0.0, ref.lambda, 8},
             {1800.0, ref.lambda, 12},
             {2410.0, ref.lambda, 4},
             {3010.0, ref.lambda, 12},
             {7200.0, ref.lambda, 0}};
  d.busy0 = 8;
  d.waiting0 = 6;
  const auto f = analysis::solve_transient_day(d);
  const auto fine = analysis::solve_transient_day(d, 1e-12, 2'000'000, 16);
  EXPECT_GT(fine.quadrature_nodes, f.quadrature_nodes);
  double line = 0.0;
  for (std::size_t i = 0; i < 4; ++i) {
    const auto& x = f.intervals[i];
    EXPECT_NEAR(x.within[0] / x.offered, ref.intervals[i].service_level, 2e-3) << i;
    EXPECT_NEAR(x.abandoned / x.offered, ref.intervals[i].abandon_rate, 2e-3) << i;
    EXPECT_NEAR(1.0 - x.answered_at_once / x.offered, ref.intervals[i].p_wait, 2e-3) << i;
    EXPECT_NEAR(x.within[0], fine.intervals[i].within[0], 1e-9 * x.offered) << i;
    line += x.line_area;
  }
  EXPECT_NEAR(line / 7200.0, ref.mean_line, 2e-3);
}

TEST(TransientDay, KeepsTheStateAtTimeZero) {
  // One second after 0 the 6 waiting callers are (almost) all still there, 8 agents busy.
  TransientDay d = constant_day(8, 1.0, 1.0);
  d.busy0 = 8;
  d.waiting0 = 6;
  const auto f = analysis::solve_transient_day(d);
  const auto& x = f.intervals.front();
  EXPECT_NEAR(x.line_area / x.counted_s, 6.0, 0.05);
  EXPECT_NEAR(x.busy_area / x.counted_s, 8.0, 0.05);
  EXPECT_NEAR(x.offered, 6.0 + 300.0 / 3600.0, 1e-12);  // the 6 count as arrivals of the first interval
  // With idle agents at 0 they are answered at once.
  d.busy0 = 5;
  const auto g = analysis::solve_transient_day(d);
  EXPECT_NEAR(g.intervals.front().answered_at_once, 3.0, 1e-6);
}

TEST(TransientDayValidation, InstantsThatCoincideChangeNothing) {
  // A break of length 0 (down and up at the same instant), and a rate step that repeats the
  // rate, give the day without them.
  TransientDay plain = constant_day(10, 3600.0, 1800.0);
  TransientDay same = plain;
  same.steps = {
      {0.0, 300.0 / 3600.0, 10}, {900.0, 300.0 / 3600.0, 4}, {900.0, 300.0 / 3600.0, 10}, {1200.0, 300.0 / 3600.0, 10}};
  const auto a = analysis::solve_transient_day(plain);
  const auto b = analysis::solve_transient_day(same);
  for (std::size_t i = 0; i < 2; ++i) {
    EXPECT_NEAR(a.intervals[i].within[0], b.intervals[i].within[0], 1e-9);
    EXPECT_NEAR(a.intervals[i].abandoned, b.intervals[i].abandoned, 1e-9);
    EXPECT_NEAR(a.intervals[i].line_area, b.intervals[i].line_area, 1e-7);
  }
}

const char* kDay = R"({
  "name": "day", "horizon": "1h", "interval": "30m", "service_level": { "thresholds": ["20s"] },
  "initial_state": { "queues": { "q": { "waiting": 3 } }, "agent_groups": { "team": { "busy": 4 } } },
  "queues": [ { "name": "q" } ],
  "call_types": [ { "name": "c", "enters": "q", "arrivals": { "poisson": { "per_hour": [200, 300] } },
    "handle_time": { "exponential": { "mean": "2m" } }, "patience": { "exponential": { "mean": "3m" } } } ],
  "agent_groups": [ { "name": "team", "serves": ["q"], "agents": [4, 6] } ]
})";

TEST(TransientDayValidation, AbsenceIsTheBinomialMixtureOfThePresentAgents) {
  // Without agents busy at time 0: a profile with fewer present than busy cannot be loaded by hand.
  const auto waiting = scenario::parse_override("/initial_state={\"queues\": {\"q\": {\"waiting\": 3}}}");
  const auto with = analysis::solve_ctmc(scenario::load_scenario_text(
      kDay, "day.json", {waiting, scenario::parse_override("/agent_groups/0/absence=0.25")}));
  EXPECT_TRUE(with.transient);
  // By hand: agents 1-4 and 5-6 present independently with probability 0.75.
  double sl = 0.0;
  double total = 0.0;
  const auto pmf = [](int n, int k) {
    return std::exp(std::lgamma(n + 1.0) - std::lgamma(k + 1.0) - std::lgamma(n - k + 1.0)) * std::pow(0.75, k) *
           std::pow(0.25, n - k);
  };
  for (int x = 0; x <= 4; ++x) {
    for (int y = 0; y <= 2; ++y) {
      const std::string agents = "[" + std::to_string(x) + "," + std::to_string(x + y) + "]";
      const auto one = analysis::solve_ctmc(scenario::load_scenario_text(
          kDay, "day.json", {waiting, scenario::parse_override("/agent_groups/0/agents=" + agents)}));
      sl += pmf(4, x) * pmf(2, y) * *one.value({"totals", "", 1, "service_level/20"});
      total += pmf(4, x) * pmf(2, y);
    }
  }
  EXPECT_NEAR(total, 1.0, 1e-12);
  EXPECT_NEAR(*with.value({"totals", "", 1, "service_level/20"}), sl, 1e-9);
  EXPECT_NEAR(*with.value({"agent_groups", "team", 1, "agents_on_duty"}), 4.5, 1e-6);
}

TEST(TransientDay, RefusesWhatItDoesNotSolveWithThePointer) {
  const auto refusal = [](const std::string& set, const std::string& also = "/name=\"day\"") {
    try {
      (void)analysis::solve_ctmc(scenario::load_scenario_text(
          kDay, "day.json", {scenario::parse_override(also), scenario::parse_override(set)}));
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string("solved");
  };
  EXPECT_NE(refusal("/call_types/0/handle_time={\"constant\": 120}")
                .find("day.json: /call_types/0/handle_time: not exponential (constant)"),
            std::string::npos);
  EXPECT_NE(refusal("/queues/0/overflow=[{\"when\": {\"queue_length\": {\"at_least\": 3}}, \"to\": \"x\"}]",
                    "/exits=[{\"name\": \"x\"}]")
                .find("day.json: /queues/0/overflow: overflow rules; ccsim exact solves a changing day for one queue"),
            std::string::npos);
  EXPECT_EQ(refusal("/agent_groups/0/agents=[4, 0]"), "solved");  // the last callers abandon
  std::string no_patience = kDay;
  no_patience.replace(no_patience.find(", \"patience\""),
                      std::string(", \"patience\": { \"exponential\": { \"mean\": \"3m\" } }").size(), "");
  try {
    (void)analysis::solve_ctmc(scenario::load_scenario_text(
        no_patience, "day.json", {scenario::parse_override("/agent_groups/0/agents=[4, 0]")}));
    ADD_FAILURE() << "solved a day whose last callers can never leave";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("day.json: no agent is on duty after 1800 s and callers never abandon"),
              std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace ccsim
