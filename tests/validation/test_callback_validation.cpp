// Virtual hold against its exact chain: the when_idle scenario of
// tests/data/callback_when_idle.json simulated with a fixed seed, each figure within 3
// half-widths of the exact value of tests/data/callback_exact.json (the (busy, line,
// requests) chain of analysis/analytic/ctmc_callback.cpp, solved with Eigen; the file says
// how), with half-widths small enough for the check to be sharp. The exact figures are also
// recomputed here, so the stored file cannot drift from the solver.
#include "analysis/analytic/ctmc.hpp"
#include "analysis/estimators/summary.hpp"
#include "sim/error.hpp"
#include "sim/model/runner.hpp"
#include "sim/scenario/loader.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <iostream>
#include <string>

namespace ccsim {
namespace {

using nlohmann::json;

std::string data_path(const std::string& name) { return std::string(CCSIM_TEST_DATA_DIR) + "/" + name; }

json exact_figures() {
  std::ifstream in(data_path("callback_exact.json"));
  return json::parse(in);
}

TEST(CallbackValidation, WhenIdleMatchesTheExactChain) {
  const auto sc = scenario::load_scenario_file(data_path("callback_when_idle.json"));
  const json exact = exact_figures()["figures"];
  analysis::Summary summary(sc);
  model::run_replications(sc, 0, sc.replications, 2,
                          [&](std::uint32_t, model::ReplicationTally&& t) { summary.add(t); });
  for (const auto& [metric, value] : exact.items()) {
    const std::string section = metric == "occupancy" ? "agent_groups" : "totals";
    const std::string name = metric == "occupancy" ? "agents" : "";
    const auto e = summary.estimate({section, name, -1, metric});
    ASSERT_TRUE(e.mean && e.ci95) << metric;
    const double x = value.get<double>();
    EXPECT_NEAR(*e.mean, x, 3.0 * *e.ci95)
        << metric << ": simulated " << *e.mean << " ± " << *e.ci95 << ", exact " << x;
    const double sharp = metric == "callback_wait" ? 0.06 * x : 0.012;
    EXPECT_LE(*e.ci95, sharp) << metric << ": CI too wide to validate";
    std::cout << "[callback validation] " << metric << " exact " << x << " simulated " << *e.mean << " ± " << *e.ci95
              << "\n";
  }
}

// The stored figures are what the solver gives today.
TEST(CallbackExact, StoredFiguresAreTheSolversFigures) {
  const auto sc = scenario::load_scenario_file(data_path("callback_when_idle.json"));
  const auto r = analysis::solve_ctmc(sc);
  for (const auto& [metric, value] : exact_figures()["figures"].items()) {
    const bool group = metric == "occupancy";
    const auto v = r.value(group ? "agent_groups" : "totals", group ? "agents" : "", metric);
    ASSERT_TRUE(v.has_value()) << metric;
    EXPECT_NEAR(*v, value.get<double>(), 1e-9) << metric;
  }
}

// keep_place is refused with the pointer and why.
TEST(CallbackExact, KeepPlaceIsRefused) {
  const auto sc = scenario::load_scenario_file(data_path("callback_when_idle.json"),
                                               {{"/queues/0/callback/mode", "\"keep_place\""}});
  try {
    (void)analysis::solve_ctmc(sc);
    FAIL() << "keep_place solved";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("/queues/0/callback/mode: keep_place is not solved exactly"),
              std::string::npos)
        << e.what();
  }
}

// With accept 0 the chain is M/M/c+M: Erlang A's figures.
TEST(CallbackExact, AcceptZeroIsErlangA) {
  const auto with =
      scenario::load_scenario_file(data_path("callback_when_idle.json"), {{"/queues/0/callback/accept", "0"}});
  const auto r = analysis::solve_ctmc(with);
  auto plain_json = json::parse(std::ifstream(data_path("callback_when_idle.json")));
  plain_json["queues"][0].erase("callback");
  const auto plain = scenario::load_scenario_text(plain_json.dump(), "plain.json");
  const auto e = analysis::solve_ctmc(plain);
  for (const char* metric : {"abandon_rate", "service_level/20", "service_level/60", "answered_rate"}) {
    EXPECT_NEAR(*r.value("totals", "", metric), *e.value("totals", "", metric), 1e-9) << metric;
  }
  EXPECT_NEAR(*r.value("agent_groups", "agents", "occupancy"), *e.value("agent_groups", "agents", "occupancy"), 1e-9);
  EXPECT_EQ(*r.value("totals", "", "callback"), 0.0);
}

}  // namespace
}  // namespace ccsim
