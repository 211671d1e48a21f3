#include "analysis/reports/html_run_sections.hpp"

#include <algorithm>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace ccsim::analysis::html {

namespace {

// A flow of calls from a queue to a queue or an exit.
struct Flow {
  std::string from;
  std::string to;
  std::string kind;  // "queue", "exit", ...
  Est calls;
};

// The flows of the results: their "flows" table, else each queue's "overflowed" calls.
std::vector<Flow> flows_of(const Json& results) {
  std::vector<Flow> out;
  const Json* queues = child(&results, "queues");
  const auto kind_of = [&](const std::string& name) { return child(queues, name) != nullptr ? "queue" : "exit"; };
  const Json* list = child(&results, "flows");
  if (list != nullptr && list->is_array()) {
    for (const auto& f : *list) {
      const std::string from = text_of(child(&f, "from"));
      const std::string to = text_of(child(&f, "to"));
      if (from.empty() || to.empty()) continue;
      std::string kind = text_of(child(&f, "to_kind"));
      if (kind.empty()) kind = kind_of(to);
      out.push_back({from, to, kind, est(child(&f, "calls"))});
    }
    return out;
  }
  for (const auto& q : keys_of(queues)) {
    const Json* over = at(queues, {q, "overflowed"});
    for (const auto& dest : keys_of(over)) {
      const Json* e = child(over, dest);
      if (e == nullptr || !e->is_object() || child(e, "mean") == nullptr) continue;
      out.push_back({q, dest, kind_of(dest), est(e)});
    }
  }
  return out;
}

// Colour of a flow to a queue, to an exit, or to anything else.
std::string kind_color(const std::string& kind) {
  if (kind == "queue") return "#0072B2";
  if (kind == "exit") return "#D55E00";
  return "#CC79A7";
}

constexpr double kNodeWidth = 14.0;
constexpr double kNodeGap = 36.0;

// The flow diagram: a node per queue or exit, a link per flow, nodes in columns (layers).
struct FlowNode {
  std::string name;
  std::string kind;
  double in = 0.0, out = 0.0, entered = 0.0;
  std::size_t layer = 0;
  double x = 0.0, y = 0.0, h = 0.0, in_used = 0.0, out_used = 0.0;
};

struct FlowLink {
  std::size_t from, to;
  double calls;
  const Flow* flow;
  bool back = false;  // closes a cycle: left out of the layering, drawn as a loop under the nodes
};

struct FlowGraph {
  std::vector<FlowNode> nodes;
  std::vector<FlowLink> links;
  std::vector<std::vector<std::size_t>> columns;  // nodes per layer
  std::size_t last = 1;                           // the last layer, where the exits are
  bool any_back = false;
};

// A flow that closes a cycle (found by depth-first search, in order of first appearance) is
// left out of the layering and drawn as a loop under the diagram.
void mark_back_links(FlowGraph& g) {
  const std::size_t n = g.nodes.size();
  std::vector<std::vector<std::size_t>> out_links(n);
  for (std::size_t i = 0; i < g.links.size(); ++i) out_links[g.links[i].from].push_back(i);
  std::vector<int> state(n, 0);  // 0 unvisited, 1 on the search path, 2 finished
  // Depth first with an explicit stack (node, next of its links): a chain of 100,000 queues
  // must not recurse 100,000 deep.
  std::vector<std::pair<std::size_t, std::size_t>> path;
  for (std::size_t root = 0; root < n; ++root) {
    if (state[root] != 0) continue;
    state[root] = 1;
    path.emplace_back(root, 0);
    while (!path.empty()) {
      auto& [v, next] = path.back();
      if (next == out_links[v].size()) {
        state[v] = 2;
        path.pop_back();
        continue;
      }
      const auto li = out_links[v][next++];
      const std::size_t w = g.links[li].to;
      if (state[w] == 1) {
        g.links[li].back = true;
      } else if (state[w] == 0) {
        state[w] = 1;
        path.emplace_back(w, 0);
      }
    }
  }
  for (const auto& l : g.links) g.any_back = g.any_back || l.back;
}

// Layers: longest path from the sources over the remaining (acyclic) flows; exits last.
void assign_layers(FlowGraph& g) {
  auto& nodes = g.nodes;
  // In topological order (Kahn), each node once: linear in nodes and links.
  std::vector<std::vector<std::size_t>> out(nodes.size());
  std::vector<std::size_t> in_degree(nodes.size(), 0);
  for (const auto& l : g.links) {
    if (l.back) continue;
    out[l.from].push_back(l.to);
    ++in_degree[l.to];
  }
  std::vector<std::size_t> ready;
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    if (in_degree[i] == 0) ready.push_back(i);
  }
  while (!ready.empty()) {
    const std::size_t v = ready.back();
    ready.pop_back();
    for (const std::size_t w : out[v]) {
      nodes[w].layer = std::max(nodes[w].layer, nodes[v].layer + 1);
      if (--in_degree[w] == 0) ready.push_back(w);
    }
  }
  for (const auto& nd : nodes) g.last = std::max(g.last, nd.layer);
  for (auto& nd : nodes) {
    if (nd.kind == "exit") nd.layer = g.last;
  }
  g.columns.assign(g.last + 1, {});
  for (std::size_t i = 0; i < nodes.size(); ++i) g.columns[nodes[i].layer].push_back(i);
}

