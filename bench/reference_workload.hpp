// The reference workload (issues 2 and 6), shared by the whole-run benchmark and the yardstick
// so that both measure the very same model: one queue, Poisson arrivals 1 call/s, exponential
// handle time mean 95 s, 100 agents, exponential patience mean 300 s, service level at
// 10/20/30/60 s, one reporting interval; `calls` seconds of arrivals (1,000,000 by default).
#pragma once

#include "sim/model/scenario.hpp"

#include <array>
#include <cstdint>
#include <optional>

namespace ccsim::bench {

inline constexpr std::uint32_t kAgents = 100;
inline constexpr double kRatePerS = 1.0;
inline constexpr double kMeanHandleS = 95.0;
inline constexpr double kMeanPatienceS = 300.0;
inline constexpr std::array<double, 4> kThresholdsS{10.0, 20.0, 30.0, 60.0};

inline model::Scenario reference_workload(double calls) {
  model::Scenario sc;
  sc.name = "reference workload";
  sc.horizon_s = calls / kRatePerS;
  sc.interval_s = sc.horizon_s;
  sc.thresholds_s = {kThresholdsS.begin(), kThresholdsS.end()};
  model::Queue queue;
  queue.name = "main";
  sc.queues.push_back(queue);
  model::CallType ct;
  ct.name = "calls";
  ct.enters = 0;
  ct.arrivals.per_second = {kRatePerS};
  ct.handle_time = engine::Distribution::exponential(kMeanHandleS);
  ct.patience = engine::Distribution::exponential(kMeanPatienceS);
  sc.call_types.push_back(ct);
  sc.agent_groups.push_back({"agents", std::nullopt, {kAgents}, {{0, 0.0}}, {}, 0.0, std::nullopt});
  return sc;
}

}  // namespace ccsim::bench
