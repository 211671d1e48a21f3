// The compiled model of a scenario's exact chain (docs/formulas.md, "Exact CTMC of a whole
// scenario"): call types merged into classes, overflow conditions with their hysteresis flags
// numbered, the lines of each queue and the mixed-radix layout of a state. Internal to
// analysis/analytic: ctmc.hpp is the public entry.
#pragma once

#include "analysis/analytic/ctmc.hpp"
#include "sim/model/scenario.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace ccsim::analysis::ctmc {

using model::Id;
using CondKind = model::Condition::Kind;

constexpr double infinity = std::numeric_limits<double>::infinity();
// Keys are products of the digit radices; beyond this a state no longer fits one integer.
constexpr std::uint64_t key_limit = std::uint64_t{1} << 62;

// Callers an orbit holds at first; doubled while the stationary mass at the bound is not negligible.
constexpr std::uint32_t kInitialOrbitBound = 32;

// a * b, saturated at key_limit.
inline std::uint64_t mul_sat(std::uint64_t a, std::uint64_t b) {
  if (a == 0 || b == 0) return 0;
  if (a > key_limit / b) return key_limit;
  return std::min(a * b, key_limit);
}

// `s` in double quotes, as messages name queues and groups.
[[nodiscard]] std::string quote(const std::string& s);

// A state count in whole numbers, or to 3 significant digits from 1e15 on.
[[nodiscard]] std::string count_text(double n);

// ---------------------------------------------------------------------------------------------
// The compiled model: call types merged into classes, rules with hysteresis flags numbered.

// Call types with the same entry queue, priority, handle time and patience take the very same
// routes at the same rates, so they are one class of the chain; each type's figures are the
// class's scaled by its share of the class's arrivals.
struct ClassInfo {
  std::vector<Id> types;
  Id enters = 0;
  std::size_t level = 0;      // priority level, 0 = highest
  double handle_mean = 0.0;   // s
  double mu = 0.0;            // 1 / handle_mean
  double theta = 0.0;         // 1 / mean patience; 0 = never abandons
  bool patient = false;       // has no patience
  double rate = 0.0;          // calls/s
  std::vector<bool> reaches;  // per queue: can be routed there (entry queue and rule targets)
  // Redials (one call type per class): its orbit's index, -1 without; redial rate and
  // probabilities after abandoning and after being blocked.
  int orbit = -1;
  double nu = 0.0;
  double p_abandon = 0.0;
  double p_blocked = 0.0;
};

struct Cond {
  CondKind kind = CondKind::QueueLength;
  std::optional<double> at_least;
  std::optional<double> at_most;
  std::optional<double> until_below;
  std::optional<double> until_above;
  Id queue = 0;   // whose metric
  int flag = -1;  // hysteresis flag index, -1 without hysteresis
  std::vector<Cond> children;
};

struct RuleInfo {
  Cond when;
  bool hysteresis = false;
  bool to_exit = false;
  Id to = 0;
  std::string text;
  std::string target;
};

struct LineInfo {
  Id queue = 0;
  std::size_t level = 0;
  std::vector<std::size_t> classes;   // symbol -> class
  std::uint64_t m = 1;                // symbols
  std::uint32_t bound = 0;            // most callers (the queue's bound)
  std::vector<std::uint64_t> power;   // m^i, i = 0..bound
  std::vector<std::uint64_t> offset;  // first digit of words of length t, t = 0..bound+1
  // Tagged-caller (pure-death) analysis of a caller joining this line.
  bool simple = false;
  std::string why_not;
  double service = 0.0;  // total service rate of the agents that take from it when it is not empty
  double theta = 0.0;
};

struct QueueInfo {
  std::vector<RuleInfo> rules;
  std::vector<Id> route;           // groups that serve it, in answering order
  std::uint32_t bound = 0;         // most callers waiting: capacity, or truncation
  bool truncated = false;          // bound is a truncation of an unlimited queue
  std::vector<std::size_t> lines;  // highest priority first
  std::vector<int> line_of_level;  // -1: no line at that level
  // For expected_wait, as the simulator: mean handle time of the call types that can reach the
  // queue, weighted by arrival rate.
  double mean_service_s = 0.0;
};

struct GroupInfo {
  std::uint32_t agents = 0;
  std::vector<Id> serves;
  std::vector<double> mu;          // per busy digit of this group: its completion rate
  std::vector<int> rate_of_class;  // class -> index into mu, -1 if never served here
  std::size_t first_digit = 0;
};

struct Model {
  const model::Scenario* sc = nullptr;
  std::vector<ClassInfo> classes;
  std::vector<std::size_t> type_class;
  std::vector<std::size_t> active;  // classes with arrivals
  std::size_t levels = 0;
  std::vector<QueueInfo> queues;
  std::vector<LineInfo> lines;
  std::vector<GroupInfo> groups;
  std::size_t busy_digits = 0;
  std::size_t flags = 0;
  bool has_rules = false;
  bool uses_expected_wait = false;
  std::vector<std::size_t> orbits;         // per orbit (callers waiting to redial): its class
  std::vector<std::uint32_t> orbit_bound;  // per orbit: most callers in it (a truncation)
  std::vector<std::uint64_t> radix;        // per digit: lines, busy digits, flags, orbits
  std::vector<std::uint64_t> stride;
  std::uint64_t key_space = 1;  // product of radices (saturated at key_limit)
};

// Throws ccsim::InputError listing everything that makes the routing non-Markovian, each with
// its JSON pointer ("FILE: /json/pointer: what; ccsim exact needs a Markovian scenario").
void check_markovian(const model::Scenario& sc);

// A result naming the scenario, its window and thresholds, before the chain's figures.
[[nodiscard]] CtmcResult result_for(const model::Scenario& sc);

// Everything that does not depend on queue bounds.
[[nodiscard]] Model compile(const model::Scenario& sc);

// Lines, tagged-caller analysis and the mixed-radix layout for the given queue bounds.
void layout(Model& m, const std::vector<std::uint32_t>& bounds, const std::vector<bool>& truncated);

}  // namespace ccsim::analysis::ctmc
