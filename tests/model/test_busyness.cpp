// Scenario busyness: one factor B per replication (a stream of its own) on every Poisson rate.
// B = 1 for sure changes nothing, byte for byte; a day with factor B sees the very arrivals
// of a scenario whose rates are B times higher (common random numbers: the same exponential
// draws, inter-arrival times divided by B).
#include "analysis/estimators/summary.hpp"
#include "analysis/reports/results_json.hpp"
#include "sim/error.hpp"
#include "sim/model/runner.hpp"
#include "sim/scenario/loader.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <set>
#include <string>

namespace ccsim {
namespace {

using nlohmann::json;

json center(double per_hour) {
  return {{"name", "busyness"},
          {"horizon", "4h"},
          {"interval", "1h"},
          {"replications", 12},
          {"queues", {{{"name", "q"}}}},
          {"call_types",
           {{{"name", "calls"},
             {"enters", "q"},
             {"arrivals", {{"poisson", {{"per_hour", {per_hour, 2 * per_hour, per_hour, per_hour / 2}}}}}},
             {"handle_time", {{"exponential", {{"mean", "4m"}}}}},
             {"patience", {{"exponential", {{"mean", "3m"}}}}}}}},
          {"agent_groups", {{{"name", "agents"}, {"agents", 20}, {"serves", {"q"}}}}}};
}

std::string results(const json& scenario_json) {
  const auto sc = scenario::load_scenario_text(scenario_json.dump(), "busyness.json");
  analysis::Summary summary(sc);
  model::run_replications(sc, 0, sc.replications, 2,
                          [&](std::uint32_t, model::ReplicationTally&& t) { summary.add(t); });
  return analysis::results_json(summary, analysis::evaluate_expectations(summary), "test").dump();
}

TEST(Busyness, AFactorOfOneChangesNothing) {
  auto busy = center(200);
  busy["busyness"] = {{"constant", 1}};
  EXPECT_EQ(results(center(200)), results(busy));
}

TEST(Busyness, ADayOfFactorBSeesTheArrivalsOfRatesBTimesHigher) {
  auto busy = center(200);
  busy["busyness"] = {{"empirical", {{"values", {0.5, 1.5}}}}};
  const auto sc = scenario::load_scenario_text(busy.dump(), "busy.json");
  const auto quiet = scenario::load_scenario_text(center(100).dump(), "quiet.json");
  const auto peak = scenario::load_scenario_text(center(300).dump(), "peak.json");
  std::set<int> factors;
  for (std::uint32_t r = 0; r < sc.replications; ++r) {
    const auto day = model::run_replication(sc, r);
    const auto low = model::run_replication(quiet, r);
    const auto high = model::run_replication(peak, r);
    ASSERT_NE(low.calls_simulated, high.calls_simulated);
    if (day.calls_simulated == low.calls_simulated) factors.insert(0);
    else if (day.calls_simulated == high.calls_simulated) factors.insert(1);
    else
      ADD_FAILURE() << "replication " << r << ": " << day.calls_simulated << " calls, neither " << low.calls_simulated
                    << " (B = 0.5) nor " << high.calls_simulated << " (B = 1.5)";
  }
  EXPECT_EQ(factors.size(), 2U) << "12 replications should draw both factors";
}

TEST(Busyness, MeanMustBeOneAndNoUnits) {
  auto bad = center(200);
  bad["busyness"] = {{"gamma", {{"mean", 1.1}, {"sd", 0.1}}}};
  EXPECT_THROW((void)scenario::load_scenario_text(bad.dump(), "x.json"), InputError);
  bad["busyness"] = {{"gamma", {{"mean", 1.0}, {"sd", "0.1s"}}}};
  EXPECT_THROW((void)scenario::load_scenario_text(bad.dump(), "x.json"), InputError);
  bad["busyness"] = {{"gamma", {{"mean", 1.0}, {"sd", 0.15}}}};
  const auto sc = scenario::load_scenario_text(bad.dump(), "x.json");
  ASSERT_TRUE(sc.busyness.has_value());
  EXPECT_NEAR(sc.busyness->mean(), 1.0, 1e-12);
}

}  // namespace
}  // namespace ccsim
