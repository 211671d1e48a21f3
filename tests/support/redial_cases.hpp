// The redial cases of tests/data/redial_exact.json (exact figures of the (system, orbit)
// chain, tests/support/redial_ctmc.hpp) and the scenario each describes.
#pragma once

#include <nlohmann/json.hpp>

#include <fstream>
#include <string>

namespace ccsim::testing {

inline nlohmann::json redial_cases() {
  std::ifstream in(std::string(CCSIM_TEST_DATA_DIR) + "/redial_exact.json");
  return nlohmann::json::parse(in)["cases"];
}

// One queue, one call type with exponential handle time, patience and redial delay, unlimited
// redials: the chain's model. `horizon_h` hours after a warm-up of `warmup_h`.
inline nlohmann::json redial_scenario(const nlohmann::json& p, double horizon_h, double warmup_h, int replications) {
  using nlohmann::json;
  json ct = {{"name", "calls"},
             {"enters", "q"},
             {"arrivals", {{"poisson", {{"per_hour", p["calls_per_hour"]}}}}},
             {"handle_time", {{"exponential", {{"mean", p["mean_handle_time_s"]}}}}},
             {"patience", {{"exponential", {{"mean", p["mean_patience_s"]}}}}},
             {"redial",
              {{"after_abandon", p["after_abandon"]},
               {"after_blocked", p["after_blocked"]},
               {"delay", {{"exponential", {{"mean", p["mean_redial_delay_s"]}}}}}}}};
  json q = {{"name", "q"}};
  if (p.contains("queue_capacity")) q["capacity"] = p["queue_capacity"];
  return {{"name", "redial validation"},
          {"horizon", std::to_string(horizon_h + warmup_h) + "h"},
          {"warmup", std::to_string(warmup_h) + "h"},
          {"replications", replications},
          {"seed", 20261127},
          {"service_level", {{"thresholds", {10, 20, 30, 60}}}},
          {"queues", {q}},
          {"call_types", {ct}},
          {"agent_groups", {{{"name", "agents"}, {"agents", p["agents"]}, {"serves", {"q"}}}}}};
}

}  // namespace ccsim::testing
