// `ccsim optimize staffing` and `ccsim optimize routing` end to end: bad input (exit 2 with
// the pointer), infeasible targets within --max-agents (exit 1), the routing choice on a grid
// whose best point is clear, with fewer replications than the grid.
#include "tests/support/cli_fixture.hpp"

#include <nlohmann/json.hpp>

namespace ccsim::testing {
namespace {

// One queue, M/M/n+M: by default three intervals of 2 h.
std::string one_queue(const std::string& expectations, const std::string& group_extra = "",
                      const std::string& interval = "2h", const std::string& per_hour = "120, 240, 60") {
  return R"({"name": "one queue", "horizon": "6h", "interval": ")" + interval + R"(", "replications": 8,
    "call_types": [{"name": "calls", "enters": "q", "arrivals": {"poisson": {"per_hour": [)" +
         per_hour + R"(]}},
                    "handle_time": {"exponential": {"mean": "3m"}}, "patience": {"exponential": {"mean": "5m"}}}],
    "queues": [{"name": "q"}],
    "agent_groups": [{"name": "a", "agents": 5, "serves": ["q"])" +
         group_extra + R"(}, {"name": "b", "agents": 1, "serves": ["q"]}],
    "expectations": )" +
         expectations + "}";
}

const std::string kSl = R"([{"metric": "service_level", "within": "20s", "at_least": 0.8}])";

class OptimizeCli : public CliTest {};

TEST_F(OptimizeCli, AScenarioWithoutExpectationsIsBadInput) {
  const auto path = write("s.json", one_queue("[]"));
  const auto o = ccsim("optimize staffing " + quoted(path));
  EXPECT_EQ(o.exit_code, 2);
  ASSERT_FALSE(o.err_lines.empty());
  EXPECT_NE(o.err.find(path + ": /expectations: optimize staffing needs expectations"), std::string::npos) << o.err;
}

TEST_F(OptimizeCli, ContradictoryBoundsAndMissingCostsAreBadInput) {
  const auto path =
      write("s.json", one_queue(R"([{"metric": "abandon_rate", "at_least": 0.2, "at_most": 0.1}])", R"(, "cost": 30)"));
  const auto o = ccsim("optimize staffing " + quoted(path));
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_NE(o.err.find(path + ": /expectations/0: no staffing can meet it: at_least is above at_most"),
            std::string::npos)
      << o.err;
  EXPECT_NE(o.err.find(path + ": /agent_groups/1: no \"cost\""), std::string::npos) << o.err;
  const auto g = ccsim("optimize staffing " + quoted(write("t.json", one_queue(kSl))) + " --groups nobody");
  EXPECT_EQ(g.exit_code, 2);
  EXPECT_NE(g.err.find("--groups nobody: no agent group of that name"), std::string::npos) << g.err;
}

TEST_F(OptimizeCli, InfeasibleWithinMaxAgentsExitsOneWithTheBestFound) {
  const auto path = write("s.json", one_queue(R"([{"metric": "service_level", "within": "0s", "at_least": 0.99}])"));
  const auto o = ccsim("optimize staffing " + quoted(path) + " --max-agents 6 --groups a --json " +
                       quoted((dir_ / "o.json").string()));
  EXPECT_EQ(o.exit_code, 1) << o.err;
  EXPECT_NE(o.out.find("NOT every constraint met (best found)"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("FAIL"), std::string::npos) << o.out;
  const auto doc = nlohmann::json::parse(read(dir_ / "o.json"));
  EXPECT_FALSE(doc["feasible"].get<bool>());
  for (const auto& n : doc["staffing"]["a"]) EXPECT_EQ(n.get<int>(), 6);  // everything it may add
}

TEST_F(OptimizeCli, StaffingJsonHasTheDocumentedShape) {
  const auto path = write("s.json", one_queue(kSl));
  const auto o = ccsim("optimize staffing " + quoted(path) + " --threads 2 --json -");
  ASSERT_EQ(o.exit_code, 0) << o.err;
  const auto doc = nlohmann::json::parse(o.out);
  ASSERT_EQ(doc["staffing"]["a"].size(), 3u);
  ASSERT_EQ(doc["staffing"]["b"].size(), 3u);
  EXPECT_TRUE(doc["feasible"].get<bool>());
  EXPECT_LE(doc["cost"].get<double>(), doc["start"]["cost"].get<double>());
  EXPECT_EQ(doc["iterations"][0]["move"], "start");
  EXPECT_TRUE(doc["verification"].contains("expectations"));
  EXPECT_EQ(doc["verification"]["seed"], 2);  // the scenario's seed (1) + 1
  // One constraint for the whole run and one per interval; each with both runs' figures.
  ASSERT_EQ(doc["constraints"].size(), 4u);
  for (const auto& c : doc["constraints"]) {
    EXPECT_TRUE(c["search"]["met"].get<bool>());
    EXPECT_TRUE(c["verification"].contains("ci95"));
  }
  // Same input, same bytes; the thread count changes nothing.
  EXPECT_EQ(ccsim("optimize staffing " + quoted(path) + " --threads 1 --json -").out, o.out);
  // The HTML report: self-contained, with the staffing chart, the constraints and the search path.
  const auto report = (dir_ / "r.html").string();
  ASSERT_EQ(ccsim("optimize staffing " + quoted(path) + " --threads 2 --quiet --report " + quoted(report)).exit_code,
            0);
  const auto html = read(report);
  for (const char* part : {"<svg", "Staffing over the day", "Binding constraints", "Search path", "binds"}) {
    EXPECT_NE(html.find(part), std::string::npos) << part;
  }
  EXPECT_EQ(html.find("<script src"), std::string::npos);
}

TEST_F(OptimizeCli, ShiftsCoverTheAnswerAndTheScenarioWrittenRuns) {
  // Hourly intervals, a rate that peaks mid-day.
  const auto path = write("s.json", one_queue(kSl, "", "1h", "60, 120, 240, 240, 120, 60"));
  // 4-hour shifts from 0h and 2h with a 30-minute break in their middle hours, and 2 hours at the end.
  const auto shifts = write("shifts.json", R"({"templates": [
    {"name": "early", "start": "0h", "length": "4h", "breaks": [{"from": "1h", "to": "2h", "for": "30m"}],
     "groups": ["a"]},
    {"name": "late", "start": "2h", "length": "4h", "breaks": [{"from": "3h", "to": "4h", "for": "30m"}],
     "groups": ["a"]},
    {"name": "short", "start": "4h", "length": "2h", "cost": 1.5, "groups": ["a"]}]})");
  const auto out = (dir_ / "planned.json").string();
  const auto o = ccsim("optimize staffing " + quoted(path) + " --groups a --threads 2 --shifts " + quoted(shifts) +
                       " -o " + quoted(out) + " --json " + quoted((dir_ / "o.json").string()));
  ASSERT_EQ(o.exit_code, 0) << o.err << o.out;
  const auto doc = nlohmann::json::parse(read(dir_ / "o.json"));
  ASSERT_TRUE(doc.contains("shifts"));
  EXPECT_TRUE(doc["shifts"]["feasible"].get<bool>());
  for (std::size_t i = 0; i < 6; ++i) {
    EXPECT_GE(doc["shifts"]["requirement"]["a"][i].get<int>(), doc["staffing"]["a"][i].get<int>()) << i;
  }
  const auto planned = nlohmann::json::parse(read(out));
  EXPECT_TRUE(planned["agent_groups"][0]["agents"].contains("shifts"));
  const auto run = ccsim("check " + quoted(out) + " --replications 4");
  EXPECT_EQ(run.exit_code, 0) << run.err << run.out;
}

TEST_F(OptimizeCli, ShiftTemplatesThatCannotCoverAnIntervalAreBadInput) {
  const auto path = write("s.json", one_queue(kSl));
  const auto shifts = write("shifts.json", R"({"templates": [{"name": "early", "start": "0h", "length": "4h"}]})");
  const auto o = ccsim("optimize staffing " + quoted(path) + " --groups a --shifts " + quoted(shifts));
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_NE(o.err.find(shifts + ": /templates: no template of group a covers the interval from 4h"), std::string::npos)
      << o.err;
  const auto bad = write("bad.json", R"({"templates": [{"name": "x", "start": "10m", "length": "4h"}]})");
  const auto b = ccsim("optimize staffing " + quoted(path) + " --groups a --shifts " + quoted(bad));
  EXPECT_EQ(b.exit_code, 2);
  EXPECT_NE(b.err.find(bad + ": /templates/0/start: must fall on an interval boundary"), std::string::npos) << b.err;
}

TEST_F(OptimizeCli, RoutingPicksTheClearlyBestPointWithFewerReplicationsThanTheGrid) {
  const auto path = write("s.json", one_queue(kSl));
  // The second group's size: 0, 2 or 6 agents more; 6 is clearly best for service level.
  const auto o = ccsim("optimize routing " + quoted(path) +
                       " --vary /agent_groups/1/agents=0,2,6 --maximize service_level/20 --threads 2 --json -");
  ASSERT_EQ(o.exit_code, 0) << o.err;
  const auto doc = nlohmann::json::parse(o.out);
  EXPECT_EQ(doc["selected"], 2);
  EXPECT_TRUE(doc["decided"].get<bool>());
  EXPECT_LT(doc["replications"]["spent"].get<int>(), doc["replications"]["grid_same_guarantee"].get<int>());
  const auto t = ccsim("optimize routing " + quoted(path) +
                       " --vary /agent_groups/1/agents=0,2,6 --maximize service_level/20 --threads 2");
  EXPECT_NE(t.out.find("SELECTED"), std::string::npos) << t.out;
  EXPECT_NE(t.out.find("P(correct selection) >= 0.95"), std::string::npos) << t.out;
  // The HTML report: the objective per point with the selected one, the search path; --json
  // and --report appear together.
  const auto report = (dir_ / "routing.html").string();
  const auto json = (dir_ / "routing.json").string();
  ASSERT_EQ(ccsim("optimize routing " + quoted(path) + " --vary /agent_groups/1/agents=0,2,6 --maximize " +
                  "service_level/20 --threads 2 --quiet --json " + quoted(json) + " --report " + quoted(report))
                .exit_code,
            0);
  const auto html = read(report);
  for (const char* part : {"<svg", "Objective at each point", "Search path", "Selected: #3 (6)", "screened out after",
                           "service_level/20 at each point (maximize)"}) {
    EXPECT_NE(html.find(part), std::string::npos) << part;
  }
  EXPECT_EQ(html.find("<script src"), std::string::npos);
  EXPECT_EQ(nlohmann::json::parse(read(json))["scenario"], path);
  // An output that cannot be written fails before any simulation, and leaves nothing behind.
  const auto json2 = (dir_ / "routing2.json").string();
  const auto bad =
      ccsim("optimize routing " + quoted(path) + " --vary /agent_groups/1/agents=0,2,6 --maximize " +
            "service_level/20 --json " + quoted(json2) + " --report " + quoted((dir_ / "missing" / "r.html").string()));
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("--report"), std::string::npos) << bad.err;
  EXPECT_EQ(bad.err.find("replication"), std::string::npos) << bad.err;  // no progress: nothing ran
  EXPECT_FALSE(std::filesystem::exists(json2));
}

TEST_F(OptimizeCli, RoutingConstraintsAndBadMetrics) {
  const auto path = write("s.json", one_queue(kSl));
  // The least busy second group is the largest, but only 1 or 2 agents more are allowed by a
  // cap on service level (too many agents would overshoot it); KN must pick 2 and confirm it.
  const auto o = ccsim("optimize routing " + quoted(path) +
                       " --vary /agent_groups/1/agents=1,2,12 --minimize agent_groups/b/occupancy"
                       " --subject-to 'service_level/20<=0.9' --threads 2 --json -");
  ASSERT_EQ(o.exit_code, 0) << o.err;
  const auto doc = nlohmann::json::parse(o.out);
  EXPECT_EQ(doc["points"][2]["feasible"], "no");
  EXPECT_EQ(doc["selected"], 1);
  EXPECT_EQ(doc["points"][1]["feasible"], "yes");
  const auto undefined = ccsim("optimize routing " + quoted(path) +
                               " --vary /agent_groups/1/agents=0,1 --minimize agent_groups/b/occupancy");
  EXPECT_EQ(undefined.exit_code, 2);
  EXPECT_NE(undefined.err.find("undefined in replication 0 of point 1 (/agent_groups/1/agents=0)"), std::string::npos)
      << undefined.err;
  const auto bad = ccsim("optimize routing " + quoted(path) + " --vary /agent_groups/1/agents=0,6 --maximize nonsense");
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("nonsense: no such figure"), std::string::npos) << bad.err;
  const auto both = ccsim("optimize routing " + quoted(path) + " --vary /agent_groups/1/agents=0,6");
  EXPECT_EQ(both.exit_code, 2);
  const auto st = ccsim("optimize routing " + quoted(path) +
                        " --vary /agent_groups/1/agents=0,6 --maximize service_level/20 --subject-to abandon");
  EXPECT_EQ(st.exit_code, 2);
  EXPECT_NE(st.err.find("expected METRIC<=X or METRIC>=X"), std::string::npos) << st.err;
}

}  // namespace
}  // namespace ccsim::testing
