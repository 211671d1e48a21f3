#include "analysis/reports/html_report.hpp"

#include "analysis/estimators/summary.hpp"
#include "analysis/reports/html_run_sections.hpp"

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

namespace ccsim::analysis {

namespace html {

namespace {

// ---------------------------------------------------------------------------------------------
// Run report sections

void summary_table(Page& page, const Json& results, const std::vector<std::string>& thresholds) {
  std::vector<std::string> columns{"offered", "answered", "abandoned", "blocked"};
  for (const auto& t : thresholds) columns.push_back("SL " + t + " s");
  columns.insert(columns.end(), {"abandon rate", "ASA", "mean wait"});
  const auto scopes = scopes_of(child(&results, "totals"), child(&results, "call_types"));
  page.raw(scope_table(columns, scopes, [&](const Json* figures) {
    std::string s;
    for (const char* m : {"offered", "answered", "abandoned", "blocked"})
      s += cell(est(child(figures, m)), Kind::count);
    for (const auto& t : thresholds) s += cell(est(at(figures, {"service_level", t})), Kind::share);
    s += cell(est(child(figures, "abandon_rate")), Kind::share);
    s += cell(est(child(figures, "asa")), Kind::seconds);
    return s + cell(est(child(figures, "mean_wait")), Kind::seconds);
  }));
}

Kind kind_of_metric(const std::string& text) {
  if (text.find("service_level") != std::string::npos || text.find("rate") != std::string::npos ||
      text.find("occupancy") != std::string::npos || text.find("p_wait") != std::string::npos)
    return Kind::share;
  if (text.find("asa") != std::string::npos || text.find("wait") != std::string::npos) return Kind::seconds;
  return Kind::count;
}

void expectations_section(Page& page, const Json& results) {
  page.h2("expectations", "Expectations");
  const Json* list = child(&results, "expectations");
  if (list == nullptr || !list->is_array() || list->empty()) {
    page.note("The scenario states no expectations.");
    return;
  }
  std::size_t met = 0, total = 0;
  std::string rows;
  for (const auto& e : *list) {
    const std::string text = text_of(child(&e, "text"));
    const Kind kind = kind_of_metric(text);
    const Json* m = child(&e, "met");
    std::string verdict = "<td class=\"na\">unknown</td>";
    if (m != nullptr && m->is_boolean()) {
      ++total;
      if (m->get<bool>()) {
        ++met;
        verdict = "<td class=\"met\">✓ met</td>";
      } else {
        verdict = "<td class=\"notmet\">✗ not met</td>";
      }
    }
    rows += "<tr><td class=\"text\">" + escape(text) + "</td>" +
            cell({number(child(&e, "value")), number(child(&e, "ci95"))}, kind) + verdict + "</tr>\n";
  }
  std::string summary = std::to_string(met) + " of " + std::to_string(total) + " expectations met";
  if (total < list->size()) summary += "; " + std::to_string(list->size() - total) + " without a result";
  page.para(summary + ".");
  page.raw(
      "<div class=\"table-wrap\"><table>\n<thead><tr><th>expectation</th><th>value</th><th "
      "class=\"text\">result</th></tr>"
      "</thead>\n<tbody>\n" +
      rows + "</tbody></table></div>\n");
}

// Chart 1: service level per threshold, one bar per scope, CI whiskers, target line.
void service_level_chart(Page& page, const Json& results, const std::vector<std::string>& thresholds) {
  const auto scopes = scopes_of(child(&results, "totals"), child(&results, "call_types"));
  const auto target = target_of(results);
  if (thresholds.empty() || scopes.empty()) {
    page.note("These results carry no service-level figures.");
    return;
  }
  svg::Chart c("Service level by threshold", kChartWidth, 380.0);
  std::vector<svg::LegendEntry> legend;
  for (const auto& sc : scopes) legend.push_back({sc.label, sc.color, svg::LegendEntry::Kind::box, ""});
  if (target) legend.push_back({"target", kTargetColor, svg::LegendEntry::Kind::line, "6 4"});
  c.set_legend(legend);
  std::vector<std::string> names;
  for (const auto& t : thresholds) names.push_back("within " + t + " s");
  c.x_bands(names, "answered within threshold T (seconds)", 0.25);
  c.y_linear(0.0, 1.0, "service level (% of offered calls)", svg::Format::percent, 6);
  const auto& band = c.x_band();
  std::optional<double> target_x;
  if (target) {
    const auto it = std::find(thresholds.begin(), thresholds.end(), Summary::threshold_key(target->within_s));
    if (it != thresholds.end()) {
      const auto i = static_cast<std::size_t>(it - thresholds.begin());
      target_x = band.center(i);
      c.shade_px(band.r0 + band.step() * static_cast<double>(i), c.plot_top(), band.step(),
                 c.plot_bottom() - c.plot_top(), "#FBEAEA");
    }
  }
  const double slot = std::min(band.width() / static_cast<double>(scopes.size()), 70.0);
  const double group = slot * static_cast<double>(scopes.size());
  for (std::size_t i = 0; i < thresholds.size(); ++i) {
    for (std::size_t k = 0; k < scopes.size(); ++k) {
      const Est e = est(at(scopes[k].figures, {"service_level", thresholds[i]}));
      if (!e.mean) continue;
      const double x = band.center(i) - group / 2.0 + slot * static_cast<double>(k);
      const double y = c.py(std::clamp(*e.mean, 0.0, 1.0));
      c.rect_px(x + 1.0, y, slot - 2.0, c.plot_bottom() - y, scopes[k].color,
                scopes[k].label + ", within " + thresholds[i] + " s: " + est_text(e, Kind::share));
      if (e.ci95) c.error_bar_v(x + slot / 2.0, *e.lo(), *e.hi(), std::min(5.0, slot / 4.0));
    }
  }
  std::string caption =
      "Share of offered calls answered within each threshold (answered within T ÷ offered), for all calls and "
      "per call type; whiskers: 95% confidence interval over replications.";
  if (target) {
    const std::string text =
        "target " + fixed(100.0 * target->at_least, 0) + "% within " + Summary::threshold_key(target->within_s) + " s";
    c.hline(target->at_least, text, kTargetColor, "6 4", target_x);
    caption += " Dashed line and shaded group: the " + text + ".";
  }
  page.figure(c, caption);
}

// Chart 5: occupancy per agent group, horizontal bars.
void agent_section(Page& page, const Json& results) {
  page.h2("agents", "Agent groups");
  const Json* groups = child(&results, "agent_groups");
  const auto names = keys_of(groups);
  if (names.empty()) {
    page.note("These results carry no agent-group figures.");
    return;
  }
  std::size_t longest = 8;
  for (const auto& g : names) longest = std::max(longest, g.size());
  const double height = 110.0 + 44.0 * static_cast<double>(names.size());
  svg::Chart c("Occupancy per agent group", kChartWidth, height);
  c.set_margins(std::min(300.0, 30.0 + 7.5 * static_cast<double>(longest)), 60.0);
  c.y_bands(names, "", 0.35);
  c.x_linear(0.0, 1.0, "occupancy (% of logged-in time busy, incl. wrap-up)", svg::Format::percent, 11);
  const auto& band = c.y_band();
  for (std::size_t i = 0; i < names.size(); ++i) {
    const Est e = est(at(groups, {names[i], "occupancy"}));
    if (!e.mean) {
      c.text_px(c.px(0.0) + 6.0, band.center(i) + 4.0, "no value", "start", 12.0, "#767676");
      continue;
    }
    const double x1 = c.px(std::clamp(*e.mean, 0.0, 1.0));
    c.rect_px(c.px(0.0), band.start(i), x1 - c.px(0.0), band.width(), svg::series_color(0),
              names[i] + ": occupancy " + est_text(e, Kind::share));
    if (e.ci95) c.error_bar_h(band.center(i), *e.lo(), *e.hi(), 5.0);
    const double label_x = c.px(std::min(1.0, e.hi().value_or(*e.mean))) + 6.0;
    c.text_px(label_x, band.center(i) + 4.0, value_text(*e.mean, Kind::share), "start", 12.0);
  }
  page.figure(c,
              "Share of the agents' logged-in time spent in calls or wrap-up, over the counted period; "
              "whiskers: 95% confidence interval.");
  std::string s =
      "<div class=\"table-wrap\"><table>\n<thead><tr><th>agent group</th><th>mean agents</th>"
      "<th>occupancy</th><th>answered</th></tr></thead>\n<tbody>\n";
  for (const auto& g : names) {
    const Json* f = child(groups, g);
    s += "<tr><td>" + escape(g) + "</td>" + cell(est(child(f, "mean_agents")), Kind::length) +
         cell(est(child(f, "occupancy")), Kind::share) + cell(est(child(f, "answered")), Kind::count) + "</tr>\n";
  }
  page.raw(s + "</tbody></table></div>\n");
}

std::string run_meta(const Json& results) {
  std::string s = "ccsim " + text_of(child(&results, "ccsim_version"));
  if (const auto r = number(child(&results, "replications"))) {
    s += " · " + plain(*r) + (*r == 1.0 ? " replication (no confidence intervals)" : " replications");
  }
  if (const Json* seed = child(&results, "seed"); seed != nullptr && !seed->is_null()) s += " · seed " + text_of(seed);
  if (const Json* d = child(&results, "date"); d != nullptr && d->is_string()) s += " · " + text_of(d);
  if (const Json* st = child(&results, "start"); st != nullptr && st->is_string()) s += " · from " + text_of(st);
  if (const auto h = number(child(&results, "horizon_s"))) s += " · horizon " + duration_text(*h);
  if (const auto w = number(child(&results, "warmup_s"))) s += " · warm-up " + (*w > 0.0 ? duration_text(*w) : "none");
  if (const auto i = number(child(&results, "interval_s"))) s += " · intervals of " + duration_text(*i);
  return s;
}

}  // namespace

}  // namespace html

void write_run_report(const std::string& path, const Json& results, const std::string& routing_dot) {
  using namespace html;
  const auto thresholds = threshold_keys(results);
  const auto headline = headline_threshold(results, thresholds);
  const auto info = intervals_of(results);
  const auto ta = time_axis(info.horizon_s, start_clock_of(results));
  const std::string name = text_of(child(&results, "scenario"));

  Page page;
  page.title = "ccsim run report: " + (name.empty() ? std::string("results") : name);
  page.raw("<h1>" + escape(name.empty() ? std::string("ccsim results") : name) + "</h1>\n");
  page.para(run_meta(results), "meta");
  std::string definition =
      "Every figure is the mean over replications with the half-width of its 95% "
      "confidence interval (Student t) under it, or alone with one replication. Service level "
      "(SL) = calls answered within T ÷ calls offered; ASA = mean wait of answered calls; "
      "waits run from arrival, across every queue.";
  if (const auto t = target_of(results)) {
    definition += " Target: " + fixed(100.0 * t->at_least, 0) + "% answered within " +
                  Summary::threshold_key(t->within_s) + " s.";
  }
  if (child(&results, "callback_definitions") != nullptr) {
    definition += " With callbacks, SL = answered within T ÷ (offered − callback): callers who stayed on the line.";
  }
  page.para(definition);
  const bool redials = child(child(&results, "totals"), "redials") != nullptr;
  std::vector<std::pair<std::string, std::string>> sections{{"summary", "Summary"},
                                                            {"expectations", "Expectations"},
                                                            {"service-level", "Service level"},
                                                            {"intervals", "Per interval"},
                                                            {"queues", "Queues"},
                                                            {"flows", "Overflow flows"},
                                                            {"agents", "Agent groups"}};
  if (redials) sections.insert(sections.begin() + 1, {"redials", "Redials"});
  if (!routing_dot.empty()) sections.emplace_back("routing", "Routing graph");
  page.raw(nav(sections));

  page.h2("summary", "Summary");
  summary_table(page, results, thresholds);
  callback_section(page, results);
  if (redials) redial_section(page, results, info, ta);
  expectations_section(page, results);

  page.h2("service-level", "Service level");
  service_level_chart(page, results, thresholds);
  wait_distribution_chart(page, results);

  page.h2("intervals", "Per interval");
  if (info.items.size() < 2) {
    page.note(
        "The results have a single reporting interval: the summary above is its only figure. Set "
        "\"interval\" in the scenario for figures per interval.");
  } else {
    const std::string interval_text = duration_text(info.length_s);
    interval_volume_chart(page, info, ta, interval_text);
    if (headline) interval_service_level_chart(page, results, info, ta, *headline);
  }
  outage_table(page, results, headline);

  queue_section(page, results, info, ta, headline);
  flows_section(page, results);
  agent_section(page, results);
  staffing_chart(page, info, ta);
  occupancy_interval_chart(page, info, ta);
  routing_graph_section(page, routing_dot);
  write_file(path, page.html());
}

}  // namespace ccsim::analysis
