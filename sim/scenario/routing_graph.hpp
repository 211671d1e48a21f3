// The routing graph of a scenario (Boost.Graph): where calls arrive, which queues they pass
// through, where overflow rules send them, which agent groups serve which queues. `ccsim
// validate` checks it (check_routing) and `ccsim graph` draws it (to_dot).
#pragma once

#include "sim/model/scenario.hpp"
#include "sim/scenario/boost_graph.hpp"     // the graph type below
#include "sim/scenario/condition_text.hpp"  // condition_text, rule_text: labels of overflow edges

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ccsim::scenario {

// A vertex: one object of the scenario. An Entry stands for the place where the calls of one
// call type arrive; it has one edge, to the queue the call type enters.
struct RoutingVertex {
  enum class Kind { Entry, Queue, AgentGroup, Exit };
  Kind kind = Kind::Queue;
  model::Id id = 0;  // index into call_types, queues, agent_groups or exits, by kind
};

// An edge. Enters: entry -> queue. Overflow: queue -> queue or exit, one per rule. Serves:
// agent group -> queue, one per entry of the group's serves list (agents' attention, not calls,
// flows along it).
struct RoutingEdge {
  enum class Kind { Enters, Overflow, Serves };
  Kind kind = Kind::Enters;
  // Overflow: the rule's index in its queue's `overflow` list. Serves: the position in the
  // group's `serves` list (0 = first preference).
  std::uint32_t index = 0;
  std::string text;                           // Overflow: the rule as text ("queue_length at_least 20 -> backup_q")
  std::string condition;                      // Overflow: its condition as text ("queue_length at_least 20")
  std::optional<engine::Distribution> delay;  // Overflow: transit before the target
  std::optional<engine::Distribution> announcement;  // Overflow: heard on arrival at the target
  std::optional<double> timer_s;                     // Overflow: set for `waited` timer rules
  double after_s = 0.0;                              // Serves: the `after` tier, seconds
};

using RoutingGraphBase =
    boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS, RoutingVertex, RoutingEdge>;
using RoutingVertexId = RoutingGraphBase::vertex_descriptor;

// The graph of one scenario. Vertices come in a fixed order (entries by call type, then
// queues, agent groups, exits, each in scenario order) and each vertex's out-edges in the
// order of the scenario's lists, so every traversal is deterministic.
class RoutingGraph {
public:
  explicit RoutingGraph(const model::Scenario& sc);

  [[nodiscard]] const RoutingGraphBase& graph() const { return graph_; }
  [[nodiscard]] RoutingVertexId entry(model::Id call_type) const { return call_type; }
  [[nodiscard]] RoutingVertexId queue(model::Id queue) const { return queues_ + queue; }
  [[nodiscard]] RoutingVertexId agent_group(model::Id group) const { return groups_ + group; }
  [[nodiscard]] RoutingVertexId exit(model::Id exit) const { return exits_ + exit; }

private:
  RoutingGraphBase graph_;
  std::size_t queues_ = 0;  // index of the first queue vertex, and so on
  std::size_t groups_ = 0;
  std::size_t exits_ = 0;
};

// A finding of check_routing about one place of the scenario file.
struct Diagnostic {
  enum class Severity { Error, Warning };
  Severity severity = Severity::Warning;
  std::string pointer;  // JSON pointer, e.g. "/queues/0/overflow/2"
  std::string message;  // names the object, says what is wrong and why it matters
};

// Routing problems of a valid scenario that make part of it dead or suspicious, as warnings
// (they do not stop a run): queues nobody serves and nothing leaves, unreachable queues,
// overflow cycles, rules that can never fire, agent groups without agents, call types that
// never arrive. Sorted by pointer (list indices compared as numbers), then by kind of check.
[[nodiscard]] std::vector<Diagnostic> check_routing(const model::Scenario& sc);

// The load and expectation warnings alone (check_routing gives them too): a queue whose
// never-abandoning callers offer more erlangs than its agents, an expectation that can never
// be met. `run` prints them before simulating.
[[nodiscard]] std::vector<Diagnostic> check_load(const model::Scenario& sc);

// The routing graph as Graphviz DOT: one cluster per site, entries as "calls: NAME" notes,
// queues as boxes, agent groups as ellipses, exits as double octagons; overflow edges
// labelled with their rule, serve edges dashed with their preference order and tier. Node ids
// come from positions in the scenario (q0, g1, ...), so the output is deterministic.
[[nodiscard]] std::string to_dot(const model::Scenario& sc);

}  // namespace ccsim::scenario
