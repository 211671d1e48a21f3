// `ccsim compare` and analysis::compare_paired: a known winner is "better" with a CI that
// excludes 0, identical scenarios differ by exactly 0, --fail-if-worse gates, and pairing on
// common random numbers gives a narrower CI than independent runs of the same pair.
#include "analysis/estimators/compare.hpp"
#include "analysis/estimators/summary.hpp"
#include "sim/model/runner.hpp"
#include "sim/scenario/loader.hpp"

#include "tests/support/cli_fixture.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <sys/wait.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace ccsim {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

// 200 calls/h of 4 min (13.3 erlangs), patient callers; AGENTS agents. Two call types so that
// per-call-type rows are compared too.
std::string scenario_text(int agents) {
  std::string text = R"({
  "name": "compare test AGENTS agents", "horizon": "2h", "warmup": "10m", "interval": "1h",
  "replications": 8, "seed": 5,
  "service_level": { "thresholds": ["20s", "60s"], "target": { "within": "20s", "at_least": 0.8 } },
  "call_types": [ { "name": "gold", "priority": 5, "enters": "main",
                    "arrivals": { "poisson": { "per_hour": 60 } },
                    "handle_time": { "exponential": { "mean": "4m" } },
                    "patience": { "exponential": { "mean": "5m" } } },
                  { "name": "basic", "enters": "main",
                    "arrivals": { "poisson": { "per_hour": 140 } },
                    "handle_time": { "exponential": { "mean": "4m" } },
                    "patience": { "exponential": { "mean": "3m" } } } ],
  "queues": [ { "name": "main" } ],
  "agent_groups": [ { "name": "team", "agents": AGENTS, "serves": ["main"] } ]
}
)";
  for (auto pos = text.find("AGENTS"); pos != std::string::npos; pos = text.find("AGENTS")) {
    text.replace(pos, 6, std::to_string(agents));
  }
  return text;
}

using Outcome = ccsim::testing::CliOutcome;

class Compare : public ccsim::testing::CliTest {
protected:
  void SetUp() override {
    CliTest::SetUp();
    a_ = write("a.json", scenario_text(14));
    b_ = write("b.json", scenario_text(17));
  }

  static const Json& difference(const Json& doc, const std::string& metric) {
    for (const auto& d : doc["differences"]) {
      if (d["metric"] == metric) return d;
    }
    ADD_FAILURE() << "no metric " << metric;
    return doc;
  }

  std::string a_;
  std::string b_;
};

TEST_F(Compare, MoreAgentsIsBetterWithACiExcludingZero) {
  const auto o = ccsim("compare " + quoted(a_) + " " + quoted(b_) + " --json -");
  ASSERT_EQ(o.exit_code, 0) << o.err;
  EXPECT_EQ(o.err, "");
  const Json doc = Json::parse(o.out);
  EXPECT_EQ(doc["a"], "compare test 14 agents");
  EXPECT_EQ(doc["b"], "compare test 17 agents");
  EXPECT_EQ(doc["replications"], 8);
  EXPECT_EQ(doc["seed"], 5);
  for (const std::string metric : {"service_level/20", "service_level/60", "call_types/basic/service_level/20"}) {
    const auto& d = difference(doc, metric);
    EXPECT_EQ(d["verdict"], "better") << metric;
    EXPECT_EQ(d["better_if"], "higher");
    const double mean = d["difference"]["mean"].get<double>();
    const double ci = d["difference"]["ci95"].get<double>();
    EXPECT_GT(mean - ci, 0.0) << metric;  // the CI lies above 0
    EXPECT_NEAR(mean, d["b"]["mean"].get<double>() - d["a"]["mean"].get<double>(), 1e-12);
  }
  for (const std::string metric : {"asa", "mean_wait", "abandon_rate", "call_types/gold/asa"}) {
    const auto& d = difference(doc, metric);
    EXPECT_EQ(d["verdict"], "better") << metric;
    EXPECT_EQ(d["better_if"], "lower");
    EXPECT_LT(d["difference"]["mean"].get<double>() + d["difference"]["ci95"].get<double>(), 0.0) << metric;
  }
  // Nothing is ever blocked or overflowed in either: no difference at all.
  for (const std::string metric : {"block_rate", "overflow_rate"}) {
    EXPECT_EQ(difference(doc, metric)["verdict"], "no significant difference") << metric;
    EXPECT_EQ(difference(doc, metric)["difference"]["mean"], 0.0) << metric;
  }
}

TEST_F(Compare, FailIfWorseGatesOnTheChosenMetric) {
  const auto fine = ccsim("compare " + quoted(a_) + " " + quoted(b_) + " --fail-if-worse service_level/20 -q");
  EXPECT_EQ(fine.exit_code, 0) << fine.err;
  const auto worse = ccsim("compare " + quoted(b_) + " " + quoted(a_) +
                           " --fail-if-worse block_rate --fail-if-worse call_types/gold/asa");
  EXPECT_EQ(worse.exit_code, 1);
  EXPECT_NE(worse.out.find("worse [--fail-if-worse]"), std::string::npos) << worse.out;
  EXPECT_EQ(worse.err, "ccsim: compare: B is significantly worse than A on call_types/gold/asa\n");
  // The same metric written as a JSON path of the results ("totals/...") is accepted.
  const auto totals = ccsim("compare " + quoted(b_) + " " + quoted(a_) + " --fail-if-worse totals/asa -q");
  EXPECT_EQ(totals.exit_code, 1);

  const auto unknown = ccsim("compare " + quoted(a_) + " " + quoted(b_) + " --fail-if-worse servce_level/20");
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_EQ(unknown.out, "");
  EXPECT_NE(unknown.err.find("--fail-if-worse servce_level/20: not a compared metric (did you mean "
                             "\"service_level/20\"?)"),
            std::string::npos)
      << unknown.err;
}

