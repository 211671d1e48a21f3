// `ccsim staff SCENARIO [--simulate]`: staffing per interval.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <array>
#include <cstdio>
#include <memory>
#include <string>

namespace {

std::string run(const std::string& args, int* status) {
  const std::string cmd = std::string(CCSIM_BINARY) + " " + args;
  std::array<char, 4096> buf{};
  std::string out;
  FILE* pipe = popen(cmd.c_str(), "r");
  while (pipe && fgets(buf.data(), buf.size(), pipe)) out += buf.data();
  *status = pipe ? pclose(pipe) : -1;
  return out;
}

const std::string kScenarios = CCSIM_SCENARIO_DIR;

TEST(StaffScenario, AnalyticStaffingPerIntervalMatchesTheCalculator) {
  int status = 0;
  const auto doc = nlohmann::json::parse(run("staff " + kScenarios + "/erlang_c_textbook.json --json -", &status));
  EXPECT_EQ(status, 0);
  ASSERT_EQ(doc["intervals"].size(), 24u);  // 24 h in 1 h intervals, all at the same rate
  // 360 calls/h of 240 s, 80% within 20 s by Erlang C: 29 agents (the textbook answer).
  for (const auto& row : doc["intervals"]) EXPECT_EQ(row["agents_analytic"], 29);
  EXPECT_EQ(doc["model"], "erlang_c");
}

TEST(StaffScenario, SimulationRaisesStaffingUntilEveryIntervalMeetsTheTarget) {
  int status = 0;
  const auto doc =
      nlohmann::json::parse(run("staff " + kScenarios + "/bank_weekday.json --simulate --threads 2 --json -", &status));
  EXPECT_EQ(status, 0);
  EXPECT_EQ(doc["model"], "erlang_a");
  EXPECT_TRUE(doc["simulated"]["all_met"].get<bool>());
  ASSERT_EQ(doc["intervals"].size(), 34u);
  for (const auto& row : doc["intervals"]) {
    EXPECT_GE(row["agents"].get<int>(), row["agents_analytic"].get<int>());
    EXPECT_GE(row["service_level"]["mean"].get<double>(), 0.8);
  }
}

TEST(StaffScenario, FlagsThatTheScenarioProvidesAreRefused) {
  int status = 0;
  (void)run("staff " + kScenarios + "/bank_weekday.json --calls-per-hour 100 2>/dev/null", &status);
  EXPECT_EQ(WEXITSTATUS(status), 2);
  (void)run("staff --calls-per-hour 100 --handle-time 3m --target 0.8 --within 20s --simulate 2>/dev/null", &status);
  EXPECT_EQ(WEXITSTATUS(status), 2);
}

}  // namespace
