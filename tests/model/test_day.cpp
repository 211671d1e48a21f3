// The day of a real center: shifts with breaks, group absence and the initial state (callers
// waiting and agents busy at time 0), and the agents on duty per interval they report.
#include "analysis/estimators/summary.hpp"
#include "sim/model/runner.hpp"
#include "sim/model/staffing_plan.hpp"
#include "sim/scenario/loader.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <string>

namespace ccsim {
namespace {

using nlohmann::json;

std::string data_path(const std::string& name) { return std::string(CCSIM_TEST_DATA_DIR) + "/" + name; }

// One queue, one call type and one group `team`, with `extra` merged into the top level.
model::Scenario one_queue(const json& group, const json& call_type, const json& extra = json::object()) {
  json j = {{"name", "day"},
            {"horizon", "1h"},
            {"interval", "30m"},
            {"replications", 1},
            {"queues", {{{"name", "main"}}}},
            {"call_types", {call_type}},
            {"agent_groups", {group}}};
  j.update(extra);
  return scenario::load_scenario_text(j.dump(), "day.json");
}

json quiet_calls(const json& patience = nullptr) {
  json ct = {{"name", "regular"},
             {"enters", "main"},
             {"arrivals", {{"poisson", {{"per_hour", 0}}}}},
             {"handle_time", {{"constant", 100}}}};
  if (!patience.is_null()) ct["patience"] = {{"constant", patience}};
  return ct;
}

TEST(Shifts, StepsAreSumsOfShiftsLessTheirMergedBreaks) {
  const auto sc = scenario::load_scenario_file(data_path("day_shifts.json"));
  const auto steps = model::shift_steps(sc.agent_groups[0]);
  const std::vector<std::pair<double, std::uint32_t>> expected = {
      {0.0, 8}, {3600.0, 14}, {4020.0, 6}, {4920.0, 14}, {9600.0, 6}, {10200.0, 0}, {12000.0, 6}, {18000.0, 0}};
  ASSERT_EQ(steps.size(), expected.size());
  for (std::size_t k = 0; k < steps.size(); ++k) {
    EXPECT_DOUBLE_EQ(steps[k].at_s, expected[k].first) << k;
    EXPECT_EQ(steps[k].agents, expected[k].second) << k;
  }
  EXPECT_EQ(model::most_agents(sc.agent_groups[0]), 14u);
}

// Staffing changes are calendar events at the change instants only: with no caller, a
// replication processes exactly one event per instant where the schedule changes.
TEST(Shifts, ChangesAreEventsAtTheirInstantsOnly) {
  const json group = {
      {"name", "team"},
      {"serves", {"main"}},
      {"agents",
       {{"shifts",
         {{{"from", "0s"}, {"to", "1000s"}, {"agents", 3}, {"breaks", {{{"from", "100s"}, {"for", "50s"}}}}},
          {{"from", "1000s"}, {"to", "2h"}, {"agents", 3}}}}}}};
  const auto t = model::run_replication(one_queue(group, quiet_calls()), 0);
  EXPECT_EQ(t.events, 3u);  // break start, break end, end of the second shift (1000 s changes nothing)
}

// agents_on_duty is the mean of the agents logged in over each interval.
TEST(Shifts, AgentsOnDutyPerIntervalAreTheScheduleAveraged) {
  const json group = {{"name", "team"},
                      {"serves", {"main"}},
                      {"agents", {{"shifts", {{{"from", "0s"}, {"to", "45m"}, {"agents", 4}}}}}}};
  const auto sc = one_queue(group, quiet_calls());
  analysis::Summary summary(sc);
  summary.add(model::run_replication(sc, 0));
  EXPECT_DOUBLE_EQ(*summary.estimate({"agent_groups", "team", 0, "agents_on_duty"}).mean, 4.0);
  EXPECT_DOUBLE_EQ(*summary.estimate({"agent_groups", "team", 1, "agents_on_duty"}).mean, 2.0);
  EXPECT_DOUBLE_EQ(*summary.estimate({"agent_groups", "team", -1, "mean_agents"}).mean, 3.0);
}

// A constant staffing written as one shift over the whole run gives the very same callers
// the very same figures.
TEST(Shifts, OneLongShiftEqualsConstantStaffing) {
  auto sc = scenario::load_scenario_file(data_path("day_shifts.json"));
  sc.initial_state = {};
  sc.agent_groups[0].absence = 0.0;
  sc.agent_groups[0].shifts.clear();
  sc.agent_groups[0].agents = {9};
  auto shifted = sc;
  shifted.agent_groups[0].agents.clear();
  shifted.agent_groups[0].shifts = {model::Shift{0.0, 30.0 * 3600.0, 9, {}}};
  for (std::uint32_t r = 0; r < 3; ++r) {
    const auto a = model::run_replication(sc, r);
    const auto b = model::run_replication(shifted, r);
    for (std::size_t c = 0; c < a.call_types.size(); ++c) {
      EXPECT_EQ(a.call_types[c].answered, b.call_types[c].answered);
      EXPECT_EQ(a.call_types[c].abandoned, b.call_types[c].abandoned);
      EXPECT_EQ(a.call_types[c].sum_wait_answered, b.call_types[c].sum_wait_answered);
    }
    EXPECT_EQ(a.groups[0].busy_time, b.groups[0].busy_time);
  }
}

// An agent whose shift ends during a call finishes it and then leaves: the caller waiting
// for it is answered only when the next shift starts.
TEST(Shifts, AgentsLeavingFinishTheirCallFirst) {
  const json group = {
      {"name", "team"},
      {"serves", {"main"}},
      {"agents",
       {{"shifts",
         {{{"from", "0s"}, {"to", "50s"}, {"agents", 1}}, {{"from", "200s"}, {"to", "1h"}, {"agents", 1}}}}}}};
  const json init = {
      {"initial_state", {{"queues", {{"main", {{"waiting", 1}}}}}, {"agent_groups", {{"team", {{"busy", 1}}}}}}}};
  const auto t = model::run_replication(one_queue(group, quiet_calls(1000), init), 0);
  ASSERT_EQ(t.call_types[0].offered, 1u);
  EXPECT_EQ(t.call_types[0].answered, 1u);
  EXPECT_DOUBLE_EQ(t.call_types[0].sum_wait_answered, 200.0);
  EXPECT_DOUBLE_EQ(t.groups[0].busy_time, 200.0);        // the call in progress (100 s) and the answered one
  EXPECT_DOUBLE_EQ(t.groups[0].logged_in_time, 3500.0);  // 0-100 s (busy past its shift), 200 s-1 h
}

// Callers waiting at time 0 are arrivals at time 0 (counted without warm-up); calls in
// service keep their agents busy for a fresh handle time and are not counted.
TEST(InitialState, WaitingCallersAreCountedBusyCallsAreNot) {
  const json group = {{"name", "team"}, {"serves", {"main"}}, {"agents", 2}};
  const json init = {
      {"initial_state", {{"queues", {{"main", {{"waiting", 3}}}}}, {"agent_groups", {{"team", {{"busy", 2}}}}}}}};
  const auto t = model::run_replication(one_queue(group, quiet_calls(), init), 0);
  EXPECT_EQ(t.call_types[0].offered, 3u);
  EXPECT_EQ(t.call_types[0].answered, 3u);
  EXPECT_EQ(t.groups[0].answered, 3u);
  // Two answered at 100 s, the third at 200 s.
  EXPECT_DOUBLE_EQ(t.call_types[0].sum_wait_answered, 400.0);
  EXPECT_DOUBLE_EQ(t.groups[0].busy_time, 500.0);
  auto warm = json(init);
  warm["warmup"] = "10m";
  const auto w = model::run_replication(one_queue(group, quiet_calls(), warm), 0);
  EXPECT_EQ(w.call_types[0].offered, 0u);
  EXPECT_EQ(w.calls_simulated, 3u);
}

// offered = answered + abandoned + blocked + overflowed_out + dropped in every replication,
// per call type and per interval, with shifts, breaks, absence and an initial state.
TEST(Conservation, HoldsWithShiftsAbsenceAndInitialState) {
  const auto sc = scenario::load_scenario_file(data_path("day_shifts.json"));
  for (std::uint32_t r = 0; r < 8; ++r) {
    const auto t = model::run_replication(sc, r);
    std::uint64_t offered = 0;
    for (const auto& c : t.call_types) {
      EXPECT_EQ(c.offered, c.answered + c.abandoned + c.blocked + c.overflowed_out + c.dropped) << r;
      offered += c.offered;
    }
    std::uint64_t by_interval = 0;
    for (const auto& i : t.intervals) {
      EXPECT_EQ(i.offered, i.answered + i.abandoned + i.blocked + i.overflowed_out + i.dropped) << r;
      by_interval += i.offered;
    }
    EXPECT_EQ(by_interval, offered);
    EXPECT_EQ(t.groups[0].on_duty_time.size(), sc.interval_count());
  }
}

// Absence draws a present/absent agent from a stream of its own: the callers stay the same,
// the agents on duty never exceed the schedule, and absence 0 changes nothing.
TEST(Absence, ThinsTheAgentsOnDutyAndKeepsTheCallers) {
  auto sc = scenario::load_scenario_file(data_path("day_shifts.json"));
  auto none = sc;
  none.agent_groups[0].absence = 0.0;
  auto all = sc;
  all.agent_groups[0].absence = 1.0;
  for (std::uint32_t r = 0; r < 4; ++r) {
    const auto a = model::run_replication(sc, r);
    const auto b = model::run_replication(none, r);
    const auto c = model::run_replication(all, r);
    EXPECT_EQ(a.calls_simulated, b.calls_simulated);
    EXPECT_LE(a.groups[0].logged_in_time, b.groups[0].logged_in_time);
    EXPECT_EQ(c.groups[0].answered, 0u);  // absent all day (its busy agents at 0 finish and leave)
  }
}

}  // namespace
}  // namespace ccsim
