// Tests of sim/model/conditions.hpp, the one table of condition kinds: every kind has exactly
// one row, at its own index, with a name of its own; lookups by name and by kind agree; the
// rows say the same as the loader and the routing checks do with them; and the shared
// hysteresis step switches on, holds and switches off at the boundaries, in both directions,
// and evaluates plain comparisons as before.
#include "sim/model/conditions.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <optional>
#include <set>
#include <string>

namespace ccsim::model {
namespace {

using Kind = Condition::Kind;

// Every kind, as Condition::Kind declares them.
constexpr Kind all_kinds[] = {
    Kind::QueueLength,  Kind::ExpectedWait, Kind::LongestWait, Kind::Occupancy, Kind::AvailableAgents,
    Kind::ServiceLevel, Kind::SiteDown,     Kind::Waited,      Kind::All,       Kind::Any};

TEST(ConditionKinds, EveryKindHasExactlyOneRowAtItsIndex) {
  EXPECT_EQ(kConditionKinds.size(), std::size(all_kinds));
  for (const Kind kind : all_kinds) {
    int rows = 0;
    for (const auto& row : kConditionKinds) rows += row.kind == kind ? 1 : 0;
    EXPECT_EQ(rows, 1) << condition_name(kind);
    EXPECT_EQ(condition_kind(kind).kind, kind);
  }
}

TEST(ConditionKinds, NamesAreUniqueAndLookupsRoundTrip) {
  std::set<std::string_view> names;
  for (const auto& row : kConditionKinds) {
    EXPECT_FALSE(row.name.empty());
    EXPECT_FALSE(row.metric.empty()) << row.name;
    EXPECT_TRUE(names.insert(row.name).second) << row.name << " is listed twice";
    EXPECT_EQ(find_condition_kind(row.name), &row);
    EXPECT_EQ(condition_name(row.kind), row.name);
  }
  EXPECT_EQ(find_condition_kind("queue_lenght"), nullptr);
  EXPECT_EQ(find_condition_kind(""), nullptr);
  EXPECT_EQ(condition_name(Kind::QueueLength), "queue_length");
  EXPECT_EQ(condition_name(Kind::Any), "any");
}

TEST(ConditionKinds, NamesListTheTableInOrder) {
  const auto names = condition_names();
  ASSERT_EQ(names.size(), kConditionKinds.size());
  for (std::size_t i = 0; i < names.size(); ++i) EXPECT_EQ(names[i], kConditionKinds[i].name);
  // The order the loader's message lists them in, and the scenario files' documentation.
  EXPECT_EQ(names,
            (std::vector<std::string>{"queue_length", "expected_wait", "longest_wait", "occupancy", "available_agents",
                                      "service_level", "site_down", "waited", "all", "any"}));
}

TEST(ConditionKinds, ValueTypesAndWhatCanBeDoneWithThem) {
  EXPECT_EQ(condition_kind(Kind::QueueLength).value, ConditionValue::Callers);
  EXPECT_EQ(condition_kind(Kind::AvailableAgents).value, ConditionValue::Agents);
  EXPECT_EQ(condition_kind(Kind::ExpectedWait).value, ConditionValue::Seconds);
  EXPECT_EQ(condition_kind(Kind::LongestWait).value, ConditionValue::Seconds);
  EXPECT_EQ(condition_kind(Kind::Occupancy).value, ConditionValue::Share);
  EXPECT_EQ(condition_kind(Kind::ServiceLevel).value, ConditionValue::Share);
  EXPECT_EQ(condition_kind(Kind::SiteDown).value, ConditionValue::SiteState);
  EXPECT_EQ(condition_kind(Kind::Waited).value, ConditionValue::Timer);
  EXPECT_EQ(condition_kind(Kind::All).value, ConditionValue::Combinator);
  EXPECT_EQ(condition_kind(Kind::Any).value, ConditionValue::Combinator);
  for (const auto& row : kConditionKinds) {
    // Hysteresis is a release level, which only a compared metric has.
    EXPECT_EQ(row.hysteresis, compares_metric(row.kind)) << row.name;
    EXPECT_EQ(is_count(row.kind), row.value == ConditionValue::Callers || row.value == ConditionValue::Agents);
    // A kind that is not a state metric says why, except all/any, which are as Markovian as
    // their conditions.
    EXPECT_EQ(row.why_not_state.empty(), row.state_metric || row.value == ConditionValue::Combinator) << row.name;
  }
  // What the CTMC solver can evaluate.
  std::set<Kind> state;
  for (const auto& row : kConditionKinds) {
    if (row.state_metric) state.insert(row.kind);
  }
  EXPECT_EQ(state, (std::set<Kind>{Kind::QueueLength, Kind::ExpectedWait, Kind::Occupancy, Kind::AvailableAgents}));
}

// --- the hysteresis step ------------------------------------------------------------------

Condition levels(std::optional<double> at_least, std::optional<double> at_most,
                 std::optional<double> until_below = std::nullopt, std::optional<double> until_above = std::nullopt) {
  Condition c;
  c.at_least = at_least;
  c.at_most = at_most;
  c.until_below = until_below;
  c.until_above = until_above;
  return c;
}

void expect_step(const HysteresisStep& step, bool on, int switched) {
  EXPECT_EQ(step.on, on);
  EXPECT_EQ(step.switched, switched);
}

TEST(HysteresisStep, UntilBelowSwitchesOnAtTheTriggerAndOffBelowTheRelease) {
  const Condition c = levels(10.0, std::nullopt, 5.0);
  // Off: stays off below the trigger, switches on when the metric reaches it.
  expect_step(step_metric_condition(c, 9.99, false), false, 0);
  expect_step(step_metric_condition(c, 10.0, false), true, +1);
  expect_step(step_metric_condition(c, 25.0, false), true, +1);
  expect_step(step_metric_condition(c, 5.0, false), false, 0);
  // On: holds down to the release level itself, switches off below it.
  expect_step(step_metric_condition(c, 25.0, true), true, 0);
  expect_step(step_metric_condition(c, 7.0, true), true, 0);
  expect_step(step_metric_condition(c, 5.0, true), true, 0);
  expect_step(step_metric_condition(c, 4.99, true), false, -1);
}

TEST(HysteresisStep, UntilAboveSwitchesOnAtTheTriggerAndOffAboveTheRelease) {
  const Condition c = levels(std::nullopt, 0.5, std::nullopt, 0.8);
  expect_step(step_metric_condition(c, 0.51, false), false, 0);
  expect_step(step_metric_condition(c, 0.5, false), true, +1);
  expect_step(step_metric_condition(c, 0.0, false), true, +1);
  expect_step(step_metric_condition(c, 0.8, false), false, 0);
  expect_step(step_metric_condition(c, 0.0, true), true, 0);
  expect_step(step_metric_condition(c, 0.7, true), true, 0);
  expect_step(step_metric_condition(c, 0.8, true), true, 0);
  expect_step(step_metric_condition(c, 0.81, true), false, -1);
}

TEST(HysteresisStep, ReleaseLevelEqualToTheTriggerIsAPlainComparisonThatCountsSwitches) {
  const Condition c = levels(3.0, std::nullopt, 3.0);
  expect_step(step_metric_condition(c, 3.0, false), true, +1);
  expect_step(step_metric_condition(c, 3.0, true), true, 0);
  expect_step(step_metric_condition(c, 2.0, true), false, -1);
}

TEST(HysteresisStep, PlainComparisonHoldsWithinItsLevelsWhateverItHeldBefore) {
  const Condition both = levels(2.0, 4.0);
  for (const bool before : {false, true}) {
    expect_step(step_metric_condition(both, 1.99, before), false, 0);
    expect_step(step_metric_condition(both, 2.0, before), true, 0);
    expect_step(step_metric_condition(both, 3.0, before), true, 0);
    expect_step(step_metric_condition(both, 4.0, before), true, 0);
    expect_step(step_metric_condition(both, 4.01, before), false, 0);
  }
  expect_step(step_metric_condition(levels(2.0, std::nullopt), 1e300, false), true, 0);
  expect_step(step_metric_condition(levels(2.0, std::nullopt), 1.0, true), false, 0);
  expect_step(step_metric_condition(levels(std::nullopt, 4.0), -1.0, false), true, 0);
  expect_step(step_metric_condition(levels(std::nullopt, 4.0), 5.0, true), false, 0);
  const double inf = std::numeric_limits<double>::infinity();
  expect_step(step_metric_condition(levels(std::nullopt, 4.0), inf, false), false, 0);  // no capacity: endless wait
}

TEST(HysteresisStep, NaNSwitchesNothingAndFailsAPlainComparison) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  expect_step(step_metric_condition(levels(10.0, std::nullopt, 5.0), nan, true), true, 0);
  expect_step(step_metric_condition(levels(10.0, std::nullopt, 5.0), nan, false), false, 0);
  expect_step(step_metric_condition(levels(std::nullopt, 1.0, std::nullopt, 2.0), nan, true), true, 0);
  expect_step(step_metric_condition(levels(2.0, 4.0), nan, false), false, 0);
}

// Another evaluator's compiled condition (as the CTMC solver keeps one) takes the same step,
// and the step is usable at compile time.
struct CompiledLevels {
  std::optional<double> at_least;
  std::optional<double> at_most;
  std::optional<double> until_below;
  std::optional<double> until_above;
};
static_assert(MetricLevels<CompiledLevels>);
static_assert(step_metric_condition(CompiledLevels{10.0, std::nullopt, 5.0, std::nullopt}, 10.0, false).switched == 1);
static_assert(!step_metric_condition(CompiledLevels{10.0, std::nullopt, 5.0, std::nullopt}, 4.0, true).on);
static_assert(step_metric_condition(CompiledLevels{std::nullopt, 4.0, std::nullopt, std::nullopt}, 3.0, false).on);

TEST(HysteresisStep, SameStepForAModelConditionAndACompiledCopy) {
  const Condition c = levels(10.0, std::nullopt, 5.0);
  const CompiledLevels copy{c.at_least, c.at_most, c.until_below, c.until_above};
  for (const double v : {0.0, 4.99, 5.0, 9.99, 10.0, 20.0}) {
    for (const bool on : {false, true}) {
      const auto a = step_metric_condition(c, v, on);
      const auto b = step_metric_condition(copy, v, on);
      EXPECT_EQ(a.on, b.on);
      EXPECT_EQ(a.switched, b.switched);
    }
  }
}

}  // namespace
}  // namespace ccsim::model
