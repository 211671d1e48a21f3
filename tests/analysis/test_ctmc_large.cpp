// `ccsim exact` on a single queue with tens of thousands of agents: its chain is a line
// (agents busy, then callers waiting), solved by the birth-death recurrence in one pass. The
// general solvers took 3.7 s at 30,000 agents, 19 s at 60,000, and at 100,000 gave up (not
// accurate enough after 74 s). Figures against the closed forms (Erlang C, Erlang A), to the
// tolerance of tests/analysis/test_ctmc.cpp, at loads where waiting is common (offered load
// n - 0.5 sqrt(n), the Halfin-Whitt regime: P(wait) near one half).
#include "analysis/analytic/ctmc.hpp"
#include "analysis/analytic/erlang.hpp"
#include "sim/scenario/loader.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <ctime>
#include <optional>
#include <string>

namespace ccsim {
namespace {

using nlohmann::json;

constexpr double tolerance = 1e-6;
constexpr double handle_s = 240.0;

json one_queue(int agents, double per_hour, std::optional<double> patience_s) {
  json ct = {{"name", "calls"},
             {"enters", "q"},
             {"arrivals", {{"poisson", {{"per_hour", per_hour}}}}},
             {"handle_time", {{"exponential", {{"mean", handle_s}}}}}};
  if (patience_s) ct["patience"] = {{"exponential", {{"mean", *patience_s}}}};
  return {{"name", "large"},
          {"horizon", "8h"},
          {"service_level", {{"thresholds", {20}}}},
          {"queues", {{{"name", "q"}}}},
          {"call_types", {ct}},
          {"agent_groups", {{{"name", "g"}, {"agents", agents}, {"serves", {"q"}}}}}};
}

double per_hour_near_capacity(int agents) {
  return (agents - 0.5 * std::sqrt(static_cast<double>(agents))) * 3600.0 / handle_s;
}

analysis::CtmcResult solve_timed(const json& j, double& cpu_s) {
  const auto sc = scenario::load_scenario_text(j.dump(), "large.json");
  const std::clock_t start = std::clock();
  auto r = analysis::solve_ctmc(sc, {});
  cpu_s = static_cast<double>(std::clock() - start) / CLOCKS_PER_SEC;
  return r;
}

double total(const analysis::CtmcResult& r, const std::string& metric) {
  return r.value("totals", "", metric).value_or(std::nan(""));
}

TEST(CtmcLarge, FiftyThousandAgentsErlangC) {
  constexpr int agents = 50000;
  const double per_hour = per_hour_near_capacity(agents);
  double cpu_s = 0.0;
  const auto r = solve_timed(one_queue(agents, per_hour, std::nullopt), cpu_s);
  EXPECT_EQ(r.solver, "birth-death recurrence");
  EXPECT_GT(r.states, 50000U);
  EXPECT_LT(r.residual, 1e-9);
  (void)cpu_s;  // 0.05 s here, the general solvers over 10 s: speed is the benchmarks' business, the path is checked
                // above
  const analysis::Traffic traffic{per_hour, handle_s};
  const auto c = analysis::erlang_c(traffic.offered_erlangs(), agents);
  ASSERT_TRUE(c.has_value());
  EXPECT_GT(*c, 0.3);  // waiting is common: the figures mean something
  EXPECT_NEAR(total(r, "p_wait"), *c, tolerance);
  EXPECT_NEAR(total(r, "service_level/20"), *analysis::erlang_c_service_level(traffic, agents, 20.0), tolerance);
  EXPECT_NEAR(total(r, "asa"), *analysis::erlang_c_asa(traffic, agents), tolerance);
}

TEST(CtmcLarge, FortyThousandAgentsErlangA) {
  constexpr int agents = 40000;
  const double per_hour = per_hour_near_capacity(agents);
  double cpu_s = 0.0;
  const auto r = solve_timed(one_queue(agents, per_hour, 180.0), cpu_s);
  EXPECT_EQ(r.solver, "birth-death recurrence");
  EXPECT_LT(r.residual, 1e-9);
  (void)cpu_s;  // speed is the benchmarks' business; the solver is checked above
  const auto sol = analysis::QueueSolution::solve({{per_hour, handle_s}, agents, 180.0, std::nullopt});
  ASSERT_TRUE(sol.has_value());
  EXPECT_GT(sol->figures().p_wait, 0.2);
  EXPECT_NEAR(total(r, "p_wait"), sol->figures().p_wait, tolerance);
  EXPECT_NEAR(total(r, "abandon_rate"), sol->figures().abandon_rate, tolerance);
  EXPECT_NEAR(total(r, "service_level/20"), sol->service_level(20.0), tolerance);
  EXPECT_NEAR(total(r, "asa"), sol->figures().asa, tolerance);
}

// Below 30,000 states the sparse LU keeps solving every chain, lines included: figures of
// small scenarios are unchanged to the last bit.
TEST(CtmcLarge, SmallLinesKeepTheDirectSolver) {
  const auto r =
      analysis::solve_ctmc(scenario::load_scenario_text(one_queue(28, 360, std::nullopt).dump(), "small.json"), {});
  EXPECT_EQ(r.solver, "SparseLU");
}

}  // namespace
}  // namespace ccsim
