// The structures that keep a run linear in the number of queues, groups and call types
// (README "Robustness"): arrivals of many call types as ordinary calendar events instead of
// scanned slots, and the walk of the queues a call type can reach, bounded by max_hops.
#include "sim/model/caller_sources.hpp"
#include "sim/model/queues.hpp"
#include "sim/model/runner.hpp"
#include "sim/scenario/loader.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace ccsim {
namespace {

using nlohmann::json;

json exponential(double mean) { return {{"exponential", {{"mean", mean}}}}; }

// `types` call types over two queues (the second overflowing to the first when 3 wait)
// served by two groups, with patience: busy enough that every kind of event happens.
json many_types(std::size_t types) {
  json call_types = json::array();
  for (std::size_t t = 0; t < types; ++t) {
    call_types.push_back({{"name", "t" + std::to_string(t)},
                          {"enters", t % 2 == 0 ? "a" : "b"},
                          {"priority", static_cast<int>(t % 3)},
                          {"arrivals", {{"poisson", {{"per_hour", 10.0 + 3.0 * static_cast<double>(t)}}}}},
                          {"handle_time", exponential(240.0)},
                          {"patience", exponential(200.0 + 10.0 * static_cast<double>(t))}});
  }
  return {{"name", "many types"},
          {"horizon", "4h"},
          {"replications", 3},
          {"seed", 11},
          {"queues",
           {{{"name", "a"}},
            {{"name", "b"}, {"overflow", {{{"when", {{"queue_length", {{"at_least", 3}}}}}, {"to", "a"}}}}}}},
          {"call_types", call_types},
          {"agent_groups",
           {{{"name", "ga"}, {"agents", 9}, {"serves", {"a", "b"}}},
            {{"name", "gb"}, {"agents", 6}, {"serves", {"b", {{"queue", "a"}, {"after", "30s"}}}}}}}};
}

void expect_same_calls(const model::CallTally& a, const model::CallTally& b, const std::string& what) {
  EXPECT_EQ(a.offered, b.offered) << what;
  EXPECT_EQ(a.answered, b.answered) << what;
  EXPECT_EQ(a.abandoned, b.abandoned) << what;
  EXPECT_EQ(a.answered_by_wait, b.answered_by_wait) << what;
  EXPECT_EQ(a.sum_wait_answered, b.sum_wait_answered) << what;  // bit for bit: the very same calls
  EXPECT_EQ(a.sum_wait_abandoned, b.sum_wait_abandoned) << what;
}

// Up to kMaxSlots call types, arrivals wait in calendar slots; past it, in the calendar's
// heap. A 17th call type that never calls moves the others from slots to the heap: they must
// see the very same events in the same order.
TEST(ScalingStructures, ArrivalsOutsideSlotsGiveTheSameRun) {
  static_assert(model::CallerSources::kMaxSlots == 16, "the scenarios below straddle the limit");
  const auto slotted = scenario::load_scenario_text(many_types(16).dump(), "16.json");
  json with_idle = many_types(16);
  with_idle["call_types"].push_back({{"name", "idle"},
                                     {"enters", "a"},
                                     {"arrivals", {{"poisson", {{"per_hour", 0}}}}},
                                     {"handle_time", exponential(240.0)}});
  const auto heaped = scenario::load_scenario_text(with_idle.dump(), "17.json");
  for (std::uint32_t r = 0; r < 3; ++r) {
    const auto a = model::run_replication(slotted, r);
    const auto b = model::run_replication(heaped, r);
    EXPECT_GT(a.calls_simulated, 500U);
    EXPECT_EQ(a.calls_simulated, b.calls_simulated);
    EXPECT_EQ(a.events, b.events);
    EXPECT_EQ(a.end_time_s, b.end_time_s);
    ASSERT_EQ(b.call_types.size(), 17U);
    EXPECT_EQ(b.call_types[16].offered, 0U);
    std::uint64_t abandoned = 0;
    for (std::size_t t = 0; t < 16; ++t) {
      expect_same_calls(a.call_types[t], b.call_types[t], "type " + std::to_string(t));
      abandoned += a.call_types[t].abandoned;
    }
    EXPECT_GT(abandoned, 0U);  // busy enough for patience timers to matter
    for (std::size_t q = 0; q < 2; ++q) {
      expect_same_calls(a.queues[q].calls, b.queues[q].calls, "queue " + std::to_string(q));
      EXPECT_EQ(a.queues[q].overflowed, b.queues[q].overflowed);
      EXPECT_EQ(a.queues[q].queue_length_area, b.queues[q].queue_length_area);
    }
  }
}

// A chain of rules q0 -> q1 -> ... -> q6: calls entering q0 can be in q0..q4 with max_hops 4
// (the fifth transfer blocks them), never in q5 or q6; the walk stops there instead of
// following the chain to its end.
TEST(ScalingStructures, ReachStopsAtMaxHops) {
  json queues = json::array();
  for (int q = 0; q < 7; ++q) {
    json queue = {{"name", "q" + std::to_string(q)}};
    if (q < 6) {
      queue["overflow"] = {{{"when", {{"queue_length", {{"at_least", 0}}}}}, {"to", "q" + std::to_string(q + 1)}}};
    }
    queues.push_back(queue);
  }
  const json j = {{"name", "chain"},
                  {"horizon", "1h"},
                  {"max_hops", 4},
                  {"queues", queues},
                  {"call_types",
                   {{{"name", "first"},
                     {"enters", "q0"},
                     {"arrivals", {{"poisson", {{"per_hour", 60}}}}},
                     {"handle_time", exponential(60.0)},
                     {"patience", exponential(60.0)}},
                    {{"name", "middle"},
                     {"enters", "q3"},
                     {"arrivals", {{"poisson", {{"per_hour", 60}}}}},
                     {"handle_time", exponential(60.0)},
                     {"patience", exponential(60.0)}}}},
                  {"agent_groups", {{{"name", "g"}, {"agents", 1}, {"serves", {"q6"}}}}}};
  const auto sc = scenario::load_scenario_text(j.dump(), "chain.json");
  model::Reach reach(sc);
  EXPECT_EQ(reach.of(0), (std::vector<model::Id>{0, 1, 2, 3, 4}));
  EXPECT_EQ(reach.of(1), (std::vector<model::Id>{3, 4, 5, 6}));
  // What the run does agrees: every call of "first" is blocked by the hop limit at q4
  // (queue_length >= 0 always holds), and no call of it is answered by the group at q6.
  const auto t = model::run_replication(sc, 0);
  EXPECT_GT(t.call_types[0].offered, 20U);
  EXPECT_EQ(t.call_types[0].blocked, t.call_types[0].offered);
  EXPECT_EQ(t.call_types[0].answered, 0U);
  EXPECT_GT(t.call_types[1].offered, 20U);
  EXPECT_EQ(t.queues[6].entered, t.call_types[1].offered);  // three transfers: every call of "middle" gets there
}

}  // namespace
}  // namespace ccsim
