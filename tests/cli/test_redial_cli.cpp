// Redials end to end through the ccsim binary: results JSON, table, CSV and HTML report show
// the redial figures; validate warns; exact solves a Markovian redial scenario; bad values exit 2.
#include "tests/support/cli_fixture.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace ccsim {
namespace {

using nlohmann::json;

class RedialCli : public testing::CliTest {
protected:
  static std::string scenario() { return std::string(CCSIM_SCENARIO_DIR) + "/redial_weekday.json"; }
};

TEST_F(RedialCli, RunShowsTheRedialFiguresEverywhere) {
  const auto r = ccsim("run " + quoted(scenario()) + " --replications 4 --json " + quoted((dir_ / "r.json").string()) +
                       " --csv " + quoted((dir_ / "csv").string()) + " --report " + quoted((dir_ / "r.html").string()));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json j = json::parse(read(dir_ / "r.json"));
  for (const auto* scope : {&j["totals"], &j["call_types"]["regular"]}) {
    const double offered = (*scope)["offered"]["mean"];
    const double callers = (*scope)["callers"]["mean"];
    const double redials = (*scope)["redials"]["mean"];
    EXPECT_GT(redials, 0.0);
    EXPECT_NEAR(callers + redials, offered, 1e-9 * offered);
    EXPECT_NEAR((*scope)["redial_rate"]["mean"].get<double>(), redials / offered, 0.01);
    EXPECT_GT((*scope)["caller_answered_rate"]["mean"].get<double>(), (*scope)["answered_rate"]["mean"].get<double>());
  }
  EXPECT_TRUE(j["intervals"][3]["totals"].contains("redials"));
  EXPECT_FALSE(j["intervals"][3]["totals"].contains("caller_answered_rate"));
  EXPECT_EQ(j["redial_definitions"]["redial_rate"], "redials / offered");
  EXPECT_NE(r.out.find("redials"), std::string::npos);
  EXPECT_NE(r.out.find("caller answd"), std::string::npos);
  const std::string csv = read(dir_ / "csv" / "summary.csv");
  EXPECT_NE(csv.find(",callers,callers_ci95,redials,redials_ci95,redial_rate"), std::string::npos);
  const std::string html = read(dir_ / "r.html");
  EXPECT_NE(html.find("id=\"redials\""), std::string::npos);
  EXPECT_NE(html.find("Attempts per interval: first attempts and redials"), std::string::npos);
}

TEST_F(RedialCli, ScenariosWithoutRedialHaveNoRedialFigures) {
  const auto r = ccsim("run " + quoted(std::string(CCSIM_SCENARIO_DIR) + "/erlang_c_textbook.json") +
                       " --replications 2 --json -");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json j = json::parse(r.out);
  EXPECT_FALSE(j["totals"].contains("redials"));
  EXPECT_FALSE(j.contains("redial_definitions"));
}

TEST_F(RedialCli, ValidateWarnsAndBadValuesExitTwo) {
  json j = json::parse(read(scenario()));
  j["call_types"][0]["redial"]["max"] = 0;
  const auto v = ccsim("validate " + quoted(write("w.json", j.dump())));
  EXPECT_EQ(v.exit_code, 0) << v.err;
  EXPECT_NE((v.out + v.err).find("/call_types/0/redial/max: warning: max is 0"), std::string::npos) << v.out << v.err;
  j["call_types"][0]["redial"]["after_abandon"] = 2;
  const auto bad = ccsim("run " + quoted(write("b.json", j.dump())));
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("/call_types/0/redial/after_abandon: 2 is out of range"), std::string::npos) << bad.err;
}

TEST_F(RedialCli, ExactSolvesAMarkovianRedialScenarioAndRefusesOthers) {
  json j = json::parse(R"({"name": "m", "horizon": "10h", "queues": [{"name": "q"}],
    "call_types": [{"name": "c", "enters": "q", "arrivals": {"poisson": {"per_hour": 600}},
      "handle_time": {"exponential": {"mean": 240}}, "patience": {"exponential": {"mean": 120}},
      "redial": {"after_abandon": 0.5, "delay": {"exponential": {"mean": 120}}}}],
    "agent_groups": [{"name": "g", "agents": 40, "serves": ["q"]}]})");
  const auto e = ccsim("exact " + quoted(write("m.json", j.dump())) + " --json -");
  ASSERT_EQ(e.exit_code, 0) << e.err;
  const json r = json::parse(e.out);
  // tests/data/redial_exact.json, case redial_after_abandon.
  EXPECT_NEAR(r["totals"]["redial_rate"]["mean"].get<double>(), 0.05543985534341225, 1e-8);
  EXPECT_EQ(r["totals"]["redial_rate"]["ci95"].get<double>(), 0.0);
  const auto refused = ccsim("exact " + quoted(scenario()));
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_NE(refused.err.find("/call_types/0/redial/max: a max on redials"), std::string::npos) << refused.err;
}

}  // namespace
}  // namespace ccsim
