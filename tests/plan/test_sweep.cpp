// `ccsim sweep`: grid order, ranges, a point equal to a plain run byte for byte, independence
// from --threads, an invalid point failing the whole sweep, the CSV. Runs the built binary on a
// small scenario (2 h, a few replications) so the whole file takes well under a second.
#include "tests/support/cli_fixture.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace ccsim {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

constexpr const char* small_scenario = R"({
  "name": "sweep test", "horizon": "2h", "warmup": "10m", "interval": "1h",
  "replications": 4, "seed": 7,
  "service_level": { "thresholds": ["20s", "60s"], "target": { "within": "20s", "at_least": 0.8 } },
  "call_types": [ { "name": "general", "enters": "main",
                    "arrivals": { "poisson": { "per_hour": 200 } },
                    "handle_time": { "exponential": { "mean": "4m" } },
                    "patience": { "exponential": { "mean": "3m" } } } ],
  "queues": [ { "name": "main" } ],
  "agent_groups": [ { "name": "team", "agents": 15, "serves": ["main"] } ]
}
)";

using Outcome = ccsim::testing::CliOutcome;

class Sweep : public ccsim::testing::CliTest {
protected:
  void SetUp() override {
    CliTest::SetUp();
    scenario_ = write("small.json", small_scenario);
  }

  std::string scenario_;
};

TEST_F(Sweep, PointEqualsPlainRunByteForByte) {
  const auto sweep = ccsim("sweep " + quoted(scenario_) + " --vary /agent_groups/0/agents=14,16 --json -");
  ASSERT_EQ(sweep.exit_code, 0) << sweep.err;
  EXPECT_EQ(sweep.err, "");
  const auto run = ccsim("run " + quoted(scenario_) + " --set /agent_groups/0/agents=16 --json -");
  ASSERT_EQ(run.exit_code, 0) << run.err;

  const Json doc = Json::parse(sweep.out);
  ASSERT_EQ(doc["points"].size(), 2U);
  EXPECT_EQ(doc["points"][1]["values"], Json::parse(R"({"/agent_groups/0/agents": 16})"));
  // Same document, and the same bytes once printed the way `run --json` prints it.
  EXPECT_EQ(doc["points"][1]["results"].dump(2) + "\n", run.out);
  // The other point differs: more agents, better service level.
  const double sl14 = doc["points"][0]["results"]["totals"]["service_level"]["20"]["mean"].get<double>();
  const double sl16 = doc["points"][1]["results"]["totals"]["service_level"]["20"]["mean"].get<double>();
  EXPECT_LT(sl14, sl16);
}

TEST_F(Sweep, SameBytesWhateverTheThreadCount) {
  const std::string args = "sweep " + quoted(scenario_) + " --vary /agent_groups/0/agents=14..16 --json -";
  const auto one = ccsim(args + " --threads 1");
  const auto two = ccsim(args + " --threads 2");
  const auto three = ccsim(args + " --threads 3");
  ASSERT_EQ(one.exit_code, 0) << one.err;
  EXPECT_EQ(one.out, two.out);
  EXPECT_EQ(one.out, three.out);
}

TEST_F(Sweep, GridVariesTheFirstVarySlowest) {
  const auto o =
      ccsim("sweep " + quoted(scenario_) +
            " --vary /agent_groups/0/agents=14,15 --vary '/call_types/0/patience/exponential/mean=\"2m\",90s'"
            " --replications 2 --json -");
  ASSERT_EQ(o.exit_code, 0) << o.err;
  const Json doc = Json::parse(o.out);
  EXPECT_EQ(doc["scenario"], "sweep test");
  EXPECT_EQ(doc["vary"], Json::parse(R"(["/agent_groups/0/agents", "/call_types/0/patience/exponential/mean"])"));
  std::vector<std::string> got;
  for (const auto& p : doc["points"]) got.push_back(p["values"].dump());
  const std::vector<std::string> expected = {
      R"({"/agent_groups/0/agents":14,"/call_types/0/patience/exponential/mean":"2m"})",
      R"({"/agent_groups/0/agents":14,"/call_types/0/patience/exponential/mean":"90s"})",
      R"({"/agent_groups/0/agents":15,"/call_types/0/patience/exponential/mean":"2m"})",
      R"({"/agent_groups/0/agents":15,"/call_types/0/patience/exponential/mean":"90s"})"};
  EXPECT_EQ(got, expected);
  // --replications applies to every point, and every point runs with the same seed (CRN).
  for (const auto& p : doc["points"]) {
    EXPECT_EQ(p["results"]["replications"], 2);
    EXPECT_EQ(p["results"]["seed"], 7);
  }
}

