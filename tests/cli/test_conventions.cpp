// Command-line conventions, end to end on the built binary: the version from the generated
// header, "did you mean" for commands and options, EXAMPLES and EXIT STATUS in every --help,
// --json on check and validate, `--csv -` refused, list entries named in --set and --vary.
#include "ccsim/version.hpp"

#include "tests/support/cli_fixture.hpp"

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

namespace ccsim {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr const char* scenario_text = R"({
  "name": "named", "horizon": "2h", "replications": 4, "seed": 3,
  "call_types": [ { "name": "general", "enters": "main",
                    "arrivals": { "poisson": { "per_hour": 90 } },
                    "handle_time": { "exponential": { "mean": "2m" } },
                    "patience": { "exponential": { "mean": "3m" } } } ],
  "queues": [ { "name": "main", "overflow": [ { "when": { "queue_length": { "at_least": 4 } }, "to": "spill" } ] },
              { "name": "spill" } ],
  "agent_groups": [ { "name": "team", "agents": 3, "serves": ["main"] },
                    { "name": "helpers", "agents": 1, "serves": ["spill", "main"] } ],
  "expectations": [ { "metric": "service_level", "within": "20s", "at_least": 0.1 },
                    { "metric": "abandon_rate", "at_most": 0.0001 } ]
}
)";

class Conventions : public ccsim::testing::CliTest {
protected:
  std::string scenario() const { return write("named.json", scenario_text); }
};

std::vector<std::string> commands_of(const std::string& help) {
  std::vector<std::string> out;
  std::istringstream lines(help);
  bool in_list = false;
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty() && line.back() == ':' && line.front() != ' ') in_list = line == "Subcommands:";
    else if (in_list && line.rfind("  ", 0) == 0 && line.size() > 2 && line[2] != ' ')
      out.push_back(line.substr(2, line.find(' ', 2) - 2));
  }
  return out;
}

TEST_F(Conventions, VersionComesFromTheGeneratedHeader) {
  const auto v = ccsim("--version");
  EXPECT_EQ(v.exit_code, 0);
  EXPECT_EQ(v.out.rfind(std::string("ccsim ") + kVersion, 0), 0U) << v.out;
  const auto r = ccsim("run " + quoted(scenario()) + " --replications 2 --json -");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(json::parse(r.out)["ccsim_version"], kVersion);
}

TEST_F(Conventions, UnknownCommandSuggestsTheClosest) {
  const auto o = ccsim("rn " + quoted(scenario()));
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_NE(o.err.find("unknown command \"rn\" (did you mean \"run\"?)"), std::string::npos) << o.err;
  EXPECT_NE(o.err.find("commands: run, sweep, check"), std::string::npos) << o.err;
}

TEST_F(Conventions, UnknownOptionSuggestsTheClosest) {
  const auto o = ccsim("run " + quoted(scenario()) + " --replicatons 5");
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_NE(o.err.find("run: unknown option --replicatons (did you mean --replications?)"), std::string::npos) << o.err;
  const auto s = ccsim("sweep " + quoted(scenario()) + " --vary /horizon=1h --jsn -");
  EXPECT_EQ(s.exit_code, 2);
  EXPECT_NE(s.err.find("sweep: unknown option --jsn (did you mean --json?)"), std::string::npos) << s.err;
}

TEST_F(Conventions, EveryHelpHasExamplesAndExitStatus) {
  const auto top = ccsim("--help");
  ASSERT_EQ(top.exit_code, 0);
  const auto commands = commands_of(top.out);
  ASSERT_EQ(commands.size(), 12U) << top.out;
  EXPECT_NE(top.out.find("EXAMPLES:\n  ccsim run"), std::string::npos) << top.out;
  for (const auto& cmd : commands) {
    const auto h = ccsim(cmd + " --help");
    EXPECT_EQ(h.exit_code, 0) << cmd;
    EXPECT_NE(h.out.find("EXAMPLES:\n  ccsim " + cmd + " "), std::string::npos) << h.out;
    EXPECT_NE(h.out.find("EXIT STATUS:\n  0  success\n"), std::string::npos) << h.out;
    EXPECT_NE(h.out.find("  2  bad input or usage"), std::string::npos) << h.out;
  }
  EXPECT_NE(ccsim("check --help").out.find("  1  an expectation failed"), std::string::npos);
  EXPECT_NE(ccsim("validate --help").out.find("  1  --strict and there are warnings"), std::string::npos);
}

TEST_F(Conventions, CsvToStdoutIsRefused) {
  const fs::path dash = fs::current_path() / "-";
  ASSERT_FALSE(fs::exists(dash));
  for (const std::string& cmd : {"run " + quoted(scenario()), "sweep " + quoted(scenario()) + " --vary /horizon=1h"}) {
    const auto o = ccsim(cmd + " --replications 2 --csv -");
    EXPECT_EQ(o.exit_code, 2) << cmd;
    EXPECT_NE(o.err.find("--csv"), std::string::npos) << o.err;
    EXPECT_NE(o.err.find("not one"), std::string::npos) << o.err;
    EXPECT_FALSE(fs::exists(dash));
  }
}

