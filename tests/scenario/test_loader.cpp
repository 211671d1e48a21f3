// Tests of sim/scenario: every invalid scenario in tests/data/invalid gives exactly the messages
// listed in its expected.json (all at once, each naming file, JSON pointer and value); durations;
// a full valid scenario and the documented defaults; `--set` overrides.
#include "sim/error.hpp"
#include "sim/model/conditions.hpp"
#include "sim/scenario/duration.hpp"
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

namespace ccsim::scenario {
namespace {

namespace fs = std::filesystem;

const fs::path invalid_dir = fs::path(CCSIM_TEST_DATA_DIR) / "invalid";

using testing::read_text;

// The messages an InputError carries, or a note that none (or another exception) was thrown.
std::vector<std::string> messages_of(const std::string& text, const std::string& source,
                                     const std::vector<Override>& overrides = {}) {
  try {
    (void)load_scenario_text(text, source, overrides);
  } catch (const InputError& e) {
    return e.messages();
  } catch (const std::exception& e) {
    return {std::string("unexpected exception (not InputError): ") + e.what()};
  }
  return {"loaded without error"};
}

// --- the invalid folder ------------------------------------------------------------------
// Each file is loaded under the name "invalid/FILE.json" so that messages do not depend on
// where the repository lives; expected.json maps FILE.json to its exact list of messages.

std::vector<std::string> invalid_files() { return testing::case_files(invalid_dir); }

const nlohmann::json& expected_messages() {
  static const nlohmann::json expected = nlohmann::json::parse(read_text(invalid_dir / "expected.json"));
  return expected;
}

TEST(LoaderInvalid, FolderAndExpectedListTheSameFiles) {
  std::vector<std::string> listed;
  for (const auto& [name, messages] : expected_messages().items()) listed.push_back(name);
  std::sort(listed.begin(), listed.end());
  EXPECT_EQ(invalid_files(), listed);
  EXPECT_GE(listed.size(), 25U);
}

TEST(LoaderInvalid, EachFileGivesExactlyItsExpectedMessages) {
  const auto& expected = expected_messages();
  for (const auto& name : invalid_files()) {
    SCOPED_TRACE(name);
    ASSERT_TRUE(expected.contains(name)) << name << " is missing from expected.json";
    const auto want = expected.at(name).get<std::vector<std::string>>();
    ASSERT_FALSE(want.empty());
    EXPECT_EQ(messages_of(read_text(invalid_dir / name), "invalid/" + name), want);
  }
}

TEST(LoaderInvalid, EveryMessageNamesTheSourceFirst) {
  for (const auto& [name, messages] : expected_messages().items()) {
    for (const auto& m : messages.get<std::vector<std::string>>()) {
      EXPECT_EQ(m.rfind("invalid/" + name + ":", 0), 0U) << m;
    }
  }
}

TEST(LoaderInvalid, MissingFileIsAnInputErrorNamingIt) {
  const std::string path = (invalid_dir / "no_such_scenario.json").string();
  try {
    (void)load_scenario_file(path);
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(e.messages(), std::vector<std::string>{path + ": cannot open the scenario file"});
  }
}

TEST(LoaderInvalid, LoadScenarioFileNamesThePathItWasGiven) {
  const std::string path = (invalid_dir / "replications_zero.json").string();
  try {
    (void)load_scenario_file(path);
    FAIL() << "no error";
  } catch (const InputError& e) {
    ASSERT_EQ(e.messages().size(), 1U);
    EXPECT_EQ(e.messages()[0],
              path + ": /replications: 0 is out of range for replications (must be between 1 and 1000000)");
  }
}

// --- durations ---------------------------------------------------------------------------

TEST(LoaderDuration, ParsesNumbersAndUnits) {
  EXPECT_EQ(parse_duration("90"), 90.0);
  EXPECT_EQ(parse_duration("90s"), 90.0);
  EXPECT_EQ(parse_duration("2.5m"), 150.0);
  EXPECT_EQ(parse_duration("2min"), 120.0);
  EXPECT_EQ(parse_duration("8h"), 28800.0);
  EXPECT_EQ(parse_duration("1d"), 86400.0);
  EXPECT_EQ(parse_duration("250ms"), 0.25);
  EXPECT_EQ(parse_duration(" 20s "), 20.0);
  EXPECT_EQ(parse_duration("0"), 0.0);
}

TEST(LoaderDuration, RejectsMalformedAndNegative) {
  for (const char* bad : {"", "s", "5 minutes", "5 m", "3mn", "-1s", "-90", "1e999", "inf", "nan", "8H", "h8"}) {
    EXPECT_FALSE(parse_duration(bad).has_value()) << '"' << bad << '"';
  }
}

TEST(LoaderDuration, FormatsTheWayAPersonWrites) {
  EXPECT_EQ(format_duration(20.0), "20s");
  EXPECT_EQ(format_duration(90.0), "1.5m");
  EXPECT_EQ(format_duration(7200.0), "2h");
  EXPECT_EQ(format_duration(0.25), "0.25s");
}

// A scenario whose horizon is given as `horizon` (a JSON value) and is otherwise minimal.
std::string minimal_with_horizon(const std::string& horizon) {
  return R"({"name": "minimal", "horizon": )" + horizon + R"(,
    "call_types": [{"name": "general", "enters": "main",
                    "arrivals": {"poisson": {"per_hour": 100}},
                    "handle_time": {"exponential": {"mean": "5m"}}}],
    "queues": [{"name": "main"}],
    "agent_groups": [{"name": "team", "agents": 10, "serves": ["main"]}]})";
}

