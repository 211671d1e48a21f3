// `trace` arrivals: the same callers in every replication, their own handle times and
// patience replayed, errors naming file, line and column.
#include "plan/simulation.hpp"
#include "sim/error.hpp"
#include "sim/scenario/loader.hpp"
#include "tests/support/cli_fixture.hpp"

#include <gtest/gtest.h>

namespace {

class Trace : public ccsim::testing::CliTest {
protected:
  std::string scenario(const std::string& csv, const std::string& handle = R"({"exponential": {"mean": 1000}})") {
    write("day.csv", csv);
    return write("sc.json", R"({"name": "t", "horizon": "1h", "interval": "30m", "replications": 3,
      "queues": [{"name": "q"}],
      "call_types": [{"name": "c", "enters": "q", "arrivals": {"trace": {"file": "day.csv", "column": "arrival"}},
                      "handle_time": )" +
                                handle + R"(, "patience": {"exponential": {"mean": 30}}}],
      "agent_groups": [{"name": "g", "agents": 1, "serves": ["q"]}]})");
  }
  static double mean(const ccsim::plan::Simulation& s, const std::string& metric, int interval = -1) {
    return s.summary().estimate({"totals", "", interval, metric}).mean.value_or(-1.0);
  }
};

TEST_F(Trace, EveryReplicationReplaysTheSameArrivalsAndTheirOwnValues) {
  // Two callers 100 s apart, each handled 50 s (their own), patience known: nobody waits.
  const auto path = scenario("arrival,handle_time,patience\n0,50,5\n100,50,5\n3000,50,\n3600,1,1\n");
  ccsim::plan::Progress quiet;
  const auto sim = ccsim::plan::simulate(ccsim::scenario::load_scenario_file(path), 1, std::nullopt, quiet);
  for (double offered : sim->summary().values({"totals", "", -1, "offered"}))
    EXPECT_EQ(offered, 3.0);  // 3600 s is past the horizon
  EXPECT_EQ(mean(*sim, "offered", 0), 2.0);
  EXPECT_EQ(mean(*sim, "asa"), 0.0);
  EXPECT_EQ(mean(*sim, "answered"), 3.0);
}

TEST_F(Trace, AnsweredCallersKeepPatienceAboveTheirObservedWait) {
  // One agent busy 1000 s with the first caller; the second, seen to survive a 500 s wait,
  // never abandons before 500 s although patience has a 30 s mean.
  const auto path = scenario("arrival,handle_time,wait\n0,1000,0\n1,10,500\n", R"({"constant": 1000})");
  ccsim::plan::Progress quiet;
  auto sc = ccsim::scenario::load_scenario_file(path);
  sc.replications = 20;
  const auto sim = ccsim::plan::simulate(std::move(sc), 1, std::nullopt, quiet);
  for (double w : sim->summary().values({"totals", "", -1, "mean_wait"})) EXPECT_GE(w * 2, 500.0 - 1e-9);
}

TEST_F(Trace, BadTraceNamesFileLineAndColumn) {
  const auto path = scenario("arrival\n10\n5\n");
  try {
    (void)ccsim::scenario::load_scenario_file(path);
    FAIL() << "no error";
  } catch (const ccsim::InputError& e) {
    EXPECT_EQ(std::string(e.what()), path + ": /call_types/0/arrivals/trace/file: " + (dir_ / "day.csv").string() +
                                         ":3: column arrival: arrival times must be in ascending order");
  }
  const auto other = scenario("arrival,handle_time\n10,-3\n");
  EXPECT_THROW((void)ccsim::scenario::load_scenario_file(other), ccsim::InputError);
}

}  // namespace
