// Overflow rules, announcements, waited timers, max_hops and site outages.
#include "analysis/estimators/summary.hpp"
#include "analysis/reports/results_json.hpp"
#include "sim/model/runner.hpp"
#include "sim/scenario/loader.hpp"
#include "tests/support/reference_cases.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>

namespace ccsim {
namespace {

using nlohmann::json;

struct Result {
  model::Scenario scenario;
  std::unique_ptr<analysis::Summary> summary;
  [[nodiscard]] double mean(const analysis::FigureKey& k) const { return *summary->estimate(k).mean; }
  [[nodiscard]] json results() const {
    return json::parse(analysis::results_json(*summary, analysis::evaluate_expectations(*summary), "t").dump());
  }
};

Result simulate(const json& j, unsigned threads = 2) {
  Result r{scenario::load_scenario_text(j.dump(), "test.json"), nullptr};
  r.summary = std::make_unique<analysis::Summary>(r.scenario);
  model::run_replications(r.scenario, 0, r.scenario.replications, threads,
                          [&](std::uint32_t, model::ReplicationTally&& t) { r.summary->add(t); });
  return r;
}

json exponential(double mean) { return {{"exponential", {{"mean", mean}}}}; }

// overflow_two_pools of tests/data/queueing_exact.json: arrivals join queue 1 (50 agents)
// unless it holds >= 6 waiting callers, then queue 2 (12 agents, at most 10 waiting, else
// blocked); FCFS, exponential patience in both. Each exact figure within 3 CI half-widths
// (see test_validation.cpp for why that tolerance is sound), with sharp half-widths.
TEST(OverflowValidation, TwoPoolsMatchesExactChain) {
  const json ref = testing::find_case("overflow_two_pools");
  ASSERT_FALSE(ref.is_null());
  const auto& p = ref["params"];
  const double hours = 400000.0 / p["calls_per_hour"].get<double>();
  const json call = {{"name", "calls"},
                     {"enters", "q1"},
                     {"arrivals", {{"poisson", {{"per_hour", p["calls_per_hour"]}}}}},
                     {"handle_time", exponential(p["mean_handle_time_s"])},
                     {"patience", exponential(p["mean_patience_s"])}};
  const json sc = {
      {"name", "overflow_two_pools"},
      {"horizon", std::to_string(hours * 1.05) + "h"},
      {"warmup", std::to_string(hours * 0.05) + "h"},
      {"replications", 10},
      {"seed", 20261126},
      {"queues",
       {{{"name", "q1"},
         {"overflow",
          {{{"when", {{"queue_length", {{"at_least", p["overflow_when_queue_length_at_least"]}}}}}, {"to", "q2"}}}}},
        {{"name", "q2"}, {"capacity", p["queue_capacity_2"]}}}},
      {"call_types", {call}},
      {"agent_groups",
       {{{"name", "pool1"}, {"agents", p["agents_1"]}, {"serves", {"q1"}}},
        {{"name", "pool2"}, {"agents", p["agents_2"]}, {"serves", {"q2"}}}}}};
  const Result r = simulate(sc);
  const auto check = [&](const analysis::FigureKey& key, double exact, double max_half_width) {
    const auto e = r.summary->estimate(key);
    ASSERT_TRUE(e.mean && e.ci95);
    EXPECT_NEAR(*e.mean, exact, 3.0 * *e.ci95) << key.metric << " exact " << exact;
    EXPECT_LE(*e.ci95, max_half_width) << key.metric;
  };
  const auto& ex = ref["exact"];
  check({"totals", "", -1, "answered_rate"}, ex["answered"], 0.004);
  check({"totals", "", -1, "abandon_rate"}, ex["abandoned"], 0.004);
  check({"totals", "", -1, "block_rate"}, ex["blocked"], 0.001);
  for (const auto& [t, v] : ex["service_level"].items()) {
    check({"totals", "", -1, "service_level/" + t}, v.get<double>(), 0.01);
  }
  // Share of offered calls sent to queue 2, per replication.
  std::vector<double> shares;
  const auto& sent = r.summary->values({"queues", "q1", -1, "overflowed/q2"});
  const auto& offered = r.summary->values({"totals", "", -1, "offered"});
  for (std::size_t i = 0; i < sent.size(); ++i) shares.push_back(sent[i] / offered[i]);
  const auto share = analysis::estimate(shares);
  EXPECT_NEAR(*share.mean, ex["overflowed"].get<double>(), 3.0 * *share.ci95);
  EXPECT_LE(*share.ci95, 0.005);
}

json two_queue_scenario() {
  return {{"name", "two queues"},
          {"horizon", "20h"},
          {"warmup", "1h"},
          {"interval", "1h"},
          {"replications", 4},
          {"seed", 3},
          {"sites", {{{"name", "primary"}}, {{"name", "backup"}}}},
          {"exits", {{{"name", "partner"}}}},
          {"queues",
           {{{"name", "main"}, {"site", "primary"}, {"capacity", 30}, {"overflow", json::array()}},
            {{"name", "backup_q"}, {"site", "backup"}, {"overflow", json::array()}}}},
          {"call_types",
           {{{"name", "calls"},
             {"enters", "main"},
             {"arrivals", {{"poisson", {{"per_hour", 240}}}}},
             {"handle_time", {{"lognormal", {{"mean", "4m"}, {"sd", "3m"}}}}},
             {"patience", exponential(180)}}}},
          {"agent_groups",
           {{{"name", "primary_team"}, {"site", "primary"}, {"agents", 15}, {"serves", {"main"}}},
            {{"name", "backup_team"},
             {"site", "backup"},
             {"agents", 4},
             {"serves", {"backup_q", {{"queue", "main"}, {"after", "60s"}}}}},
            {{"name", "remote"}, {"agents", 1}, {"serves", {"main", "backup_q"}}}}}};
}

// Results without what a rule itself reports (its counts, destinations, flows).
json without_rule_reports(json r) {
  for (auto& [name, q] : r["queues"].items()) {
    q.erase("rules");
    q.erase("overflowed");
  }
  r.erase("flows");
  return r;
}

TEST(Overflow, RuleThatNeverFiresChangesNothing) {
  json base = two_queue_scenario();
  json with_rule = base;
  // The main queue holds at most 30 callers: a queue_length of 40 is never reached.
  with_rule["queues"][0]["overflow"] = {{{"when", {{"queue_length", {{"at_least", 40}}}}}, {"to", "partner"}}};
  const auto a = simulate(base).results();
  const auto b = simulate(with_rule).results();
  EXPECT_EQ(b["queues"]["main"]["rules"]["0"]["fired"]["mean"], 0.0);
  EXPECT_EQ(without_rule_reports(a).dump(), without_rule_reports(b).dump());
}

TEST(Overflow, HysteresisWithReleaseAtTriggerIsPlainThreshold) {
  json plain = two_queue_scenario();
  plain["queues"][0]["overflow"] = {{{"when", {{"queue_length", {{"at_least", 3}}}}}, {"to", "backup_q"}}};
  json hysteresis = plain;
  hysteresis["queues"][0]["overflow"][0]["when"]["queue_length"]["until_below"] = 3;
  const auto a = simulate(plain).results();
  const auto b = simulate(hysteresis).results();
  EXPECT_GT(a["queues"]["main"]["rules"]["0"]["fired"]["mean"].get<double>(), 10.0);
  EXPECT_EQ(a["queues"]["main"]["rules"]["0"]["fired"], b["queues"]["main"]["rules"]["0"]["fired"]);
  EXPECT_EQ(without_rule_reports(a).dump(), without_rule_reports(b).dump());
  // And with a lower release level the rule stays on longer: more calls go to backup.
  json wider = plain;
  wider["queues"][0]["overflow"][0]["when"]["queue_length"]["until_below"] = 1;
  const auto c = simulate(wider).results();
  EXPECT_GT(c["queues"]["main"]["rules"]["0"]["fired"]["mean"].get<double>(),
            a["queues"]["main"]["rules"]["0"]["fired"]["mean"].get<double>());
  EXPECT_GT(c["queues"]["main"]["rules"]["0"]["switched_on"]["mean"].get<double>(), 0.0);
}

TEST(Overflow, PrimaryDownForTheWholeHorizonLeavesOnlyTheBackup) {
  json sc = two_queue_scenario();
  sc["sites"][0]["outages"] = {{{"from", 0}, {"for", "20h"}}};
  sc["queues"][0]["overflow"] = {{{"when", {{"site_down", true}}}, {"to", "backup_q"}, {"delay", "2s"}}};
  const auto r = simulate(sc);
  const auto at = [&](const std::string& section, const std::string& name, const std::string& metric) {
    return r.mean({section, name, -1, metric});
  };
  EXPECT_EQ(at("queues", "main", "answered"), 0.0);
  EXPECT_EQ(at("queues", "main", "entered"), 0.0);
  EXPECT_EQ(at("agent_groups", "primary_team", "answered"), 0.0);
  // Never logged in: no agent time, so no occupancy (undefined, not 0).
  EXPECT_FALSE(r.summary->estimate({"agent_groups", "primary_team", -1, "occupancy"}).mean.has_value());
  // Every call is answered, abandoned or blocked at the backup (or abandons on the way).
  const auto& offered = r.summary->values({"totals", "", -1, "offered"});
  const auto& answered_backup = r.summary->values({"queues", "backup_q", -1, "answered"});
  const auto& answered = r.summary->values({"totals", "", -1, "answered"});
  for (std::size_t i = 0; i < offered.size(); ++i) {
    EXPECT_EQ(answered[i], answered_backup[i]);
    EXPECT_EQ(r.summary->values({"queues", "main", -1, "overflowed/backup_q"})[i],
              r.summary->values({"queues", "main", -1, "offered"})[i]);
  }
  EXPECT_GT(at("totals", "", "abandon_rate"), 0.3);  // 5 agents cannot carry 16 erlangs
}

TEST(Overflow, WaitedTimerFiresAtExactlyTheConfiguredWait) {
  const json sc = {
      {"name", "timer"},
      {"horizon", "10h"},
      {"replications", 3},
      {"service_level", {{"thresholds", {"29.999s", "30s"}}}},
      {"queues", {{{"name", "q1"}, {"overflow", {{{"when", {{"waited", "30s"}}}, {"to", "q2"}}}}}, {{"name", "q2"}}}},
      {"call_types",
       {{{"name", "c"},
         {"enters", "q1"},
         {"arrivals", {{"poisson", {{"per_hour", 60}}}}},
         {"handle_time", exponential(60)}}}},
      {"agent_groups", {{{"name", "g"}, {"agents", 30}, {"serves", {"q2"}}}}}};
  const auto r = simulate(sc);
  EXPECT_EQ(r.mean({"totals", "", -1, "service_level/29.999"}), 0.0);
  EXPECT_EQ(r.mean({"totals", "", -1, "service_level/30"}), 1.0);
  EXPECT_NEAR(r.mean({"totals", "", -1, "asa"}), 30.0, 1e-9);
  EXPECT_EQ(r.mean({"queues", "q1", -1, "overflowed/q2"}), r.mean({"totals", "", -1, "offered"}));
}

TEST(Overflow, MaxHopsBlocksPingPong) {
  const json sc = {{"name", "ping-pong"},
                   {"horizon", "5h"},
                   {"replications", 2},
                   {"max_hops", 3},
                   {"queues",
                    {{{"name", "a"}, {"overflow", {{{"when", {{"waited", "10s"}}}, {"to", "b"}}}}},
                     {{"name", "b"}, {"overflow", {{{"when", {{"waited", "10s"}}}, {"to", "a"}}}}}}},
                   {"call_types",
                    {{{"name", "c"},
                      {"enters", "a"},
                      {"arrivals", {{"poisson", {{"per_hour", 30}}}}},
                      {"handle_time", exponential(60)}}}},
                   {"agent_groups", json::array()}};
  const auto r = simulate(sc);
  EXPECT_EQ(r.mean({"totals", "", -1, "block_rate"}), 1.0);
  // a -> b -> a -> b, then the fourth transfer is refused after three hops. The
  // refused one is no flow: the caller is blocked at b, whose rule would have sent it.
  const double offered = r.mean({"totals", "", -1, "offered"});
  EXPECT_EQ(r.mean({"queues", "a", -1, "overflowed/b"}), 2.0 * offered);
  EXPECT_EQ(r.mean({"queues", "b", -1, "overflowed/a"}), offered);
  EXPECT_EQ(r.mean({"queues", "b", -1, "blocked"}), offered);
  EXPECT_EQ(r.mean({"queues", "b", -1, "rules/0/fired"}), offered);
  EXPECT_EQ(r.mean({"queues", "a", -1, "blocked"}), 0.0);
}

TEST(Overflow, AnnouncementDelaysAnswerButPatienceRuns) {
  json sc = {{"name", "announcement"},
             {"horizon", "20h"},
             {"replications", 3},
             {"service_level", {{"thresholds", {"9.999s", "10s"}}}},
             {"queues", {{{"name", "q"}, {"announcement", "10s"}}}},
             {"call_types",
              {{{"name", "c"},
                {"enters", "q"},
                {"arrivals", {{"poisson", {{"per_hour", 60}}}}},
                {"handle_time", exponential(60)},
                {"patience", exponential(20)}}}},
             {"agent_groups", {{{"name", "g"}, {"agents", 20}, {"serves", {"q"}}}}}};
  const auto r = simulate(sc);
  EXPECT_EQ(r.mean({"totals", "", -1, "service_level/9.999"}), 0.0);
  EXPECT_NEAR(r.mean({"totals", "", -1, "asa"}), 10.0, 1e-9);
  // Callers whose patience is under 10 s hang up during the message: P = 1 - exp(-10/20).
  const auto e = r.summary->estimate({"totals", "", -1, "abandon_rate"});
  EXPECT_NEAR(*e.mean, 1.0 - std::exp(-0.5), 3.0 * *e.ci95);
  EXPECT_EQ(r.mean({"queues", "q", -1, "announcements"}), r.mean({"totals", "", -1, "offered"}));
}

TEST(Overflow, OutageDropsOrReroutesWaitingCallers) {
  json sc = two_queue_scenario();
  sc["agent_groups"][0]["agents"] = 8;  // long queue at the primary
  sc["queues"][0]["overflow"] = {{{"when", {{"site_down", true}}}, {"to", "backup_q"}}};
  sc["sites"][0]["outages"] = {{{"from", "5h"}, {"for", "1h"}, {"waiting_calls", "drop"}}};
  const auto dropped = simulate(sc).results();
  EXPECT_GT(dropped["outages"][0]["dropped_waiting"]["mean"].get<double>(), 1.0);
  EXPECT_EQ(dropped["outages"][0]["rerouted_waiting"]["mean"].get<double>(), 0.0);
  EXPECT_EQ(dropped["totals"]["dropped"]["mean"], dropped["outages"][0]["dropped_waiting"]["mean"]);
  sc["sites"][0]["outages"][0]["waiting_calls"] = "reroute";
  const auto rerouted = simulate(sc).results();
  EXPECT_EQ(rerouted["outages"][0]["dropped_waiting"]["mean"].get<double>(), 0.0);
  EXPECT_EQ(rerouted["outages"][0]["rerouted_waiting"]["mean"], dropped["outages"][0]["dropped_waiting"]["mean"]);
  EXPECT_EQ(rerouted["queues"]["main"]["rerouted"]["mean"], rerouted["outages"][0]["rerouted_waiting"]["mean"]);
}

// Every condition kind in one scenario: calls are conserved and every rule is exercised.
TEST(Overflow, EveryConditionKindConservesCalls) {
  json sc = two_queue_scenario();
  sc["agent_groups"][0]["agents"] = 12;
  sc["sites"][0]["outages"] = {{{"from", "8h"}, {"for", "30m"}}};
  sc["queues"][0]["overflow"] = {
      {{"when", {{"site_down", true}}}, {"to", "backup_q"}},
      {{"when", {{"all", {{{"expected_wait", {{"at_least", "2m"}}}}, {{"occupancy", {{"at_least", 0.9}}}}}}}},
       {"to", "backup_q"},
       {"announcement", "5s"}},
      {{"when", {{"any", {{{"longest_wait", {{"at_least", "3m"}}}}, {{"available_agents", {{"at_most", 0}}}}}}}},
       {"to", "partner"},
       {"delay", {{"uniform", {{"min", "1s"}, {"max", "3s"}}}}}},
      {{"when", {{"service_level", {{"at_most", 0.5}, {"within", "20s"}, {"window", "15m"}, {"until_above", 0.7}}}}},
       {"to", "backup_q"}},
      {{"when", {{"all", {{{"waited", "90s"}}, {{"queue_length", {{"at_least", 1}}}}}}}}, {"to", "partner"}}};
  const auto r = simulate(sc, 1);
  for (std::size_t i = 0; i < 5; ++i) {
    EXPECT_GT(r.mean({"queues", "main", -1, "rules/" + std::to_string(i) + "/fired"}), 0.0) << "rule " << i;
  }
  for (std::uint32_t rep = 0; rep < 3; ++rep) {
    const auto t = model::run_replication(r.scenario, rep);
    for (const auto& c : t.call_types) {
      EXPECT_EQ(c.offered, c.answered + c.abandoned + c.blocked + c.overflowed_out + c.dropped);
    }
    for (const auto& q : t.queues) {
      EXPECT_EQ(q.calls.offered, q.calls.answered + q.calls.abandoned + q.calls.blocked + q.calls.overflowed_out +
                                     q.calls.dropped + q.overflowed);
    }
  }
}

}  // namespace
}  // namespace ccsim
