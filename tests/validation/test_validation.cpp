// Statistical validation: the simulator against exact queueing theory.
//
// Every case of tests/data/queueing_exact.json (copied from the independently computed
// reference figures) is turned into a scenario, simulated with a fixed seed, and each exact
// figure must lie within 3 half-widths of the run's 95% confidence interval. With 10
// replications a 95% half-width is 2.26 standard errors, so 3 half-widths are 6.8 standard
// errors: a correct simulator fails by chance with probability far below 1e-6 per figure,
// while a bias of a few percent is caught because the half-widths are also required to be
// small (the test is pointless if the CI is wide), see kMaxHalfWidth.
#include "analysis/estimators/summary.hpp"
#include "sim/model/runner.hpp"
#include "sim/scenario/loader.hpp"
#include "tests/support/reference_cases.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

namespace ccsim {
namespace {

using nlohmann::json;

using testing::find_case;
using testing::reference_cases;

// A one-queue scenario from a case's parameters, sized to about `calls` arrivals per replication.
json single_queue_scenario(const json& p, double calls_per_replication) {
  const double per_hour = p["calls_per_hour"].get<double>();
  const double horizon_h = calls_per_replication / per_hour;
  json ct = {{"name", "calls"},
             {"enters", "q"},
             {"arrivals", {{"poisson", {{"per_hour", per_hour}}}}},
             {"handle_time", {{"exponential", {{"mean", p["mean_handle_time_s"]}}}}}};
  if (p.contains("mean_patience_s")) ct["patience"] = {{"exponential", {{"mean", p["mean_patience_s"]}}}};
  json q = {{"name", "q"}};
  if (p.contains("queue_capacity")) q["capacity"] = p["queue_capacity"];
  return {{"name", "validation"},
          {"horizon", std::to_string(horizon_h * 1.1) + "h"},
          {"warmup", std::to_string(horizon_h * 0.1) + "h"},
          {"replications", 10},
          {"seed", 20261126},
          {"service_level", {{"thresholds", {10, 20, 30, 60}}}},
          {"queues", {q}},
          {"call_types", {ct}},
          {"agent_groups", {{{"name", "agents"}, {"agents", p["agents"]}, {"serves", {"q"}}}}}};
}

struct SimRun {
  model::Scenario scenario;
  std::unique_ptr<analysis::Summary> summary;
};

SimRun simulate(const json& scenario_json) {
  SimRun run{scenario::load_scenario_text(scenario_json.dump(), "validation.json"), nullptr};
  run.summary = std::make_unique<analysis::Summary>(run.scenario);
  model::run_replications(run.scenario, 0, run.scenario.replications, 2,
                          [&](std::uint32_t, model::ReplicationTally&& t) { run.summary->add(t); });
  return run;
}

// The largest 95% half-width accepted for a figure: the check must be sharp to mean anything.
double max_half_width(const std::string& metric, double exact) {
  if (metric == "asa" || metric == "mean_wait") return std::max(0.06 * exact, 0.3);  // seconds
  return 0.012;                                                                      // probabilities
}

void expect_covers(const analysis::Summary& s, const analysis::FigureKey& key, double exact, const std::string& label) {
  const auto e = s.estimate(key);
  ASSERT_TRUE(e.mean.has_value()) << label;
  ASSERT_TRUE(e.ci95.has_value()) << label;
  const double tolerance = 3.0 * *e.ci95;
  EXPECT_NEAR(*e.mean, exact, tolerance) << label << ": simulated " << *e.mean << " ± " << *e.ci95 << ", exact "
                                         << exact;
  EXPECT_LE(*e.ci95, max_half_width(key.metric, exact)) << label << ": CI too wide to validate";
}

// Checks every exact figure of a single-queue case.
void validate_single_queue(const std::string& id, double calls) {
  const json c = find_case(id);
  const SimRun run = simulate(single_queue_scenario(c["params"], calls));
  const auto& s = *run.summary;
  std::size_t compared = 0;
  for (const auto& [figure, value] : c["exact"].items()) {
    if (figure == "service_level") {
      for (const auto& [t, v] : value.items()) {
        expect_covers(s, {"totals", "", -1, "service_level/" + t}, v.get<double>(), id + " SL" + t);
        ++compared;
      }
    } else if (figure == "occupancy") {
      expect_covers(s, {"agent_groups", "agents", -1, "occupancy"}, value.get<double>(), id + " occupancy");
      ++compared;
    } else {
      const auto& metric = testing::reference_metric();
      ASSERT_TRUE(metric.count(figure)) << "unhandled exact figure " << figure << " in " << id;
      expect_covers(s, {"totals", "", -1, metric.at(figure)}, value.get<double>(), id + " " + figure);
      ++compared;
    }
  }
  // A case whose exact figures went missing (a renamed key, an empty "exact") would otherwise
  // pass without checking anything.
  EXPECT_GE(compared, 1U) << id << ": compared " << compared << " exact figures";
}

TEST(Validation, ErlangB18) { validate_single_queue("erlang_b_18", 60000); }
TEST(Validation, ErlangB85) { validate_single_queue("erlang_b_85", 60000); }
TEST(Validation, ErlangC360x28) { validate_single_queue("erlang_c_360_28", 150000); }
TEST(Validation, ErlangC3600x100) { validate_single_queue("erlang_c_3600_100", 1800000); }
TEST(Validation, ErlangC720x62) { validate_single_queue("erlang_c_720_62", 3000000); }
TEST(Validation, ErlangA3600x100) { validate_single_queue("erlang_a_3600_100_300", 100000); }
TEST(Validation, ErlangAOverloaded600x45) { validate_single_queue("erlang_a_600_45_120", 60000); }
TEST(Validation, ErlangA600x55) { validate_single_queue("erlang_a_600_55_180", 60000); }
TEST(Validation, ErlangACapacity) { validate_single_queue("erlang_a_capacity", 100000); }

// Two priorities sharing 36 agents, non-preemptive, same exponential handle time.
// The reference case is overloaded: 240 + 480 calls/h of 240 s is 48 erlangs on 36 agents.
// Its high-priority figure is right: in overload every agent is always busy, so a high caller
// waits for the next of 36 completions (240/36 s on average) and for the high callers ahead
// of it, W = (240/36) / (1 - 16/36) = 12 s (Cobham 1954 with P(wait) = 1). Its low-priority
// figure, -36 s, is Cobham's formula applied outside its domain (1 - rho < 0): the low class
// is unstable and its waits grow without bound. We check the 12 s and that the low class's
// mean wait keeps growing with the horizon, instead of matching a meaningless number.
TEST(Validation, PriorityTwoClassesOverloaded) {
  const json c = find_case("priority_two_classes");
  const auto rates = c["params"]["calls_per_hour_by_priority_high_first"];
  const auto scenario_for = [&](const std::string& horizon) {
    const json handle = {{"exponential", {{"mean", c["params"]["mean_handle_time_s"]}}}};
    return json{{"name", "priority"},
                {"horizon", horizon},
                {"warmup", "2h"},
                {"replications", 10},
                {"seed", 7},
                {"queues", {{{"name", "q"}}}},
                {"call_types",
                 {{{"name", "high"},
                   {"priority", 1},
                   {"enters", "q"},
                   {"arrivals", {{"poisson", {{"per_hour", rates[0]}}}}},
                   {"handle_time", handle}},
                  {{"name", "low"},
                   {"priority", 0},
                   {"enters", "q"},
                   {"arrivals", {{"poisson", {{"per_hour", rates[1]}}}}},
                   {"handle_time", handle}}}},
                {"agent_groups", {{{"name", "agents"}, {"agents", c["params"]["agents"]}, {"serves", {"q"}}}}}};
  };
  const SimRun run = simulate(scenario_for("202h"));
  expect_covers(*run.summary, {"call_types", "high", -1, "mean_wait"}, c["exact"]["mean_wait_high"].get<double>(),
                "priority high mean wait");
  EXPECT_LT(c["exact"]["mean_wait_low"].get<double>(), 0.0) << "the reference's low-class figure is invalid";
  const SimRun shorter = simulate(scenario_for("52h"));
  const auto low_long = run.summary->estimate({"call_types", "low", -1, "mean_wait"});
  const auto low_short = shorter.summary->estimate({"call_types", "low", -1, "mean_wait"});
  // Backlog grows at (720 - 540) calls/h: the mean low wait over 200 h is several times that over 50 h.
  EXPECT_GT(*low_long.mean, 3.0 * *low_short.mean);
  EXPECT_GT(*low_short.mean, 3600.0);
}

}  // namespace
}  // namespace ccsim