TEST(LoaderDuration, ScenarioAcceptsEveryWrittenForm) {
  const std::vector<std::pair<std::string, double>> cases = {{R"("90")", 90.0},    {"90", 90.0},
                                                             {R"("90s")", 90.0},   {R"("2.5m")", 150.0},
                                                             {R"("8h")", 28800.0}, {R"("250ms")", 0.25}};
  for (const auto& [json_value, seconds] : cases) {
    SCOPED_TRACE(json_value);
    const auto sc = load_scenario_text(minimal_with_horizon(json_value), "minimal.json");
    EXPECT_EQ(sc.horizon_s, seconds);
  }
}

// --- a full valid scenario ---------------------------------------------------------------

constexpr const char* full_scenario = R"({
  "name": "Full", "description": "every supported key",
  "horizon": "8h", "warmup": "30m", "interval": "1h", "replications": 20, "seed": 7, "max_hops": 3,
  "service_level": { "thresholds": ["60s", "10s", "30s"], "target": { "within": "45s", "at_least": 0.8 } },
  "sites": [ { "name": "primary" }, { "name": "backup", "description": "second building" } ],
  "call_types": [
    { "name": "critical", "priority": 10, "enters": "backup_q",
      "arrivals": { "poisson": { "per_hour": 360 } },
      "handle_time": { "lognormal": { "mean": "4m", "sd": "3m" } },
      "patience": { "exponential": { "mean": "3m" } },
      "wrap_up": { "constant": "20s" } },
    { "name": "general", "enters": "main",
      "arrivals": { "poisson": { "per_hour": [400, 520, 610, 640, 600, 480, 420, 360] } },
      "handle_time": { "uniform": { "min": "1m", "max": "9m" } } }
  ],
  "queues": [ { "name": "main", "site": "primary", "capacity": 60 }, { "name": "backup_q", "site": "backup" } ],
  "agent_groups": [
    { "name": "primary_team", "site": "primary", "agents": 22, "serves": ["main"] },
    { "name": "backup_team", "site": "backup", "agents": [6, 6, 8, 8, 8, 8, 6, 6],
      "serves": ["backup_q", { "queue": "main", "after": "60s" }] },
    { "name": "remote", "agents": 4, "serves": ["main", "backup_q"] }
  ],
  "expectations": [
    { "call_type": "critical", "metric": "service_level", "within": "15s", "at_least": 0.8 },
    { "metric": "abandon_rate", "at_most": 0.05 },
    { "queue": "main", "metric": "service_level", "at_least": 0.7, "confidence": 0.95 }
  ]
})";

