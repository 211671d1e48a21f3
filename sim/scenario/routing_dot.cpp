// `ccsim graph`: the routing graph as Graphviz DOT.
#include "sim/scenario/routing_checks.hpp"
#include "sim/scenario/routing_graph.hpp"

#include "sim/model/staffing_plan.hpp"
#include "sim/scenario/duration.hpp"

#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

namespace ccsim::scenario {

using model::Id;
using Edge = RoutingGraphBase::edge_descriptor;

namespace {

// A distribution as a label: "2s" for a constant, else its description.
std::string duration_text(const engine::Distribution& d) {
  if (d.kind() == engine::Distribution::Kind::Constant) return format_duration(d.mean());
  return d.describe();
}

// A DOT string literal; `\n` in `s` becomes a line break of the label.
std::string dot_string(const std::string& s) {
  std::string out = "\"";
  for (const char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out + "\"";
}

std::string ordinal(std::size_t n) {
  const std::size_t tens = n % 100;
  const char* suffix = "th";
  if (tens < 11 || tens > 13) {
    if (n % 10 == 1) suffix = "st";
    else if (n % 10 == 2) suffix = "nd";
    else if (n % 10 == 3) suffix = "rd";
  }
  return std::to_string(n) + suffix;
}

std::string node_id(const RoutingVertex& v) {
  switch (v.kind) {
    case RoutingVertex::Kind::Entry: return "c" + std::to_string(v.id);
    case RoutingVertex::Kind::Queue: return "q" + std::to_string(v.id);
    case RoutingVertex::Kind::AgentGroup: return "g" + std::to_string(v.id);
    case RoutingVertex::Kind::Exit: return "x" + std::to_string(v.id);
  }
  return "?";
}

std::string agents_text(const std::vector<std::uint32_t>& agents) {
  if (agents.empty()) return "0 agents";
  const auto [lo, hi] = std::minmax_element(agents.begin(), agents.end());
  if (*lo == *hi) return std::to_string(*lo) + (*lo == 1 ? " agent" : " agents");
  return std::to_string(*lo) + "-" + std::to_string(*hi) + " agents";
}

std::string node_line(const model::Scenario& sc, const RoutingVertex& v) {
  std::string attrs;
  std::string label;
  switch (v.kind) {
    case RoutingVertex::Kind::Entry:
      attrs = "shape=plaintext, fontsize=10";
      label = "calls: " + sc.call_types[v.id].name;
      break;
    case RoutingVertex::Kind::Queue: {
      const auto& q = sc.queues[v.id];
      attrs = "shape=box";
      label = q.name;
      if (q.capacity) label += "\ncapacity " + std::to_string(*q.capacity);
      if (q.announcement) label += "\nann. " + duration_text(*q.announcement);
      break;
    }
    case RoutingVertex::Kind::AgentGroup: {
      const auto& g = sc.agent_groups[v.id];
      attrs = "shape=ellipse";
      label = g.name + "\n" +
              (g.shifts.empty() ? agents_text(g.agents) : "shifts, up to " + agents_text({model::most_agents(g)}));
      if (!g.site) label += "\n(all sites)";
      break;
    }
    case RoutingVertex::Kind::Exit:
      attrs = "shape=doubleoctagon";
      label = sc.exits[v.id].name;
      if (!sc.exits[v.id].description.empty()) attrs += ", tooltip=" + dot_string(sc.exits[v.id].description);
      break;
  }
  return node_id(v) + " [" + attrs + ", label=" + dot_string(label) + "];\n";
}

std::string edge_line(const RoutingGraphBase& g, const Edge& e, const RoutingAnalysis& a) {
  const auto& edge = g[e];
  const std::string head = node_id(g[boost::source(e, g)]) + " -> " + node_id(g[boost::target(e, g)]);
  switch (edge.kind) {
    case RoutingEdge::Kind::Enters: return head + ";\n";
    case RoutingEdge::Kind::Overflow: {
      std::string label = "rule " + std::to_string(edge.index) + ": " + edge.condition;
      if (edge.delay) label += "\nafter " + duration_text(*edge.delay);
      if (edge.announcement) label += "\nann. " + duration_text(*edge.announcement);
      std::string attrs;
      if (edge.timer_s) attrs += ", style=bold";
      if (a.dead[g[boost::source(e, g)].id][edge.index]) {
        label += "\n(never fires)";
        attrs += ", color=gray50, fontcolor=gray50";
      }
      return head + " [label=" + dot_string(label) + attrs + "];\n";
    }
    case RoutingEdge::Kind::Serves: {
      std::string label = ordinal(edge.index + 1);
      if (edge.after_s > 0.0) label += ", after " + format_duration(edge.after_s);
      return head + " [style=dashed, label=" + dot_string(label) + "];\n";
    }
  }
  return head + ";\n";
}

}  // namespace

std::string to_dot(const model::Scenario& sc) {
  const RoutingGraph rg(sc);
  const auto& g = rg.graph();
  const RoutingAnalysis a = analyze_routing(sc);
  std::ostringstream out;
  out << "// Routing graph drawn by ccsim graph; render with: dot -Tsvg\n";
  out << "digraph routing {\n";
  out << "  graph [rankdir=LR, fontname=\"Helvetica\", labelloc=t, label=" << dot_string(sc.name) << "];\n";
  out << "  node [fontname=\"Helvetica\"];\n";
  out << "  edge [fontname=\"Helvetica\", fontsize=10];\n";

  // Nodes: one cluster per site holding its queues and agent groups, then the rest.
  const auto site_of = [&](const RoutingVertex& v) -> std::optional<Id> {
    if (v.kind == RoutingVertex::Kind::Queue) return sc.queues[v.id].site;
    if (v.kind == RoutingVertex::Kind::AgentGroup) return sc.agent_groups[v.id].site;
    return std::nullopt;
  };
  std::vector<std::string> site_members(sc.sites.size());  // one pass, in vertex order
  for (const RoutingVertexId v : boost::make_iterator_range(boost::vertices(g))) {
    if (const auto s = site_of(g[v])) site_members[*s] += "    " + node_line(sc, g[v]);
  }
  for (Id s = 0; s < sc.sites.size(); ++s) {
    const std::string& members = site_members[s];
    if (members.empty()) continue;
    std::string label = sc.sites[s].name;
    for (const auto& o : sc.sites[s].outages) {
      label += "\ndown at " + format_duration(o.from_s) + " for " + format_duration(o.for_s);
    }
    out << "  subgraph cluster_s" << s << " {\n";
    out << "    label=" << dot_string(label) << ";\n";
    out << "    style=rounded;\n";
    out << members;
    out << "  }\n";
  }
  for (const RoutingVertexId v : boost::make_iterator_range(boost::vertices(g))) {
    if (g[v].kind == RoutingVertex::Kind::Entry || site_of(g[v])) continue;
    out << "  " << node_line(sc, g[v]);
  }
  for (const RoutingVertexId v : boost::make_iterator_range(boost::vertices(g))) {
    if (g[v].kind == RoutingVertex::Kind::Entry) out << "  " << node_line(sc, g[v]);
  }

  // Edges in vertex order, each vertex's in the order of the scenario's lists.
  for (const RoutingVertexId v : boost::make_iterator_range(boost::vertices(g))) {
    for (const Edge& e : boost::make_iterator_range(boost::out_edges(v, g))) out << "  " << edge_line(g, e, a);
  }
  out << "}\n";
  return out.str();
}

}  // namespace ccsim::scenario
