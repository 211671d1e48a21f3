// Virtual hold (a queue's `callback`): conservation with the new outcome in every replication
// and scope, accept 0 = no callback, keep_place requests never abandon, when_idle requests wait
// for agents with no caller, requests survive a site outage.
#include "analysis/estimators/summary.hpp"
#include "analysis/reports/results_json.hpp"
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

std::string scenario_path(const std::string& name) { return std::string(CCSIM_SCENARIO_DIR) + "/" + name; }

void expect_conserved(const model::CallTally& t, std::uint64_t overflowed, const std::string& where) {
  EXPECT_EQ(t.offered, t.answered + t.abandoned + t.blocked + t.overflowed_out + t.dropped + t.callback + overflowed)
      << where;
  EXPECT_LE(t.callback, t.callbacks_offered) << where;
  EXPECT_EQ(t.waits.count(), t.answered + t.abandoned) << where;
}

// Every scope of every replication conserves calls, and callbacks happened.
void expect_conserved_everywhere(const model::Scenario& sc, std::uint32_t replications) {
  std::uint64_t callbacks = 0;
  for (std::uint32_t r = 0; r < replications; ++r) {
    const auto t = model::run_replication(sc, r);
    const std::string where = sc.name + " replication " + std::to_string(r);
    for (const auto& c : t.call_types) {
      expect_conserved(c, 0, where + " call type");
      callbacks += c.callback;
    }
    for (const auto& i : t.intervals) expect_conserved(i, 0, where + " interval");
    for (std::size_t q = 0; q < t.queues.size(); ++q) {
      expect_conserved(t.queues[q].calls, t.queues[q].overflowed, where + " queue " + sc.queues[q].name);
    }
    for (const auto& o : t.outages) expect_conserved(o.calls, 0, where + " outage");
  }
  EXPECT_GT(callbacks, 0u) << sc.name;
}

std::vector<scenario::Override> callback_on(const std::string& queue, const std::string& mode, double accept,
                                            int at_least) {
  return {
      {queue + "/callback",
       json{{"offer_when", {{"queue_length", {{"at_least", at_least}}}}}, {"accept", accept}, {"mode", mode}}.dump()}};
}

TEST(Callback, ConservedInEveryReplicationAndScope) {
  for (const char* mode : {"keep_place", "when_idle"}) {
    // Overflow rules, tiers, a supervisor on two queues, and an outage at the primary site.
    for (const char* file : {"primary_backup.json", "failover_drill.json", "two_tier_priority.json"}) {
      const auto sc = scenario::load_scenario_file(scenario_path(file), callback_on("/queues/0", mode, 0.6, 1));
      expect_conserved_everywhere(sc, 3);
    }
  }
}

// accept 0: every caller declines, and every figure but the offers is what it is without.
TEST(Callback, AcceptZeroIsNoCallback) {
  for (const char* mode : {"keep_place", "when_idle"}) {
    const auto base = scenario::load_scenario_file(scenario_path("primary_backup.json"));
    const auto with =
        scenario::load_scenario_file(scenario_path("primary_backup.json"), callback_on("/queues/0", mode, 0.0, 2));
    for (std::uint32_t r = 0; r < 2; ++r) {
      const auto a = model::run_replication(base, r);
      const auto b = model::run_replication(with, r);
      EXPECT_EQ(a.events, b.events);
      std::uint64_t offers = 0;
      for (std::size_t c = 0; c < a.call_types.size(); ++c) {
        const auto& x = a.call_types[c];
        const auto& y = b.call_types[c];
        EXPECT_EQ(x.offered, y.offered);
        EXPECT_EQ(x.answered, y.answered);
        EXPECT_EQ(x.abandoned, y.abandoned);
        EXPECT_EQ(x.answered_by_wait, y.answered_by_wait);
        EXPECT_EQ(x.sum_wait_answered, y.sum_wait_answered);
        EXPECT_EQ(x.sum_wait_abandoned, y.sum_wait_abandoned);
        EXPECT_EQ(y.callback, 0u);
        offers += y.callbacks_offered;
      }
      EXPECT_GT(offers, 0u);
      for (std::size_t g = 0; g < a.groups.size(); ++g) EXPECT_EQ(a.groups[g].busy_time, b.groups[g].busy_time);
    }
  }
}

// A one-queue center where every caller who finds no idle agent takes the callback: nobody
// abandons, and everyone answered was answered on arrival.
json single_queue(const std::string& mode) {
  return {{"name", "all callback"},
          {"horizon", "10h"},
          {"replications", 3},
          {"queues",
           {{{"name", "q"},
             {"callback", {{"offer_when", {{"queue_length", {{"at_least", 0}}}}}, {"accept", 1}, {"mode", mode}}}}}},
          {"call_types",
           {{{"name", "c"},
             {"enters", "q"},
             {"arrivals", {{"poisson", {{"per_hour", 200}}}}},
             {"handle_time", {{"exponential", {{"mean", "3m"}}}}},
             {"patience", {{"exponential", {{"mean", "1m"}}}}}}}},
          {"agent_groups", {{{"name", "g"}, {"agents", 10}, {"serves", {"q"}}}}}};
}

