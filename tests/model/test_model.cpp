// Model properties: determinism, independent replications, conservation of calls, staffing
// changes at interval boundaries and `after` tiers.
#include "analysis/estimators/summary.hpp"
#include "analysis/reports/results_json.hpp"
#include "sim/error.hpp"
#include "sim/model/contact_center.hpp"
#include "sim/model/runner.hpp"
#include "sim/scenario/loader.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <bit>
#include <filesystem>
#include <fstream>
#include <string_view>

namespace ccsim {
namespace {

using nlohmann::json;

std::string scenario_path(const std::string& name) { return std::string(CCSIM_SCENARIO_DIR) + "/" + name; }

std::string results_of(const model::Scenario& sc, unsigned threads) {
  analysis::Summary summary(sc);
  model::run_replications(sc, 0, sc.replications, threads,
                          [&](std::uint32_t, model::ReplicationTally&& t) { summary.add(t); });
  return analysis::results_json(summary, analysis::evaluate_expectations(summary), "test").dump();
}

TEST(Determinism, SameBytesWhateverTheThreadCount) {
  auto sc = scenario::load_scenario_file(scenario_path("bank_weekday.json"));
  sc.replications = 6;
  const std::string one = results_of(sc, 1);
  EXPECT_EQ(one, results_of(sc, 2));
  EXPECT_EQ(one, results_of(sc, 3));
}

TEST(Determinism, DifferentSeedsGiveDifferentResults) {
  auto sc = scenario::load_scenario_file(scenario_path("bank_weekday.json"));
  sc.replications = 2;
  const std::string a = results_of(sc, 1);
  sc.seed = 2;
  EXPECT_NE(a, results_of(sc, 1));
}

// Two replications in one process share nothing: replication 3 alone equals replication 3
// run after others, on another thread.
TEST(Determinism, ReplicationsAreIndependent) {
  auto sc = scenario::load_scenario_file(scenario_path("two_tier_priority.json"));
  const auto alone = model::run_replication(sc, 3);
  model::ReplicationTally in_batch;
  model::run_replications(sc, 0, 5, 2, [&](std::uint32_t r, model::ReplicationTally&& t) {
    if (r == 3) in_batch = std::move(t);
  });
  EXPECT_EQ(alone.events, in_batch.events);
  EXPECT_EQ(alone.calls_simulated, in_batch.calls_simulated);
  for (std::size_t c = 0; c < alone.call_types.size(); ++c) {
    EXPECT_EQ(alone.call_types[c].answered, in_batch.call_types[c].answered);
    EXPECT_EQ(alone.call_types[c].sum_wait_answered, in_batch.call_types[c].sum_wait_answered);
  }
}

void expect_conserved(const model::CallTally& t, std::uint64_t overflowed, const std::string& where) {
  EXPECT_EQ(t.offered, t.answered + t.abandoned + t.blocked + t.overflowed_out + t.dropped + t.callback + overflowed)
      << where;
  for (std::size_t k = 0; k < t.thresholds(); ++k) {
    EXPECT_LE(t.answered_within(k), t.answered) << where;
    if (k > 0) {
      EXPECT_LE(t.answered_within(k - 1), t.answered_within(k)) << where;
    }
  }
  std::uint64_t classes = 0;
  for (const std::uint64_t n : t.answered_by_wait) classes += n;
  EXPECT_EQ(classes, t.answered) << where;
  EXPECT_EQ(t.waits.count(), t.answered + t.abandoned) << where;
}

// offered = answered + abandoned + blocked + overflowed_out + dropped + callback, exactly, in
// every replication, per call type, per interval and per queue, on every example scenario and
// on variants that exercise blocking, abandonment, staffing that drops to zero and callbacks
// (both modes; more in test_callback.cpp).
TEST(Conservation, HoldsExactlyInEveryReplication) {
  std::vector<model::Scenario> scenarios;
  for (const auto& entry : std::filesystem::directory_iterator(CCSIM_SCENARIO_DIR)) {
    if (entry.path().extension() == ".json") scenarios.push_back(scenario::load_scenario_file(entry.path().string()));
  }
  ASSERT_GE(scenarios.size(), 3u);
  scenarios.push_back(scenario::load_scenario_file(scenario_path("two_tier_priority.json"),
                                                   {{"/queues/0/capacity", "2"}, {"/queues/1/capacity", "0"}}));
  scenarios.push_back(scenario::load_scenario_file(
      scenario_path("bank_weekday.json"),
      {{"/agent_groups/0/agents/10", "0"}, {"/agent_groups/0/agents/11", "0"}, {"/queues/0/capacity", "5"}}));
  for (const char* mode : {"keep_place", "when_idle"}) {
    scenarios.push_back(scenario::load_scenario_file(
        scenario_path("bank_weekday.json"),
        {{"/queues/0/capacity", "12"},
         {"/queues/0/callback", json{{"offer_when", {{"queue_length", {{"at_least", 2}}}}}, {"mode", mode}}.dump()}}));
  }
  for (const auto& sc : scenarios) {
    for (std::uint32_t r = 0; r < 3; ++r) {
      const auto t = model::run_replication(sc, r);
      const std::string where = sc.name + " replication " + std::to_string(r);
      model::CallTally total(sc.thresholds_s.size());
      for (std::size_t c = 0; c < t.call_types.size(); ++c) {
        expect_conserved(t.call_types[c], 0, where + " call type " + sc.call_types[c].name);
        total.merge(t.call_types[c]);
      }
      model::CallTally by_interval(sc.thresholds_s.size());
      for (const auto& i : t.intervals) {
        expect_conserved(i, 0, where + " interval");
        by_interval.merge(i);
      }
      EXPECT_EQ(by_interval.offered, total.offered) << where;
      EXPECT_EQ(by_interval.answered, total.answered) << where;
      std::uint64_t answered_by_groups = 0;
      for (const auto& g : t.groups) answered_by_groups += g.answered;
      EXPECT_EQ(answered_by_groups, total.answered) << where;
      for (std::size_t q = 0; q < t.queues.size(); ++q) {
        expect_conserved(t.queues[q].calls, t.queues[q].overflowed, where + " queue " + sc.queues[q].name);
        // Without rules every offered call joins or is blocked; rules may send some on first.
        if (sc.queues[q].overflow.empty()) {
          EXPECT_EQ(t.queues[q].entered, t.queues[q].calls.offered - t.queues[q].calls.blocked) << where;
        } else {
          EXPECT_LE(t.queues[q].entered + t.queues[q].calls.blocked, t.queues[q].calls.offered) << where;
        }
      }
    }
  }
}

model::Scenario from_json(const json& j) { return scenario::load_scenario_text(j.dump(), "test.json"); }

// Agents leaving at an interval boundary finish the call they are on first.
TEST(Staffing, AgentsLeavingFinishTheirCallFirst) {
  const auto sc = from_json({{"name", "boundary"},
                             {"horizon", "2m"},
                             {"interval", "1m"},
                             {"replications", 1},
                             {"queues", {{{"name", "q"}, {"capacity", 0}}}},
                             {"call_types",
                              {{{"name", "c"},
                                {"enters", "q"},
                                {"arrivals", {{"poisson", {{"per_hour", 3600}}}}},
                                {"handle_time", {{"constant", "30s"}}}}}},
                             {"agent_groups", {{{"name", "g"}, {"agents", {2, 0}}, {"serves", {"q"}}}}}});
  for (std::uint32_t r = 0; r < 20; ++r) {
    const auto t = model::run_replication(sc, r);
    const auto& g = t.groups[0];
    // Two agents for the first minute; those busy at 60 s stay until their call ends (< 90 s).
    EXPECT_GE(g.logged_in_time, 120.0 - 1e-9);
    EXPECT_LE(g.logged_in_time, 180.0 + 1e-9);
    EXPECT_LE(g.busy_time, g.logged_in_time + 1e-9);
    // Nobody answers in the second minute: every call arriving then is blocked.
    const std::size_t n_types = 1;
    EXPECT_EQ(t.intervals[1 * n_types].answered, 0u);
    EXPECT_EQ(t.intervals[1 * n_types].blocked, t.intervals[1 * n_types].offered);
  }
}

// A group that serves a queue "after" 30 s never answers a caller who waited less.
TEST(Tiers, AfterMakesAGroupWaitForTheCaller) {
  const auto sc = from_json(
      {{"name", "tier"},
       {"horizon", "10h"},
       {"replications", 4},
       {"service_level", {{"thresholds", {"20s", "30s", "40s"}}}},
       {"queues", {{{"name", "q"}}}},
       {"call_types",
        {{{"name", "c"},
          {"enters", "q"},
          {"arrivals", {{"poisson", {{"per_hour", 20}}}}},
          {"handle_time", {{"exponential", {{"mean", "1m"}}}}}}}},
       {"agent_groups", {{{"name", "second"}, {"agents", 3}, {"serves", {{{"queue", "q"}, {"after", "30s"}}}}}}}});
  analysis::Summary s(sc);
  model::run_replications(sc, 0, sc.replications, 1, [&](std::uint32_t, model::ReplicationTally&& t) { s.add(t); });
  EXPECT_EQ(*s.estimate({"totals", "", -1, "service_level/20"}).mean, 0.0);
  // At 20 calls/h and 3 agents nearly every caller is answered at exactly 30 s.
  EXPECT_GT(*s.estimate({"totals", "", -1, "service_level/30"}).mean, 0.95);
  EXPECT_GE(*s.estimate({"totals", "", -1, "asa"}).mean, 30.0);
}

// A first tier with no free agent: the second tier takes callers once they waited 30 s,
// and the first tier still gets callers first when it frees up.
TEST(Tiers, SecondTierOnlyHelpsWithCallersWhoWaited) {
  const auto sc =
      from_json({{"name", "tiers"},
                 {"horizon", "20h"},
                 {"warmup", "1h"},
                 {"replications", 4},
                 {"queues", {{{"name", "q"}}}},
                 {"call_types",
                  {{{"name", "c"},
                    {"enters", "q"},
                    {"arrivals", {{"poisson", {{"per_hour", 100}}}}},
                    {"handle_time", {{"exponential", {{"mean", "3m"}}}}}}}},
                 {"agent_groups",
                  {{{"name", "first"}, {"agents", 4}, {"serves", {"q"}}},
                   {{"name", "second"}, {"agents", 2}, {"serves", {{{"queue", "q"}, {"after", "30s"}}}}}}}});
  analysis::Summary s(sc);
  model::run_replications(sc, 0, sc.replications, 1, [&](std::uint32_t, model::ReplicationTally&& t) { s.add(t); });
  const double first = *s.estimate({"agent_groups", "first", -1, "answered"}).mean;
  const double second = *s.estimate({"agent_groups", "second", -1, "answered"}).mean;
  EXPECT_GT(first, 2.0 * second);
  EXPECT_GT(second, 0.0);
  EXPECT_GT(*s.estimate({"agent_groups", "first", -1, "occupancy"}).mean,
            *s.estimate({"agent_groups", "second", -1, "occupancy"}).mean);
}

// Figure `ka` of `a` and figure `kb` of `b` hold the same values, bit for bit, replication
// by replication.
// Every replication of `sc` on one thread, summarised (the summary refers to `sc`).
analysis::Summary summarize(const model::Scenario& sc) {
  analysis::Summary s(sc);
  model::run_replications(sc, 0, sc.replications, 1, [&](std::uint32_t, model::ReplicationTally&& t) { s.add(t); });
  return s;
}

void expect_same_bits(const analysis::Summary& a, const analysis::FigureKey& ka, const analysis::Summary& b,
                      const analysis::FigureKey& kb) {
  ASSERT_TRUE(b.has(kb)) << kb.name << " " << kb.metric;
  const auto& x = a.values(ka);
  const auto& y = b.values(kb);
  ASSERT_EQ(x.size(), y.size()) << ka.name << " " << ka.metric;
  for (std::size_t r = 0; r < x.size(); ++r) {
    EXPECT_EQ(std::bit_cast<std::uint64_t>(x[r]), std::bit_cast<std::uint64_t>(y[r]))
        << ka.name << " " << ka.metric << " replication " << r;
  }
}

// Every figure of `a` (of one section, or all when `section` is empty) holds the same values
// in `b`, bit for bit; returns how many figures were compared.
std::size_t expect_same_figures(const analysis::Summary& a, const analysis::Summary& b, std::string_view section = {}) {
  std::size_t compared = 0;
  for (const auto& key : a.keys()) {
    if (!section.empty() && key.section != section) continue;
    expect_same_bits(a, key, b, key);
    ++compared;
  }
  return compared;
}

// An overflow list whose one rule never fires (to the exit "elsewhere"): the queue's callers
// take offer()'s general path and nothing else changes.
json never_firing_rules() { return {{{"when", {{"queue_length", {{"at_least", 1000000}}}}}, {"to", "elsewhere"}}}; }

// With one reporting interval, the interval figures of each call type are its whole-run
// figures, bit for bit (the model keeps one tally and copies it). The failover drill with
// every per-interval list flattened to its largest value: overflow, exits, outages, abandons.
TEST(Intervals, OneIntervalRepeatsTheCallTypeFiguresExactly) {
  std::ifstream in(scenario_path("failover_drill.json"));
  json j = json::parse(in);
  const auto flatten = [](auto& self, json& v) -> void {
    if (v.is_array() && !v.empty() && std::all_of(v.begin(), v.end(), [](const json& e) { return e.is_number(); })) {
      v = *std::max_element(v.begin(), v.end());
    } else if (v.is_structured()) {
      for (auto& e : v) self(self, e);
    }
  };
  flatten(flatten, j);
  j["interval"] = j["horizon"];
  j["replications"] = 3;
  const auto sc = from_json(j);
  ASSERT_EQ(sc.interval_count(), 1U);
  analysis::Summary summary(sc);
  model::run_replications(sc, 0, sc.replications, 1,
                          [&](std::uint32_t, model::ReplicationTally&& t) { summary.add(t); });
  std::size_t compared = 0;
  for (const auto& key : summary.keys()) {
    if (key.section != "call_types" || key.interval != -1) continue;
    // A caller's share answered in the end counts its redials, which may come in later
    // intervals: a whole-run figure only (README "Redials").
    if (key.metric == "caller_answered_rate") continue;
    expect_same_bits(summary, key, summary, {key.section, key.name, 0, key.metric});
    ++compared;
  }
  EXPECT_GT(compared, 40U);
  EXPECT_GT(*summary.estimate({"call_types", "premium", 0, "overflowed_out"}).mean +
                *summary.estimate({"call_types", "regular", 0, "overflowed_out"}).mean,
            0.0);
  EXPECT_GT(*summary.estimate({"totals", "", 0, "abandoned"}).mean, 0.0);
}

// A queue that only one call type's arrivals enter and that sends nobody on keeps no tally of
// its own: the model copies the call type's. Checked against the same scenario with a rule
// added to that queue that never fires (which makes the queue keep its own tally): every
// figure of the queue, blocks and abandons included, is the same, bit for bit.
TEST(QueueTally, AQueueHoldingOneTypeFromArrivalToOutcomeIsThatTypesTallyExactly) {
  json j = {{"name", "mirror"},
            {"horizon", "30h"},
            {"warmup", "1h"},
            {"interval", "5h"},
            {"replications", 3},
            {"queues", {{{"name", "q"}, {"capacity", 6}, {"announcement", {{"constant", "4s"}}}}, {{"name", "other"}}}},
            {"exits", {{{"name", "elsewhere"}}}},
            {"call_types",
             {{{"name", "c"},
               {"enters", "q"},
               {"arrivals", {{"poisson", {{"per_hour", 120}}}}},
               {"handle_time", {{"exponential", {{"mean", "2m"}}}}},
               {"patience", {{"exponential", {{"mean", "1m"}}}}}},
              {{"name", "d"},
               {"enters", "other"},
               {"priority", 1},
               {"arrivals", {{"poisson", {{"per_hour", 30}}}}},
               {"handle_time", {{"exponential", {{"mean", "2m"}}}}}}}},
            {"agent_groups", {{{"name", "g"}, {"agents", 4}, {"serves", {"other", "q"}}}}}};
  json with_rule = j;
  with_rule["queues"][0]["overflow"] = never_firing_rules();
  const auto first = from_json(j);
  const auto second = from_json(with_rule);
  const analysis::Summary a = summarize(first);
  const analysis::Summary b = summarize(second);
  EXPECT_GT(expect_same_figures(a, b, "queues"), 40U);
  EXPECT_GT(*a.estimate({"queues", "q", -1, "blocked"}).mean, 0.0);
  EXPECT_GT(*a.estimate({"queues", "q", -1, "abandoned"}).mean, 0.0);
  EXPECT_GT(*a.estimate({"queues", "q", -1, "service_level/20"}).mean, 0.0);
}

// Callers answered on arrival without a call record (ContactCenter's shortcut), over every
// replication of `sc`.
std::uint64_t answered_without_record(const model::Scenario& sc) {
  std::uint64_t n = 0;
  for (std::uint32_t r = 0; r < sc.replications; ++r) {
    model::ContactCenter center(sc, r);
    (void)center.run();
    n += center.answered_without_record();
  }
  return n;
}

// A caller who finds an idle agent in a queue without entry rules or announcement is
// answered without a call record (ContactCenter::on_arrival). A never-firing entry rule on
// every queue sends each caller down the general path (offer, then answer) instead: every
// figure but the rules' own must come out bit for bit the same. With warm-up, intervals,
// two groups on one queue, a site outage (its queue blocks new callers) and agents with an
// `after`.
TEST(AnsweredOnArrival, MatchesTheGeneralPathExactly) {
  json j = {{"name", "at once"},
            {"horizon", "10h"},
            {"warmup", "30m"},
            {"interval", "2h"},
            {"replications", 3},
            {"sites", {{{"name", "east"}, {"outages", {{{"from", "4h"}, {"for", "40m"}}}}}}},
            {"queues", {{{"name", "q"}, {"site", "east"}}, {{"name", "r"}, {"capacity", 5}}}},
            {"exits", {{{"name", "elsewhere"}}}},
            {"call_types",
             {{{"name", "c"},
               {"enters", "q"},
               {"arrivals", {{"poisson", {{"per_hour", {100, 140, 120, 90, 110}}}}}},
               {"handle_time", {{"exponential", {{"mean", "3m"}}}}},
               {"patience", {{"exponential", {{"mean", "2m"}}}}}},
              {{"name", "d"},
               {"enters", "r"},
               {"priority", 1},
               {"arrivals", {{"poisson", {{"per_hour", 40}}}}},
               {"handle_time", {{"lognormal", {{"mean", "4m"}, {"sd", "2m"}}}}},
               {"wrap_up", {{"constant", "20s"}}}}}},
            {"agent_groups",
             {{{"name", "g"}, {"site", "east"}, {"agents", {5, 6, 6, 5, 5}}, {"serves", {"q"}}},
              {{"name", "h"}, {"agents", 3}, {"serves", {"r", {{"queue", "q"}, {"after", "30s"}}}}},
              {{"name", "k"}, {"agents", 1}, {"serves", {"q", "r"}}}}}};
  json with_rules = j;
  for (auto& q : with_rules["queues"]) {
    q["overflow"] = never_firing_rules();
  }
  const auto first = from_json(j);
  const auto second = from_json(with_rules);
  const analysis::Summary a = summarize(first);
  const analysis::Summary b = summarize(second);
  EXPECT_GT(expect_same_figures(a, b), 200U);
  // The two runs took different paths: only the first answered callers without a record.
  EXPECT_GT(answered_without_record(first), 0U);
  EXPECT_EQ(answered_without_record(second), 0U);
  // The paths were all taken: answered at once, waited, blocked by the outage.
  EXPECT_GT(*a.estimate({"queues", "q", -1, "p_wait"}).mean, 0.05);
  EXPECT_LT(*a.estimate({"queues", "q", -1, "p_wait"}).mean, 0.7);
  EXPECT_GT(*a.estimate({"queues", "q", -1, "blocked"}).mean, 0.0);
}

TEST(Unresolved, CallersWithNobodyToAnswerThemAreReported) {
  const auto sc = from_json({{"name", "stuck"},
                             {"horizon", "2h"},
                             {"interval", "1h"},
                             {"replications", 1},
                             {"queues", {{{"name", "q"}}}},
                             {"call_types",
                              {{{"name", "c"},
                                {"enters", "q"},
                                {"arrivals", {{"poisson", {{"per_hour", 100}}}}},
                                {"handle_time", {{"exponential", {{"mean", "3m"}}}}}}}},
                             {"agent_groups", {{{"name", "g"}, {"agents", {5, 0}}, {"serves", {"q"}}}}}});
  try {
    (void)model::run_replication(sc, 0);
    FAIL() << "expected an error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("queue \"q\" still holds"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace ccsim
