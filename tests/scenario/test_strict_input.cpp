// Strict input (robustness issue): duplicate keys, NUL bytes, names with control characters
// or of 100,000 characters, thresholds that differ past six digits, and the grid and budget
// limits of the planning layer.
#include "analysis/estimators/summary.hpp"
#include "plan/budget.hpp"
#include "plan/sweep_grid.hpp"
#include "sim/error.hpp"
#include "sim/scenario/loader.hpp"

#include <gtest/gtest.h>

#include <string>

namespace ccsim {
namespace {

std::string scenario_with(const std::string& group_name, const std::string& extra = "") {
  return R"({ "name": "s", "horizon": "1h", )" + extra + R"(
  "call_types": [ { "name": "c", "enters": "q", "arrivals": { "poisson": { "per_hour": 60 } },
                    "handle_time": { "exponential": { "mean": "2m" } } } ],
  "queues": [ { "name": "q" } ],
  "agent_groups": [ { "name": )" +
         group_name + R"(, "agents": 3, "serves": ["q"] } ] })";
}

std::string error_of(const std::string& text) {
  try {
    (void)scenario::load_scenario_text(text, "t.json");
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

TEST(StrictInput, TheBaseScenarioLoads) { EXPECT_EQ(error_of(scenario_with("\"g\"")), ""); }

TEST(StrictInput, DuplicateKeysAreRejectedWithTheirLines) {
  const std::string text = "{\n \"name\": \"a\",\n \"x\": {\"k\": 1,\n  \"k\": 2}, \"name\": \"b\"}";
  try {
    (void)scenario::load_scenario_text(text, "t.json");
    FAIL();
  } catch (const InputError& e) {
    ASSERT_EQ(e.messages().size(), 2u);
    EXPECT_EQ(e.messages()[0],
              "t.json: /x/k: duplicate key \"k\" at line 4 (first at line 3; JSON objects take each key once)");
    EXPECT_EQ(e.messages()[1],
              "t.json: /name: duplicate key \"name\" at line 4 (first at line 2; JSON objects take each key once)");
  }
  // The same key in different objects, and escaped spellings of different keys, are fine.
  EXPECT_EQ(error_of(scenario_with("\"g\"", R"("description": "{\"name\": 1, \"name\": 2}",)")), "");
}

TEST(StrictInput, EscapedSpellingsOfOneKeyAreTheSameKey) {
  EXPECT_NE(error_of(R"({"name": "a", "n\u0061me": "b"})").find("duplicate key \"name\""), std::string::npos);
}

TEST(StrictInput, BytesAfterANulAreNotIgnored) {
  std::string text = scenario_with("\"g\"");
  text += std::string(1, '\0') + "garbage";
  EXPECT_EQ(error_of(text).rfind("t.json:5:", 0), 0u) << error_of(text);
  EXPECT_NE(error_of(text).find("NUL byte"), std::string::npos);
}

TEST(StrictInput, NamesWithoutControlCharactersAndOfBoundedLength) {
  EXPECT_NE(error_of(scenario_with(R"("\u001b[31mred")")).find("/agent_groups/0/name: a name must not hold control"),
            std::string::npos);
  EXPECT_NE(error_of(scenario_with(R"("a\u0085b")")).find("control characters"), std::string::npos);  // C1 (NEL)
  EXPECT_NE(error_of(scenario_with("\"" + std::string(201, 'a') + "\"")).find("at most 200 characters, got 201"),
            std::string::npos);
  EXPECT_EQ(error_of(scenario_with("\"" + std::string(200, 'a') + "\"")), "");
  EXPECT_EQ(error_of(scenario_with("\"équipe ±\"")), "");  // UTF-8 names stay welcome
}

TEST(StrictInput, ThresholdsDifferingPastSixDigitsGetDistinctKeys) {
  EXPECT_EQ(analysis::Summary::threshold_key(20.0), "20");
  EXPECT_EQ(analysis::Summary::threshold_key(2.5), "2.5");
  EXPECT_EQ(analysis::Summary::threshold_key(20.0000000001), "20.0000000001");
  EXPECT_EQ(analysis::Summary::threshold_key(0.25), "0.25");
}

TEST(StrictInput, GridsTooLargeToListAreRefusedBeforeListing) {
  EXPECT_THROW((void)plan::parse_grid({"/a=1..10000", "/b=1..10000"}), InputError);
  EXPECT_EQ(plan::parse_grid({"/a=1..1000", "/b=1..100"}).points.size(), 100000u);
}

TEST(StrictInput, TheBudgetRefusesWithTheEstimate) {
  const auto sc = scenario::load_scenario_text(scenario_with("\"g\""), "t.json");
  const auto one = plan::estimate_work(sc, 1, 10, 1);
  EXPECT_DOUBLE_EQ(one.calls, 600.0);  // 60 calls/h for 1 h, 10 replications
  EXPECT_GT(one.memory_bytes, 1e6);
  EXPECT_LT(one.memory_bytes, 1e8);
  plan::Limits limits;
  EXPECT_NO_THROW(plan::check_budget(one, limits, "t.json"));
  limits.max_calls = 599.0;
  try {
    plan::check_budget(one, limits, "t.json");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("t.json: about 600 calls and "), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("exceeds the work limit of 599 calls (--max-calls"), std::string::npos);
  }
  const auto grid = plan::estimate_work(sc, 1000000, 10, 2);
  EXPECT_DOUBLE_EQ(grid.calls, 6e8);
  plan::Limits memory;
  memory.max_memory_bytes = plan::parse_bytes("8G", "--max-memory");
  EXPECT_DOUBLE_EQ(memory.max_memory_bytes, 8.0 * (1 << 30));
  EXPECT_THROW(plan::check_budget(grid, memory, "t.json"), InputError);
  EXPECT_THROW((void)plan::parse_bytes("8Q", "--max-memory"), InputError);
  EXPECT_THROW((void)plan::parse_bytes("nan", "--max-memory"), InputError);
}

}  // namespace
}  // namespace ccsim
