#include "sim/scenario/routing_graph.hpp"

#include "sim/error.hpp"
#include "sim/scenario/duration.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <set>
#include <sstream>
#include <utility>

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wshadow"
#pragma GCC diagnostic ignored "-Wconversion"
#pragma GCC diagnostic ignored "-Wold-style-cast"
#pragma GCC diagnostic ignored "-Wpedantic"
#pragma GCC diagnostic ignored "-Wextra"
#include <boost/graph/breadth_first_search.hpp>
#include <boost/graph/depth_first_search.hpp>
#include <boost/graph/filtered_graph.hpp>
#include <boost/pending/queue.hpp>
#pragma GCC diagnostic pop

namespace ccsim::scenario {

using model::Condition;
using model::Id;
using Kind = Condition::Kind;
using Edge = RoutingGraphBase::edge_descriptor;

namespace {

constexpr double infinity = std::numeric_limits<double>::infinity();

std::string number(double x) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%g", x);
  return buf;
}

std::string quote(const std::string& s) { return "\"" + s + "\""; }

// "1 caller", "2 callers", "2.5 callers".
std::string count(double n, const std::string& noun) { return number(n) + " " + noun + (n == 1.0 ? "" : "s"); }

// A distribution as a label: "2s" for a constant, else its description.
std::string duration_text(const engine::Distribution& d) {
  if (d.kind() == engine::Distribution::Kind::Constant) return format_duration(d.mean());
  return d.describe();
}

const char* metric_name(Kind k) {
  switch (k) {
    case Kind::QueueLength: return "queue_length";
    case Kind::ExpectedWait: return "expected_wait";
    case Kind::LongestWait: return "longest_wait";
    case Kind::Occupancy: return "occupancy";
    case Kind::AvailableAgents: return "available_agents";
    case Kind::ServiceLevel: return "service_level";
    case Kind::SiteDown: return "site_down";
    case Kind::Waited: return "waited";
    case Kind::All: return "all";
    case Kind::Any: return "any";
  }
  return "?";
}

bool is_comparison(Kind k) {
  return k == Kind::QueueLength || k == Kind::ExpectedWait || k == Kind::LongestWait || k == Kind::Occupancy ||
         k == Kind::AvailableAgents || k == Kind::ServiceLevel;
}

// Metrics that count callers or agents: always defined, whole numbers, never negative.
bool is_count(Kind k) { return k == Kind::QueueLength || k == Kind::AvailableAgents; }

bool is_time(Kind k) { return k == Kind::ExpectedWait || k == Kind::LongestWait; }

std::string bound_text(Kind k, double v) { return is_time(k) ? format_duration(v) : number(v); }

std::string name_of(const model::Scenario& sc, const model::Target& t) {
  if (t.kind == model::Target::Kind::Exit) return t.id < sc.exits.size() ? sc.exits[t.id].name : "?";
  return t.id < sc.queues.size() ? sc.queues[t.id].name : "?";
}

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

// --- what a condition can do ---------------------------------------------------------------

// Whether a condition can hold: never (with the reason, a clause naming the culprit), always,
// or it depends on the state of the run. "Always" is claimed only where it is certain.
struct Verdict {
  enum class Truth { Never, Maybe, Always };
  Truth truth = Truth::Maybe;
  std::string why;  // for Never

