// Redials (a call type's `redial`): conservation, counting, limits and the no-redial limit.
#include "analysis/estimators/summary.hpp"
#include "sim/model/contact_center.hpp"
#include "sim/scenario/loader.hpp"
#include "sim/scenario/routing_graph.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace ccsim {
namespace {

using nlohmann::json;

// An overloaded center (abandons) with a small waiting room (blocks), two call types.
json base_scenario() {
  return json::parse(R"({
    "name": "redials", "horizon": "4h", "warmup": "30m", "interval": "30m", "replications": 4, "seed": 7,
    "queues": [ { "name": "q", "capacity": 6 } ],
    "call_types": [
      { "name": "a", "enters": "q", "arrivals": { "poisson": { "per_hour": 500 } },
        "handle_time": { "exponential": { "mean": "4m" } }, "patience": { "exponential": { "mean": "1m" } } },
      { "name": "b", "enters": "q", "priority": 1, "arrivals": { "poisson": { "per_hour": 100 } },
        "handle_time": { "lognormal": { "mean": "3m", "sd": "2m" } }, "wrap_up": { "constant": 10 },
        "patience": { "exponential": { "mean": "2m" } } } ],
    "agent_groups": [ { "name": "g", "agents": 36, "serves": ["q"] } ]
  })");
}

json with_redial(json sc, const json& redial) {
  sc["call_types"][0]["redial"] = redial;
  return sc;
}

std::vector<model::ReplicationTally> run(const json& j) {
  const auto sc = scenario::load_scenario_text(j.dump(), "redial.json");
  std::vector<model::ReplicationTally> out;
  for (std::uint32_t r = 0; r < sc.replications; ++r) out.push_back(model::ContactCenter(sc, r).run());
  return out;
}

const json kRedial = {{"after_abandon", 0.6}, {"after_blocked", 0.9}, {"delay", {{"exponential", {{"mean", "3m"}}}}}};

TEST(Redial, ConservesAttemptsAndSeesTheSameFirstAttempts) {
  const auto plain = run(base_scenario());
  const auto redial = run(with_redial(base_scenario(), kRedial));
  for (std::size_t r = 0; r < redial.size(); ++r) {
    for (std::size_t t = 0; t < 2; ++t) {
      const auto& c = redial[r].call_types[t];
      EXPECT_EQ(c.offered, c.answered + c.abandoned + c.blocked + c.overflowed_out + c.dropped);
      // Same first attempts (common random numbers): callers = offered without redials.
      EXPECT_EQ(c.offered - c.redials, plain[r].call_types[t].offered) << "replication " << r << " type " << t;
    }
    EXPECT_GT(redial[r].call_types[0].redials, 0U);
    EXPECT_EQ(redial[r].call_types[1].redials, 0U);  // b has no redial
    // Every interval conserves too, and the intervals add up to the call type.
    std::uint64_t redials = 0;
    for (std::size_t i = 0; i < redial[r].intervals.size(); i += 2) {
      const auto& c = redial[r].intervals[i];
      EXPECT_EQ(c.offered, c.answered + c.abandoned + c.blocked + c.overflowed_out + c.dropped);
      redials += c.redials;
    }
    EXPECT_EQ(redials, redial[r].call_types[0].redials);
  }
}

// after_abandon and after_blocked 0: exactly the figures of the scenario without redial.
TEST(Redial, ProbabilityZeroGivesExactlyTheResultsWithoutRedial) {
  const auto plain_sc = scenario::load_scenario_text(base_scenario().dump(), "plain.json");
  const auto zero_sc = scenario::load_scenario_text(
      with_redial(base_scenario(), {{"after_abandon", 0}, {"after_blocked", 0}, {"delay", "1m"}}).dump(), "zero.json");
  analysis::Summary plain(plain_sc), zero(zero_sc);
  for (std::uint32_t r = 0; r < plain_sc.replications; ++r) {
    plain.add(model::ContactCenter(plain_sc, r).run());
    zero.add(model::ContactCenter(zero_sc, r).run());
  }
  std::size_t compared = 0;
  for (const auto& key : plain.keys()) {
    ASSERT_TRUE(zero.has(key));
    const auto& a = plain.values(key);
    const auto& b = zero.values(key);
    for (std::size_t r = 0; r < a.size(); ++r) {
      if (std::isnan(a[r])) EXPECT_TRUE(std::isnan(b[r]));
      else EXPECT_EQ(a[r], b[r]) << key.section << "/" << key.name << "/" << key.metric;
    }
    ++compared;
  }
  EXPECT_GT(compared, 100U);
  // The redial figures are there, and say nobody redialled.
  EXPECT_EQ(*zero.estimate({"totals", "", -1, "redials"}).mean, 0.0);
  EXPECT_EQ(*zero.estimate({"totals", "", -1, "callers"}).mean, *plain.estimate({"totals", "", -1, "offered"}).mean);
  EXPECT_FALSE(plain.has({"totals", "", -1, "redials"}));
}

