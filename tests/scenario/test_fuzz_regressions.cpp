// Replays every input kept in fuzz/regressions (each once crashed, hung or exhausted memory in
// the fuzzer) through the fuzzing harness, and checks what each now does against
// fuzz/regressions/expected.json: its outcome and, for rejected inputs, the exact messages.
#include "fuzz/harness.hpp"
#include "sim/error.hpp"
#include "sim/scenario/loader.hpp"
#include "tests/support/files.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace ccsim::fuzz {
namespace {

namespace fs = std::filesystem;

const fs::path regressions_dir = fs::path(CCSIM_SCENARIO_DIR) / ".." / "fuzz" / "regressions";

using testing::read_text;

std::vector<std::string> regression_files() { return testing::case_files(regressions_dir); }

const nlohmann::json& expected() {
  static const nlohmann::json table = nlohmann::json::parse(read_text(regressions_dir / "expected.json"));
  return table;
}

std::string outcome_name(Outcome o) {
  switch (o) {
    case Outcome::Rejected: return "rejected";
    case Outcome::RejectedByModel: return "rejected_by_model";
    case Outcome::TooManyCalls: return "too_many_calls";
    case Outcome::Simulated: return "simulated";
  }
  return "?";
}

TEST(FuzzRegressions, FolderAndExpectedListTheSameFiles) {
  std::vector<std::string> listed;
  for (const auto& [name, want] : expected().items()) listed.push_back(name);
  std::sort(listed.begin(), listed.end());
  EXPECT_EQ(regression_files(), listed);
  EXPECT_FALSE(listed.empty());
}

// The harness aborts on a broken contract, which fails this test with the reason on stderr.
TEST(FuzzRegressions, EachInputPassesTheHarnessWithItsExpectedOutcome) {
  for (const auto& name : regression_files()) {
    SCOPED_TRACE(name);
    ASSERT_TRUE(expected().contains(name)) << name << " is missing from expected.json";
    const auto& want = expected().at(name);
    const std::string text = read_text(regressions_dir / name);
    EXPECT_EQ(outcome_name(check_scenario_text(text)), want.at("outcome").get<std::string>());
    if (want.contains("messages")) {
      std::vector<std::string> got;
      try {
        (void)scenario::load_scenario_text(text, "fuzz.json");
      } catch (const InputError& e) {
        got = e.messages();
      }
      EXPECT_EQ(got, want.at("messages").get<std::vector<std::string>>());
    }
  }
}

TEST(FuzzHarness, ShortensLongScenariosToWholeIntervalsOfAtMostAnHour) {
  model::Scenario sc;
  sc.horizon_s = 86400.0;
  sc.interval_s = 1800.0;
  sc.warmup_s = 7200.0;
  sc.replications = 10;
  model::CallType ct;
  ct.arrivals.per_second.assign(48, 1.0);
  sc.call_types.push_back(ct);
  model::AgentGroup g;
  g.agents.assign(48, 3);
  sc.agent_groups.push_back(g);
  sc.sites.push_back(
      {"s", {{600.0, 60.0, model::Outage::WaitingCalls::Drop}, {5000.0, 60.0, model::Outage::WaitingCalls::Drop}}});

  const auto short_sc = shortened(sc);
  EXPECT_EQ(short_sc.horizon_s, 3600.0);
  EXPECT_EQ(short_sc.interval_count(), 2U);
  EXPECT_EQ(short_sc.replications, 1U);
  EXPECT_EQ(short_sc.call_types[0].arrivals.per_second.size(), 2U);
  EXPECT_EQ(short_sc.agent_groups[0].agents.size(), 2U);
  EXPECT_EQ(short_sc.warmup_s, 1800.0);  // was past the new horizon: half of it
  ASSERT_EQ(short_sc.sites[0].outages.size(), 1U);
  EXPECT_EQ(expected_arrivals(short_sc), 3600.0);

  sc.interval_s = sc.horizon_s;  // one interval longer than an hour
  sc.call_types[0].arrivals.per_second.assign(1, 0.5);
  sc.agent_groups[0].agents.assign(1, 3);
  const auto one = shortened(sc);
  EXPECT_EQ(one.horizon_s, 3600.0);
  EXPECT_EQ(one.interval_s, 3600.0);
  EXPECT_EQ(expected_arrivals(one), 1800.0);
}

}  // namespace
}  // namespace ccsim::fuzz