TEST_F(Conventions, SetNamesListEntries) {
  const std::string path = scenario();
  const auto by_name = ccsim("run " + quoted(path) +
                             " --set /agent_groups/helpers/agents=2 --set "
                             "/queues/main/overflow/0/when/queue_length/at_least=2 --json -");
  const auto by_index = ccsim("run " + quoted(path) +
                              " --set /agent_groups/1/agents=2 --set /queues/0/overflow/0/when/queue_length/at_least=2 "
                              "--json -");
  const auto plain = ccsim("run " + quoted(path) + " --json -");
  ASSERT_EQ(by_name.exit_code, 0) << by_name.err;
  ASSERT_EQ(by_index.exit_code, 0) << by_index.err;
  EXPECT_EQ(by_name.out, by_index.out);
  EXPECT_NE(by_name.out, plain.out);  // the overrides changed the figures

  const auto typo = ccsim("run " + quoted(path) + " --set /agent_groups/helper/agents=2");
  EXPECT_EQ(typo.exit_code, 2);
  ASSERT_EQ(typo.err_lines.size(), 1U) << typo.err;
  EXPECT_EQ(typo.err_lines[0], "ccsim: " + path +
                                   ": --set /agent_groups/helper/agents: no entry named \"helper\" in "
                                   "/agent_groups (did you mean \"helpers\"?)");
}

TEST_F(Conventions, VaryNamesListEntries) {
  const std::string path = scenario();
  const auto by_name = ccsim("sweep " + quoted(path) + " --vary /agent_groups/team/agents=2,4 --json -");
  const auto by_index = ccsim("sweep " + quoted(path) + " --vary /agent_groups/0/agents=2,4 --json -");
  ASSERT_EQ(by_name.exit_code, 0) << by_name.err;
  ASSERT_EQ(by_index.exit_code, 0) << by_index.err;
  const json a = json::parse(by_name.out);
  const json b = json::parse(by_index.out);
  EXPECT_EQ(a["vary"][0], "/agent_groups/team/agents");
  ASSERT_EQ(a["points"].size(), 2U);
  for (std::size_t i = 0; i < 2; ++i) EXPECT_EQ(a["points"][i]["results"], b["points"][i]["results"]);
  EXPECT_NE(a["points"][0]["results"]["totals"], a["points"][1]["results"]["totals"]);
}

TEST_F(Conventions, CheckWritesItsVerdictsAsJson) {
  const std::string path = scenario();
  const auto text = ccsim("check " + quoted(path));
  const auto o = ccsim("check " + quoted(path) + " --json -");
  EXPECT_EQ(o.exit_code, 1);  // the abandonment bound is out of reach
  EXPECT_EQ(text.exit_code, 1);
  const json doc = json::parse(o.out);  // stdout is the JSON alone
  EXPECT_EQ(doc["ccsim_version"], kVersion);
  EXPECT_EQ(doc["expectations"], 2);
  EXPECT_EQ(doc["failed"], 1);
  ASSERT_EQ(doc["scenarios"].size(), 1U);
  const json& s = doc["scenarios"][0];
  EXPECT_EQ(s["file"], path);
  EXPECT_EQ(s["replications"], 4);
  ASSERT_EQ(s["expectations"].size(), 2U);
  EXPECT_EQ(s["expectations"][0]["met"], true);
  EXPECT_EQ(s["expectations"][1]["met"], false);
  // The same verdicts as the table: PASS for the first, FAIL for the second, same text.
  const std::string first = s["expectations"][0]["text"];
  EXPECT_NE(text.out.find("PASS  " + first), std::string::npos) << text.out;
  EXPECT_GT(s["expectations"][1]["value"].get<double>(), 0.0001);
}

TEST_F(Conventions, ValidateWritesItsDiagnosticsAsJson) {
  const std::string primary = std::string(CCSIM_SCENARIO_DIR) + "/primary_backup.json";
  const auto o = ccsim("validate " + quoted(primary) + " --json -");
  EXPECT_EQ(o.exit_code, 0) << o.err;
  const json doc = json::parse(o.out);
  EXPECT_EQ(doc["valid"], true);
  EXPECT_EQ(doc["warnings"], 1);  // its site_down rule, on purpose (README)
  EXPECT_EQ(doc["queues"], 2);
  ASSERT_EQ(doc["diagnostics"].size(), 1U);
  EXPECT_EQ(doc["diagnostics"][0]["severity"], "warning");
  EXPECT_EQ(doc["diagnostics"][0]["pointer"].get<std::string>().rfind("/queues/", 0), 0U);
  const auto text = ccsim("validate " + quoted(primary));
  EXPECT_NE(text.out.find(doc["diagnostics"][0]["message"].get<std::string>()), std::string::npos);
  const auto strict = ccsim("validate " + quoted(primary) + " --strict --json -");
  EXPECT_EQ(strict.exit_code, 1);
  EXPECT_EQ(json::parse(strict.out), doc);
}

}  // namespace
}  // namespace ccsim
