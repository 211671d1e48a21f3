// The validated description of a contact center: plain structs with every name resolved to an id.
// Built by sim/scenario from JSON; the model never sees JSON. Static description only: the
// runtime state lives in ContactCenter.
#pragma once

#include "sim/engine/distribution.hpp"

#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ccsim::model {

using Id = std::uint32_t;

struct Site {
  std::string name;
};

// A waiting line at one site. Callers wait here until an agent of a group that serves it
// takes them, they abandon, or a rule moves them on.
struct Queue {
  std::string name;
  std::optional<Id> site;
  std::optional<std::uint32_t> capacity;  // most callers waiting; none = unlimited
};

// Arrivals: a Poisson process whose rate is constant (one entry) or piecewise constant
// (one entry per reporting interval).
struct Arrivals {
  std::vector<double> per_second;
};

struct CallType {
  std::string name;
  int priority = 0;  // higher is answered first (non-preemptive)
  Id enters = 0;     // queue the call is routed to on arrival
  Arrivals arrivals;
  engine::Distribution handle_time = engine::Distribution::constant(0.0);
  std::optional<engine::Distribution> patience;  // none: never abandons
  std::optional<engine::Distribution> wrap_up;   // none: agent free at hang-up
};

// One entry of an agent group's skill list, in order of preference.
struct Serves {
  Id queue = 0;
  double after_s = 0.0;  // takes callers only once they have waited this long in the queue
};

struct AgentGroup {
  std::string name;
  std::optional<Id> site;                // none: logged into every site
  std::vector<std::uint32_t> agents;     // one entry (constant) or one per interval
  std::vector<Serves> serves;
};

// A service-level target: a share of offered calls answered within a threshold.
struct ServiceLevelTarget {
  double within_s = 20.0;
  double at_least = 0.8;
};

// A statement the results must satisfy (evaluated by analysis; `ccsim check` gates on it).
struct Expectation {
  enum class Scope { Total, CallType, Queue };
  Scope scope = Scope::Total;
  Id scope_id = 0;
  std::string metric;                 // service_level, abandon_rate, block_rate, asa, ...
  std::optional<double> within_s;     // for service_level
  std::optional<double> at_least;
  std::optional<double> at_most;
  std::optional<double> confidence;   // the CI bound, not just the mean, must satisfy it
  std::string text;                   // as a person reads it
};

struct Scenario {
  std::string name;
  std::string description;
  std::string source;  // file it was read from, for messages

  double horizon_s = 0.0;
  double warmup_s = 0.0;
  double interval_s = 0.0;
  std::uint32_t replications = 1;
  std::uint64_t seed = 1;
  std::uint32_t max_hops = 4;

  std::vector<double> thresholds_s;  // sorted ascending, distinct
  std::optional<ServiceLevelTarget> target;

  std::vector<Site> sites;
  std::vector<Queue> queues;
  std::vector<CallType> call_types;
  std::vector<AgentGroup> agent_groups;
  std::vector<Expectation> expectations;

  [[nodiscard]] std::size_t interval_count() const {
    return static_cast<std::size_t>(std::ceil(horizon_s / interval_s - 1e-9));
  }
};

}  // namespace ccsim::model
