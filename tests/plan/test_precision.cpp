// `--precision H [--max-replications N]` for run and sweep: the run stops at the first n whose
// target half-width is at most H, runs replications 0..n-1 only (so it equals a plain run with
// --replications n), and does not depend on --threads.
#include "tests/support/cli_fixture.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace ccsim {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

// 1 h, 200 calls/h on 15 agents: the half-width of the 20 s service level is about 0.05 with
// 4 replications, so --precision 0.02 needs a few tens of them.
constexpr const char* small_scenario = R"({
  "name": "precision test", "horizon": "1h", "warmup": "10m", "interval": "1h",
  "replications": 4, "seed": 13,
  "service_level": { "thresholds": ["10s", "20s", "60s"], "target": { "within": "20s", "at_least": 0.8 } },
  "call_types": [ { "name": "general", "enters": "main",
                    "arrivals": { "poisson": { "per_hour": 200 } },
                    "handle_time": { "exponential": { "mean": "4m" } },
                    "patience": { "exponential": { "mean": "3m" } } } ],
  "queues": [ { "name": "main" } ],
  "agent_groups": [ { "name": "team", "agents": 15, "serves": ["main"] } ]
}
)";

using Outcome = ccsim::testing::CliOutcome;

class Precision : public ccsim::testing::CliTest {
protected:
  void SetUp() override {
    CliTest::SetUp();
    scenario_ = write("small.json", small_scenario);
  }

  std::string scenario_;
};

TEST_F(Precision, EqualsAPlainRunWithTheReplicationsNeeded) {
  const auto o = ccsim("run " + quoted(scenario_) + " --precision 0.02 --json -");
  ASSERT_EQ(o.exit_code, 0) << o.err;
  Json doc = Json::parse(o.out);
  const Json p = doc["precision"];
  EXPECT_EQ(p["target_metric"], "service_level/20");
  EXPECT_EQ(p["requested"], 0.02);
  EXPECT_EQ(p["reached"], true);
  const int n = p["replications_needed"].get<int>();
  EXPECT_GT(n, 4);  // more than the scenario's own replications were needed
  EXPECT_EQ(doc["replications"], n);
  EXPECT_LE(p["half_width"].get<double>(), 0.02);
  EXPECT_EQ(p["half_width"], doc["totals"]["service_level"]["20"]["ci95"]);

  const auto plain = ccsim("run " + quoted(scenario_) + " --replications " + std::to_string(n) + " --json -");
  ASSERT_EQ(plain.exit_code, 0) << plain.err;
  doc.erase("precision");
  EXPECT_EQ(doc.dump(2) + "\n", plain.out);

  // n is the first count that reaches the precision: one fewer does not.
  const auto fewer = ccsim("run " + quoted(scenario_) + " --replications " + std::to_string(n - 1) + " --json -");
  ASSERT_EQ(fewer.exit_code, 0) << fewer.err;
  EXPECT_GT(Json::parse(fewer.out)["totals"]["service_level"]["20"]["ci95"].get<double>(), 0.02);
}

TEST_F(Precision, SameBytesWhateverTheThreadCount) {
  const std::string args = "run " + quoted(scenario_) + " --precision 0.015 --json -";
  const auto one = ccsim(args + " --threads 1");
  const auto two = ccsim(args + " --threads 2");
  const auto five = ccsim(args + " --threads 5");
  ASSERT_EQ(one.exit_code, 0) << one.err;
  EXPECT_EQ(one.out, two.out);
  EXPECT_EQ(one.out, five.out);
}

TEST_F(Precision, StopsAtMaxReplicationsWhenNotReached) {
  const auto o = ccsim("run " + quoted(scenario_) + " --precision 0.0001 --max-replications 9 --json -");
  ASSERT_EQ(o.exit_code, 0) << o.err;
  const Json doc = Json::parse(o.out);
  EXPECT_EQ(doc["replications"], 9);
  EXPECT_EQ(doc["precision"]["replications_needed"], 9);
  EXPECT_EQ(doc["precision"]["reached"], false);
  EXPECT_GT(doc["precision"]["half_width"].get<double>(), 0.0001);

  const auto table = ccsim("run " + quoted(scenario_) + " --precision 0.0001 --max-replications 9");
  EXPECT_NE(table.out.find("NOT REACHED"), std::string::npos) << table.out;
}

TEST_F(Precision, StartsFromTheRequestedReplications) {
  // Already precise enough at the start: no more replications than asked for.
  const auto o = ccsim("run " + quoted(scenario_) + " --precision 0.5 -r 6 --json -");
  ASSERT_EQ(o.exit_code, 0) << o.err;
  EXPECT_EQ(Json::parse(o.out)["precision"]["replications_needed"], 6);

  const auto below = ccsim("run " + quoted(scenario_) + " --precision 0.01 -r 50 --max-replications 20");
  EXPECT_EQ(below.exit_code, 2);
  EXPECT_NE(below.err.find("--max-replications 20"), std::string::npos) << below.err;
}

TEST_F(Precision, TargetIsTheFirstThresholdWithoutATarget) {
  std::string text = small_scenario;
  text.replace(text.find(", \"target\""),
               std::string(", \"target\": { \"within\": \"20s\", \"at_least\": 0.8 }").size(), "");
  const std::string path = write("no_target.json", text);
  const auto o = ccsim("run " + quoted(path) + " --precision 0.5 --json -");
  ASSERT_EQ(o.exit_code, 0) << o.err;
  EXPECT_EQ(Json::parse(o.out)["precision"]["target_metric"], "service_level/10");
}

TEST_F(Precision, MaxReplicationsNeedsPrecision) {
  const auto o = ccsim("run " + quoted(scenario_) + " --max-replications 50");
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_NE(o.err.find("--precision"), std::string::npos) << o.err;
}

TEST_F(Precision, EverySweepPointReachesItsOwnPrecision) {
  const auto o = ccsim("sweep " + quoted(scenario_) + " --vary /agent_groups/0/agents=14,18 --precision 0.02 --json -");
  ASSERT_EQ(o.exit_code, 0) << o.err;
  const Json doc = Json::parse(o.out);
  for (const auto& p : doc["points"]) {
    const auto& r = p["results"];
    EXPECT_EQ(r["precision"]["reached"], true);
    EXPECT_LE(r["precision"]["half_width"].get<double>(), 0.02);
    EXPECT_EQ(r["replications"], r["precision"]["replications_needed"]);
  }
  // Each point is exactly `run --precision` at that point.
  const auto run = ccsim("run " + quoted(scenario_) + " --set /agent_groups/0/agents=18 --precision 0.02 --json -");
  EXPECT_EQ(doc["points"][1]["results"].dump(2) + "\n", run.out);
}

}  // namespace
}  // namespace ccsim