TEST_F(Sweep, RangesAreInclusiveAndKeepIntegersWhole) {
  const auto ints = ccsim("sweep " + quoted(scenario_) + " --vary /agent_groups/0/agents=15..30:5 -r 2 --json -");
  ASSERT_EQ(ints.exit_code, 0) << ints.err;
  std::string values;
  const Json int_doc = Json::parse(ints.out);
  for (const auto& p : int_doc["points"]) values += p["values"]["/agent_groups/0/agents"].dump() + " ";
  EXPECT_EQ(values, "15 20 25 30 ");

  // Decimal steps: no 0.30000000000000004; a range may sit among single values.
  const auto decimals =
      ccsim("sweep " + quoted(scenario_) + " --vary /service_level/target/at_least=0.5,0.6..0.8:0.1 -r 2 --json -");
  ASSERT_EQ(decimals.exit_code, 0) << decimals.err;
  values.clear();
  const Json decimal_doc = Json::parse(decimals.out);
  for (const auto& p : decimal_doc["points"]) {
    values += p["values"]["/service_level/target/at_least"].dump() + " ";
  }
  EXPECT_EQ(values, "0.5 0.6 0.7 0.8 ");
}

TEST_F(Sweep, InvalidPointFailsBeforeAnythingRunsAndIsNamed) {
  const std::string csv = (dir_ / "csv").string();
  const auto o = ccsim("sweep " + quoted(scenario_) + " --vary /agent_groups/0/agents=14,-1 --csv " + quoted(csv));
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_EQ(o.out, "");
  EXPECT_NE(o.err.find("sweep point 2/2 (/agent_groups/0/agents=-1): " + scenario_ + ": /agent_groups/0/agents:"),
            std::string::npos)
      << o.err;
  EXPECT_FALSE(fs::exists(csv));
}

TEST_F(Sweep, BadVaryIsUsageError) {
  for (const std::string vary : {"agents=1,2", "/agent_groups/0/agents", "/agent_groups/0/agents=20..10",
                                 "/agent_groups/0/agents=1..5:0", "/agent_groups/0/agents=1..x", "/x=1,,2"}) {
    const auto o = ccsim("sweep " + quoted(scenario_) + " --vary " + quoted(vary));
    EXPECT_EQ(o.exit_code, 2) << vary;
    EXPECT_NE(o.err.find("--vary"), std::string::npos) << vary << ": " << o.err;
  }
  const auto twice =
      ccsim("sweep " + quoted(scenario_) + " --vary /agent_groups/0/agents=1 --vary /agent_groups/0/agents=2");
  EXPECT_EQ(twice.exit_code, 2);
  EXPECT_NE(twice.err.find("given twice"), std::string::npos) << twice.err;
}

TEST_F(Sweep, TableAndCsvHaveOneRowPerPoint) {
  const std::string csv = (dir_ / "csv").string();
  const auto o =
      ccsim("sweep " + quoted(scenario_) + " --vary /agent_groups/0/agents=14,15,16 -r 3 --csv " + quoted(csv));
  ASSERT_EQ(o.exit_code, 0) << o.err;
  EXPECT_EQ(o.err, "");  // stderr is not a terminal: no progress
  EXPECT_NE(o.out.find("3 points, 3 replications each, seed 7"), std::string::npos) << o.out;
  for (const std::string col : {"SL 20s", "SL 60s", "abandoned", "ASA", "overflow", "occ team"}) {
    EXPECT_NE(o.out.find(col), std::string::npos) << col << "\n" << o.out;
  }
  for (const std::string row : {"\n14 ", "\n15 ", "\n16 "}) EXPECT_NE(o.out.find(row), std::string::npos) << o.out;

  std::istringstream lines(read(fs::path(csv) / "sweep.csv"));
  std::vector<std::string> rows;
  for (std::string line; std::getline(lines, line);) rows.push_back(line);
  ASSERT_EQ(rows.size(), 4U);
  EXPECT_EQ(rows[0].rfind("/agent_groups/0/agents,replications,offered,offered_ci95,", 0), 0U) << rows[0];
  EXPECT_NE(rows[0].find(",service_level_20s,service_level_20s_ci95,"), std::string::npos);
  EXPECT_NE(rows[0].find(",agent_groups/team/occupancy,agent_groups/team/occupancy_ci95"), std::string::npos);
  EXPECT_EQ(rows[1].rfind("14,3,", 0), 0U) << rows[1];
  EXPECT_EQ(rows[3].rfind("16,3,", 0), 0U) << rows[3];
}

TEST_F(Sweep, JsonToStdoutIsJsonAlone) {
  const auto o = ccsim("sweep " + quoted(scenario_) + " --vary /agent_groups/0/agents=15 -r 2 --json -");
  ASSERT_EQ(o.exit_code, 0) << o.err;
  EXPECT_TRUE(Json::accept(o.out)) << o.out;
  const auto quiet = ccsim("sweep " + quoted(scenario_) + " --vary /agent_groups/0/agents=15 -r 2 --quiet");
  ASSERT_EQ(quiet.exit_code, 0);
  EXPECT_EQ(quiet.out, "");
  EXPECT_EQ(quiet.err, "");
}

}  // namespace
}  // namespace ccsim
