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

// keep_place against Erlang C: callers who never abandon, every one who finds all agents busy
// taking a callback that keeps their place, are served in the order an M/M/c line serves them.
// So callback_rate = C(c, A) (Erlang C's probability of waiting) and callback_wait =
// E[W | W > 0] = 1 / (c mu - lambda), by the closed form computed here.
TEST(CallbackValidation, KeepPlaceIsErlangCsLine) {
  const double per_hour = 360.0;
  const double handle_s = 240.0;
  const int c = 28;
  const double a = per_hour / 3600.0 * handle_s;  // 24 erlangs
  double b = 1.0;                                 // Erlang B by its recursion
  for (int k = 1; k <= c; ++k) b = a * b / (k + a * b);
  const double erlang_c = c * b / (c - a * (1.0 - b));
  const double wait_if_waiting = 1.0 / (c / handle_s - per_hour / 3600.0);
  const json j = {
      {"name", "keep_place as Erlang C"},
      {"horizon", "802h"},
      {"warmup", "2h"},
      {"replications", 10},
      {"seed", 20261207},
      {"queues",
       {{{"name", "q"},
         {"callback",
          {{"offer_when", {{"queue_length", {{"at_least", 0}}}}}, {"accept", 1}, {"mode", "keep_place"}}}}}},
      {"call_types",
       {{{"name", "calls"},
         {"enters", "q"},
         {"arrivals", {{"poisson", {{"per_hour", per_hour}}}}},
         {"handle_time", {{"exponential", {{"mean", handle_s}}}}}}}},
      {"agent_groups", {{{"name", "agents"}, {"agents", c}, {"serves", {"q"}}}}}};
  const auto sc = scenario::load_scenario_text(j.dump(), "keep_place.json");
  analysis::Summary summary(sc);
  model::run_replications(sc, 0, sc.replications, 2,
                          [&](std::uint32_t, model::ReplicationTally&& t) { summary.add(t); });
  const auto check = [&](const analysis::FigureKey& key, double exact, double sharp) {
    const auto e = summary.estimate(key);
    ASSERT_TRUE(e.mean && e.ci95) << key.metric;
    EXPECT_NEAR(*e.mean, exact, 3.0 * *e.ci95) << key.metric << ": simulated " << *e.mean << " ± " << *e.ci95;
    EXPECT_LE(*e.ci95, sharp) << key.metric << ": CI too wide to validate";
    std::cout << "[keep_place validation] " << key.metric << " exact " << exact << " simulated " << *e.mean << " ± "
              << *e.ci95 << "\n";
  };
  check({"totals", "", -1, "callback_rate"}, erlang_c, 0.012);
  check({"totals", "", -1, "callback_wait"}, wait_if_waiting, 0.06 * wait_if_waiting);
  check({"agent_groups", "agents", -1, "occupancy"}, a / c, 0.012);
  // Every caller left on the line was answered at once.
  EXPECT_EQ(*summary.estimate({"totals", "", -1, "service_level/20"}).mean, 1.0);
}

// The stored figures are what the solver gives today.
TEST(CallbackExact, StoredFiguresAreTheSolversFigures) {
  const auto sc = scenario::load_scenario_file(data_path("callback_when_idle.json"));
  const auto r = analysis::solve_ctmc(sc);
  const json exact = exact_figures();  // the loop below iterates inside it: it must outlive the loop
  for (const auto& [metric, value] : exact["figures"].items()) {
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
