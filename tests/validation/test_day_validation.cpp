// Shifts with breaks, an initial state and absence against independent answers:
//  - a day that starts with callers waiting and every agent busy, with shifts and a break at
//    instants off the interval boundaries, against the transient CTMC of (busy, line) with
//    agents leaving only once their call ends (tests/support/transient_ctmc.hpp, Eigen);
//  - absence against the binomial mixture of exact Erlang A over the agents present.
// Reference figures: tests/data/day_transient_exact.json and tests/data/absence_exact.json;
// the unit tests below recompute them and check the files hold what the solvers give.
#include "analysis/analytic/erlang.hpp"
#include "analysis/estimators/summary.hpp"
#include "sim/model/runner.hpp"
#include "sim/scenario/loader.hpp"
#include "tests/support/files.hpp"
#include "tests/support/transient_ctmc.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <string>

namespace ccsim {
namespace {

using nlohmann::json;

std::string data_path(const std::string& name) { return std::string(CCSIM_TEST_DATA_DIR) + "/" + name; }

// M/M/c(t)+M: 300 calls/h, handle 2 min, patience 3 min; shift A 0-2 h with 8 agents and a
// 10-minute break at 40m10s, shift B 30 min-2 h with 4; at time 0 every agent busy and 6
// callers waiting.
const char* kDayScenario = R"({
  "name": "transient day", "horizon": "2h", "interval": "30m", "replications": 1000, "seed": 20261126,
  "service_level": { "thresholds": ["20s"] },
  "initial_state": { "queues": { "main": { "waiting": 6 } }, "agent_groups": { "team": { "busy": 8 } } },
  "queues": [ { "name": "main" } ],
  "call_types": [ { "name": "calls", "enters": "main", "arrivals": { "poisson": { "per_hour": 300 } },
    "handle_time": { "exponential": { "mean": "2m" } }, "patience": { "exponential": { "mean": "3m" } } } ],
  "agent_groups": [ { "name": "team", "serves": ["main"], "agents": { "shifts": [
    { "from": "0s", "to": "2h", "agents": 8, "breaks": [ { "from": 2410, "for": "10m" } ] },
    { "from": "30m", "to": "2h", "agents": 4 } ] } } ]
})";

json solve_day() {
  testing::TransientDay d;
  d.lambda = 300.0 / 3600.0;
  d.mu = 1.0 / 120.0;
  d.theta = 1.0 / 180.0;
  d.staffing = {{0.0, 8}, {1800.0, 12}, {2410.0, 4}, {3010.0, 12}};
  d.horizon = 7200.0;
  d.interval = 1800.0;
  d.within = 20.0;
  d.busy0 = 8;
  d.waiting0 = 6;
  d.solve();
  json j;
  j["method"] =
      "transient CTMC of (busy, line) of M/M/c(t)+M, agents leaving once their call ends, uniformisation "
      "(Eigen sparse) on a 10 s grid, line truncated at 80; per-interval figures of arrivals by PASTA over "
      "panel midpoints (a tagged-caller chain forward over 20 s for service level, backward for abandonment); "
      "the 6 callers waiting at time 0 count in interval 0 (tests/support/transient_ctmc.hpp)";
  j["mass_at_bound"] = d.mass_at_bound;
  j["mean_queue_length"] = d.mean_line;
  for (const auto& iv : d.intervals) {
    j["intervals"].push_back(
        {{"p_wait", iv.p_wait}, {"service_level_20", iv.service_level}, {"abandon_rate", iv.abandon_rate}});
  }
  return j;
}

// Absence 0.2 on 12 agents, 120 calls/h, handle 4 min, patience 5 min.
const char* kAbsenceScenario = R"({
  "name": "absence", "horizon": "24h", "warmup": "2h", "replications": 1000, "seed": 20261127,
  "service_level": { "thresholds": ["20s"] },
  "queues": [ { "name": "main" } ],
  "call_types": [ { "name": "calls", "enters": "main", "arrivals": { "poisson": { "per_hour": 120 } },
    "handle_time": { "exponential": { "mean": "4m" } }, "patience": { "exponential": { "mean": "5m" } } } ],
  "agent_groups": [ { "name": "team", "serves": ["main"], "agents": 12, "absence": 0.2 } ]
})";

