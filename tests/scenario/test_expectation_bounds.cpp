// Expectations on times take durations ("at_most": "10s"), shown as written; a scenario may
// name its JSON Schema ("$schema"), which the loader ignores.
#include "sim/scenario/loader.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace ccsim::scenario {
namespace {

using nlohmann::json;

json with_expectations(const json& expectations) {
  return {{"$schema", "../docs/scenario.schema.json"},
          {"name", "bounds"},
          {"horizon", "8h"},
          {"queues", {{{"name", "q"}}}},
          {"call_types",
           {{{"name", "c"},
             {"enters", "q"},
             {"arrivals", {{"poisson", {{"per_hour", 60}}}}},
             {"handle_time", {{"exponential", {{"mean", "4m"}}}}}}}},
          {"agent_groups", {{{"name", "g"}, {"agents", 5}, {"serves", {"q"}}}}},
          {"expectations", expectations}};
}

TEST(ExpectationBounds, TimeMetricsTakeDurations) {
  const auto sc = load_scenario_text(with_expectations({{{"metric", "asa"}, {"at_most", "10s"}},
                                                        {{"metric", "mean_wait"}, {"at_least", "1.5m"}},
                                                        {{"metric", "asa"}, {"at_most", 12.5}}})
                                         .dump(),
                                     "bounds.json");
  ASSERT_EQ(sc.expectations.size(), 3U);
  EXPECT_EQ(sc.expectations[0].at_most, 10.0);
  EXPECT_EQ(sc.expectations[0].text, "asa at_most 10s");
  EXPECT_EQ(sc.expectations[1].at_least, 90.0);
  EXPECT_EQ(sc.expectations[1].text, "mean_wait at_least 1.5m");
  EXPECT_EQ(sc.expectations[2].at_most, 12.5);
  EXPECT_EQ(sc.expectations[2].text, "asa at_most 12.5");
}

}  // namespace
}  // namespace ccsim::scenario
