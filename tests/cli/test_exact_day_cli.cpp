// `ccsim exact` on a changing day and on absence, end to end: the stored reference figures of
// tests/data/*_exact.json (used by tests/validation/test_day_validation.cpp) are what the
// binary gives, every number to 1e-9 (CCSIM_WRITE_REFERENCE=1 rewrites them); the table shows
// the day per interval; a day it does not solve is refused with the pointer and why.
#include "tests/support/cli_fixture.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <string>

namespace ccsim {
namespace {

using nlohmann::json;

class ExactDayCli : public ccsim::testing::CliTest {
protected:
  static std::string data(const std::string& name) { return std::string(CCSIM_TEST_DATA_DIR) + "/" + name; }

  // Every number of `stored` within 1e-9 (relative) of `got`, every other value equal.
  static void same(const json& got, const json& stored, const std::string& where) {
    if (got.is_number() && stored.is_number()) {
      const double b = stored.get<double>();
      EXPECT_NEAR(got.get<double>(), b, 1e-9 * std::max(1.0, std::abs(b))) << where;
    } else if (stored.is_object() && got.is_object()) {
      EXPECT_EQ(got.size(), stored.size()) << where;
      for (const auto& [k, v] : stored.items()) {
        if (k == "ccsim_version") continue;
        ASSERT_TRUE(got.contains(k)) << where << "/" << k;
        same(got[k], v, where + "/" + k);
      }
    } else if (stored.is_array() && got.is_array() && got.size() == stored.size()) {
      for (std::size_t i = 0; i < stored.size(); ++i) same(got[i], stored[i], where + "/" + std::to_string(i));
    } else {
      EXPECT_EQ(got, stored) << where;
    }
  }

  void reproduces(const std::string& scenario, const std::string& reference) const {
    const auto o = ccsim("exact " + quoted(data(scenario)) + " --json -");
    ASSERT_EQ(o.exit_code, 0) << o.err;
    const json got = json::parse(o.out);
    if (std::getenv("CCSIM_WRITE_REFERENCE") != nullptr) std::ofstream(data(reference)) << got.dump(2) << "\n";
    same(got, json::parse(read(data(reference))), reference);
  }
};

// The transient solutions take seconds each (minutes in the -O0 sanitizer build, which runs
// the unit label only): these two are in the validation label.
class ExactDayCliValidation : public ExactDayCli {};

TEST_F(ExactDayCliValidation, ReproducesTheStoredDayFigures) {
  reproduces("day_initial_state.json", "day_initial_state_exact.json");
  reproduces("day_shift_break.json", "day_shift_break_exact.json");
  reproduces("absence_constant.json", "absence_constant_exact.json");
}

TEST_F(ExactDayCliValidation, GivesTheDayPerIntervalInJsonAndTable) {
  const auto o = ccsim("exact " + quoted(data("day_shift_break.json")) + " --json -");
  ASSERT_EQ(o.exit_code, 0) << o.err;
  const json r = json::parse(o.out);
  ASSERT_EQ(r["intervals"].size(), 4U);
  for (const auto& iv : r["intervals"]) {
    EXPECT_EQ(iv["totals"]["service_level"]["20"]["ci95"].get<double>(), 0.0);
    EXPECT_TRUE(iv["queues"]["main"].contains("mean_queue_length"));
    EXPECT_TRUE(iv["agent_groups"]["team"].contains("agents_on_duty"));
    EXPECT_TRUE(iv["agent_groups"]["team"].contains("occupancy"));
  }
  // The break (40m10s to 50m10s, 8 of 12 agents off) shows in the second half-hour's staffing.
  const double on_duty = r["intervals"][1]["agent_groups"]["team"]["agents_on_duty"]["mean"].get<double>();
  EXPECT_LT(on_duty, 12.0);
  EXPECT_GT(on_duty, 12.0 - 8.0 * 600.0 / 1800.0);  // leavers finish their calls first
  const auto table = ccsim("exact " + quoted(data("day_shift_break.json")));
  ASSERT_EQ(table.exit_code, 0) << table.err;
  EXPECT_NE(table.out.find("exact transient solution"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("per interval"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("00:30"), std::string::npos) << table.out;
}

TEST_F(ExactDayCli, RefusesADayItDoesNotSolve) {
  const auto o =
      ccsim("exact " + quoted(data("day_shift_break.json")) + " --set '/call_types/0/wrap_up={\"constant\": \"10s\"}'");
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_NE(o.err.find("day_shift_break.json: /call_types/0/wrap_up: wrap-up time (constant); ccsim exact needs a "
                       "Markovian scenario"),
            std::string::npos)
      << o.err;
}

}  // namespace
}  // namespace ccsim