TEST(LoaderValid, FullScenarioLoadsWithEveryValue) {
  const auto sc = load_scenario_text(full_scenario, "full.json");
  EXPECT_EQ(sc.name, "Full");
  EXPECT_EQ(sc.description, "every supported key");
  EXPECT_EQ(sc.source, "full.json");
  EXPECT_EQ(sc.horizon_s, 28800.0);
  EXPECT_EQ(sc.warmup_s, 1800.0);
  EXPECT_EQ(sc.interval_s, 3600.0);
  EXPECT_EQ(sc.interval_count(), 8U);
  EXPECT_EQ(sc.replications, 20U);
  EXPECT_EQ(sc.seed, 7U);
  EXPECT_EQ(sc.max_hops, 3U);
  // Sorted, and including the target's 45 s and the expectation's 15 s.
  EXPECT_EQ(sc.thresholds_s, (std::vector<double>{10.0, 15.0, 30.0, 45.0, 60.0}));
  ASSERT_TRUE(sc.target.has_value());
  EXPECT_EQ(sc.target->within_s, 45.0);
  EXPECT_EQ(sc.target->at_least, 0.8);

  ASSERT_EQ(sc.sites.size(), 2U);
  EXPECT_EQ(sc.sites[1].name, "backup");
  ASSERT_EQ(sc.queues.size(), 2U);
  EXPECT_EQ(sc.queues[0].site, model::Id{0});
  EXPECT_EQ(sc.queues[0].capacity, 60U);
  EXPECT_EQ(sc.queues[1].site, model::Id{1});
  EXPECT_FALSE(sc.queues[1].capacity.has_value());

  ASSERT_EQ(sc.call_types.size(), 2U);
  const auto& critical = sc.call_types[0];
  EXPECT_EQ(critical.name, "critical");
  EXPECT_EQ(critical.priority, 10);
  EXPECT_EQ(critical.enters, model::Id{1});  // backup_q
  EXPECT_EQ(critical.arrivals.per_second, (std::vector<double>{0.1}));
  EXPECT_EQ(critical.handle_time.kind(), engine::Distribution::Kind::Lognormal);
  EXPECT_NEAR(critical.handle_time.mean(), 240.0, 1e-9);
  EXPECT_NEAR(critical.handle_time.variance(), 180.0 * 180.0, 1e-6);
  ASSERT_TRUE(critical.patience.has_value());
  EXPECT_EQ(critical.patience->kind(), engine::Distribution::Kind::Exponential);
  EXPECT_NEAR(critical.patience->mean(), 180.0, 1e-12);
  ASSERT_TRUE(critical.wrap_up.has_value());
  EXPECT_EQ(critical.wrap_up->kind(), engine::Distribution::Kind::Constant);
  EXPECT_EQ(critical.wrap_up->mean(), 20.0);

  const auto& general = sc.call_types[1];
  EXPECT_EQ(general.enters, model::Id{0});
  EXPECT_EQ(general.priority, 0);
  ASSERT_EQ(general.arrivals.per_second.size(), 8U);
  EXPECT_DOUBLE_EQ(general.arrivals.per_second[0], 400.0 / 3600.0);
  EXPECT_DOUBLE_EQ(general.arrivals.per_second[7], 0.1);
  EXPECT_EQ(general.handle_time.kind(), engine::Distribution::Kind::Uniform);
  EXPECT_NEAR(general.handle_time.mean(), 300.0, 1e-9);
  EXPECT_FALSE(general.patience.has_value());
  EXPECT_FALSE(general.wrap_up.has_value());

  ASSERT_EQ(sc.agent_groups.size(), 3U);
  EXPECT_EQ(sc.agent_groups[0].site, model::Id{0});
  EXPECT_EQ(sc.agent_groups[0].agents, (std::vector<std::uint32_t>{22}));
  const auto& backup = sc.agent_groups[1];
  EXPECT_EQ(backup.agents, (std::vector<std::uint32_t>{6, 6, 8, 8, 8, 8, 6, 6}));
  ASSERT_EQ(backup.serves.size(), 2U);
  EXPECT_EQ(backup.serves[0].queue, model::Id{1});
  EXPECT_EQ(backup.serves[0].after_s, 0.0);
  EXPECT_EQ(backup.serves[1].queue, model::Id{0});
  EXPECT_EQ(backup.serves[1].after_s, 60.0);
  EXPECT_FALSE(sc.agent_groups[2].site.has_value());  // logged into every site
  ASSERT_EQ(sc.agent_groups[2].serves.size(), 2U);
  EXPECT_EQ(sc.agent_groups[2].serves[1].queue, model::Id{1});

  ASSERT_EQ(sc.expectations.size(), 3U);
  const auto& e0 = sc.expectations[0];
  EXPECT_EQ(e0.scope, model::Expectation::Scope::CallType);
  EXPECT_EQ(e0.scope_id, model::Id{0});
  EXPECT_EQ(e0.metric, "service_level");
  EXPECT_EQ(e0.within_s, 15.0);
  EXPECT_EQ(e0.at_least, 0.8);
  EXPECT_EQ(e0.text, "critical service_level within 15s at_least 0.8");
  const auto& e1 = sc.expectations[1];
  EXPECT_EQ(e1.scope, model::Expectation::Scope::Total);
  EXPECT_FALSE(e1.within_s.has_value());
  EXPECT_EQ(e1.at_most, 0.05);
  EXPECT_EQ(e1.text, "abandon_rate at_most 0.05");
  const auto& e2 = sc.expectations[2];
  EXPECT_EQ(e2.scope, model::Expectation::Scope::Queue);
  EXPECT_EQ(e2.scope_id, model::Id{0});
  EXPECT_EQ(e2.within_s, 45.0);  // the scenario's target
  EXPECT_EQ(e2.confidence, 0.95);
  EXPECT_EQ(e2.text, "queue main service_level within 45s at_least 0.7 (confidence 0.95)");
}

