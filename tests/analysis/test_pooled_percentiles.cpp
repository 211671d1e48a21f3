// Wait percentiles pooled over replications: the percentile of every replication's waits
// together (the merged histogram), with a sectioning CI around it; one replication's pooled
// percentile is its own, and the CI is the spread of the replications' own percentiles.
#include "analysis/estimators/summary.hpp"
#include "sim/model/runner.hpp"
#include "sim/scenario/loader.hpp"

#include <gtest/gtest.h>
#include <boost/math/distributions/students_t.hpp>
#include <nlohmann/json.hpp>

#include <cmath>
#include <vector>

namespace ccsim {
namespace {

model::Scenario busy_queue(int replications) {
  const nlohmann::json sc = {{"name", "pooled"},
                             {"horizon", "4h"},
                             {"interval", "2h"},
                             {"replications", replications},
                             {"seed", 7},
                             {"queues", {{{"name", "q"}}}},
                             {"call_types",
                              {{{"name", "calls"},
                                {"enters", "q"},
                                {"arrivals", {{"poisson", {{"per_hour", 200}}}}},
                                {"handle_time", {{"exponential", {{"mean", "4m"}}}}},
                                {"patience", {{"exponential", {{"mean", "3m"}}}}}}}},
                             {"agent_groups", {{{"name", "agents"}, {"agents", 14}, {"serves", {"q"}}}}}};
  return scenario::load_scenario_text(sc.dump(), "pooled.json");
}

TEST(PooledPercentiles, AreThePercentilesOfTheMergedHistogram) {
  const auto sc = busy_queue(5);
  analysis::Summary summary(sc);
  model::WaitHistogram merged;
  model::WaitHistogram first_interval;
  model::run_replications(sc, 0, sc.replications, 1, [&](std::uint32_t, model::ReplicationTally&& t) {
    for (const auto& ct : t.call_types) merged.merge(ct.waits);
    first_interval.merge(t.intervals[0].waits);
    summary.add_figures(summary.figures_of(t));
  });
  const std::vector<std::pair<const char*, double>> ps = {
      {"p50", 0.5}, {"p80", 0.8}, {"p90", 0.9}, {"p95", 0.95}, {"p99", 0.99}};
  for (const auto& [name, p] : ps) {
    const std::string metric = std::string("wait_percentiles/") + name;
    EXPECT_DOUBLE_EQ(*summary.estimate({"totals", "", -1, metric}).mean, merged.quantile(p)) << name;
    EXPECT_DOUBLE_EQ(*summary.estimate({"call_types", "calls", 0, metric}).mean, first_interval.quantile(p)) << name;
  }
}

TEST(PooledPercentiles, OneReplicationIsItsOwnPercentile) {
  const auto sc = busy_queue(1);
  analysis::Summary summary(sc);
  model::run_replications(sc, 0, 1, 1, [&](std::uint32_t, model::ReplicationTally&& t) { summary.add(t); });
  for (const auto& key : summary.keys()) {
    if (key.metric.rfind("wait_percentiles/", 0) != 0) continue;
    const auto e = summary.estimate(key);
    ASSERT_TRUE(e.mean);
    EXPECT_EQ(*e.mean, summary.values(key)[0]) << key.section << key.interval << key.metric;
    EXPECT_FALSE(e.ci95);
  }
}

TEST(PooledPercentiles, CiIsTheSectioningHalfWidthAroundThePooledPercentile) {
  const auto sc = busy_queue(8);
  analysis::Summary summary(sc);
  model::run_replications(sc, 0, sc.replications, 2,
                          [&](std::uint32_t, model::ReplicationTally&& t) { summary.add(t); });
  const analysis::FigureKey key{"queues", "q", -1, "wait_percentiles/p90"};
  const auto e = summary.estimate(key);
  ASSERT_TRUE(e.mean && e.ci95);
  double ss = 0.0;
  for (const double v : summary.values(key)) ss += (v - *e.mean) * (v - *e.mean);
  const double n = 8.0;
  const double t = boost::math::quantile(boost::math::students_t_distribution<double>(n - 1), 0.975);
  EXPECT_NEAR(*e.ci95, t * std::sqrt(ss / (n - 1)) / std::sqrt(n), 1e-9 * *e.ci95);
  EXPECT_EQ(e.n, 8U);
  // Other figures keep the mean over replications.
  const analysis::FigureKey asa{"totals", "", -1, "asa"};
  double sum = 0.0;
  for (const double v : summary.values(asa)) sum += v;
  EXPECT_DOUBLE_EQ(*summary.estimate(asa).mean, sum / n);
}

}  // namespace
}  // namespace ccsim
