// Clock times: `start` and `date` of time 0, and scenario times written as clock times
// ("10:30" = 10:30 - start). Parsing, the times they give, and errors with their pointer.
#include "sim/error.hpp"
#include "sim/model/clock.hpp"
#include "sim/scenario/duration.hpp"
#include "sim/scenario/loader.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace ccsim::scenario {
namespace {

using nlohmann::json;

json day(const json& extra) {
  json sc = {{"name", "clock"},
             {"horizon", "10h"},
             {"sites", {{{"name", "north"}}}},
             {"queues", {{{"name", "q"}, {"site", "north"}}}},
             {"call_types",
              {{{"name", "calls"},
                {"enters", "q"},
                {"arrivals", {{"poisson", {{"per_hour", 100}}}}},
                {"handle_time", {{"exponential", {{"mean", "4m"}}}}}}}},
             {"agent_groups", {{{"name", "agents"}, {"agents", 10}, {"serves", {"q"}}}}}};
  sc.update(extra);
  return sc;
}

std::vector<std::string> errors_of(const json& sc) {
  try {
    (void)load_scenario_text(sc.dump(), "day.json");
  } catch (const InputError& e) {
    return e.messages();
  }
  return {};
}

TEST(ClockTimes, ParsesClockTextsAndDates) {
  EXPECT_EQ(parse_clock("07:00"), 25200.0);
  EXPECT_EQ(parse_clock("7:05"), 25500.0);
  EXPECT_EQ(parse_clock("10:30:15"), 37815.0);
  EXPECT_EQ(parse_clock("25:00"), 90000.0);
  for (const char* bad : {"7", "7:5", "07:60", "07:00:60", ":30", "07:00:", "a7:00", "07h00", "-1:00", "07:00 "}) {
    EXPECT_EQ(parse_clock(bad), std::nullopt) << bad;
  }
  EXPECT_TRUE(valid_date("1999-08-24"));
  EXPECT_TRUE(valid_date("2000-02-29"));
  EXPECT_FALSE(valid_date("1900-02-29"));
  EXPECT_FALSE(valid_date("1999-02-30"));
  EXPECT_FALSE(valid_date("1999-8-24"));
  EXPECT_FALSE(valid_date("24/08/1999"));
}

TEST(ClockTimes, ClockTextCountsHoursPastMidnight) {
  EXPECT_EQ(model::clock_text(25200.0), "07:00");
  EXPECT_EQ(model::clock_text(25230.0), "07:00:30");
  EXPECT_EQ(model::clock_text(86400.0 + 1800.0), "24:30");
  EXPECT_EQ(model::clock_text(0.0), "00:00");
}

TEST(ClockTimes, TimesWrittenAsClockTimesAreFromTheStart) {
  const auto sc =
      load_scenario_text(day({{"start", "07:00"},
                              {"date", "1999-08-24"},
                              {"horizon", "17:00"},
                              {"warmup", "07:30"},
                              {"interval", "30m"},
                              {"sites", {{{"name", "north"}, {"outages", {{{"from", "10:15"}, {"for", "45m"}}}}}}}})
                             .dump(),
                         "day.json");
  ASSERT_TRUE(sc.start_clock_s.has_value());
  EXPECT_EQ(*sc.start_clock_s, 7 * 3600.0);
  EXPECT_EQ(sc.date, "1999-08-24");
  EXPECT_EQ(sc.horizon_s, 10 * 3600.0);
  EXPECT_EQ(sc.warmup_s, 1800.0);
  ASSERT_EQ(sc.sites[0].outages.size(), 1U);
  EXPECT_EQ(sc.sites[0].outages[0].from_s, 3 * 3600.0 + 900.0);
  // Durations stay durations: "3h" from time 0, whatever the start.
  const auto rel = load_scenario_text(day({{"start", "07:00"}, {"warmup", "30m"}}).dump(), "day.json");
  EXPECT_EQ(rel.warmup_s, 1800.0);
  // Without start, nothing changes.
  const auto plain = load_scenario_text(day(json::object()).dump(), "day.json");
  EXPECT_FALSE(plain.start_clock_s.has_value());
  EXPECT_FALSE(plain.date.has_value());
}

TEST(ClockTimes, ANightShiftRunsPastMidnight) {
  const auto sc = load_scenario_text(day({{"start", "22:00"}, {"horizon", "30:00"}}).dump(), "day.json");
  EXPECT_EQ(sc.horizon_s, 8 * 3600.0);
}

TEST(ClockTimes, ErrorsNameTheirPointer) {
  EXPECT_EQ(errors_of(day({{"start", "07:00"}, {"warmup", "06:30"}})),
            std::vector<std::string>{"day.json: /warmup: \"06:30\" is before the start (07:00); write a time of the "
                                     "next day as \"30:30\""});
  EXPECT_EQ(
      errors_of(day({{"warmup", "07:30"}})),
      std::vector<std::string>{"day.json: /warmup: \"07:30\" is a clock time, and the scenario has no valid \"start\" "
                               "(the clock time of time 0)"});
  EXPECT_EQ(errors_of(day({{"start", "24:00"}})),
            std::vector<std::string>{"day.json: /start: \"24:00\" is not a clock time from \"00:00\" to \"23:59\" "
                                     "(\"HH:MM\" or \"HH:MM:SS\")"});
  EXPECT_EQ(errors_of(day({{"start", "07:00"}, {"horizon", "07:00"}})),
            std::vector<std::string>{"day.json: /horizon: \"07:00\" must be a positive duration"});
}

}  // namespace
}  // namespace ccsim::scenario
