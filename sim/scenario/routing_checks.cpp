#include "sim/scenario/routing_checks.hpp"

#include "sim/error.hpp"
#include "sim/model/staffing_plan.hpp"
#include "sim/scenario/condition_text.hpp"
#include "sim/scenario/condition_verdict.hpp"
#include "sim/scenario/duration.hpp"

#include <algorithm>
#include <set>
#include <utility>

namespace ccsim::scenario {

using model::Id;
using Edge = RoutingGraphBase::edge_descriptor;

namespace {

std::string quote(const std::string& s) { return "\"" + s + "\""; }

// JSON pointers compared token by token, list indices as numbers ("/queues/2" < "/queues/10").
std::vector<std::string> tokens(const std::string& pointer) {
  std::vector<std::string> out;
  std::size_t start = 1;
  while (start <= pointer.size()) {
    const std::size_t slash = pointer.find('/', start);
    const std::size_t end = slash == std::string::npos ? pointer.size() : slash;
    out.push_back(pointer.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

bool is_index(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool pointer_less(const std::string& a, const std::string& b) {
  const auto ta = tokens(a);
  const auto tb = tokens(b);
  for (std::size_t i = 0; i < ta.size() && i < tb.size(); ++i) {
    if (ta[i] == tb[i]) continue;
    if (is_index(ta[i]) && is_index(tb[i])) {
      if (ta[i].size() != tb[i].size()) return ta[i].size() < tb[i].size();
    }
    return ta[i] < tb[i];
  }
  return ta.size() < tb.size();
}

void warn(RoutingAnalysis& a, std::string pointer, std::string message) {
  a.diagnostics.push_back({Diagnostic::Severity::Warning, std::move(pointer), std::move(message)});
}

std::string rule_pointer(Id queue, std::size_t rule) {
  return "/queues/" + std::to_string(queue) + "/overflow/" + std::to_string(rule);
}

// (d) Rules that can never fire: their condition never holds, or another rule always takes
// the call first. An entry rule that always matches shadows the entry rules after it, and all
// timer rules wherever they are listed: a caller waits in a queue only after passing its entry
// rules (ContactCenter::offer), so no caller is ever there for a timer to move. A timer rule
// that always moves the caller shadows the timer rules that would fire later.
void check_rules(const model::Scenario& sc, RoutingAnalysis& a) {
  const auto most_agents = most_agents_per_queue(sc);
  a.dead.resize(sc.queues.size());
  for (Id q = 0; q < sc.queues.size(); ++q) {
    const auto& rules = sc.queues[q].overflow;
    std::vector<Verdict> verdicts;
    for (const auto& rule : rules) {
      const RuleContext ctx{sc, most_agents, q, rule.timer_s};
      verdicts.push_back(analyze(rule.when, ctx));
    }
    // The timer rule that fires first on every caller, if any: shortest timer, then first listed.
    std::optional<std::size_t> first_timer;
    std::optional<std::size_t> first_always_entry;
    for (std::size_t j = 0; j < rules.size(); ++j) {
      if (verdicts[j].truth != Verdict::Truth::Always) continue;
      if (!rules[j].timer_s) {
        if (!first_always_entry) first_always_entry = j;
      } else if (!first_timer || *rules[j].timer_s < *rules[*first_timer].timer_s) {
        first_timer = j;
      }
    }
    a.dead[q].assign(rules.size(), false);
    const std::string prefix_queue = " of queue " + quote(sc.queues[q].name) + " can never fire: ";
    for (std::size_t j = 0; j < rules.size(); ++j) {
      const auto& rule = rules[j];
      const std::string prefix = "rule " + std::to_string(j) + prefix_queue;
      std::optional<std::string> why;
      if (verdicts[j].truth == Verdict::Truth::Never) {
        why = verdicts[j].why;
      } else if (!rule.timer_s && first_always_entry && *first_always_entry < j) {
        why = "it comes after rule " + std::to_string(*first_always_entry) + " (" +
              quote(condition_text(sc, rules[*first_always_entry].when)) + "), which always matches";
      } else if (rule.timer_s && first_always_entry) {
        why = "no caller ever waits in queue " + quote(sc.queues[q].name) + ": entry rule " +
              std::to_string(*first_always_entry) + " (" + quote(condition_text(sc, rules[*first_always_entry].when)) +
              ") always sends arriving callers on";
      } else if (rule.timer_s && first_timer && *first_timer != j) {
        const auto& first = rules[*first_timer];
        if (*first.timer_s < *rule.timer_s) {
          why = "timer rule " + std::to_string(*first_timer) + " (" + quote(condition_text(sc, first.when)) +
                ") moves every caller still waiting after " + format_duration(*first.timer_s) +
                ", before this rule's " + format_duration(*rule.timer_s);
        } else if (*first.timer_s == *rule.timer_s && *first_timer < j) {
          why = "it comes after timer rule " + std::to_string(*first_timer) + " (" +
                quote(condition_text(sc, first.when)) + "), which moves every caller at the same " +
                format_duration(*rule.timer_s);
        }
      }
      if (why) {
        a.dead[q][j] = true;
        warn(a, rule_pointer(q, j), prefix + *why);
      }
    }
  }
}

// Edge filter: the overflow rules between queues that can fire (and, for reachability, the
// entries too).
struct LiveRoutes {
  const RoutingGraphBase* g = nullptr;
  const std::vector<std::vector<bool>>* dead = nullptr;
  bool include_entries = false;
  bool include_exits = false;

  bool operator()(const Edge& e) const {
    const auto& edge = (*g)[e];
    if (edge.kind == RoutingEdge::Kind::Enters) return include_entries;
    if (edge.kind != RoutingEdge::Kind::Overflow) return false;
    if (!include_exits && (*g)[boost::target(e, *g)].kind != RoutingVertex::Kind::Queue) return false;
    const Id q = (*g)[boost::source(e, *g)].id;
    return !(*dead)[q][edge.index];
  }
};

struct QueuesOnly {
  const RoutingGraphBase* g = nullptr;
  bool operator()(RoutingVertexId v) const { return (*g)[v].kind == RoutingVertex::Kind::Queue; }
};

// Records the DFS tree (the edge into each vertex) and the back edges, each closing a cycle.
struct CycleRecorder : boost::default_dfs_visitor {
  std::vector<std::optional<Edge>>* tree_in = nullptr;
  std::vector<Edge>* back = nullptr;

  template <class G>
  void tree_edge(Edge e, const G& g) const {
    (*tree_in)[boost::target(e, g)] = e;
  }
  template <class G>
  void back_edge(Edge e, const G&) const {
    back->push_back(e);
  }
};

// (c) Overflow cycles on the queue-to-queue subgraph of rules that can fire: every cycle
// holds a back edge of a depth-first search, and each back edge (u, v) closes the cycle
// v -> ... -> u -> v along the DFS tree.
void check_cycles(const model::Scenario& sc, const RoutingGraph& rg, RoutingAnalysis& a) {
  const auto& g = rg.graph();
  const LiveRoutes edges{&g, &a.dead, false, false};
  const boost::filtered_graph<RoutingGraphBase, LiveRoutes, QueuesOnly> queues(g, edges, QueuesOnly{&g});
  std::vector<std::optional<Edge>> tree_in(boost::num_vertices(g));
  std::vector<Edge> back;
  CycleRecorder recorder;
  recorder.tree_in = &tree_in;
  recorder.back = &back;
  std::vector<boost::default_color_type> colors(boost::num_vertices(g));
  boost::depth_first_search(queues, recorder,
                            boost::make_iterator_property_map(colors.begin(), boost::get(boost::vertex_index, g)));

  std::set<std::vector<RoutingVertexId>> seen;  // parallel rules close the same cycle once
  for (const Edge& e : back) {
    const RoutingVertexId u = boost::source(e, g);
    const RoutingVertexId v = boost::target(e, g);
    std::vector<RoutingVertexId> path{u};
    for (RoutingVertexId w = u; w != v;) {
      CCSIM_ASSERT(tree_in[w].has_value());
      w = boost::source(*tree_in[w], g);
      path.push_back(w);
    }
    std::reverse(path.begin(), path.end());  // v ... u
    if (!seen.insert(path).second) continue;
    std::string spelled;
    for (const RoutingVertexId w : path) spelled += sc.queues[g[w].id].name + " -> ";
    spelled += sc.queues[g[v].id].name;
    warn(a, rule_pointer(g[u].id, g[e].index),
         "overflow rules form a cycle: " + spelled + "; only max_hops (" + std::to_string(sc.max_hops) +
             ") stops a call going round it");
  }
}

// (a) queues with no way out but answer or abandonment, and (b) queues no call reaches
// (following entries and the rules that can fire). An unreachable queue is reported as such
// only: it strands no caller.
void check_queues(const model::Scenario& sc, const RoutingGraph& rg, RoutingAnalysis& a) {
  const auto& g = rg.graph();
  const LiveRoutes edges{&g, &a.dead, true, true};
  const boost::filtered_graph<RoutingGraphBase, LiveRoutes> routes(g, edges);
  std::vector<boost::default_color_type> colors(boost::num_vertices(g), boost::white_color);
  auto color_map = boost::make_iterator_property_map(colors.begin(), boost::get(boost::vertex_index, g));
  std::vector<RoutingVertexId> sources;
  for (Id c = 0; c < sc.call_types.size(); ++c) sources.push_back(rg.entry(c));
  boost::queue<RoutingVertexId> buffer;
  if (!sources.empty()) {
    boost::breadth_first_visit(routes, sources.begin(), sources.end(), buffer, boost::default_bfs_visitor(), color_map);
  }

  for (Id q = 0; q < sc.queues.size(); ++q) {
    const RoutingVertexId v = rg.queue(q);
    const std::string ptr = "/queues/" + std::to_string(q);
    const std::string name = quote(sc.queues[q].name);
    bool served = false;
    bool dead_rules_in = false;
    bool unreachable_rules_in = false;
    for (const Edge& e : boost::make_iterator_range(boost::in_edges(v, g))) {
      const auto& edge = g[e];
      if (edge.kind == RoutingEdge::Kind::Serves) served = true;
      if (edge.kind != RoutingEdge::Kind::Overflow) continue;
      if (a.dead[g[boost::source(e, g)].id][edge.index]) dead_rules_in = true;
      else unreachable_rules_in = true;  // a live rule into an unreachable queue comes from one
    }
    if (colors[v] != boost::white_color) {
      if (!served && sc.queues[q].overflow.empty()) {
        warn(a, ptr,
             "queue " + name +
                 " is served by no agent group and has no overflow rule: its callers can "
                 "only abandon or wait forever");
      }
      continue;
    }
    std::string why;
    if (dead_rules_in && unreachable_rules_in) {
      why =
          "no call type enters it, and the overflow rules that send calls to it can never fire or belong "
          "to unreachable queues";
    } else if (dead_rules_in) {
      why = "no call type enters it, and the overflow rules that send calls to it can never fire";
    } else if (unreachable_rules_in) {
      why = "no call type enters it, and only overflow rules of unreachable queues send calls to it";
    } else {
      why = "no call type enters it and no overflow rule sends calls to it";
    }
    warn(a, ptr, "queue " + name + " is unreachable: " + why);
  }
}

// (e) agent groups that never have an agent (absence 1 included) and breaks outside their shift,
// (f) call types that never arrive.
void check_groups_and_call_types(const model::Scenario& sc, RoutingAnalysis& a) {
  for (Id i = 0; i < sc.agent_groups.size(); ++i) {
    const auto& g = sc.agent_groups[i];
    const std::string gp = "/agent_groups/" + std::to_string(i);
    if (model::most_agents(g) == 0) {
      warn(a, gp, "agent group " + quote(g.name) + " has no agents in any interval: it never answers a call");
    } else if (g.absence >= 1.0) {
      warn(a, gp + "/absence",
           "agent group " + quote(g.name) + " has absence 1: every agent is absent, it never answers a call");
    }
    for (std::size_t s = 0; s < g.shifts.size(); ++s) {
      const auto& shift = g.shifts[s];
      for (std::size_t b = 0; b < shift.breaks.size(); ++b) {
        const auto& br = shift.breaks[b];
        if (br.from_s < shift.from_s || br.from_s + br.for_s > shift.to_s) {
          warn(a, gp + "/agents/shifts/" + std::to_string(s) + "/breaks/" + std::to_string(b),
               "the break is not inside its shift (" + format_duration(shift.from_s) + " to " +
                   format_duration(shift.to_s) + "): only its part inside takes agents off duty");
        }
      }
    }
  }
  for (Id i = 0; i < sc.call_types.size(); ++i) {
    const auto& rates = sc.call_types[i].arrivals.per_second;
    if (!rates.empty() && std::all_of(rates.begin(), rates.end(), [](double r) { return r <= 0.0; })) {
      warn(a, "/call_types/" + std::to_string(i),
           "call type " + quote(sc.call_types[i].name) +
               " has an arrival rate of 0 in every interval: no call of it ever arrives");
    }
  }
}

// Callbacks that are never offered or never taken: an offer_when that can never hold (the
// verdicts of the rules' conditions), accept 0, or an entry rule that always sends callers on
// first (rules are checked on entry, the offer comes when the caller would join the line).
void check_callbacks(const model::Scenario& sc, RoutingAnalysis& a) {
  const auto most_agents = most_agents_per_queue(sc);
  for (Id q = 0; q < sc.queues.size(); ++q) {
    const auto& cb = sc.queues[q].callback;
    if (!cb) continue;
    const std::string ptr = "/queues/" + std::to_string(q) + "/callback";
    const std::string prefix = "the callback of queue " + quote(sc.queues[q].name);
    const Verdict v = analyze(cb->offer_when, RuleContext{sc, most_agents, q, std::nullopt});
    if (v.truth == Verdict::Truth::Never) warn(a, ptr + "/offer_when", prefix + " is never offered: " + v.why);
    if (cb->accept <= 0.0) warn(a, ptr + "/accept", prefix + " is never taken: accept is 0");
    const auto& rules = sc.queues[q].overflow;
    for (std::size_t j = 0; j < rules.size(); ++j) {
      if (rules[j].timer_s ||
          analyze(rules[j].when, RuleContext{sc, most_agents, q, std::nullopt}).truth != Verdict::Truth::Always) {
        continue;
      }
      warn(a, ptr,
           prefix + " is never offered: entry rule " + std::to_string(j) + " (" +
               quote(condition_text(sc, rules[j].when)) + ") always sends arriving callers on first");
      break;
    }
  }
}

}  // namespace

RoutingAnalysis analyze_routing(const model::Scenario& sc) {
  RoutingAnalysis a;
  const RoutingGraph rg(sc);
  check_rules(sc, a);
  check_queues(sc, rg, a);
  check_cycles(sc, rg, a);
  check_groups_and_call_types(sc, a);
  check_callbacks(sc, a);
  check_redials(sc, a.diagnostics);
  check_load(sc, a.diagnostics);
  std::stable_sort(a.diagnostics.begin(), a.diagnostics.end(),
                   [](const Diagnostic& x, const Diagnostic& y) { return pointer_less(x.pointer, y.pointer); });
  return a;
}

std::vector<Diagnostic> check_routing(const model::Scenario& sc) { return analyze_routing(sc).diagnostics; }

}  // namespace ccsim::scenario