FlowGraph flow_graph(const Json& results, const std::vector<Flow>& flows) {
  FlowGraph g;
  std::map<std::string, std::size_t> index;
  const auto node = [&](const std::string& name, const std::string& kind) {
    const auto it = index.find(name);
    if (it != index.end()) return it->second;
    index.emplace(name, g.nodes.size());
    FlowNode n;
    n.name = name;
    n.kind = kind;
    n.entered = est(at(&results, {"queues", name, "entered"})).mean.value_or(0.0);
    g.nodes.push_back(n);
    return g.nodes.size() - 1;
  };
  for (const auto& f : flows) {
    if (f.from == f.to) continue;
    const double calls = std::max(0.0, f.calls.mean.value_or(0.0));
    const std::size_t a = node(f.from, "queue");
    const std::size_t b = node(f.to, f.kind);
    g.links.push_back({a, b, calls, &f});
    g.nodes[a].out += calls;
    g.nodes[b].in += calls;
  }
  mark_back_links(g);
  assign_layers(g);
  return g;
}

// Places the nodes, each column centred vertically in [top, top + avail], heights to one scale
// of pixels per call (the largest that fits every column); returns that scale.
double place_nodes(FlowGraph& g, const svg::Chart& c, double top, double avail) {
  const auto value = [](const FlowNode& nd) { return std::max({nd.in, nd.out, nd.entered}); };
  double k = 0.0;
  bool first = true;
  for (const auto& col : g.columns) {
    double sum = 0.0;
    for (const auto i : col) sum += value(g.nodes[i]);
    if (sum <= 0.0) continue;
    const double kc = (avail - kNodeGap * static_cast<double>(col.size() - 1)) / sum;
    k = first ? kc : std::min(k, kc);
    first = false;
  }
  const double span = c.plot_right() - c.plot_left() - kNodeWidth;
  for (std::size_t l = 0; l < g.columns.size(); ++l) {
    double used = 0.0;
    for (const auto i : g.columns[l]) used += std::max(3.0, value(g.nodes[i]) * k) + kNodeGap;
    double y = top + std::max(0.0, (avail - (used - kNodeGap)) / 2.0);
    for (const auto i : g.columns[l]) {
      auto& nd = g.nodes[i];
      nd.x = c.plot_left() + span * static_cast<double>(l) / static_cast<double>(g.last);
      nd.y = y;
      nd.h = std::max(3.0, value(nd) * k);
      y += nd.h + kNodeGap;
    }
  }
  return k;
}