TEST(Redial, MaxBoundsTheRedialsOfEachCaller) {
  const auto none = run(with_redial(base_scenario(), {{"after_abandon", 1}, {"after_blocked", 1}, {"max", 0}}));
  for (const auto& t : none) EXPECT_EQ(t.call_types[0].redials, 0U);
  // With max 1 and certain redials, every caller who abandons or is blocked on the first
  // attempt redials once (before the horizon), and never twice.
  const auto once =
      run(with_redial(base_scenario(), {{"after_abandon", 1}, {"after_blocked", 1}, {"max", 1}, {"delay", "30s"}}));
  const auto unlimited =
      run(with_redial(base_scenario(), {{"after_abandon", 1}, {"after_blocked", 1}, {"delay", "30s"}}));
  for (std::size_t r = 0; r < once.size(); ++r) {
    const auto& c = once[r].call_types[0];
    EXPECT_LE(c.redials, c.offered - c.redials);
    EXPECT_GT(c.redials, 0U);
    EXPECT_GT(unlimited[r].call_types[0].redials, c.redials);
  }
}

TEST(Redial, NoRedialAtOrAfterTheHorizon) {
  auto j = with_redial(base_scenario(), {{"after_abandon", 1}, {"after_blocked", 1}, {"delay", "4h"}});
  for (const auto& t : run(j)) EXPECT_EQ(t.call_types[0].redials, 0U);
  // A redial comes `delay` after its caller left, so never in the first 30 minutes, and it
  // lands in the interval of its own arrival.
  j["warmup"] = 0;
  j["call_types"][0]["redial"]["delay"] = "30m";
  for (const auto& t : run(j)) {
    EXPECT_EQ(t.intervals[0].redials, 0U);  // interval 0, type a
    EXPECT_GT(t.intervals[2].redials, 0U);  // interval 1, type a
  }
}

// A redial is counted when its caller's first attempt was, not by its own arrival time: with a
// 20-minute delay, every redial arriving in the last 10 minutes belongs to a caller who first
// called before a warm-up of 3 h 50 min, so none is counted although many arrive then.
TEST(Redial, CountedWithTheCallersFirstAttempt) {
  auto j = with_redial(base_scenario(), {{"after_abandon", 1}, {"after_blocked", 1}, {"delay", "20m"}});
  j["warmup"] = "230m";
  j["interval"] = "10m";
  for (const auto& t : run(j)) {
    EXPECT_EQ(t.call_types[0].redials, 0U);
    EXPECT_GT(t.call_types[0].offered, 0U);
    EXPECT_GT(t.calls_simulated, t.call_types[0].offered + t.call_types[1].offered);
  }
  j["warmup"] = "210m";  // now callers of 3h30-3h40 redial within the window, and count
  for (const auto& t : run(j)) EXPECT_GT(t.call_types[0].redials, 0U);
}

TEST(Redial, ValidateWarnsOfSettingsThatNeverTakeEffect) {
  auto j = base_scenario();
  j["queues"][0].erase("capacity");
  j["call_types"][0]["redial"] = {{"after_abandon", 0}, {"after_blocked", 0}};
  j["call_types"][1]["redial"] = {{"after_blocked", 0.5}, {"delay", "1m"}};
  auto sc = scenario::load_scenario_text(j.dump(), "w.json");
  std::vector<std::string> got;
  for (const auto& d : scenario::check_routing(sc)) got.push_back(d.pointer + ": " + d.message);
  const std::vector<std::string> want = {
      "/call_types/0/redial: after_abandon and after_blocked are both 0: callers of \"a\" never redial",
      "/call_types/1/redial/after_blocked: no call can be blocked (no queue capacity, outage or transfer between "
      "queues): after_blocked never takes effect"};
  EXPECT_EQ(got, want);
  j["call_types"][0]["redial"] = {{"after_abandon", 0.5}, {"delay", "5h"}};
  j["call_types"][1]["redial"] = {{"after_abandon", 0.5}, {"max", 0}};
  j["call_types"][1].erase("patience");
  sc = scenario::load_scenario_text(j.dump(), "w.json");
  got.clear();
  for (const auto& d : scenario::check_routing(sc)) got.push_back(d.pointer + ": " + d.message);
  const std::vector<std::string> want2 = {
      "/call_types/0/redial/delay: the delay is never shorter than the horizon: every redial would come at or "
      "after the horizon, and none is made",
      "/call_types/1/redial/max: max is 0: callers of \"b\" never redial"};
  EXPECT_EQ(got, want2);
}

}  // namespace
}  // namespace ccsim