TEST(LoaderValid, DefaultsAreTheDocumentedOnes) {
  const auto sc = load_scenario_text(minimal_with_horizon(R"("8h")"), "minimal.json");
  EXPECT_EQ(sc.replications, 10U);
  EXPECT_EQ(sc.warmup_s, 0.0);
  EXPECT_EQ(sc.interval_s, sc.horizon_s);
  EXPECT_EQ(sc.interval_count(), 1U);
  EXPECT_EQ(sc.thresholds_s, (std::vector<double>{10.0, 20.0, 30.0, 60.0}));
  EXPECT_FALSE(sc.target.has_value());
  EXPECT_EQ(sc.max_hops, 4U);
  EXPECT_EQ(sc.description, "");
  EXPECT_TRUE(sc.sites.empty());
  EXPECT_TRUE(sc.expectations.empty());
  ASSERT_EQ(sc.queues.size(), 1U);
  EXPECT_FALSE(sc.queues[0].site.has_value());
  EXPECT_FALSE(sc.queues[0].capacity.has_value());  // unlimited
  ASSERT_EQ(sc.call_types.size(), 1U);
  EXPECT_EQ(sc.call_types[0].priority, 0);
  EXPECT_FALSE(sc.call_types[0].patience.has_value());
  EXPECT_FALSE(sc.call_types[0].wrap_up.has_value());
}

TEST(LoaderValid, TargetWithinAlreadyAThresholdIsNotRepeated) {
  auto doc = nlohmann::json::parse(minimal_with_horizon(R"("8h")"));
  doc["service_level"] = {{"target", {{"within", "20s"}, {"at_least", 0.8}}}};
  const auto sc = load_scenario_text(doc.dump(), "minimal.json");
  EXPECT_EQ(sc.thresholds_s, (std::vector<double>{10.0, 20.0, 30.0, 60.0}));
}

TEST(LoaderValid, DidYouMeanSuggestsOnlyCloseNames) {
  const std::vector<std::string> keys = {"horizon", "warmup", "interval", "replications"};
  EXPECT_EQ(did_you_mean("horizn", keys), "horizon");
  EXPECT_EQ(did_you_mean("replication", keys), "replications");
  EXPECT_EQ(did_you_mean("colour", keys), "");
  EXPECT_EQ(did_you_mean("x", {}), "");
}

// --- condition kinds (the table in sim/model/conditions.hpp) ----------------------------------

// The full scenario with one overflow rule on queue main, when `when` (JSON) holds.
std::vector<std::string> messages_with_rule(const std::string& when) {
  return messages_of(full_scenario, "full.json",
                     {parse_override(R"(/queues/0/overflow=[{"when": )" + when + R"(, "to": "backup_q"}])")});
}

model::Scenario with_rule(const std::string& when) {
  return load_scenario_text(full_scenario, "full.json",
                            {parse_override(R"(/queues/0/overflow=[{"when": )" + when + R"(, "to": "backup_q"}])")});
}

// A body the loader accepts for a kind of each value type.
std::string sample_body(model::ConditionValue value) {
  using model::ConditionValue;
  switch (value) {
    case ConditionValue::Callers:
    case ConditionValue::Agents: return R"({"at_least": 2})";
    case ConditionValue::Seconds: return R"({"at_least": "30s"})";
    case ConditionValue::Share: return R"({"at_most": 0.5})";
    case ConditionValue::SiteState: return "true";
    case ConditionValue::Timer: return R"("1m")";
    case ConditionValue::Combinator: return R"([{"queue_length": {"at_least": 1}}])";
  }
  return "null";
}