// Each flow as a band from its source's right edge to its target's left edge, `k` pixels per
// call wide, labelled with its calls; a back link loops under the nodes.
void draw_links(svg::Chart& c, FlowGraph& g, double k, double top) {
  auto& nodes = g.nodes;
  double nodes_bottom = top;
  for (const auto& nd : nodes) nodes_bottom = std::max(nodes_bottom, nd.y + nd.h);
  double loop_y = nodes_bottom + 22.0;
  for (const auto& l : g.links) {
    auto& a = nodes[l.from];
    auto& b = nodes[l.to];
    const double t = l.calls * k;
    const double y0 = a.y + a.out_used + t / 2.0;
    const double y1 = b.y + b.in_used + t / 2.0;
    a.out_used += t;
    b.in_used += t;
    const double x0 = a.x + kNodeWidth, x1 = b.x;
    double xm = (x0 + x1) / 2.0;
    double label_y = (y0 + y1) / 2.0 + 4.0;
    std::string d = "M" + fixed(x0, 1) + " " + fixed(y0, 1) + " C" + fixed(xm, 1) + " " + fixed(y0, 1) + " " +
                    fixed(xm, 1) + " " + fixed(y1, 1) + " " + fixed(x1, 1) + " " + fixed(y1, 1);
    if (l.back) {
      // Out to the right, under the nodes, back in from the left.
      const double yb = loop_y;
      loop_y += std::max(1.5, t) + 8.0;
      d = "M" + fixed(x0, 1) + " " + fixed(y0, 1) + " C" + fixed(x0 + 50.0, 1) + " " + fixed(y0, 1) + " " +
          fixed(x0 + 50.0, 1) + " " + fixed(yb, 1) + " " + fixed(x0, 1) + " " + fixed(yb, 1) + " L" + fixed(x1, 1) +
          " " + fixed(yb, 1) + " C" + fixed(x1 - 50.0, 1) + " " + fixed(yb, 1) + " " + fixed(x1 - 50.0, 1) + " " +
          fixed(y1, 1) + " " + fixed(x1, 1) + " " + fixed(y1, 1);
      xm = (x0 + x1) / 2.0;
      label_y = yb + 4.0;
    }
    const std::string tip = l.flow->from + " → " + l.flow->to + ": " + est_text(l.flow->calls, Kind::count) + " calls";
    c.raw("<path d=\"" + d + "\" fill=\"none\" stroke=\"" + kind_color(l.flow->kind) +
          "\" stroke-opacity=\"0.45\" stroke-width=\"" + fixed(std::max(1.5, t), 1) + "\"><title>" + escape(tip) +
          "</title></path>");
    halo_text(c, xm, label_y, value_text(l.calls, Kind::count) + " calls", 12.0, "#222222", "middle");
  }
}

// Each node as a bar, with its name and its calls beside it.
void draw_nodes(svg::Chart& c, const FlowGraph& g) {
  for (const auto& nd : g.nodes) {
    const std::string color = nd.kind == "exit" ? kind_color("exit") : "#3A3A3A";
    std::vector<std::string> lines;
    if (nd.kind == "queue" && nd.entered > 0.0) {
      lines.push_back(value_text(nd.entered, Kind::count) + " entered");
      lines.push_back(value_text(nd.out, Kind::count) + " overflowed");
    } else {
      lines.push_back(nd.kind + ": " + value_text(nd.in, Kind::count) + " calls in");
    }
    std::string tip = nd.name + " (" + nd.kind + ")";
    for (const auto& line : lines) tip += ", " + line;
    c.rect_px(nd.x, nd.y, kNodeWidth, nd.h, color, tip);
    // Labels outside the diagram on the first and last columns, to the right of the node between.
    const bool left = nd.layer == 0;
    const double tx = left ? nd.x - 8.0 : nd.x + kNodeWidth + 8.0;
    const std::string anchor = left ? "end" : "start";
    const double ty = nd.y + nd.h / 2.0 - 7.0 * static_cast<double>(lines.size()) + 4.0;
    halo_text(c, tx, ty, nd.name, 13.0, "#1b1b1b", anchor);
    for (std::size_t i = 0; i < lines.size(); ++i) {
      halo_text(c, tx, ty + 15.0 * static_cast<double>(i + 1), lines[i], 11.5, "#555555", anchor);
    }
  }
}

