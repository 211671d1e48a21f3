// The per-interval queue and agent-group figures (intervals[].queues.NAME and
// intervals[].agent_groups.NAME, docs/results.md): what each replication's figures must
// satisfy whatever the randomness, on the repository's scenarios and on small ones.
#include "analysis/estimators/summary.hpp"
#include "sim/model/runner.hpp"
#include "sim/scenario/loader.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <deque>
#include <string>

namespace ccsim {
namespace {

using analysis::FigureKey;
using nlohmann::json;

const model::Scenario& load(const std::string& file, const std::vector<scenario::Override>& overrides = {}) {
  static std::deque<model::Scenario> kept;  // a Summary refers to its scenario; a deque never moves it
  kept.push_back(scenario::load_scenario_file(std::string(CCSIM_SCENARIO_DIR) + "/" + file, overrides));
  return kept.back();
}

analysis::Summary simulate(const model::Scenario& sc, std::uint32_t replications) {
  analysis::Summary summary(sc);
  model::run_replications(sc, 0, replications, 2, [&](std::uint32_t, model::ReplicationTally&& t) { summary.add(t); });
  return summary;
}

// The length of interval i inside the window [warm-up, horizon).
double counted_s(const model::Scenario& sc, std::size_t i) {
  const double from = static_cast<double>(i) * sc.interval_s;
  const double to = i + 1 == sc.interval_count() ? sc.horizon_s : from + sc.interval_s;
  return std::max(0.0, std::min(to, sc.horizon_s) - std::max(from, sc.warmup_s));
}

// Per replication: each interval's longest line is a whole number at least its time average;
// the intervals' entered and sent-on callers add up to the whole run's; their line integrals
// add up to the whole run's; occupancy is a share; agents on duty are never negative.
void expect_consistent(const model::Scenario& sc, const analysis::Summary& s) {
  const std::size_t n = sc.interval_count();
  ASSERT_GT(n, 1U);
  for (std::size_t r = 0; r < s.replications(); ++r) {
    for (const auto& q : sc.queues) {
      const auto whole = [&](const std::string& m) { return s.values({"queues", q.name, -1, m})[r]; };
      double entered = 0.0, sent = 0.0, area = 0.0;
      for (std::size_t i = 0; i < n; ++i) {
        const auto v = [&](const char* m) { return s.values({"queues", q.name, static_cast<int>(i), m})[r]; };
        const double max = v("max_queue_length");
        EXPECT_EQ(max, std::floor(max)) << q.name << " interval " << i;
        EXPECT_LE(max, whole("max_queue_length")) << q.name << " interval " << i;
        if (counted_s(sc, i) > 0.0) {
          EXPECT_GE(max + 1e-9, v("mean_queue_length")) << q.name << " interval " << i;
          area += v("mean_queue_length") * counted_s(sc, i);
        } else {
          EXPECT_TRUE(std::isnan(v("mean_queue_length"))) << q.name << " interval " << i << " lies in the warm-up";
        }
        entered += v("entered");
        sent += v("overflowed");
      }
      double fired = 0.0;
      for (std::size_t k = 0; k < q.overflow.size(); ++k) fired += whole("rules/" + std::to_string(k) + "/fired");
      EXPECT_EQ(entered, whole("entered")) << q.name;
      EXPECT_EQ(sent, fired) << q.name;
      EXPECT_NEAR(area, whole("mean_queue_length") * (sc.horizon_s - sc.warmup_s), 1e-6 * (1.0 + area)) << q.name;
    }
    for (const auto& g : sc.agent_groups) {
      for (std::size_t i = 0; i < n; ++i) {
        const auto v = [&](const char* m) { return s.values({"agent_groups", g.name, static_cast<int>(i), m})[r]; };
        EXPECT_GE(v("agents_on_duty"), 0.0);
        if (!std::isnan(v("occupancy"))) {
          EXPECT_GE(v("occupancy"), 0.0) << g.name << " interval " << i;
          EXPECT_LE(v("occupancy"), 1.0 + 1e-12) << g.name << " interval " << i;
        }
      }
    }
  }
}

TEST(IntervalFigures, AddUpToTheWholeRunOnTheDefaultScenario) {
  const auto& sc = load("primary_backup.json");
  const auto s = simulate(sc, 4);
  expect_consistent(sc, s);
  // Something happened: the main queue's callers were sent on in some interval.
  double sent = 0.0;
  for (std::size_t i = 0; i < sc.interval_count(); ++i)
    sent += s.estimate({"queues", "main", static_cast<int>(i), "overflowed"}).mean.value_or(0.0);
  EXPECT_GT(sent, 0.0);
}

TEST(IntervalFigures, ConstantStaffingIsOnDutyEveryIntervalAndTheWarmUpHasNoLine) {
  // 24 one-hour intervals after a 1 h warm-up: interval 0 lies wholly in the warm-up.
  const auto& sc = load("erlang_c_textbook.json");
  const auto s = simulate(sc, 3);
  expect_consistent(sc, s);
  for (std::size_t i = 0; i < sc.interval_count(); ++i) {
    const auto on_duty = s.estimate({"agent_groups", "agents", static_cast<int>(i), "agents_on_duty"});
    EXPECT_DOUBLE_EQ(*on_duty.mean, 28.0) << i;
    EXPECT_DOUBLE_EQ(*on_duty.ci95, 0.0) << i;
  }
  EXPECT_FALSE(s.estimate({"agent_groups", "agents", 0, "occupancy"}).mean.has_value());
  // Every counted hour has the same 28 agents logged in: the whole run's occupancy is the mean
  // of the hours' occupancies, in every replication.
  for (std::size_t r = 0; r < s.replications(); ++r) {
    double sum = 0.0;
    for (std::size_t i = 1; i < sc.interval_count(); ++i) {
      sum += s.values({"agent_groups", "agents", static_cast<int>(i), "occupancy"})[r];
    }
    EXPECT_NEAR(sum / static_cast<double>(sc.interval_count() - 1),
                s.values({"agent_groups", "agents", -1, "occupancy"})[r], 1e-12);
  }
}

TEST(IntervalFigures, AQueueNoCallerReachesHasNoLine) {
  const json j = {{"name", "idle queue"},
                  {"horizon", "2h"},
                  {"interval", "30m"},
                  {"replications", 2},
                  {"queues", {{{"name", "main"}}, {{"name", "spare"}}}},
                  {"call_types",
                   {{{"name", "calls"},
                     {"enters", "main"},
                     {"arrivals", {{"poisson", {{"per_hour", 120}}}}},
                     {"handle_time", {{"exponential", {{"mean", "60s"}}}}}}}},
                  {"agent_groups", {{{"name", "team"}, {"agents", 3}, {"serves", {"main", "spare"}}}}}};
  static const model::Scenario sc = scenario::load_scenario_text(j.dump(), "idle.json");
  const auto s = simulate(sc, 2);
  expect_consistent(sc, s);
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(*s.estimate({"queues", "spare", i, "mean_queue_length"}).mean, 0.0);
    EXPECT_EQ(*s.estimate({"queues", "spare", i, "max_queue_length"}).mean, 0.0);
    EXPECT_EQ(*s.estimate({"queues", "spare", i, "entered"}).mean, 0.0);
  }
}

// The wait distribution of the results (wait_distribution) reads the pooled histogram the
// percentiles come from: the share waiting at most the pooled p-th percentile is p.
TEST(WaitDistribution, IsTheInverseOfThePooledPercentiles) {
  const auto& sc = load("primary_backup.json");
  const auto s = simulate(sc, 3);
  const auto* waits = s.pooled_waits("totals", "");
  ASSERT_NE(waits, nullptr);
  ASSERT_GT(waits->count, 1000U);
  for (const double p : {0.8, 0.9, 0.95, 0.99}) {
    EXPECT_NEAR(waits->share_within(waits->quantile(p)), p, 1e-9) << p;
  }
  EXPECT_NEAR(waits->share_within(0.0), static_cast<double>(waits->zero) / static_cast<double>(waits->count), 1e-12);
  EXPECT_DOUBLE_EQ(waits->share_within(1e12), 1.0);
  double last = 0.0;
  for (double t = 0.0; t < 600.0; t += 7.5) {
    EXPECT_GE(waits->share_within(t), last) << t;
    last = waits->share_within(t);
  }
  EXPECT_EQ(s.pooled_waits("queues", "no such queue"), nullptr);
}

TEST(IntervalFigures, OneIntervalHasNoneOfThem) {
  const auto& sc = load("erlang_c_textbook.json", {{"/interval", "\"24h\""}, {"/horizon", "\"24h\""}});
  ASSERT_EQ(sc.interval_count(), 1U);
  const analysis::Summary s(sc);
  for (const auto& k : s.keys()) EXPECT_LT(k.interval, 1) << k.section << " " << k.metric;
  EXPECT_FALSE(s.has({"queues", "main", 0, "mean_queue_length"}));
  EXPECT_FALSE(s.has({"agent_groups", "agents", 0, "occupancy"}));
  EXPECT_FALSE(s.has({"agent_groups", "agents", 0, "agents_on_duty"}));
}

}  // namespace
}  // namespace ccsim
