// Call-type head_start: within a priority level, waiting callers are taken in order of
// (joined the queue - head start). The serve order on a hand-made line; 0 (or one head start
// shared by every type) is first come, first served, byte for byte; a head start longer than
// any wait is strict priority; a moderate one lies in between.
#include "analysis/estimators/summary.hpp"
#include "analysis/reports/results_json.hpp"
#include "sim/error.hpp"
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

// One queue, premium and regular callers of the same priority, 20 agents near saturation.
json two_types(const json& premium_extra, const json& regular_extra) {
  json premium = {{"name", "premium"},
                  {"enters", "q"},
                  {"arrivals", {{"poisson", {{"per_hour", 60}}}}},
                  {"handle_time", {{"exponential", {{"mean", "4m"}}}}},
                  {"patience", {{"exponential", {{"mean", "5m"}}}}}};
  json regular = premium;
  regular["name"] = "regular";
  regular["arrivals"]["poisson"]["per_hour"] = 240;
  premium.update(premium_extra);
  regular.update(regular_extra);
  return {{"name", "head start"},
          {"horizon", "8h"},
          {"replications", 20},
          {"queues", {{{"name", "q"}}}},
          {"call_types", {premium, regular}},
          {"agent_groups", {{{"name", "agents"}, {"agents", 19}, {"serves", {"q"}}}}}};
}

struct Outcome {
  std::string json_text;
  json results;
};

Outcome simulate(const json& scenario_json) {
  const auto sc = scenario::load_scenario_text(scenario_json.dump(), "head_start.json");
  analysis::Summary summary(sc);
  model::run_replications(sc, 0, sc.replications, 2,
                          [&](std::uint32_t, model::ReplicationTally&& t) { summary.add(t); });
  auto results = analysis::results_json(summary, analysis::evaluate_expectations(summary), "test");
  return {results.dump(), json::parse(results.dump())};
}

double figure(const Outcome& r, const std::string& type, const std::string& metric) {
  return r.results["call_types"][type].at(json::json_pointer("/" + metric))["mean"].get<double>();
}

TEST(HeadStart, ZeroOrOneSharedHeadStartIsFirstComeFirstServedByteForByte) {
  const Outcome fcfs = simulate(two_types(json::object(), json::object()));
  EXPECT_EQ(fcfs.json_text, simulate(two_types({{"head_start", "0s"}}, {{"head_start", 0}})).json_text);
  EXPECT_EQ(fcfs.json_text, simulate(two_types({{"head_start", "90s"}}, {{"head_start", "90s"}})).json_text);
}

TEST(HeadStart, LongerThanAnyWaitIsStrictPriority) {
  // Patience is at most a few hours and the run drains within a day: 10 days of head start
  // put every premium caller ahead of every regular one, as priority 1 over 0 does.
  const Outcome priority = simulate(two_types({{"priority", 1}}, json::object()));
  const Outcome head_start = simulate(two_types({{"head_start", "10d"}}, json::object()));
  for (const std::string type : {"premium", "regular"}) {
    EXPECT_EQ(priority.results["call_types"][type].dump(), head_start.results["call_types"][type].dump()) << type;
  }
  EXPECT_EQ(priority.results["totals"].dump(), head_start.results["totals"].dump());
}

TEST(HeadStart, ModerateHeadStartLiesBetweenFirstComeFirstServedAndPriority) {
  const Outcome fcfs = simulate(two_types(json::object(), json::object()));
  const Outcome moderate = simulate(two_types({{"head_start", "60s"}}, json::object()));
  const Outcome priority = simulate(two_types({{"priority", 1}}, json::object()));
  // The three runs see the same callers (common random numbers): the ordering is sharp.
  for (const std::string metric : {"asa", "abandon_rate"}) {
    EXPECT_LT(figure(priority, "premium", metric), figure(moderate, "premium", metric)) << metric;
    EXPECT_LT(figure(moderate, "premium", metric), figure(fcfs, "premium", metric)) << metric;
    EXPECT_GT(figure(priority, "regular", metric), figure(moderate, "regular", metric)) << metric;
    EXPECT_GT(figure(moderate, "regular", metric), figure(fcfs, "regular", metric)) << metric;
  }
  EXPECT_GT(figure(moderate, "premium", "service_level/20"), figure(fcfs, "premium", "service_level/20"));
}

TEST(HeadStart, NegativeIsAnError) {
  const auto sc = two_types({{"head_start", "-5s"}}, json::object());
  EXPECT_THROW((void)scenario::load_scenario_text(sc.dump(), "x.json"), InputError);
}

// The serve order itself, on a line filled by hand: regular callers join at 0 and 100 s,
// premium ones (head start 90 s) at 60 and 200 s. Keys: 0, -30, 100, 110.
TEST(HeadStart, ServeOrderOnAHandMadeLine) {
  const auto sc = scenario::load_scenario_text(two_types({{"head_start", "90s"}}, json::object()).dump(), "x.json");
  model::Queues queues(sc, 0, model::Window{0.0, sc.horizon_s});
  model::CallPool calls(model::CallPool::unstable_bound(sc));
  const auto join = [&](model::Id type, double at) {
    const std::uint32_t id = calls.allocate([] {});
    model::Call& c = calls[id];
    c.arrival.type = type;
    c.entered_queue = at;
    c.level = queues.level(type);
    queues[0].wait_in_line(id, c, calls);
    return id;
  };
  const auto a = join(1, 0.0);
  const auto b = join(0, 60.0);
  const auto c = join(1, 100.0);
  const auto d = join(0, 200.0);
  queues[0].waiting = 4;
  const auto take = [&](double after_s, double now) {
    const auto id = queues.take_eligible(0, after_s, now, calls);
    if (id) calls.release(*id);
    return id;
  };
  // A tier that takes callers after 150 s of wait, at 200 s: only a (joined at 0) qualifies.
  EXPECT_EQ(take(150.0, 200.0), a);
  EXPECT_EQ(take(0.0, 200.0), b);
  EXPECT_EQ(take(0.0, 200.0), c);
  EXPECT_EQ(take(0.0, 200.0), d);
  EXPECT_EQ(take(0.0, 200.0), std::nullopt);
}

}  // namespace
}  // namespace ccsim