TEST(LoaderConditions, EveryKindOfTheTableLoadsByItsName) {
  for (const auto& row : model::kConditionKinds) {
    const std::string name(row.name);
    SCOPED_TRACE(name);
    const auto sc = with_rule("{\"" + name + "\": " + sample_body(row.value) + "}");
    ASSERT_EQ(sc.queues[0].overflow.size(), 1U);
    const auto& when = sc.queues[0].overflow[0].when;
    EXPECT_EQ(when.kind, row.kind);
    EXPECT_EQ(when.text.rfind(name, 0), 0U) << when.text;
  }
}

TEST(LoaderConditions, LevelsAreReadAsTheKindsValueType) {
  const std::string p = "full.json: /queues/0/overflow/0/when/";
  const auto negative = [&](const char* kind) {
    return messages_with_rule(std::string(R"({")") + kind + R"(": {"at_least": -1}})");
  };
  EXPECT_EQ(negative("queue_length"),
            std::vector<std::string>{p + "queue_length/at_least: -1 is out of range for a number of callers (must "
                                         "be between 0 and 1e+09)"});
  EXPECT_EQ(negative("available_agents"),
            std::vector<std::string>{p + "available_agents/at_least: -1 is out of range for a number of agents "
                                         "(must be between 0 and 1e+09)"});
  EXPECT_EQ(negative("occupancy"), std::vector<std::string>{p + "occupancy/at_least: -1 is out of range for a "
                                                                "share (must be between 0 and 1)"});
  EXPECT_EQ(negative("longest_wait"),
            std::vector<std::string>{p + "longest_wait/at_least: -1 is not a valid duration (must be >= 0)"});
  // Levels in seconds are written back as durations, the others as numbers.
  EXPECT_EQ(with_rule(R"({"expected_wait": {"at_least": 90, "until_below": "1m"}})").queues[0].overflow[0].when.text,
            "expected_wait at_least 1.5m until_below 1m");
  EXPECT_EQ(with_rule(R"({"occupancy": {"at_least": 0.9, "until_below": 0.75}})").queues[0].overflow[0].when.text,
            "occupancy at_least 0.9 until_below 0.75");
}

TEST(LoaderConditions, MessagesListAndSuggestTheTablesNames) {
  std::string kinds;
  for (const auto& name : model::condition_names()) kinds += (kinds.empty() ? "" : ", ") + name;
  EXPECT_EQ(messages_with_rule("[]"),
            std::vector<std::string>{"full.json: /queues/0/overflow/0/when: expected one "
                                     "condition, an object with one key (" +
                                     kinds + "); combine several with \"all\" or \"any\"; got []"});
  EXPECT_EQ(messages_with_rule(R"({"occupncy": {"at_least": 1}})"),
            std::vector<std::string>{"full.json: /queues/0/overflow/0/when/occupncy: unknown key \"occupncy\" (did "
                                     "you mean \"occupancy\"?)"});
}

// --- --set overrides -----------------------------------------------------------------------

TEST(LoaderOverride, ParseSplitsAtTheFirstEquals) {
  const auto o = parse_override("/queues/0/capacity=30");
  EXPECT_EQ(o.pointer, "/queues/0/capacity");
  EXPECT_EQ(o.value, "30");
  const auto eq = parse_override("/description=a=b");
  EXPECT_EQ(eq.pointer, "/description");
  EXPECT_EQ(eq.value, "a=b");
  EXPECT_EQ(parse_override("/name=").value, "");
}

TEST(LoaderOverride, ParseRejectsTextWithoutPointer) {
  for (const char* bad : {"nothing", "=30", ""}) {
    try {
      (void)parse_override(bad);
      FAIL() << "no error for " << bad;
    } catch (const InputError& e) {
      EXPECT_EQ(e.messages(), std::vector<std::string>{std::string("--set ") + bad +
                                                       ": expected PTR=VALUE, e.g. --set /queues/0/capacity=30"});
    }
  }
}

TEST(LoaderOverride, ValuesAreJsonOrElseStrings) {
  const auto sc = load_scenario_text(
      full_scenario, "full.json",
      {parse_override("/horizon=4h"),              // not JSON: a string
       parse_override("/interval=\"30m\""),        // a JSON string
       parse_override("/replications=3"),          // a JSON number
       parse_override("/name=Full, shorter day"),  // not JSON
       parse_override("/call_types/1/arrivals/poisson/per_hour=100"), parse_override("/agent_groups/1/agents=7")});
  EXPECT_EQ(sc.horizon_s, 14400.0);
  EXPECT_EQ(sc.interval_s, 1800.0);
  EXPECT_EQ(sc.replications, 3U);
  EXPECT_EQ(sc.name, "Full, shorter day");
  EXPECT_EQ(sc.call_types[1].arrivals.per_second, (std::vector<double>{100.0 / 3600.0}));
  EXPECT_EQ(sc.agent_groups[1].agents, (std::vector<std::uint32_t>{7}));
}

TEST(LoaderOverride, PointerIntoAList) {
  const auto sc = load_scenario_text(
      full_scenario, "full.json",
      {parse_override("/call_types/1/arrivals/poisson/per_hour/2=720"), parse_override("/agent_groups/1/serves/0=main"),
       parse_override("/agent_groups/1/serves/1={\"queue\": \"backup_q\", \"after\": \"2m\"}")});
  EXPECT_DOUBLE_EQ(sc.call_types[1].arrivals.per_second[2], 0.2);
  EXPECT_DOUBLE_EQ(sc.call_types[1].arrivals.per_second[1], 520.0 / 3600.0);
  const auto& serves = sc.agent_groups[1].serves;
  ASSERT_EQ(serves.size(), 2U);
  EXPECT_EQ(serves[0].queue, model::Id{0});
  EXPECT_EQ(serves[1].queue, model::Id{1});
  EXPECT_EQ(serves[1].after_s, 120.0);
}

TEST(LoaderOverride, SetsAMissingKeyInAnExistingObject) {
  const auto sc = load_scenario_text(
      full_scenario, "full.json",
      {parse_override("/queues/1/capacity=5"), parse_override("/call_types/1/patience={\"constant\": \"2m\"}")});
  EXPECT_EQ(sc.queues[1].capacity, 5U);
  ASSERT_TRUE(sc.call_types[1].patience.has_value());
  EXPECT_EQ(sc.call_types[1].patience->mean(), 120.0);
}

TEST(LoaderOverride, BadPlacesAreReportedTogether) {
  const auto got = messages_of(
      full_scenario, "full.json",
      {parse_override("/queues/0/limits/max=3"), parse_override("/queues/7=3"), parse_override("/horizon/x=1"),
       parse_override("horizon=4h"), parse_override("/a~2=1"), parse_override("/queues/0/capacity=40")});
  EXPECT_EQ(
      got, (std::vector<std::string>{
               "full.json: --set /queues/0/limits/max: no such place in the scenario (/queues/0/limits does not exist)",
               "full.json: --set /queues/7: no such list entry (/queues has entries 0 to 1)",
               "full.json: --set /horizon/x: /horizon is not an object or list",
               "full.json: --set horizon: not a valid JSON pointer (JSON pointer must be empty or begin with '/' - "
               "was: 'horizon'); write it like /queues/0/capacity",
               "full.json: --set /a~2: not a valid JSON pointer (escape character '~' must be followed with '0' "
               "or '1'); write it like /queues/0/capacity"}));
}

TEST(LoaderOverride, WholeScenarioCannotBeReplaced) {
  EXPECT_EQ(messages_of(full_scenario, "full.json", {Override{"", "{}"}}),
            std::vector<std::string>{"full.json: --set : cannot replace the whole scenario"});
}

TEST(LoaderOverride, HugeListIndexIsAnInputError) {
  EXPECT_EQ(messages_of(full_scenario, "full.json", {parse_override("/queues/99999999999999999999999=1")}),
            std::vector<std::string>{
                "full.json: --set /queues/99999999999999999999999: no such list entry (/queues has entries 0 to 1)"});
}

TEST(LoaderOverride, OverriddenValuesAreValidatedWithTheirPointer) {
  EXPECT_EQ(
      messages_of(full_scenario, "full.json",
                  {parse_override("/replications=0"), parse_override("/queues/0/capacity=-2"),
                   parse_override("/horizon=1e999"), parse_override("/interval=\xff")}),
      (std::vector<std::string>{
          "full.json: /horizon: \"1e999\" is not a valid duration (write seconds as a number, or a number with a "
          "unit ms, s, m, h or d: \"90s\", \"2.5m\", \"8h\")",
          "full.json: /interval: \"\xEF\xBF\xBD\" is not a valid duration (write seconds as a number, or a number "
          "with a unit ms, s, m, h or d: \"90s\", \"2.5m\", \"8h\")",
          "full.json: /replications: 0 is out of range for replications (must be between 1 and 1000000)",
          "full.json: /queues/0/capacity: -2 is out of range for queue capacity (must be between 0 and 100000000)"}));
}

}  // namespace
}  // namespace ccsim::scenario
