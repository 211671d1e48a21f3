// `ccsim run` agrees with `ccsim exact` on Markovian routings: the exact stationary figure lies
// within 3 half-widths of the simulation's 95% CI (see test_validation.cpp for why that
// tolerance is sound), on a single queue, overflow on queue length, two groups with
// preferences, and finite capacities.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

namespace {

using nlohmann::json;

json run_json(const std::string& args) {
  const std::string cmd = std::string(CCSIM_BINARY) + " " + args;
  std::array<char, 65536> buf{};
  std::string out;
  FILE* pipe = popen(cmd.c_str(), "r");
  while (pipe && fgets(buf.data(), buf.size(), pipe)) out += buf.data();
  const int status = pipe ? pclose(pipe) : -1;
  EXPECT_EQ(status, 0) << cmd;
  return json::parse(out);
}

void expect_agree(const json& scenario, const std::string& name) {
  const auto path = std::filesystem::temp_directory_path() / ("ccsim_exact_vs_run_" + name + ".json");
  std::ofstream(path) << scenario.dump();
  const json exact = run_json("exact " + path.string() + " --json -");
  const json sim = run_json("run " + path.string() + " --threads 2 --json -");
  int compared = 0;
  const auto check = [&](const json& e, const json& s, const std::string& what) {
    if (!e.is_object() || !s.is_object() || e["mean"].is_null() || s["mean"].is_null()) return;
    const double tolerance = 3.0 * s["ci95"].get<double>() + 1e-9;
    EXPECT_NEAR(s["mean"].get<double>(), e["mean"].get<double>(), tolerance) << name << " " << what;
    ++compared;
  };
  for (const char* m : {"answered_rate", "abandon_rate", "block_rate", "p_wait", "asa", "mean_wait"}) {
    check(exact["totals"][m], sim["totals"][m], std::string("totals ") + m);
  }
  for (const auto& [t, e] : exact["totals"]["service_level"].items()) {
    check(e, sim["totals"]["service_level"][t], "service_level " + t);
  }
  for (const auto& [q, e] : exact["queues"].items()) {
    check(e["mean_queue_length"], sim["queues"][q]["mean_queue_length"], "mean_queue_length " + q);
    check(e["answered_rate"], sim["queues"][q]["answered_rate"], "answered_rate " + q);
  }
  for (const auto& [g, e] : exact["agent_groups"].items()) {
    check(e["occupancy"], sim["agent_groups"][g]["occupancy"], "occupancy " + g);
  }
  EXPECT_GE(compared, 6) << name;  // service level is exact only for one FCFS call type
  std::filesystem::remove(path);
}

json exponential(double mean) { return {{"exponential", {{"mean", mean}}}}; }

json base(const std::string& name) {
  return {{"name", name}, {"horizon", "1500h"}, {"warmup", "10h"}, {"replications", 10}, {"seed", 11}};
}

TEST(ExactVsRunValidation, SingleQueueWithAbandonment) {
  json sc = base("single");
  sc["queues"] = {{{"name", "q"}}};
  sc["call_types"] = {{{"name", "c"},
                       {"enters", "q"},
                       {"arrivals", {{"poisson", {{"per_hour", 100}}}}},
                       {"handle_time", exponential(300)},
                       {"patience", exponential(120)}}};
  sc["agent_groups"] = {{{"name", "g"}, {"agents", 8}, {"serves", {"q"}}}};
  expect_agree(sc, "single");
}

TEST(ExactVsRunValidation, OverflowOnQueueLength) {
  json sc = base("overflow");
  sc["queues"] = {{{"name", "q1"}, {"overflow", {{{"when", {{"queue_length", {{"at_least", 3}}}}}, {"to", "q2"}}}}},
                  {{"name", "q2"}, {"capacity", 5}}};
  sc["call_types"] = {{{"name", "c"},
                       {"enters", "q1"},
                       {"arrivals", {{"poisson", {{"per_hour", 200}}}}},
                       {"handle_time", exponential(180)},
                       {"patience", exponential(120)}}};
  sc["agent_groups"] = {{{"name", "g1"}, {"agents", 8}, {"serves", {"q1"}}},
                        {{"name", "g2"}, {"agents", 4}, {"serves", {"q2"}}}};
  expect_agree(sc, "overflow");
}

TEST(ExactVsRunValidation, TwoGroupsWithPreferences) {
  json sc = base("preferences");
  sc["queues"] = {{{"name", "sales"}}, {{"name", "support"}}};
  sc["call_types"] = {{{"name", "s"},
                       {"enters", "sales"},
                       {"arrivals", {{"poisson", {{"per_hour", 60}}}}},
                       {"handle_time", exponential(240)},
                       {"patience", exponential(180)}},
                      {{"name", "t"},
                       {"enters", "support"},
                       {"arrivals", {{"poisson", {{"per_hour", 50}}}}},
                       {"handle_time", exponential(240)},
                       {"patience", exponential(180)}}};
  sc["agent_groups"] = {{{"name", "sales_team"}, {"agents", 3}, {"serves", {"sales", "support"}}},
                        {{"name", "support_team"}, {"agents", 3}, {"serves", {"support", "sales"}}}};
  expect_agree(sc, "preferences");
}

TEST(ExactVsRunValidation, FiniteCapacitiesAndPriorities) {
  json sc = base("capacity");
  sc["queues"] = {{{"name", "q"}, {"capacity", 4}}};
  sc["call_types"] = {{{"name", "vip"},
                       {"priority", 5},
                       {"enters", "q"},
                       {"arrivals", {{"poisson", {{"per_hour", 30}}}}},
                       {"handle_time", exponential(200)},
                       {"patience", exponential(300)}},
                      {{"name", "std"},
                       {"enters", "q"},
                       {"arrivals", {{"poisson", {{"per_hour", 60}}}}},
                       {"handle_time", exponential(200)},
                       {"patience", exponential(300)}}};
  sc["agent_groups"] = {{{"name", "g"}, {"agents", 5}, {"serves", {"q"}}}};
  expect_agree(sc, "capacity");
}

}  // namespace
