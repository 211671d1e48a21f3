// Tests of the built `ccsim` binary on bad input: exit code 2, and stderr naming the file and
// the JSON pointer (STYLE item 8). Each test works in its own temporary directory.
#include "sim/scenario/loader.hpp"

#include "tests/support/cli_fixture.hpp"

#include <gtest/gtest.h>

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

constexpr const char* good_scenario = R"({
  "name": "small", "horizon": "1h",
  "call_types": [ { "name": "general", "enters": "main",
                    "arrivals": { "poisson": { "per_hour": 60 } },
                    "handle_time": { "exponential": { "mean": "2m" } } } ],
  "queues": [ { "name": "main" } ],
  "agent_groups": [ { "name": "team", "agents": 3, "serves": ["main"] } ]
}
)";

constexpr const char* missing_comma = R"({
  "name": "missing comma",
  "horizon": "1h"
  "queues": []
}
)";

using Outcome = ccsim::testing::CliOutcome;

class CliErrors : public ccsim::testing::CliTest {
protected:
};

TEST_F(CliErrors, TheGoodScenarioIsValid) {
  // So that the failures below come from what each test changes, not from the base scenario.
  EXPECT_NO_THROW((void)scenario::load_scenario_file(write("good.json", good_scenario)));
}

TEST_F(CliErrors, MissingScenarioFile) {
  const std::string missing = (dir_ / "no_such_scenario.json").string();
  const std::string json_out = (dir_ / "results.json").string();
  const auto o = ccsim("run " + quoted(missing) + " --json " + quoted(json_out));
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_NE(o.err.find(missing), std::string::npos) << o.err;
  EXPECT_FALSE(fs::exists(json_out));
}

TEST_F(CliErrors, MalformedJsonGivesLineAndColumn) {
  const std::string path = write("bad.json", missing_comma);
  const std::string json_out = (dir_ / "results.json").string();
  const auto o = ccsim("run " + quoted(path) + " --json " + quoted(json_out));
  EXPECT_EQ(o.exit_code, 2);
  ASSERT_EQ(o.err_lines.size(), 1U) << o.err;
  EXPECT_EQ(o.err_lines[0].rfind("ccsim: " + path + ":4:", 0), 0U) << o.err;
  EXPECT_NE(o.err.find("malformed JSON"), std::string::npos) << o.err;
  EXPECT_FALSE(fs::exists(json_out));
}

TEST_F(CliErrors, UnknownFlag) {
  const std::string path = write("good.json", good_scenario);
  const auto o = ccsim("run " + quoted(path) + " --bogus-flag");
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_NE(o.err.find("--bogus-flag"), std::string::npos) << o.err;
}

TEST_F(CliErrors, BadSetNamesFileAndPointer) {
  const std::string path = write("good.json", good_scenario);
  const auto missing_parent = ccsim("run " + quoted(path) + " --quiet --set /queues/0/limits/max=3");
  EXPECT_EQ(missing_parent.exit_code, 2);
  EXPECT_EQ(missing_parent.err_lines,
            std::vector<std::string>{"ccsim: " + path +
                                     ": --set /queues/0/limits/max: no such place in the scenario "
                                     "(/queues/0/limits does not exist)"});

  const auto bad_value = ccsim("run " + quoted(path) + " --quiet --set /replications=0");
  EXPECT_EQ(bad_value.exit_code, 2);
  EXPECT_EQ(bad_value.err_lines,
            std::vector<std::string>{"ccsim: " + path +
                                     ": /replications: 0 is out of range for replications (must be between 1 "
                                     "and 1000000)"});

  const auto no_equals = ccsim("run " + quoted(path) + " --quiet --set /replications");
  EXPECT_EQ(no_equals.exit_code, 2);
  EXPECT_NE(no_equals.err.find("--set /replications: expected PTR=VALUE"), std::string::npos) << no_equals.err;
}

TEST_F(CliErrors, EveryErrorOfAFileOnItsOwnLine) {
  const std::string path = (fs::path(CCSIM_TEST_DATA_DIR) / "invalid" / "several_errors.json").string();
  const auto o = ccsim("run " + quoted(path) + " --quiet");
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_EQ(o.err_lines.size(), 10U) << o.err;
  for (const auto& line : o.err_lines) EXPECT_EQ(line.rfind("ccsim: " + path + ": /", 0), 0U) << line;
}

}  // namespace
}  // namespace ccsim