TEST(Callback, TakersNeverAbandon) {
  for (const char* mode : {"keep_place", "when_idle"}) {
    const auto sc = scenario::load_scenario_text(single_queue(mode).dump(), "test.json");
    const auto t = model::run_replication(sc, 0);
    const auto& c = t.call_types[0];
    EXPECT_EQ(c.abandoned, 0u) << mode;
    EXPECT_GT(c.callback, c.offered / 20) << mode;
    EXPECT_EQ(c.answered, c.answered_no_wait()) << mode;
    EXPECT_EQ(c.callback, c.callbacks_offered) << mode;
    EXPECT_GT(c.sum_callback_wait, 0.0) << mode;
  }
}

// The figures are in the results only with a callback, and service level is then over the
// callers who stayed on the line.
TEST(Callback, FiguresAndDefinitions) {
  const auto sc = scenario::load_scenario_text(single_queue("when_idle").dump(), "test.json");
  analysis::Summary summary(sc);
  summary.add(model::run_replication(sc, 0));  // one replication: the mean of a ratio is the ratio
  const json j = analysis::results_json(summary, {}, "test");
  for (const char* scope : {"totals"}) {
    const auto& t = j[scope];
    EXPECT_GT(t["callback"]["mean"].get<double>(), 0.0);
    const double offered = t["offered"]["mean"].get<double>();
    const double callback = t["callback"]["mean"].get<double>();
    EXPECT_NEAR(t["callback_rate"]["mean"].get<double>(), callback / offered, 1e-12);
    EXPECT_GT(t["callback_wait"]["mean"].get<double>(), 0.0);
    // Every caller on the line was answered at once: SL is 1 over them.
    EXPECT_DOUBLE_EQ(t["service_level"]["20"]["mean"].get<double>(), 1.0);
  }
  EXPECT_TRUE(j["queues"]["q"].contains("callback_wait"));
  EXPECT_TRUE(j["call_types"]["c"].contains("callbacks_offered"));
  EXPECT_EQ(j["service_level_definition"], "answered within threshold / (offered - callback)");
  EXPECT_TRUE(j.contains("callback_definitions"));

  const auto plain = scenario::load_scenario_file(scenario_path("erlang_c_textbook.json"));
  analysis::Summary none(plain);
  none.add(model::run_replication(plain, 0));
  const json k = analysis::results_json(none, {}, "test");
  EXPECT_FALSE(k["totals"].contains("callback"));
  EXPECT_FALSE(k.contains("callback_definitions"));
  EXPECT_EQ(k["service_level_definition"], "answered within threshold / offered");
}

// when_idle: agents take requests only when no caller waits, so callers on the line wait no
// longer than without callbacks taken (same callers, fewer of them on the line).
TEST(Callback, WhenIdleRequestsWaitForIdleAgents) {
  auto j = single_queue("when_idle");
  j["queues"][0]["callback"]["accept"] = 0.5;
  j["queues"][0]["callback"]["offer_when"] = {{"queue_length", {{"at_least", 4}}}};
  const auto sc = scenario::load_scenario_text(j.dump(), "test.json");
  const auto t = model::run_replication(sc, 0);
  const auto& c = t.call_types[0];
  EXPECT_GT(c.callback, 0u);
  EXPECT_GT(c.callbacks_offered, c.callback);
  EXPECT_GT(c.abandoned, 0u);
  // Requests are called back: the mean callback wait is finite and positive.
  EXPECT_GT(c.sum_callback_wait / static_cast<double>(c.callback), 0.0);
}

// Requests survive a site outage that drops its waiting callers: none is dropped, and every
// one is called back once the site's agents are back. (A request is counted `callback` when
// made: dropping one would count it twice, and conservation would fail.)
TEST(Callback, RequestsSurviveAnOutage) {
  for (const char* mode : {"keep_place", "when_idle"}) {
    auto j = single_queue(mode);
    j["call_types"][0]["arrivals"]["poisson"]["per_hour"] = 250;
    j["queues"][0]["callback"]["offer_when"] = {{"queue_length", {{"at_least", 3}}}};
    j["queues"][0]["callback"]["accept"] = 0.7;
    j["queues"][0]["site"] = "s";
    j["agent_groups"][0]["site"] = "s";
    j["sites"] = {{{"name", "s"}, {"outages", {{{"from", "5h"}, {"for", "30m"}, {"waiting_calls", "drop"}}}}}};
    const auto sc = scenario::load_scenario_text(j.dump(), "test.json");
    for (std::uint32_t r = 0; r < 3; ++r) {
      const auto t = model::run_replication(sc, r);
      const auto& c = t.call_types[0];
      expect_conserved(c, 0, mode);
      EXPECT_GT(t.outages[0].dropped, 0u) << mode;  // callers on the line were dropped
      EXPECT_EQ(c.dropped, t.outages[0].dropped) << mode;
      EXPECT_GT(c.callback, 0u) << mode;
      EXPECT_GT(t.end_time_s, 5.5 * 3600.0) << mode;
    }
  }
}

// An overloaded center whose callers all take a when_idle callback: the requests pile up, and
// the run stops as unstable instead of filling memory.
TEST(Callback, PilingRequestsAreUnstable) {
  auto j = single_queue("when_idle");
  j["horizon"] = "400h";
  j["call_types"][0]["arrivals"]["poisson"]["per_hour"] = 7200;
  j["call_types"][0].erase("patience");
  j["agent_groups"][0]["agents"] = 1;
  const auto sc = scenario::load_scenario_text(j.dump(), "test.json");
  try {
    (void)model::run_replication(sc, 0);
    FAIL() << "ran to the end";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("test.json: queue \"q\" is unstable: 1000000 callback requests waiting"),
              std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace ccsim