json solve_absence() {
  const int n = 12;
  const double absent = 0.2;
  double sl = 0.0, abandon = 0.0, p_wait = 0.0;
  for (int k = 0; k <= n; ++k) {
    const double w = std::exp(std::lgamma(n + 1.0) - std::lgamma(k + 1.0) - std::lgamma(n - k + 1.0)) *
                     std::pow(1.0 - absent, k) * std::pow(absent, n - k);
    if (k == 0) {  // nobody answers: every caller waits and abandons
      abandon += w;
      p_wait += w;
      continue;
    }
    analysis::QueueModel m{{120.0, 240.0}, k, 300.0, std::nullopt};
    const auto s = analysis::QueueSolution::solve(m);
    sl += w * s->service_level(20.0);
    abandon += w * s->figures().abandon_rate;
    p_wait += w * s->figures().p_wait;
  }
  return {{"method",
           "binomial mixture over the agents present (12 agents, each absent with probability 0.2) of exact "
           "stationary Erlang A (analysis/analytic/erlang.hpp); 0 agents: every caller abandons"},
          {"service_level_20", sl},
          {"abandon_rate", abandon},
          {"p_wait", p_wait}};
}

void check_reference(const std::string& file, const json& solved) {
  const std::string path = data_path(file);
  if (std::getenv("CCSIM_WRITE_REFERENCE") != nullptr) std::ofstream(path) << solved.dump(2) << "\n";
  const json stored = json::parse(testing::read_text(path));
  // Every number to 1e-9 (the last bits may differ between compilers), every text exactly.
  const auto same = [&](const auto& self, const json& a, const json& b, const std::string& where) -> void {
    if (a.is_number() && b.is_number()) {
      EXPECT_NEAR(a.get<double>(), b.get<double>(), 1e-9 * std::max(1.0, std::abs(b.get<double>()))) << where;
    } else if (a.is_structured() && a.type() == b.type() && a.size() == b.size()) {
      for (auto it = b.begin(); it != b.end(); ++it) {
        const std::string key = b.is_object() ? it.key() : std::to_string(std::distance(b.begin(), it));
        self(self, b.is_object() ? a.value(it.key(), json()) : a[std::stoul(key)], *it, where + "/" + key);
      }
    } else {
      EXPECT_EQ(a, b) << where;
    }
  };
  same(same, stored, solved, file);
}

TEST(DayReference, TransientChainFileMatchesItsSolver) { check_reference("day_transient_exact.json", solve_day()); }
TEST(DayReference, AbsenceMixtureFileMatchesItsSolver) { check_reference("absence_exact.json", solve_absence()); }

analysis::Summary simulate(const char* text) {
  const auto sc = scenario::load_scenario_text(text, "validation.json");
  analysis::Summary summary(sc);
  model::run_replications(sc, 0, sc.replications, 2,
                          [&](std::uint32_t, model::ReplicationTally&& t) { summary.add(t); });
  return summary;
}

// |simulated - exact| <= 3 half-widths, and the half-width small enough to mean something.
void expect_near(const analysis::Summary& s, const analysis::FigureKey& key, double exact, double max_ci) {
  const auto e = s.estimate(key);
  ASSERT_TRUE(e.mean && e.ci95) << key.metric;
  EXPECT_LE(*e.ci95, max_ci) << key.metric << " interval " << key.interval;
  EXPECT_LE(std::abs(*e.mean - exact), 3.0 * *e.ci95) << key.metric << " interval " << key.interval << ": simulated "
                                                      << *e.mean << " ± " << *e.ci95 << ", exact " << exact;
}

TEST(DayValidation, ShiftsBreaksAndInitialStateMatchTheTransientChain) {
  const json exact = json::parse(testing::read_text(data_path("day_transient_exact.json")));
  ASSERT_LT(exact["mass_at_bound"].get<double>(), 1e-9);
  const auto s = simulate(kDayScenario);
  for (int i = 0; i < 4; ++i) {
    const auto& x = exact["intervals"][static_cast<std::size_t>(i)];
    expect_near(s, {"totals", "", i, "p_wait"}, x["p_wait"].get<double>(), 0.02);
    expect_near(s, {"totals", "", i, "service_level/20"}, x["service_level_20"].get<double>(), 0.02);
    expect_near(s, {"totals", "", i, "abandon_rate"}, x["abandon_rate"].get<double>(), 0.02);
  }
  expect_near(s, {"queues", "main", -1, "mean_queue_length"}, exact["mean_queue_length"].get<double>(), 0.1);
}

TEST(DayValidation, AbsenceMatchesTheBinomialMixtureOfErlangA) {
  const json exact = json::parse(testing::read_text(data_path("absence_exact.json")));
  const auto s = simulate(kAbsenceScenario);
  expect_near(s, {"totals", "", -1, "service_level/20"}, exact["service_level_20"].get<double>(), 0.02);
  expect_near(s, {"totals", "", -1, "abandon_rate"}, exact["abandon_rate"].get<double>(), 0.01);
  expect_near(s, {"totals", "", -1, "p_wait"}, exact["p_wait"].get<double>(), 0.02);
}

}  // namespace
}  // namespace ccsim
