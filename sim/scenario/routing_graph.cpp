#include "sim/scenario/routing_graph.hpp"

#include "sim/error.hpp"

namespace ccsim::scenario {

using model::Id;

RoutingGraph::RoutingGraph(const model::Scenario& sc)
    : queues_(sc.call_types.size()), groups_(queues_ + sc.queues.size()), exits_(groups_ + sc.agent_groups.size()) {
  using VKind = RoutingVertex::Kind;
  using EKind = RoutingEdge::Kind;
  for (Id i = 0; i < sc.call_types.size(); ++i) boost::add_vertex(RoutingVertex{VKind::Entry, i}, graph_);
  for (Id i = 0; i < sc.queues.size(); ++i) boost::add_vertex(RoutingVertex{VKind::Queue, i}, graph_);
  for (Id i = 0; i < sc.agent_groups.size(); ++i) boost::add_vertex(RoutingVertex{VKind::AgentGroup, i}, graph_);
  for (Id i = 0; i < sc.exits.size(); ++i) boost::add_vertex(RoutingVertex{VKind::Exit, i}, graph_);

  for (Id i = 0; i < sc.call_types.size(); ++i) {
    CCSIM_ASSERT(sc.call_types[i].enters < sc.queues.size());
    RoutingEdge e;
    e.kind = EKind::Enters;
    boost::add_edge(entry(i), queue(sc.call_types[i].enters), e, graph_);
  }
  for (Id i = 0; i < sc.queues.size(); ++i) {
    const auto& rules = sc.queues[i].overflow;
    for (std::size_t j = 0; j < rules.size(); ++j) {
      const auto& rule = rules[j];
      RoutingEdge e;
      e.kind = EKind::Overflow;
      e.index = static_cast<std::uint32_t>(j);
      e.text = rule_text(sc, rule);
      e.condition = condition_text(sc, rule.when);
      e.delay = rule.delay;
      e.announcement = rule.announcement;
      e.timer_s = rule.timer_s;
      const bool to_exit = rule.to.kind == model::Target::Kind::Exit;
      CCSIM_ASSERT(rule.to.id < (to_exit ? sc.exits.size() : sc.queues.size()));
      boost::add_edge(queue(i), to_exit ? exit(rule.to.id) : queue(rule.to.id), e, graph_);
    }
  }
  for (Id i = 0; i < sc.agent_groups.size(); ++i) {
    const auto& serves = sc.agent_groups[i].serves;
    for (std::size_t j = 0; j < serves.size(); ++j) {
      CCSIM_ASSERT(serves[j].queue < sc.queues.size());
      RoutingEdge e;
      e.kind = EKind::Serves;
      e.index = static_cast<std::uint32_t>(j);
      e.after_s = serves[j].after_s;
      boost::add_edge(agent_group(i), queue(serves[j].queue), e, graph_);
    }
  }
}

}  // namespace ccsim::scenario
