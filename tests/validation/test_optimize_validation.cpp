// `ccsim optimize staffing` against exact answers: on one M/M/n+M queue with long intervals
// the simulated optimum is the exact Erlang A minimum per interval (within one agent only
// where the target lies inside the simulation's CI); on the primary/backup center it needs
// fewer agent-hours than per-queue Erlang staffing, and the fresh verification run meets every
// expectation.
#include "analysis/analytic/erlang.hpp"
#include "tests/support/cli_fixture.hpp"

#include <nlohmann/json.hpp>

#include <cmath>

namespace ccsim::testing {
namespace {

class OptimizeValidation : public CliTest {};

// Per interval, the answer against the exact Erlang A minimum.
void check_exact(const nlohmann::json& doc, const std::vector<double>& rates, double handle_s, double patience_s,
                 double target) {
  const auto& agents = doc["staffing"]["agents"];
  ASSERT_EQ(agents.size(), rates.size());
  int clear_cases = 0;
  for (std::size_t i = 0; i < rates.size(); ++i) {
    const int exact = analysis::staff_for_target(rates[i], handle_s, patience_s, 20.0, target).agents;
    const int found = agents[i].get<int>();
    // The interval's constraint at the answer, on the search's callers.
    const nlohmann::json* check = nullptr;
    for (const auto& c : doc["constraints"]) {
      if (c["interval"] == static_cast<int>(i)) check = &c["search"];
    }
    ASSERT_NE(check, nullptr);
    const double ci = (*check)["ci95"].get<double>();
    EXPECT_LE(ci, 0.01) << "interval " << i << ": the CI is too wide for the comparison to mean anything";
    // Exact service level one agent below and at the exact minimum.
    const auto sl = [&](int n) {
      return analysis::QueueSolution::solve({{rates[i], handle_s}, n, patience_s, std::nullopt})->service_level(20.0);
    };
    const bool clear = std::abs(sl(exact - 1) - target) > 3.0 * ci && std::abs(sl(exact) - target) > 3.0 * ci;
    clear_cases += clear;
    if (clear) EXPECT_EQ(found, exact) << "interval " << i;
    else EXPECT_LE(std::abs(found - exact), 1) << "interval " << i;
  }
  EXPECT_GE(clear_cases, 3);
}

TEST_F(OptimizeValidation, OneQueueMatchesTheExactErlangAMinimum) {
  const std::vector<double> rates{110.0, 180.0, 150.0, 210.0};
  const double handle_s = 240.0;
  const double patience_s = 300.0;
  const double target = 0.8;
  std::string per_hour;
  for (const double r : rates) per_hour += (per_hour.empty() ? "" : ", ") + std::to_string(r);
  const auto path = write("mmn.json", R"({"name": "M/M/n+M", "horizon": "32h", "interval": "8h", "replications": 100,
    "seed": 20261126,
    "call_types": [{"name": "calls", "enters": "q", "arrivals": {"poisson": {"per_hour": [)" +
                                          per_hour + R"(]}},
                    "handle_time": {"exponential": {"mean": "240s"}}, "patience": {"exponential": {"mean": "300s"}}}],
    "queues": [{"name": "q"}],
    "agent_groups": [{"name": "agents", "agents": 1, "serves": ["q"]}],
    "expectations": [{"metric": "service_level", "within": "20s", "at_least": 0.8}]})");
  // From per-queue Erlang (the exact answer itself: the search must keep it), and from the
  // scenario's staffing far above (the search must remove) and far below it (repair, then
  // removal): every run must end at the exact minimum.
  for (const std::string start : {"", " --start-from-scenario --set /agent_groups/0/agents=40",
                                  " --start-from-scenario --set /agent_groups/0/agents=3"}) {
    SCOPED_TRACE(start);
    const auto o = ccsim("optimize staffing " + quoted(path) + start + " --threads 2 --json -");
    ASSERT_EQ(o.exit_code, 0) << o.err;
    check_exact(nlohmann::json::parse(o.out), rates, handle_s, patience_s, target);
  }
}

TEST_F(OptimizeValidation, TwoSiteCentersNeedFewerAgentHoursThanPerQueueErlang) {
  for (const std::string name : {"primary_backup.json", "two_sites.json"}) {
    SCOPED_TRACE(name);
    const auto o = ccsim("optimize staffing " + std::string(CCSIM_SCENARIO_DIR) + "/" + name + " --threads 2 --json -");
    ASSERT_EQ(o.exit_code, 0) << o.err;
    const auto doc = nlohmann::json::parse(o.out);
    EXPECT_TRUE(doc["feasible"].get<bool>());
    EXPECT_LT(doc["agent_hours"].get<double>(), doc["start"]["agent_hours"].get<double>());
    EXPECT_EQ(doc["start"]["method"], "per-queue Erlang");
    for (const auto& e : doc["verification"]["expectations"]) EXPECT_TRUE(e["met"].get<bool>()) << e.dump();
    // Every constraint holds at the answer on the search's callers, and at a least-cost answer
    // one agent less somewhere breaks some of them: they bind.
    std::size_t binding = 0;
    for (const auto& c : doc["constraints"]) {
      EXPECT_TRUE(c["search"]["met"].get<bool>()) << c.dump();
      binding += c["binding"].get<bool>();
    }
    EXPECT_GT(binding, 0u);
  }
}

}  // namespace
}  // namespace ccsim::testing