TEST_F(Compare, IdenticalScenariosDifferByExactlyZero) {
  const std::string copy = write("copy.json", scenario_text(14));
  const auto o = ccsim("compare " + quoted(a_) + " " + quoted(copy) + " --json -");
  ASSERT_EQ(o.exit_code, 0) << o.err;
  const Json doc = Json::parse(o.out);
  for (const auto& d : doc["differences"]) {
    EXPECT_EQ(d["verdict"], "no significant difference") << d["metric"];
    EXPECT_EQ(d["difference"]["mean"], 0.0) << d["metric"];
    EXPECT_EQ(d["a"], d["b"]) << d["metric"];
  }
}

TEST_F(Compare, BRunsWithTheSeedAndReplicationsOfA) {
  // B's file says seed 99 and 3 replications; compare runs it like A (same callers).
  std::string text = scenario_text(14);
  text.replace(text.find("\"replications\": 8, \"seed\": 5"), 28, "\"replications\": 3, \"seed\": 99");
  const std::string b = write("other_seed.json", text);
  const auto o = ccsim("compare " + quoted(a_) + " " + quoted(b) + " --json -");
  ASSERT_EQ(o.exit_code, 0) << o.err;
  const Json doc = Json::parse(o.out);
  EXPECT_EQ(doc["replications"], 8);
  for (const auto& d : doc["differences"]) EXPECT_EQ(d["difference"]["mean"], 0.0) << d["metric"];
  // --seed and --replications apply to both.
  const auto flags = ccsim("compare " + quoted(a_) + " " + quoted(b_) + " --seed 9 -r 4 --json -");
  ASSERT_EQ(flags.exit_code, 0) << flags.err;
  EXPECT_EQ(Json::parse(flags.out)["seed"], 9);
  EXPECT_EQ(Json::parse(flags.out)["replications"], 4);
}

TEST_F(Compare, TableShowsEveryMetricWithItsVerdict) {
  const auto o = ccsim("compare " + quoted(a_) + " " + quoted(b_));
  ASSERT_EQ(o.exit_code, 0) << o.err;
  EXPECT_NE(o.out.find("8 replications, seed 5, both on the same callers"), std::string::npos) << o.out;
  for (const std::string row :
       {"\nservice_level/20 ", "\nasa ", "\ncall_types/gold/service_level/20 ", "\ncall_types/basic/overflow_rate "}) {
    EXPECT_NE(o.out.find(row), std::string::npos) << row << "\n" << o.out;
  }
  EXPECT_NE(o.out.find(" pp ±"), std::string::npos) << o.out;
}

// Paired differences on common random numbers against differences of independent runs (B on
// another seed), in process on the same pair of scenarios: the same callers in A and B make
// the per-replication differences far less variable than the figures themselves.
analysis::Summary simulate(const model::Scenario& sc) {
  analysis::Summary s(sc);
  model::run_replications(sc, 0, sc.replications, 1, [&](std::uint32_t, model::ReplicationTally&& t) { s.add(t); });
  return s;
}

TEST(ComparePaired, CommonRandomNumbersGiveANarrowerCi) {
  const model::Scenario a = scenario::load_scenario_text(scenario_text(15), "a");
  const model::Scenario b = scenario::load_scenario_text(scenario_text(16), "b");
  model::Scenario b_other_seed = b;
  b_other_seed.seed = a.seed + 1;

  const analysis::Summary sa = simulate(a);
  const analysis::Summary sb = simulate(b);
  const analysis::Summary sb_other = simulate(b_other_seed);
  const auto paired = analysis::compare_paired(sa, sb);
  const auto independent = analysis::compare_paired(sa, sb_other);
  ASSERT_EQ(paired.size(), independent.size());
  for (std::size_t i = 0; i < paired.size(); ++i) {
    const auto& p = paired[i];
    if (p.metric.find("service_level") == std::string::npos && p.metric != "asa") continue;
    if (p.metric.rfind("call_types/", 0) == 0) continue;  // fewer calls, noisier: totals make the point
    ASSERT_TRUE(p.difference.ci95 && independent[i].difference.ci95) << p.metric;
    // Measured ratios paired / independent: 0.14 (SL 20 s), 0.22 (SL 60 s), 0.20 (ASA). With 8
    // replications a half-width is itself uncertain by about 25%, so the bound of 0.5 leaves
    // room for other seeds or model changes while still showing what pairing buys.
    EXPECT_LT(*p.difference.ci95, 0.5 * *independent[i].difference.ci95) << p.metric;
  }
  // One more agent: a significantly better service level.
  const auto& sl = paired[0];
  ASSERT_EQ(sl.metric, "service_level/20");
  EXPECT_EQ(sl.verdict, analysis::Verdict::Better);
  EXPECT_TRUE(sl.higher_is_better);
}

}  // namespace
}  // namespace ccsim