// The overflow flows as a layered flow diagram (Sankey-like).
void flow_diagram(Page& page, const Json& results, const std::vector<Flow>& flows) {
  FlowGraph g = flow_graph(results, flows);
  std::size_t tallest = 1;
  for (const auto& col : g.columns) tallest = std::max(tallest, col.size());
  const double loops = g.any_back ? 60.0 : 0.0;  // room under the nodes for the loops
  const double height = std::clamp(140.0 + 70.0 * static_cast<double>(tallest), 260.0, 620.0) + loops;
  svg::Chart c("Overflow flows between queues and exits", kChartWidth, height);
  c.set_legend({{"to a queue", kind_color("queue"), svg::LegendEntry::Kind::box, ""},
                {"to an exit", kind_color("exit"), svg::LegendEntry::Kind::box, ""}});
  c.set_margins(150.0, 170.0);
  const double top = c.plot_top() + 10.0;
  const double k = place_nodes(g, c, top, c.plot_bottom() - top - loops);
  draw_links(c, g, k, top);
  draw_nodes(c, g);
  page.figure(c,
              "Calls sent on by overflow rules, mean per replication: from each queue (left) to the queue or "
              "exit it overflowed to. Band widths are proportional to calls; a queue's bar to the calls that "
              "entered it.");
}

}  // namespace

void flows_section(Page& page, const Json& results) {
  page.h2("flows", "Overflow flows");
  const auto flows = flows_of(results);
  if (flows.empty()) {
    const Json* list = child(&results, "flows");
    page.note(list != nullptr && list->is_array()
                  ? "No overflow flows: the scenario has no overflow rules, so no call moved between queues or to an "
                    "exit."
                  : "No overflow flows: these results do not report them.");
    return;
  }
  double total = 0.0;
  for (const auto& f : flows) total += std::max(0.0, f.calls.mean.value_or(0.0));
  if (total > 0.0) flow_diagram(page, results, flows);
  else page.note("Overflow rules exist, but no call overflowed.");
  std::string s =
      "<div class=\"table-wrap\"><table>\n<thead><tr><th>from</th><th class=\"text\">to</th><th "
      "class=\"text\">kind</th><th>calls</th>"
      "<th>share of calls entering</th></tr></thead>\n<tbody>\n";
  for (const auto& f : flows) {
    const Est entered = est(at(&results, {"queues", f.from, "entered"}));
    Est share;
    if (f.calls.mean && entered.mean && *entered.mean > 0.0) share.mean = *f.calls.mean / *entered.mean;
    s += "<tr><td>" + escape(f.from) + "</td><td class=\"text\">" + escape(f.to) + "</td><td class=\"text\">" +
         escape(f.kind) + "</td>" + cell(f.calls, Kind::count) + cell(share, Kind::share) + "</tr>\n";
  }
  page.raw(s + "</tbody></table></div>\n");

  // The rules behind the flows, when the results list them.
  std::string rules;
  const Json* queues = child(&results, "queues");
  for (const auto& q : keys_of(queues)) {
    const Json* list = at(queues, {q, "rules"});
    for (const auto& r : keys_of(list)) {
      const Json* rule = child(list, r);
      rules += "<tr><td>" + escape(q) + "</td><td class=\"text\">" + escape(text_of(child(rule, "text"))) + "</td>" +
               cell(est(child(rule, "fired")), Kind::count);
      const Json* on = child(rule, "switched_on");
      rules += on != nullptr ? cell(est(on), Kind::count) : std::string("<td class=\"na\">–</td>");
      rules += "</tr>\n";
    }
  }
  if (!rules.empty()) {
    page.h3("Overflow rules");
    page.raw(
        "<div class=\"table-wrap\"><table>\n<thead><tr><th>queue</th><th class=\"text\">rule (in "
        "order)</th><th>fired</th>"
        "<th>switched on</th></tr></thead>\n<tbody>\n" +
        rules + "</tbody></table></div>\n");
    page.para(
        "Fired: calls the rule sent on, per replication. Switched on: times a rule with hysteresis "
        "(until_below) became active.");
  }
}

}  // namespace ccsim::analysis::html
