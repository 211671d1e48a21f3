// Extreme but valid scenarios finish quickly with sensible figures, or stop with a clear error:
// no agents, no arrivals, capacities of 0 and 10^8, a year-long horizon, 10^4 agents, an
// overloaded queue whose callers never abandon (unstable: reported, not left to fill memory),
// overflow ping-pong up to max_hops; and the loader's bounds on durations, distributions,
// condition nesting and per-interval tallies. Each test runs well under a second (Release).
#include "sim/error.hpp"
#include "sim/model/runner.hpp"
#include "sim/scenario/loader.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace ccsim {
namespace {

using nlohmann::json;

// One queue "q", one call type "c" (exponential 5 min handle time), one group "g" of 2 agents.
json base() {
  return {{"name", "extreme"},
          {"horizon", "1h"},
          {"replications", 1},
          {"seed", 11},
          {"queues", {{{"name", "q"}}}},
          {"call_types",
           {{{"name", "c"},
             {"enters", "q"},
             {"arrivals", {{"poisson", {{"per_hour", 20}}}}},
             {"handle_time", {{"exponential", {{"mean", "5m"}}}}}}}},
          {"agent_groups", {{{"name", "g"}, {"agents", 2}, {"serves", {"q"}}}}}};
}

model::Scenario load(const json& j) { return scenario::load_scenario_text(j.dump(), "extreme.json"); }

model::ReplicationTally run(const json& j) { return model::run_replication(load(j), 0); }

std::vector<std::string> load_errors(const json& j) {
  try {
    (void)load(j);
  } catch (const InputError& e) {
    return e.messages();
  }
  return {"loaded without error"};
}

std::string run_error(const json& j) {
  try {
    (void)run(j);
  } catch (const InputError& e) {
    return e.what();
  }
  return "ran without error";
}

// `text` is prefix + a number (digits and dots) + suffix. (No std::regex: GCC 12 reports
// -Wmaybe-uninitialized inside it at -O3.)
bool matches(const std::string& text, const std::string& prefix, const std::string& suffix) {
  if (text.size() <= prefix.size() + suffix.size() || !text.starts_with(prefix) || !text.ends_with(suffix))
    return false;
  const std::string middle = text.substr(prefix.size(), text.size() - prefix.size() - suffix.size());
  return middle.find_first_not_of("0123456789.") == std::string::npos;
}

void expect_conservation(const model::CallTally& t) {
  EXPECT_EQ(t.offered, t.answered + t.abandoned + t.blocked + t.overflowed_out + t.dropped);
}

// --- staffing and load ---------------------------------------------------------------------

TEST(ExtremeInputs, NoAgentsAndPatientCallersAllAbandon) {
  json j = base();
  j["agent_groups"][0]["agents"] = 0;
  j["call_types"][0]["patience"] = {{"exponential", {{"mean", "1m"}}}};
  j["call_types"][0]["arrivals"]["poisson"]["per_hour"] = 3600;
  const auto t = run(j);
  const auto& c = t.call_types[0];
  EXPECT_GT(c.offered, 3000U);
  EXPECT_EQ(c.answered, 0U);
  EXPECT_EQ(c.abandoned, c.offered);
  EXPECT_EQ(t.groups[0].logged_in_time, 0.0);
}

TEST(ExtremeInputs, NoAgentsAndCallersWhoNeverAbandonAreAnError) {
  json j = base();
  j["agent_groups"][0]["agents"] = 0;
  const std::string error = run_error(j);
  EXPECT_TRUE(matches(error, "extreme.json: queue \"q\" still holds ",
                      " callers after the horizon with no agent left to answer them and no patience to leave; "
                      "give the callers a patience or keep agents serving it"))
      << error;
}

TEST(ExtremeInputs, RateZeroOffersNothing) {
  json j = base();
  j["call_types"][0]["arrivals"]["poisson"]["per_hour"] = 0;
  const auto t = run(j);
  EXPECT_EQ(t.calls_simulated, 0U);
  EXPECT_EQ(t.call_types[0].offered, 0U);
  EXPECT_EQ(t.groups[0].busy_time, 0.0);
  EXPECT_EQ(t.groups[0].logged_in_time, 2.0 * 3600.0);
}

TEST(ExtremeInputs, CapacityOfAHundredMillionIsUnlimited) {
  json j = base();
  j["call_types"][0]["arrivals"]["poisson"]["per_hour"] = 60;  // 5 erlangs on 2 agents: a long line
  j["call_types"][0]["patience"] = {{"exponential", {{"mean", "10m"}}}};
  const auto unlimited = run(j).call_types[0];
  j["queues"][0]["capacity"] = 100000000;
  const auto huge = run(j).call_types[0];
  EXPECT_EQ(huge.offered, unlimited.offered);
  EXPECT_EQ(huge.answered, unlimited.answered);
  EXPECT_EQ(huge.abandoned, unlimited.abandoned);
  EXPECT_EQ(huge.blocked, 0U);
  EXPECT_GT(huge.abandoned, 0U);
}

TEST(ExtremeInputs, CapacityZeroBlocksEveryCallerWhoWouldWait) {
  json j = base();
  j["queues"][0]["capacity"] = 0;
  j["call_types"][0]["arrivals"]["poisson"]["per_hour"] = 60;
  const auto c = run(j).call_types[0];
  expect_conservation(c);
  EXPECT_EQ(c.answered, c.answered_no_wait());
  EXPECT_GT(c.blocked, 0U);
  EXPECT_EQ(c.answered + c.blocked, c.offered);
}

TEST(ExtremeInputs, HorizonOfAYear) {
  json j = base();
  j["horizon"] = "365d";
  j["interval"] = "1d";
  j["call_types"][0]["arrivals"]["poisson"]["per_hour"] = 10;
  j["call_types"][0]["patience"] = {{"exponential", {{"mean", "10m"}}}};
  const auto t = run(j);
  const auto& c = t.call_types[0];
  expect_conservation(c);
  // 87600 expected arrivals; 5 standard deviations of a Poisson count are 1480.
  EXPECT_NEAR(static_cast<double>(c.offered), 87600.0, 1480.0);
  EXPECT_EQ(t.intervals.size(), 365U);
  // Erlang A (ccsim erlang a --calls-per-hour 10 --handle-time 5m --agents 2 --patience 10m)
  // gives 5.42% abandoned. Over 87,600 calls the binomial standard error of the answered share
  // is 0.0008; waits of successive callers are correlated, so allow 6 of those (0.005).
  EXPECT_NEAR(static_cast<double>(c.answered) / static_cast<double>(c.offered), 1.0 - 0.0542, 0.005);
}

TEST(ExtremeInputs, TenThousandAgents) {
  json j = base();
  j["horizon"] = "10m";
  j["agent_groups"][0]["agents"] = 10000;
  j["call_types"][0]["arrivals"]["poisson"]["per_hour"] = 300000;  // 8333 erlangs of 10^4 agents
  j["call_types"][0]["handle_time"] = {{"exponential", {{"mean", "100s"}}}};
  const auto t = run(j);
  const auto& c = t.call_types[0];
  EXPECT_NEAR(static_cast<double>(c.offered), 50000.0, 5 * 224.0);
  EXPECT_EQ(c.answered, c.offered);
  // Erlang C with 10^4 agents at 83% occupancy: P(wait) is below 1e-20, and the run starts empty.
  EXPECT_EQ(c.answered_no_wait(), c.answered);
  const double occupancy = t.groups[0].busy_time / t.groups[0].logged_in_time;
  EXPECT_GT(occupancy, 0.5);  // still ramping up from empty after 10 minutes of 100 s calls
  EXPECT_LT(occupancy, 0.84);
}

TEST(ExtremeInputs, OverloadedQueueWhoseCallersNeverAbandonIsUnstable) {
  json j = base();
  j["agent_groups"][0]["agents"] = 1;
  j["call_types"][0]["arrivals"]["poisson"]["per_hour"] = 1e9;  // the most the loader accepts
  j["call_types"][0]["handle_time"] = {{"constant", "1h"}};
  const std::string error = run_error(j);
  EXPECT_TRUE(matches(error, "extreme.json: queue \"q\" is unstable: 1000000 callers waiting at t=",
                      "s; offered load exceeds what its agents can answer and callers never abandon"))
      << error;
}

TEST(ExtremeInputs, OverloadedQueueWhoseCallersWaitForDaysIsUnstable) {
  json j = base();
  j["agent_groups"][0]["agents"] = 1;
  j["call_types"][0]["arrivals"]["poisson"]["per_hour"] = 1e9;
  j["call_types"][0]["handle_time"] = {{"constant", "1h"}};
  j["call_types"][0]["patience"] = {{"constant", "2d"}};
  const std::string error = run_error(j);
  EXPECT_TRUE(matches(error, "extreme.json: queue \"q\" is unstable: 1000000 callers waiting at t=",
                      "s; offered load exceeds what its agents can answer and callers do not abandon fast enough"))
      << error;
}

TEST(ExtremeInputs, OverflowPingPongStopsAtMaxHops) {
  json j = base();
  j["max_hops"] = 1000;
  j["queues"] = {{{"name", "q"}, {"overflow", {{{"when", {{"queue_length", {{"at_least", 0}}}}}, {"to", "r"}}}}},
                 {{"name", "r"}, {"overflow", {{{"when", {{"queue_length", {{"at_least", 0}}}}}, {"to", "q"}}}}}};
  j["call_types"][0]["arrivals"]["poisson"]["per_hour"] = 1000;
  const auto t = run(j);
  const auto& c = t.call_types[0];
  EXPECT_GT(c.offered, 800U);
  EXPECT_EQ(c.blocked, c.offered);
  // Each caller leaves q with hops 0, 2, ..., 998 and r with 1, 3, ..., 999; q's rule then
  // holds once more with 1000 hops: the transfer is refused and the caller blocked at q.
  EXPECT_EQ(t.queues[0].rules[0].fired, 500 * c.offered);
  EXPECT_EQ(t.queues[1].rules[0].fired, 500 * c.offered);
  EXPECT_EQ(t.queues[0].calls.blocked, c.offered);
  EXPECT_EQ(t.queues[1].calls.blocked, 0U);
}

TEST(ExtremeInputs, LongestHandleTimeKeepsFiguresFinite) {
  json j = base();
  j["agent_groups"][0]["agents"] = 1;
  j["call_types"][0]["handle_time"] = {{"constant", 1e9}};
  j["call_types"][0]["patience"] = {{"constant", "1m"}};
  const auto t = run(j);
  const auto& c = t.call_types[0];
  expect_conservation(c);
  EXPECT_EQ(c.answered, 1U);  // the first caller holds the only agent for 31 years
  EXPECT_EQ(c.abandoned, c.offered - 1);
  EXPECT_EQ(t.groups[0].logged_in_time, 3600.0);  // time figures stop at the horizon
  EXPECT_GT(t.groups[0].busy_time, 0.0);
  EXPECT_LE(t.groups[0].busy_time, 3600.0);
  EXPECT_LE(t.end_time_s, 3600.0 + 60.0);  // counted outcomes end with the last abandonment
}

// --- loader bounds ---------------------------------------------------------------------------

TEST(ExtremeInputs, DurationsAreAtMostABillionSeconds) {
  json j = base();
  j["horizon"] = "11575d";  // 1.00008e9 s
  j["call_types"][0]["patience"] = {{"constant", 1e300}};
  EXPECT_EQ(load_errors(j),
            (std::vector<std::string>{
                "extreme.json: /horizon: \"11575d\" is too long a duration (at most 1e9 s, about 31 years)",
                "extreme.json: /call_types/0/patience/constant: 1e+300 is too long a duration (at most 1e9 s, "
                "about 31 years)"}));
  j["horizon"] = 1e9;
  j["call_types"][0]["patience"] = {{"constant", "11574d"}};
  EXPECT_EQ(load(j).horizon_s, 1e9);
}

TEST(ExtremeInputs, DistributionsThatCannotBeSampledAreRejected) {
  json j = base();
  j["call_types"][0]["handle_time"] = {{"gamma", {{"mean", 1e-200}, {"sd", 1e-200}}}};
  j["call_types"][0]["patience"] = {{"lognormal", {{"mean", 1e-300}, {"sd", "1m"}}}};
  EXPECT_EQ(load_errors(j),
            (std::vector<std::string>{
                "extreme.json: /call_types/0/handle_time/gamma: mean 1e-200 and sd 1e-200 are too far apart (or "
                "too small) to sample from; use values closer to each other",
                "extreme.json: /call_types/0/patience/lognormal: mean 1e-300 and sd \"1m\" are too far apart (or "
                "too small) to sample from; use values closer to each other"}));
  // Far apart but representable: sampled, and the run ends.
  j["call_types"][0]["handle_time"] = {{"gamma", {{"mean", "1s"}, {"sd", 1e6}}}};
  j["call_types"][0]["patience"] = {{"lognormal", {{"mean", 1e-6}, {"sd", "1h"}}}};
  expect_conservation(run(j).call_types[0]);
}

TEST(ExtremeInputs, ConditionsNestAtMostSixteenDeep) {
  json when = {{"queue_length", {{"at_least", 5}}}};
  for (int i = 0; i < 15; ++i) when = {{"any", {when}}};
  json j = base();
  j["exits"] = {{{"name", "x"}}};
  j["queues"][0]["overflow"] = {{{"when", when}, {"to", "x"}}};
  EXPECT_NO_THROW((void)load(j));  // 15 levels of any around the comparison: 16 in all
  j["queues"][0]["overflow"][0]["when"] = {{"all", {when}}};
  std::string ptr = "/queues/0/overflow/0/when/all/0";
  for (int i = 0; i < 15; ++i) ptr += "/any/0";
  EXPECT_EQ(load_errors(j), std::vector<std::string>{"extreme.json: " + ptr + ": conditions nest more than 16 deep"});
}

TEST(ExtremeInputs, PerIntervalTalliesAreBounded) {
  json j = base();
  j["horizon"] = "1d";
  j["interval"] = "1s";  // 86400 intervals: fine for one call type, not for two
  EXPECT_NO_THROW((void)load(j));
  json second = j["call_types"][0];
  second["name"] = "d";
  j["call_types"].push_back(second);
  EXPECT_EQ(load_errors(j), std::vector<std::string>{"extreme.json: /interval: 86400 intervals x 2 call types make "
                                                     "more than 100000 per-interval tallies; use a longer interval"});
}

TEST(ExtremeInputs, AtMostSixtyFourThresholds) {
  json j = base();
  json thresholds = json::array();
  for (int i = 1; i <= 64; ++i) thresholds.push_back(i);
  j["service_level"] = {{"thresholds", thresholds}};
  EXPECT_EQ(load(j).thresholds_s.size(), 64U);
  j["service_level"]["target"] = {{"within", 100}, {"at_least", 0.8}};
  EXPECT_EQ(load_errors(j), std::vector<std::string>{"extreme.json: /service_level/thresholds: 65 distinct "
                                                     "service-level thresholds (with the target's and the "
                                                     "expectations'), more than 64"});
}

}  // namespace
}  // namespace ccsim