  static Verdict never(std::string why) { return {Truth::Never, std::move(why)}; }
  static Verdict maybe() { return {Truth::Maybe, {}}; }
  static Verdict always() { return {Truth::Always, {}}; }
};

// What the analysis of one rule's condition needs to know.
struct RuleContext {
  const model::Scenario& sc;
  const std::vector<double>& most_agents;  // per queue: most agents ever logged into its groups
  Id queue = 0;                            // the rule's own queue
  std::optional<double> timer_s;           // set when the rule is a timer
};

// The queue whose metric a comparison reads.
Id metric_queue(const Condition& c, const RuleContext& ctx) { return c.queue.value_or(ctx.queue); }

// The largest value a metric can take (its smallest is always 0).
double metric_max(const Condition& c, const RuleContext& ctx) {
  switch (c.kind) {
    case Kind::QueueLength: {
      const auto& cap = ctx.sc.queues[metric_queue(c, ctx)].capacity;
      return cap ? static_cast<double>(*cap) : infinity;
    }
    case Kind::AvailableAgents: return ctx.most_agents[metric_queue(c, ctx)];
    case Kind::Occupancy:
    case Kind::ServiceLevel: return 1.0;
    default: return infinity;
  }
}

Verdict analyze(const Condition& c, const RuleContext& ctx);

Verdict analyze_comparison(const Condition& c, const RuleContext& ctx) {
  const std::string t = quote(condition_text(ctx.sc, c));
  const std::string metric = metric_name(c.kind);
  if (c.at_least && c.at_most && *c.at_least > *c.at_most) {
    return Verdict::never(t + " asks for at_least " + bound_text(c.kind, *c.at_least) + " but at_most " +
                          bound_text(c.kind, *c.at_most));
  }
  if (c.at_most && *c.at_most < 0.0) return Verdict::never(t + " asks for a negative " + metric);
  const double hi = metric_max(c, ctx);
  if (c.at_least && *c.at_least > hi) {
    const std::string q = quote(ctx.sc.queues[metric_queue(c, ctx)].name);
    switch (c.kind) {
      case Kind::QueueLength:
        return Verdict::never(t + " needs " + count(*c.at_least, "caller") + " in queue " + q +
                              ", which holds at most " + number(hi) + " (its capacity)");
      case Kind::AvailableAgents:
        if (hi == 0.0) {
          return Verdict::never(t + " needs " + count(*c.at_least, "idle agent") + ", but no agent is ever " +
                                "logged into a group that serves queue " + q);
        }
        return Verdict::never(t + " needs " + count(*c.at_least, "idle agent") + ", but at most " + number(hi) +
                              " are ever logged into the groups that serve queue " + q);
      case Kind::Occupancy: return Verdict::never(t + " asks for an occupancy above 1, the most it can be");
      case Kind::ServiceLevel: return Verdict::never(t + " asks for a service level above 1, the most it can be");
      default: break;
    }
  }
  // Counts are always defined, so a range covering all of [0, hi] always holds. (Rates and
  // waits may be undefined, e.g. occupancy with nobody logged in: never claimed "always".)
  if (is_count(c.kind) && (c.at_least || c.at_most)) {
    const bool low_ok = !c.at_least || *c.at_least <= 0.0;
    const bool high_ok = !c.at_most || *c.at_most >= hi;
    if (low_ok && high_ok) return Verdict::always();
  }
  return Verdict::maybe();
}

// As the model reads it: the named site, else the site of the rule's own queue.
Verdict analyze_site_down(const Condition& c, const RuleContext& ctx) {
  const std::optional<Id> site = c.site ? c.site : ctx.sc.queues[ctx.queue].site;
  std::string never_down;
  if (!site) {
    never_down = "queue " + quote(ctx.sc.queues[ctx.queue].name) + " has no site, so it is never down";
  } else if (ctx.sc.sites[*site].outages.empty()) {
    never_down = "site " + quote(ctx.sc.sites[*site].name) + " has no outages in this scenario, so it is never down";
  } else {
    return Verdict::maybe();
  }
  if (c.expect_down) return Verdict::never(never_down);
  return Verdict::always();
}

// Two comparisons of one metric of one queue inside an `all` whose ranges do not meet. A
// hysteresis condition that is on holds down to its release level, so the ranges used are the
// widest in which each can hold.
std::optional<std::string> disjoint_pair(const Condition& a, const Condition& b, const RuleContext& ctx) {
  if (a.kind != b.kind || !is_comparison(a.kind) || metric_queue(a, ctx) != metric_queue(b, ctx)) return std::nullopt;
  if (a.kind == Kind::ServiceLevel && (a.within_s != b.within_s || a.window_s != b.window_s)) return std::nullopt;
  const auto low = [](const Condition& c) {
    if (!c.at_least) return -infinity;
    return c.until_below ? std::min(*c.at_least, *c.until_below) : *c.at_least;
  };
  const auto high = [](const Condition& c) {
    if (!c.at_most) return infinity;
    return c.until_above ? std::max(*c.at_most, *c.until_above) : *c.at_most;
  };
  double lo = std::max(low(a), low(b));
  double hi = std::min(high(a), high(b));
  if (is_count(a.kind)) {
    lo = std::ceil(lo);
    hi = std::floor(hi);
  }
  if (lo <= hi) return std::nullopt;
  return "its conditions " + quote(condition_text(ctx.sc, a)) + " and " + quote(condition_text(ctx.sc, b)) +
         " never hold at once";
}

Verdict analyze(const Condition& c, const RuleContext& ctx) {
  switch (c.kind) {
    case Kind::QueueLength:
    case Kind::ExpectedWait:
    case Kind::LongestWait:
    case Kind::Occupancy:
    case Kind::AvailableAgents:
    case Kind::ServiceLevel: return analyze_comparison(c, ctx);
    case Kind::SiteDown: return analyze_site_down(c, ctx);
    case Kind::Waited:
      // A timer rule is checked when its timer fires: its `waited` holds by then.
      if (ctx.timer_s && c.waited_s <= *ctx.timer_s) return Verdict::always();
      return Verdict::maybe();
    case Kind::All: {
      bool all_always = true;
      for (const auto& child : c.children) {
        Verdict v = analyze(child, ctx);
        if (v.truth == Verdict::Truth::Never) return v;
        all_always = all_always && v.truth == Verdict::Truth::Always;
      }
      for (std::size_t i = 0; i < c.children.size(); ++i) {
        for (std::size_t j = i + 1; j < c.children.size(); ++j) {
          if (auto why = disjoint_pair(c.children[i], c.children[j], ctx)) return Verdict::never(*why);
        }
      }
      return all_always ? Verdict::always() : Verdict::maybe();
    }
    case Kind::Any: {
      if (c.children.empty()) return Verdict::never("\"any\" with no conditions never holds");
      std::vector<std::string> reasons;
      bool some_maybe = false;
      for (const auto& child : c.children) {
        Verdict v = analyze(child, ctx);
        if (v.truth == Verdict::Truth::Always) return v;
        if (v.truth == Verdict::Truth::Never) reasons.push_back(std::move(v.why));
        else some_maybe = true;
      }
      if (some_maybe) return Verdict::maybe();
      if (reasons.size() == 1) return Verdict::never(reasons.front());
      std::string why = "none of its conditions can hold (";
      for (std::size_t i = 0; i < reasons.size(); ++i) why += (i ? "; " : "") + reasons[i];
      return Verdict::never(why + ")");
    }
  }
  return Verdict::maybe();
}

// Most agents ever logged into the groups that serve each queue (sum over groups of each
// group's largest per-interval count). Outages only ever log agents out.
std::vector<double> most_agents_per_queue(const model::Scenario& sc) {
  std::vector<double> most(sc.queues.size(), 0.0);
  for (const auto& g : sc.agent_groups) {
    const std::uint32_t peak = g.agents.empty() ? 0 : *std::max_element(g.agents.begin(), g.agents.end());
    for (const auto& s : g.serves) {
      if (s.queue < most.size()) most[s.queue] += peak;
    }
  }
  return most;
}

// --- the whole analysis -------------------------------------------------------------------

struct Analysis {
  std::vector<Diagnostic> diagnostics;
  std::vector<std::vector<bool>> dead;  // [queue][rule]: the rule can never fire
};

void warn(Analysis& a, std::string pointer, std::string message) {
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
void check_rules(const model::Scenario& sc, Analysis& a) {
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
void check_cycles(const model::Scenario& sc, const RoutingGraph& rg, Analysis& a) {
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
void check_queues(const model::Scenario& sc, const RoutingGraph& rg, Analysis& a) {
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

// (e) agent groups that never have an agent, (f) call types that never arrive.
void check_groups_and_call_types(const model::Scenario& sc, Analysis& a) {
  for (Id i = 0; i < sc.agent_groups.size(); ++i) {
    const auto& g = sc.agent_groups[i];
    if (std::all_of(g.agents.begin(), g.agents.end(), [](std::uint32_t n) { return n == 0; })) {
      warn(a, "/agent_groups/" + std::to_string(i),
           "agent group " + quote(g.name) + " has no agents in any interval: it never answers a call");
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

Analysis analyze_scenario(const model::Scenario& sc) {
  Analysis a;
  const RoutingGraph rg(sc);
  check_rules(sc, a);
  check_queues(sc, rg, a);
  check_cycles(sc, rg, a);
  check_groups_and_call_types(sc, a);
  std::stable_sort(a.diagnostics.begin(), a.diagnostics.end(),
                   [](const Diagnostic& x, const Diagnostic& y) { return pointer_less(x.pointer, y.pointer); });
  return a;
}

// --- DOT -----------------------------------------------------------------------------------

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
      label = g.name + "\n" + agents_text(g.agents);
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

std::string edge_line(const RoutingGraphBase& g, const Edge& e, const Analysis& a) {
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

// --- public ----------------------------------------------------------------------------------

std::string condition_text(const model::Scenario& sc, const Condition& c) {
  if (!c.text.empty()) return c.text;
  std::string out = metric_name(c.kind);
  const auto of_queue = [&] {
    if (c.queue && *c.queue < sc.queues.size()) out += " of " + sc.queues[*c.queue].name;
  };
  switch (c.kind) {
    case Kind::SiteDown:
      if (c.site && *c.site < sc.sites.size()) return out + " " + sc.sites[*c.site].name;
      return c.expect_down ? out : "site up";
    case Kind::Waited: return out + " " + format_duration(c.waited_s);
    case Kind::All:
    case Kind::Any: {
      out += "(";
      for (std::size_t i = 0; i < c.children.size(); ++i) out += (i ? ", " : "") + condition_text(sc, c.children[i]);
      return out + ")";
    }
    case Kind::ServiceLevel:
      out += " within " + format_duration(c.within_s) + " over " + format_duration(c.window_s);
      of_queue();
      break;
    default: of_queue(); break;
  }
  if (c.at_least) out += " at_least " + bound_text(c.kind, *c.at_least);
  if (c.at_most) out += " at_most " + bound_text(c.kind, *c.at_most);
  if (c.until_below) out += " until_below " + bound_text(c.kind, *c.until_below);
  if (c.until_above) out += " until_above " + bound_text(c.kind, *c.until_above);
  return out;
}

std::string rule_text(const model::Scenario& sc, const model::OverflowRule& rule) {
  if (!rule.text.empty()) return rule.text;
  return condition_text(sc, rule.when) + " -> " + name_of(sc, rule.to);
}

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

std::vector<Diagnostic> check_routing(const model::Scenario& sc) { return analyze_scenario(sc).diagnostics; }

std::string to_dot(const model::Scenario& sc) {
  const RoutingGraph rg(sc);
  const auto& g = rg.graph();
  const Analysis a = analyze_scenario(sc);
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
  for (Id s = 0; s < sc.sites.size(); ++s) {
    std::string members;
    for (const RoutingVertexId v : boost::make_iterator_range(boost::vertices(g))) {
      if (site_of(g[v]) == s) members += "    " + node_line(sc, g[v]);
    }
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
