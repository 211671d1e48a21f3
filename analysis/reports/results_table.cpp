#include "analysis/reports/results_table.hpp"

#include "sim/model/clock.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <optional>
#include <string>

namespace ccsim::analysis {

namespace {

// Rows of a text table: a left-aligned name column, then right-aligned columns of one width.
// Widths count characters (UTF-8 lead bytes only), so "±" and accented names take one column.
class TextTable {
public:
  TextTable(std::ostream& out, std::size_t name_width, std::size_t column_width)
      : out_(out), name_width_(name_width), column_width_(column_width) {}

  void row(const std::string& name, const std::vector<std::string>& cells) const {
    pad(name, name_width_, true);
    for (const auto& c : cells) pad(c, column_width_, false);
    out_ << "\n";
  }

private:
  void pad(const std::string& s, std::size_t width, bool left) const {
    std::size_t len = 0;
    for (const unsigned char c : s) len += (c & 0xC0) != 0x80;
    if (left) out_ << s;
    for (std::size_t i = len; i < width; ++i) out_ << ' ';
    if (!left && len >= width) out_ << ' ';  // a cell wider than its column stays apart from the one before
    if (!left) out_ << s;
  }

  std::ostream& out_;
  std::size_t name_width_;
  std::size_t column_width_;
};

// "  met     TEXT: VALUE" per expectation, the value to 4 significant digits, then its CI
// half-width when `half_widths`; `undefined` stands for a missing value.
void expectation_lines(std::ostream& out, const std::vector<ExpectationResult>& expectations,
                       const std::string& undefined, bool half_widths) {
  if (expectations.empty()) return;
  out << "\nexpectations\n";
  for (const auto& r : expectations) {
    out << "  " << (r.met ? "met     " : "NOT MET ") << r.text << ": ";
    out << (r.value ? fmt::format("{:.4g}", *r.value) : undefined);
    if (half_widths && r.ci95) out << fmt::format(" ± {:.2g}", *r.ci95);
    out << "\n";
  }
}

// ---------------------------------------------------------------------------------------------
// A run: estimates with their half-widths.

std::string percent(const Estimate& e) {
  if (!e.mean) return "-";
  std::string s = fmt::format("{:.1f}%", 100.0 * *e.mean);
  if (e.ci95) s += fmt::format(" ±{:.1f}", 100.0 * *e.ci95);
  return s;
}

std::string seconds(const Estimate& e) {
  if (!e.mean) return "-";
  std::string s = fmt::format("{:.1f}s", *e.mean);
  if (e.ci95) s += fmt::format(" ±{:.1f}", *e.ci95);
  return s;
}

std::string count(const Estimate& e) {
  if (!e.mean) return "-";
  const int decimals = std::abs(*e.mean) < 10.0 ? 1 : 0;  // small counts keep a decimal
  std::string s = fmt::format("{:.{}f}", *e.mean, decimals);
  if (e.ci95) s += fmt::format(" ±{:.{}f}", *e.ci95, decimals);
  return s;
}

// A row's figures: the estimate of a metric in the row's scope.
using ScopeFigures = std::function<Estimate(const std::string& metric)>;

// A row per scope: the total, each call type when there are several, then each queue that
// `queue_row` selects (none without it); `cells` makes a row's cells from its figures.
void scope_rows(const TextTable& table, const Summary& summary,
                const std::function<std::vector<std::string>(const ScopeFigures&)>& cells,
                const std::function<bool(const model::Queue&)>& queue_row = {}) {
  const auto& sc = summary.scenario();
  const auto row = [&](const std::string& label, const std::string& section, const std::string& name) {
    table.row(label, cells([&](const std::string& metric) { return summary.estimate({section, name, -1, metric}); }));
  };
  row("total", "totals", "");
  if (sc.call_types.size() > 1) {
    for (const auto& ct : sc.call_types) row("  " + ct.name, "call_types", ct.name);
  }
  if (!queue_row) return;
  for (const auto& q : sc.queues) {
    if (queue_row(q)) row("  queue " + q.name, "queues", q.name);
  }
}

void call_rows(const TextTable& table, const Summary& summary) {
  const auto& sc = summary.scenario();
  std::vector<std::string> head{"offered"};
  for (const double t : sc.thresholds_s) head.push_back("SL " + Summary::threshold_key(t) + "s");
  head.insert(head.end(), {"abandoned", "blocked", "ASA"});
  table.row("", head);
  scope_rows(table, summary, [&](const ScopeFigures& est) {
    std::vector<std::string> cells{count(est("offered"))};
    for (const double t : sc.thresholds_s) cells.push_back(percent(est("service_level/" + Summary::threshold_key(t))));
    cells.insert(cells.end(), {percent(est("abandon_rate")), percent(est("block_rate")), seconds(est("asa"))});
    return cells;
  });
}

// Virtual hold, when the scenario offers callbacks: per total, call type and queue.
void callback_rows(std::ostream& out, const TextTable& table, const Summary& summary) {
  if (!has_callbacks(summary.scenario())) return;
  table.row("callbacks", {"offered cb", "taken", "callback rate", "callback wait"});
  scope_rows(
      table, summary,
      [](const ScopeFigures& est) -> std::vector<std::string> {
        return {count(est("callbacks_offered")), count(est("callback")), percent(est("callback_rate")),
                seconds(est("callback_wait"))};
      },
      [](const model::Queue& q) { return q.callback.has_value(); });
  out << "\n";
}

// With redials: per scope, first attempts (callers), redials and the callers' outcome.
void redial_rows(const TextTable& table, const Summary& summary) {
  table.row("redials", {"callers", "redials", "redial rate", "caller answd"});
  scope_rows(table, summary, [](const ScopeFigures& est) -> std::vector<std::string> {
    return {count(est("callers")), count(est("redials")), percent(est("redial_rate")),
            percent(est("caller_answered_rate"))};
  });
}

void queue_rows(const TextTable& table, const Summary& summary) {
  table.row("queue", {"entered", "mean length", "max length", "ASA here"});
  for (const auto& q : summary.scenario().queues) {
    const auto est = [&](const std::string& metric) { return summary.estimate({"queues", q.name, -1, metric}); };
    const auto len = est("mean_queue_length");
    const std::string length =
        len.mean ? fmt::format("{:.2f}", *len.mean) + (len.ci95 ? fmt::format(" ±{:.2f}", *len.ci95) : "") : "-";
    table.row(q.name, {count(est("entered")), length, count(est("max_queue_length")), seconds(est("asa"))});
  }
}

void group_rows(const TextTable& table, const Summary& summary) {
  table.row("agent group", {"agents", "occupancy", "answered"});
  for (const auto& g : summary.scenario().agent_groups) {
    const auto est = [&](const std::string& metric) { return summary.estimate({"agent_groups", g.name, -1, metric}); };
    const auto agents = est("mean_agents");
    table.row(g.name, {agents.mean ? fmt::format("{:.1f}", *agents.mean) : "-", percent(est("occupancy")),
                       count(est("answered"))});
  }
}

// With several intervals: per interval, each agent group's agents on duty and occupancy and
// each queue's mean and longest line, under two header rows (scope name, then figure).
void interval_rows(std::ostream& out, const TextTable& table, const Summary& summary) {
  const auto& sc = summary.scenario();
  out << "\nper interval (mean over replications)\n";
  std::vector<std::string> names;
  std::vector<std::string> figures;
  std::vector<FigureKey> keys;
  const auto add = [&](const char* section, const std::string& name, const char* metric, const char* label) {
    names.push_back(name);
    figures.emplace_back(label);
    keys.push_back({section, name, 0, metric});
  };
  for (const auto& g : sc.agent_groups) {
    add("agent_groups", g.name, "agents_on_duty", "on duty");
    add("agent_groups", g.name, "occupancy", "occupancy");
  }
  for (const auto& q : sc.queues) {
    add("queues", q.name, "mean_queue_length", "mean length");
    add("queues", q.name, "max_queue_length", "max length");
  }
  table.row("", names);
  table.row("interval from", figures);
  for (std::size_t i = 0; i < sc.interval_count(); ++i) {
    std::vector<std::string> cells;
    for (auto key : keys) {
      key.interval = static_cast<int>(i);
      const auto e = summary.estimate(key);
      if (key.metric == "occupancy") cells.push_back(percent(e));
      else if (key.metric == "agents_on_duty" && e.mean)
        cells.push_back(fmt::format("{:.1f}", *e.mean) + (e.ci95 ? fmt::format(" ±{:.1f}", *e.ci95) : ""));
      else if (key.metric == "mean_queue_length" && e.mean)
        cells.push_back(fmt::format("{:.2f}", *e.mean) + (e.ci95 ? fmt::format(" ±{:.2f}", *e.ci95) : ""));
      else cells.push_back(count(e));
    }
    const double from = static_cast<double>(i) * sc.interval_s;
    table.row(
        sc.start_clock_s ? "  " + model::clock_text(*sc.start_clock_s + from) : fmt::format("  {:g} h", from / 3600.0),
        cells);
  }
}

// Agents on duty per interval, per group, when the results have them (shifts or absence);
// with several intervals, interval_rows.
void staffing_rows(std::ostream& out, const TextTable& table, const Summary& summary) {
  const auto& sc = summary.scenario();
  if (sc.agent_groups.empty() || !summary.has({"agent_groups", sc.agent_groups.front().name, 0, "agents_on_duty"})) {
    return;
  }
  if (summary.has({"agent_groups", sc.agent_groups.front().name, 0, "occupancy"})) {
    interval_rows(out, table, summary);
    return;
  }
  out << "\nagents on duty (mean over each interval)\n";
  std::vector<std::string> head;
  for (const auto& g : sc.agent_groups) head.push_back(g.name);
  table.row("interval from", head);
  for (std::size_t i = 0; i < sc.interval_count(); ++i) {
    std::vector<std::string> cells;
    for (const auto& g : sc.agent_groups) {
      const auto e = summary.estimate({"agent_groups", g.name, static_cast<int>(i), "agents_on_duty"});
      cells.push_back(e.mean ? fmt::format("{:.1f}", *e.mean) + (e.ci95 ? fmt::format(" ±{:.1f}", *e.ci95) : "") : "-");
    }
    const double from = static_cast<double>(i) * sc.interval_s;
    table.row(
        sc.start_clock_s ? "  " + model::clock_text(*sc.start_clock_s + from) : fmt::format("  {:g} h", from / 3600.0),
        cells);
  }
}

// Calls each overflow rule sent on (and how often a rule with hysteresis switched on), then
// the calls each queue sent to each destination.
void rule_lines(std::ostream& out, const Summary& summary) {
  const auto& sc = summary.scenario();
  bool any_rules = false;
  for (const auto& q : sc.queues) any_rules |= !q.overflow.empty();
  if (!any_rules) return;
  out << "\noverflow rules (calls sent per replication)\n";
  for (const auto& q : sc.queues) {
    for (std::size_t r = 0; r < q.overflow.size(); ++r) {
      const std::string base = "rules/" + std::to_string(r) + "/";
      out << "  " << q.name << " #" << r << "  " << q.overflow[r].text << ": "
          << count(summary.estimate({"queues", q.name, -1, base + "fired"}));
      if (summary.has({"queues", q.name, -1, base + "switched_on"})) {
        out << ", switched on " << count(summary.estimate({"queues", q.name, -1, base + "switched_on"})) << " times";
      }
      out << "\n";
    }
  }
  out << "\nflows\n";
  for (const auto& q : sc.queues) {
    std::vector<std::string> seen;
    for (const auto& rule : q.overflow) {
      const std::string dest = destination_name(sc, rule.to);
      if (std::find(seen.begin(), seen.end(), dest) != seen.end()) continue;
      seen.push_back(dest);
      out << "  " << q.name << " -> " << dest << ": "
          << count(summary.estimate({"queues", q.name, -1, "overflowed/" + dest})) << " calls\n";
    }
  }
}

void outage_lines(std::ostream& out, const Summary& summary) {
  const auto& sc = summary.scenario();
  std::size_t outage_index = 0;
  for (const auto& site : sc.sites) {
    for (const auto& o : site.outages) {
      const std::string name = std::to_string(outage_index++);
      const auto est = [&](const std::string& metric) { return summary.estimate({"outages", name, -1, metric}); };
      out << "\noutage of " << site.name
          << (sc.start_clock_s ? " from " + model::clock_text(*sc.start_clock_s + o.from_s)
                               : fmt::format(" from {:g} h", o.from_s / 3600.0))
          << fmt::format(" for {:g} min", o.for_s / 60.0) << ": waiting callers rerouted "
          << count(est("rerouted_waiting")) << ", dropped " << count(est("dropped_waiting"))
          << "; calls arriving meanwhile " << count(est("offered"));
      if (sc.target) {
        out << ", service level " << percent(est("service_level/" + Summary::threshold_key(sc.target->within_s)))
            << " within " << Summary::threshold_key(sc.target->within_s) << "s";
      }
      out << ", abandoned " << percent(est("abandon_rate")) << ", blocked " << percent(est("block_rate")) << "\n";
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The exact chain: values without half-widths, to more decimals.

using Exact = std::optional<double>;

std::string exact_percent(Exact v) { return v ? fmt::format("{:.2f}%", 100.0 * *v) : "-"; }
std::string exact_seconds(Exact v) { return v ? fmt::format("{:.2f}s", *v) : "-"; }
std::string exact_count(Exact v) { return v ? fmt::format("{:.1f}", *v) : "-"; }

// The names of each section that has whole-run figures, in report order.
struct ExactScopes {
  std::vector<std::string> types;
  std::vector<std::string> queues;
  std::vector<std::string> groups;
};

ExactScopes exact_scopes(const CtmcResult& r) {
  ExactScopes s;
  for (const auto& k : r.keys) {
    if (k.interval >= 0 || k.section == "totals") continue;
    auto& list = k.section == "call_types" ? s.types : k.section == "queues" ? s.queues : s.groups;
    if (std::find(list.begin(), list.end(), k.name) == list.end()) list.push_back(k.name);
  }
  return s;
}

void exact_call_rows(const TextTable& table, const CtmcResult& r, const std::vector<std::string>& types) {
  std::vector<std::string> head{"offered"};
  for (const double t : r.thresholds_s) head.push_back("SL " + Summary::threshold_key(t) + "s");
  head.insert(head.end(), {"abandoned", "blocked", "overflow", "ASA", "mean wait"});
  table.row("", head);
  const auto row = [&](const std::string& label, const std::string& section, const std::string& name) {
    const auto get = [&](const std::string& metric) { return r.value(section, name, metric); };
    std::vector<std::string> cells{exact_count(get("offered"))};
    for (const double t : r.thresholds_s) {
      cells.push_back(exact_percent(get("service_level/" + Summary::threshold_key(t))));
    }
    cells.insert(cells.end(),
                 {exact_percent(get("abandon_rate")), exact_percent(get("block_rate")),
                  exact_percent(get("overflow_rate")), exact_seconds(get("asa")), exact_seconds(get("mean_wait"))});
    table.row(label, cells);
  };
  row("total", "totals", "");
  if (types.size() > 1) {
    for (const auto& t : types) row("  " + t, "call_types", t);
  }
}

void exact_queue_rows(const TextTable& table, const CtmcResult& r, const std::vector<std::string>& queues) {
  table.row("queue", {"entered", "mean length", "overflowed", "ASA here"});
  for (const auto& q : queues) {
    const auto len = r.value("queues", q, "mean_queue_length");
    double sent = 0.0;
    for (const auto& rule : r.rules) {
      if (rule.queue == q) sent += rule.per_second * (r.horizon_s - r.warmup_s);
    }
    table.row(q, {exact_count(r.value("queues", q, "entered")), len ? fmt::format("{:.3f}", *len) : "-",
                  r.rules.empty() ? "-" : fmt::format("{:.1f}", sent), exact_seconds(r.value("queues", q, "asa"))});
  }
}

void exact_group_rows(const TextTable& table, const CtmcResult& r, const std::vector<std::string>& groups) {
  table.row("agent group", {"agents", "occupancy", "answered"});
  for (const auto& g : groups) {
    table.row(g, {exact_count(r.value("agent_groups", g, "mean_agents")),
                  exact_percent(r.value("agent_groups", g, "occupancy")),
                  exact_count(r.value("agent_groups", g, "answered"))});
  }
}

}  // namespace

void write_table(std::ostream& out, const Summary& summary, const std::vector<ExpectationResult>& expectations) {
  const auto& sc = summary.scenario();
  out << sc.name << "\n";
  if (sc.start_clock_s) {
    out << (sc.date ? *sc.date + ", " : "") << model::clock_text(*sc.start_clock_s) << " to "
        << model::clock_text(*sc.start_clock_s + sc.horizon_s) << "\n";
  }
  out << fmt::format("{} replications, seed {}, horizon {:g} h, warm-up {:g} min", summary.replications(), sc.seed,
                     sc.horizon_s / 3600.0, sc.warmup_s / 60.0)
      << "; mean ± 95% CI half-width; service level = answered within T / "
      << (has_callbacks(sc) ? "(offered - callback)\n\n" : "offered\n\n");
  const TextTable table(out, 18, 14);
  call_rows(table, summary);
  out << "\n";
  callback_rows(out, table, summary);
  if (summary.has({"totals", "", -1, "redials"})) {
    redial_rows(table, summary);
    out << "\n";
  }
  queue_rows(table, summary);
  out << "\n";
  group_rows(table, summary);
  staffing_rows(out, table, summary);
  rule_lines(out, summary);
  outage_lines(out, summary);
  expectation_lines(out, expectations, "undefined", true);
}

// A transient day's figures per reporting interval (ccsim exact on a changing day).
void exact_interval_rows(std::ostream& out, const TextTable& table, const CtmcResult& r) {
  std::vector<std::string> head{"offered"};
  for (const double t : r.thresholds_s) head.push_back("SL " + Summary::threshold_key(t) + "s");
  head.insert(head.end(), {"abandoned", "ASA", "mean line", "occupancy", "on duty"});
  out << "\nper interval\n";
  table.row("start", head);
  std::string queue;
  std::string group;
  for (const auto& k : r.keys) {
    if (k.interval >= 0 && k.section == "queues") queue = k.name;
    if (k.interval >= 0 && k.section == "agent_groups") group = k.name;
  }
  for (int i = 0; r.has({"totals", "", i, "offered"}); ++i) {
    const auto get = [&](const std::string& section, const std::string& name, const std::string& metric) {
      return r.value({section, name, i, metric});
    };
    std::vector<std::string> cells{exact_count(get("totals", "", "offered"))};
    for (const double t : r.thresholds_s) {
      cells.push_back(exact_percent(get("totals", "", "service_level/" + Summary::threshold_key(t))));
    }
    const auto line = get("queues", queue, "mean_queue_length");
    const auto duty = get("agent_groups", group, "agents_on_duty");
    cells.insert(cells.end(),
                 {exact_percent(get("totals", "", "abandon_rate")), exact_seconds(get("totals", "", "asa")),
                  line ? fmt::format("{:.3f}", *line) : "-", exact_percent(get("agent_groups", group, "occupancy")),
                  duty ? fmt::format("{:.2f}", *duty) : "-"});
    table.row(model::clock_text(r.start_clock_s.value_or(0.0) + r.interval_s * i), cells);
  }
}

void write_ctmc_table(std::ostream& out, const CtmcResult& r) {
  out << r.scenario << "\n";
  if (r.transient) {
    out << fmt::format(
        "exact transient solution: continuous-time Markov chain of {} states from the state at time 0 ({}); counts "
        "over the {:g} h counted window\n\n",
        r.states, r.solver, (r.horizon_s - r.warmup_s) / 3600.0);
  } else
    out << fmt::format(
        "exact steady state: continuous-time Markov chain of {} states ({}, relative residual {:.1e}); counts over "
        "the {:g} h counted window\n\n",
        r.states, r.solver, r.residual, (r.horizon_s - r.warmup_s) / 3600.0);
  const TextTable table(out, 18, 12);
  const ExactScopes scopes = exact_scopes(r);
  exact_call_rows(table, r, scopes.types);
  out << "\n";
  if (const auto rate = r.value("totals", "", "callback_rate")) {
    table.row("callbacks", {"offered cb", "taken", "cb rate", "cb wait"});
    table.row("total",
              {exact_count(r.value("totals", "", "callbacks_offered")), exact_count(r.value("totals", "", "callback")),
               exact_percent(rate), exact_seconds(r.value("totals", "", "callback_wait"))});
    out << "\n";
  }
  exact_queue_rows(table, r, scopes.queues);
  out << "\n";
  exact_group_rows(table, r, scopes.groups);
  if (r.transient) exact_interval_rows(out, table, r);
  if (!r.rules.empty()) {
    out << "\noverflow rules (share of offered calls)\n";
    for (const auto& rule : r.rules) {
      out << "  " << rule.queue << " #" << rule.rule << " " << rule.text << ": " << exact_percent(rule.per_offered)
          << "\n";
    }
  }
  // An exact value has no half-width worth printing (it is 0).
  expectation_lines(out, r.expectations, "not computed exactly", false);
  if (!r.notes.empty()) {
    out << "\nnotes\n";
    for (const auto& n : r.notes) out << "  - " << n << "\n";
  }
}

}  // namespace ccsim::analysis
