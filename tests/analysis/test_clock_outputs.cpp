// Outputs of a scenario with `start` and `date`: clock times in the results JSON (`start`,
// `date`, `start_clock` per interval), the table (the day and outage times), intervals.csv
// (`interval_start`) and the HTML report's time axes and outage table. Without `start`,
// none of them appears.
#include "analysis/estimators/expectations.hpp"
#include "analysis/estimators/summary.hpp"
#include "analysis/reports/html_report.hpp"
#include "analysis/reports/results_csv.hpp"
#include "analysis/reports/results_json.hpp"
#include "analysis/reports/results_table.hpp"
#include "sim/model/runner.hpp"
#include "sim/scenario/loader.hpp"
#include "tests/support/files.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <sstream>
#include <string>

#include <unistd.h>

namespace ccsim {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

json morning(bool clock) {
  const json outage = {{"from", clock ? json("08:00") : json("1h")}, {"for", "30m"}};
  json sc = {{"name", "morning"},
             {"horizon", clock ? json("09:00") : json("2h")},
             {"interval", "30m"},
             {"replications", 3},
             {"sites", json::array({{{"name", "north"}, {"outages", json::array({outage})}}})},
             {"queues", {{{"name", "q"}, {"site", "north"}}}},
             {"call_types",
              {{{"name", "calls"},
                {"enters", "q"},
                {"arrivals", {{"poisson", {{"per_hour", 100}}}}},
                {"handle_time", {{"exponential", {{"mean", "4m"}}}}}}}},
             {"agent_groups", {{{"name", "agents"}, {"agents", 10}, {"serves", {"q"}}}}}};
  if (clock) {
    sc["start"] = "07:00";
    sc["date"] = "1999-08-24";
  }
  return sc;
}

struct Outputs {
  json results;
  std::string table, csv, html;
};

Outputs outputs(const json& scenario_json, const std::string& tag) {
  const auto sc = scenario::load_scenario_text(scenario_json.dump(), "morning.json");
  analysis::Summary summary(sc);
  model::run_replications(sc, 0, sc.replications, 1,
                          [&](std::uint32_t, model::ReplicationTally&& t) { summary.add(t); });
  const auto expectations = analysis::evaluate_expectations(summary);
  Outputs out;
  out.results = json::parse(analysis::results_json(summary, expectations, "test").dump());
  std::ostringstream table;
  analysis::write_table(table, summary, expectations);
  out.table = table.str();
  const fs::path dir = fs::temp_directory_path() / ("ccsim_clock_outputs_" + tag + std::to_string(::getpid()));
  fs::create_directories(dir);
  analysis::write_csv(dir.string(), summary);
  out.csv = testing::read_text(dir / "intervals.csv");
  analysis::write_run_report((dir / "report.html").string(), analysis::results_json(summary, expectations, "test"));
  out.html = testing::read_text(dir / "report.html");
  fs::remove_all(dir);
  return out;
}

TEST(ClockOutputs, ClockTimesWhereTheScenarioHasAStart) {
  const auto o = outputs(morning(true), "clock");
  EXPECT_EQ(o.results["start"], "07:00");
  EXPECT_EQ(o.results["date"], "1999-08-24");
  ASSERT_EQ(o.results["intervals"].size(), 4U);
  EXPECT_EQ(o.results["intervals"][0]["start_clock"], "07:00");
  EXPECT_EQ(o.results["intervals"][3]["start_clock"], "08:30");
  EXPECT_EQ(o.results["intervals"][3]["start_s"], 5400.0);
  EXPECT_NE(o.table.find("1999-08-24, 07:00 to 09:00\n"), std::string::npos) << o.table;
  EXPECT_NE(o.table.find("outage of north from 08:00 for 30 min"), std::string::npos) << o.table;
  EXPECT_EQ(o.csv.rfind("start_s,interval_start,scope,name,", 0), 0U) << o.csv;
  EXPECT_NE(o.csv.find("\n1800,07:30,totals,"), std::string::npos) << o.csv;
  EXPECT_NE(o.html.find("time of day"), std::string::npos);
  EXPECT_NE(o.html.find(">08:00</text>"), std::string::npos);   // a tick of the time axes
  EXPECT_NE(o.html.find("<td>08:00</td>"), std::string::npos);  // the outage table
  EXPECT_NE(o.html.find("1999-08-24 · from 07:00"), std::string::npos);
}

TEST(ClockOutputs, NoClockTimesWithoutAStart) {
  const auto o = outputs(morning(false), "plain");
  EXPECT_FALSE(o.results.contains("start"));
  EXPECT_FALSE(o.results.contains("date"));
  EXPECT_FALSE(o.results["intervals"][0].contains("start_clock"));
  EXPECT_NE(o.table.find("outage of north from 1 h for 30 min"), std::string::npos) << o.table;
  EXPECT_EQ(o.csv.rfind("start_s,scope,name,", 0), 0U) << o.csv;
  EXPECT_EQ(o.html.find("time of day"), std::string::npos);
}

// The same day written with clock times or with durations gives the same figures.
TEST(ClockOutputs, ClockTimesAreOnlyAnotherWayToWriteTimes) {
  auto a = outputs(morning(true), "a").results;
  auto b = outputs(morning(false), "b").results;
  a.erase("start");
  a.erase("date");
  for (auto& iv : a["intervals"]) iv.erase("start_clock");
  EXPECT_EQ(a.dump(), b.dump());
}

}  // namespace
}  // namespace ccsim
