// Busyness against its independent answer: each replication is a day whose arrival rate is
// B * lambda, B ~ gamma(mean 1, sd), on an M/M/n+M queue. A long day's service level and
// abandon rate are those of Erlang A at its own B, so their mean over replications is the
// Erlang-A figure integrated over the gamma density: tests/data/busyness_gamma_erlang_a.json,
// computed by tests/data/tools/busyness_gamma_erlang_a.py from scratch (no ccsim code).
//
// The CI is over replications: its half-width is mostly the day-to-day spread of B (busy days
// widen CIs), which is why this test runs many replications of moderate days.
#include "analysis/estimators/summary.hpp"
#include "sim/model/runner.hpp"
#include "sim/scenario/loader.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <string>

namespace ccsim {
namespace {

using nlohmann::json;

json reference() {
  std::ifstream in(std::string(CCSIM_TEST_DATA_DIR) + "/busyness_gamma_erlang_a.json");
  return json::parse(in);
}

TEST(BusynessValidation, GammaMixtureOfErlangA) {
  const json ref = reference();
  const json& p = ref["params"];
  const json sc_json = {{"name", "busyness validation"},
                        {"horizon", "25h"},
                        {"warmup", "1h"},
                        {"replications", 2000},
                        {"seed", 20240613},
                        {"service_level", {{"thresholds", p["thresholds_s"]}}},
                        {"busyness", {{"gamma", {{"mean", 1.0}, {"sd", p["busyness_sd"]}}}}},
                        {"queues", {{{"name", "q"}}}},
                        {"call_types",
                         {{{"name", "calls"},
                           {"enters", "q"},
                           {"arrivals", {{"poisson", {{"per_hour", p["calls_per_hour"]}}}}},
                           {"handle_time", {{"exponential", {{"mean", p["handle_time_s"]}}}}},
                           {"patience", {{"exponential", {{"mean", p["patience_s"]}}}}}}}},
                        {"agent_groups", {{{"name", "agents"}, {"agents", p["agents"]}, {"serves", {"q"}}}}}};
  const auto sc = scenario::load_scenario_text(sc_json.dump(), "busyness.json");
  analysis::Summary summary(sc);
  model::run_replications(sc, 0, sc.replications, 2,
                          [&](std::uint32_t, model::ReplicationTally&& t) { summary.add(t); });
  for (const auto& [metric, exact] : ref["exact"].items()) {
    const auto e = summary.estimate({"totals", "", -1, metric});
    ASSERT_TRUE(e.mean && e.ci95) << metric;
    EXPECT_NEAR(*e.mean, exact.get<double>(), 3.0 * *e.ci95)
        << metric << ": simulated " << *e.mean << " ± " << *e.ci95 << ", exact " << exact.get<double>();
    // Sharp enough to tell the mixture from a center without busyness.
    const double without = ref["without_busyness"][metric].get<double>();
    EXPECT_LT(3.0 * *e.ci95, std::abs(exact.get<double>() - without) / 2.0) << metric << ": CI too wide to validate";
    std::printf("%s: simulated %.5f ± %.5f, exact %.5f, without busyness %.5f\n", metric.c_str(), *e.mean, *e.ci95,
                exact.get<double>(), without);
  }
}

}  // namespace
}  // namespace ccsim
