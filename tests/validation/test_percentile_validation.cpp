// Wait percentiles against Erlang C: in M/M/c the wait exceeds t with probability
// C(c, a) exp(-(c mu - lambda) t), so its p-quantile (p above 1 - C) is
// ln(C / (1 - p)) / (c mu - lambda). The textbook scenario's p99 is 210.4 s. The percentile of
// the waits pooled over the replications lands on it within its CI. The mean of the
// replications' own percentiles (what ccsim reported before) is printed beside it: a day's p99
// is not a mean, and that estimator is biased low (198.7 s here, 196.8 s at seed 1).
#include "analysis/estimators/summary.hpp"
#include "sim/model/runner.hpp"
#include "sim/scenario/loader.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <numeric>
#include <string>

namespace ccsim {
namespace {

// Erlang C's probability of waiting, from the Erlang B recursion (no ccsim code).
double erlang_c(int agents, double load) {
  double b = 1.0;
  for (int k = 1; k <= agents; ++k) b = load * b / (k + load * b);
  return agents * b / (agents - load * (1.0 - b));
}

TEST(PercentileValidation, ErlangCTextbookPooledPercentilesHitTheExactQuantiles) {
  auto sc = scenario::load_scenario_file(std::string(CCSIM_SCENARIO_DIR) + "/erlang_c_textbook.json");
  sc.replications = 1000;
  sc.seed = 20261126;
  const double lambda = 360.0 / 3600.0;
  const double mu = 1.0 / 240.0;
  const int agents = 28;
  const double c = erlang_c(agents, lambda / mu);
  ASSERT_NEAR(c, 0.3331, 5e-5);  // the scenario's description
  analysis::Summary summary(sc);
  model::run_replications(sc, 0, sc.replications, 2,
                          [&](std::uint32_t, model::ReplicationTally&& t) { summary.add(t); });
  for (const double p : {0.80, 0.90, 0.95, 0.99}) {
    const double exact = std::log(c / (1.0 - p)) / (agents * mu - lambda);
    const std::string metric = "wait_percentiles/p" + std::to_string(static_cast<int>(std::lround(p * 100)));
    const analysis::FigureKey key{"totals", "", -1, metric};
    const auto e = summary.estimate(key);
    ASSERT_TRUE(e.mean && e.ci95) << metric;
    EXPECT_NEAR(*e.mean, exact, 3.0 * *e.ci95) << metric << ": pooled " << *e.mean << " ± " << *e.ci95;
    EXPECT_LT(*e.ci95, 0.03 * exact) << metric << ": CI too wide to validate";
    const auto& per_replication = summary.values(key);
    const double mean_of_replications = std::accumulate(per_replication.begin(), per_replication.end(), 0.0) /
                                        static_cast<double>(per_replication.size());
    std::printf("%s: exact %.2f s, pooled %.2f ± %.2f s, mean of the replications' own %.2f s\n", metric.c_str(), exact,
                *e.mean, *e.ci95, mean_of_replications);
  }
}

}  // namespace
}  // namespace ccsim
