#include "analysis/reports/html_run_sections.hpp"

#include "analysis/estimators/summary.hpp"
#include "sim/model/clock.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string_view>

namespace ccsim::analysis::html {

TimeAxis time_axis(double horizon_s, std::optional<double> start_clock_s) {
  TimeAxis ta;
  if (horizon_s > 0.0 && horizon_s <= 3.0 * 3600.0) ta = {60.0, "time from start of horizon (min)", {}};
  if (start_clock_s) ta.label = "time of day";
  ta.start_clock_s = start_clock_s;
  return ta;
}

std::string TimeAxis::at(double t) const {
  return start_clock_s ? model::clock_text(*start_clock_s + t) : duration_text(t);
}

void TimeAxis::label_ticks(svg::Chart& c) const {
  if (!start_clock_s) return;
  c.x_tick_text([start = *start_clock_s, unit = unit_s](double v) { return model::clock_text(start + v * unit); });
}

std::optional<double> start_clock_of(const Json& results) {
  const Json* start = child(&results, "start");
  if (start == nullptr || !start->is_string()) return std::nullopt;
  int h = 0, m = 0, s = 0;
  if (std::sscanf(start->get_ref<const std::string&>().c_str(), "%d:%d:%d", &h, &m, &s) < 2) return std::nullopt;
  return 3600.0 * h + 60.0 * m + s;
}

IntervalInfo intervals_of(const Json& results) {
  IntervalInfo info;
  const Json* list = child(&results, "intervals");
  const double length = number(child(&results, "interval_s")).value_or(0.0);
  const double horizon = number(child(&results, "horizon_s")).value_or(0.0);
  if (list == nullptr || !list->is_array()) return info;
  for (const auto& iv : *list) info.items.push_back(&iv);
  const std::size_t n = info.items.size();
  info.length_s = length > 0.0 ? length : (n > 0 && horizon > 0.0 ? horizon / static_cast<double>(n) : 1800.0);
  for (std::size_t i = 0; i < n; ++i) {
    info.start_s.push_back(number(child(info.items[i], "start_s")).value_or(static_cast<double>(i) * info.length_s));
  }
  info.horizon_s = horizon > 0.0 ? horizon : (n > 0 ? info.start_s.back() + info.length_s : 0.0);
  info.warmup_s = number(child(&results, "warmup_s")).value_or(0.0);
  if (const Json* outages = child(&results, "outages"); outages != nullptr && outages->is_array()) {
    for (const auto& o : *outages) {
      const auto from = number(child(&o, "from_s"));
      const auto span = number(child(&o, "for_s"));
      if (from && span) info.outages.push_back({text_of(child(&o, "site")), *from, *span});
    }
  }
  return info;
}

void shade_periods(svg::Chart& c, const IntervalInfo& info, const TimeAxis& ta) {
  if (info.warmup_s > 0.0) {
    const double x0 = c.px(0.0);
    const double x1 = c.px(info.warmup_s / ta.unit_s);
    c.shade_px(x0, c.plot_top(), x1 - x0, c.plot_bottom() - c.plot_top(), "#EFEFEF");
    halo_text(c, x0 + 4.0, c.plot_top() + 14.0, "warm-up (not counted)", 11.0, "#555555");
  }
  for (const auto& o : info.outages) {
    const double x0 = c.px(o.from_s / ta.unit_s);
    const double x1 = c.px((o.from_s + o.for_s) / ta.unit_s);
    c.shade_px(x0, c.plot_top(), x1 - x0, c.plot_bottom() - c.plot_top(), "#FCE9D9");
    halo_text(c, x0 + 3.0, c.plot_top() + 14.0, "outage: " + o.site, 11.0, "#8A4B12");
  }
}

void stacked_bar(svg::Chart& c, const IntervalInfo& info, const TimeAxis& ta, std::size_t i,
                 const std::vector<StackPart>& parts, double w, double gap) {
  const double t0 = info.start_s[i] / ta.unit_s;
  const std::string when = ta.at(info.start_s[i]) + "–" + ta.at(info.start_s[i] + info.length_s);
  double base = 0.0;
  for (const auto& part : parts) {
    const Est e = est(at(info.items[i], {"totals", part.key}));
    if (!e.mean || *e.mean <= 0.0) continue;
    const double y0 = c.py(base);
    const double y1 = c.py(base + *e.mean);
    c.rect_px(c.px(t0) + gap / 2.0, y1, w - gap, y0 - y1, part.color,
              when + ": " + part.label + " " + est_text(e, Kind::count));
    base += *e.mean;
  }
}

// Chart 2a: outcomes per interval, stacked: answered + abandoned + ... = offered.
void interval_volume_chart(Page& page, const IntervalInfo& info, const TimeAxis& ta, const std::string& interval_text) {
  using Part = StackPart;
  const std::vector<Part> all = {{"answered", "answered", "#0072B2"},
                                 {"abandoned", "abandoned", "#E69F00"},
                                 {"blocked", "blocked", "#D55E00"},
                                 {"overflowed_out", "overflowed out", "#CC79A7"},
                                 {"dropped", "dropped (outage)", "#999999"}};
  std::vector<Part> parts;
  double y_max = 0.0;
  for (const auto& part : all) {
    bool any = std::string_view(part.key) == "answered" || std::string_view(part.key) == "abandoned";
    for (const auto* iv : info.items) any = any || est(at(iv, {"totals", part.key})).mean.value_or(0.0) > 0.0;
    if (any) parts.push_back(part);
  }
  for (const auto* iv : info.items) {
    double sum = 0.0;
    for (const auto& part : parts) sum += std::max(0.0, est(at(iv, {"totals", part.key})).mean.value_or(0.0));
    y_max = std::max({y_max, sum, est(at(iv, {"totals", "offered"})).top()});
  }
  svg::Chart c("Calls per interval by outcome", kChartWidth, 380.0);
  std::vector<svg::LegendEntry> legend;
  for (const auto& part : parts) legend.push_back({part.label, part.color, svg::LegendEntry::Kind::box, ""});
  legend.push_back({"offered, 95% CI", "#222222", svg::LegendEntry::Kind::line, ""});
  c.set_legend(legend);
  c.x_linear(0.0, info.horizon_s / ta.unit_s, ta.label, svg::Format::number, 10, true);
  ta.label_ticks(c);
  // Headroom above the tallest bar for the period labels.
  c.y_linear(0.0, y_max > 0.0 ? 1.08 * y_max : 1.0, "calls per interval (" + interval_text + ")");
  shade_periods(c, info, ta);
  const double w = std::max(1.0, c.px(info.length_s / ta.unit_s) - c.px(0.0));
  const double gap = std::min(2.0, w * 0.15);
  for (std::size_t i = 0; i < info.items.size(); ++i) {
    const double t0 = info.start_s[i] / ta.unit_s;
    stacked_bar(c, info, ta, i, parts, w, gap);
    const Est offered = est(at(info.items[i], {"totals", "offered"}));
    if (offered.ci95) c.error_bar_v(c.px(t0) + w / 2.0, *offered.lo(), *offered.hi(), std::min(4.0, w / 3.0));
  }
  page.figure(c,
              "Calls offered in each interval (by arrival time), split by outcome; bars stack to the offered "
              "calls. Whiskers: 95% confidence interval of the offered calls. Means over replications.");
}

void interval_lines_chart(Page& page, const IntervalInfo& info, const TimeAxis& ta,
                          const std::vector<std::string>& names, const IntervalLines& spec) {
  double top = 0.0;
  bool any = false;
  for (const auto* iv : info.items) {
    for (const auto& n : names) {
      const Json* f = at(iv, {spec.section, n, spec.metric});
      any = any || f != nullptr;
      top = std::max(top, est(f).top());
    }
  }
  if (!any) return;
  svg::Chart c(spec.title, kChartWidth, 340.0);
  std::vector<svg::LegendEntry> legend;
  for (std::size_t k = 0; k < names.size(); ++k) {
    legend.push_back({names[k], svg::series_color(k), svg::LegendEntry::Kind::line, dash_of(k)});
  }
  c.set_legend(legend);
  c.x_linear(0.0, info.horizon_s / ta.unit_s, ta.label, svg::Format::number, 10, true);
  ta.label_ticks(c);
  if (spec.kind == Kind::share) c.y_linear(0.0, 1.0, spec.y_label, svg::Format::percent);
  else c.y_linear(0.0, top > 0.0 ? 1.08 * top : 1.0, spec.y_label);
  shade_periods(c, info, ta);
  for (std::size_t k = 0; k < names.size(); ++k) {
    std::vector<std::pair<double, Est>> points;
    std::vector<std::string> tips;
    for (std::size_t i = 0; i < info.items.size(); ++i) {
      const Est e = est(at(info.items[i], {spec.section, names[k], spec.metric}));
      points.emplace_back((info.start_s[i] + info.length_s / 2.0) / ta.unit_s, e);
      tips.push_back(names[k] + ", " + ta.at(info.start_s[i]) + "–" + ta.at(info.start_s[i] + info.length_s) + ": " +
                     est_text(e, spec.kind));
    }
    plot_estimates(c, points, tips, {svg::series_color(k), 2.0, dash_of(k)}, 0.14, 2.5);
  }
  page.figure(c, spec.caption);
}

// Chart 2b: service level per interval at the headline threshold, per scope, with CI bands.
void interval_service_level_chart(Page& page, const Json& results, const IntervalInfo& info, const TimeAxis& ta,
                                  const std::string& key) {
  const Json* first_call_types = info.items.empty() ? nullptr : child(info.items.front(), "call_types");
  const auto names = keys_of(first_call_types);
  struct Series {
    std::string label;
    std::string color;
    std::vector<std::string> path;  // below the interval
  };
  std::vector<Series> series;
  series.push_back({"total", kTotalColor, {"totals", "service_level", key}});
  if (names.size() > 1) {
    for (std::size_t i = 0; i < names.size(); ++i) {
      series.push_back({names[i], svg::series_color(i), {"call_types", names[i], "service_level", key}});
    }
  }
  const auto target = target_of(results);
  const bool at_target = target && Summary::threshold_key(target->within_s) == key;
  svg::Chart c("Service level within " + key + " s per interval", kChartWidth, 380.0);
  std::vector<svg::LegendEntry> legend;
  for (std::size_t k = 0; k < series.size(); ++k) {
    legend.push_back({series[k].label, series[k].color, svg::LegendEntry::Kind::line, dash_of(k)});
  }
  if (at_target) legend.push_back({"target", kTargetColor, svg::LegendEntry::Kind::line, "6 4"});
  c.set_legend(legend);
  c.x_linear(0.0, info.horizon_s / ta.unit_s, ta.label, svg::Format::number, 10, true);
  ta.label_ticks(c);
  c.y_linear(0.0, 1.0, "service level within " + key + " s (% of offered)", svg::Format::percent, 6);
  shade_periods(c, info, ta);
  const auto lookup = [](const Json* iv, const std::vector<std::string>& path) {
    const Json* j = iv;
    for (const auto& p : path) j = child(j, p);
    return est(j);
  };
  for (std::size_t k = 0; k < series.size(); ++k) {
    std::vector<std::pair<double, Est>> points;
    std::vector<std::string> tips;
    for (std::size_t i = 0; i < info.items.size(); ++i) {
      const Est e = lookup(info.items[i], series[k].path);
      points.emplace_back((info.start_s[i] + info.length_s / 2.0) / ta.unit_s, e);
      tips.push_back(series[k].label + ", " + ta.at(info.start_s[i]) + "–" + ta.at(info.start_s[i] + info.length_s) +
                     ": " + est_text(e, Kind::share));
    }
    plot_estimates(c, points, tips, {series[k].color, k == 0 ? 2.4 : 1.8, dash_of(k)}, k == 0 ? 0.2 : 0.1, 2.6);
  }
  std::string caption = "Share of the calls arriving in each interval that were answered within " + key +
                        " s. Shaded bands: 95% confidence intervals; gaps where an interval had no calls.";
  if (at_target) {
    c.hline(target->at_least, "target " + fixed(100.0 * target->at_least, 0) + "%", kTargetColor);
    caption += " Dashed line: the target.";
  }
  page.figure(c, caption);
}

// Calls arriving during each site outage, and what happened to the callers waiting there.
void outage_table(Page& page, const Json& results, const std::optional<std::string>& headline) {
  const Json* outages = child(&results, "outages");
  if (outages == nullptr || !outages->is_array() || outages->empty()) return;
  const auto start = start_clock_of(results);
  page.h3("Site outages");
  std::string s =
      "<div class=\"table-wrap\"><table>\n<thead><tr><th>site</th><th>from</th><th>for</th>"
      "<th class=\"text\">waiting callers</th><th>offered meanwhile</th>";
  if (headline) s += "<th>SL " + escape(*headline) + " s</th>";
  s += "<th>abandon rate</th><th>rerouted waiting</th><th>dropped waiting</th></tr></thead>\n<tbody>\n";
  for (const auto& o : *outages) {
    s += "<tr><td>" + escape(text_of(child(&o, "site"))) + "</td>";
    const auto from = number(child(&o, "from_s"));
    const auto length = number(child(&o, "for_s"));
    s += "<td>" + escape(from ? time_axis(0.0, start).at(*from) : std::string("–")) + "</td>";
    s += "<td>" + escape(length ? duration_text(*length) : std::string("–")) + "</td>";
    s += "<td class=\"text\">" + escape(text_of(child(&o, "waiting_calls"))) + "</td>";
    s += cell(est(child(&o, "offered")), Kind::count);
    if (headline) s += cell(est(at(&o, {"service_level", *headline})), Kind::share);
    s += cell(est(child(&o, "abandon_rate")), Kind::share);
    s += cell(est(child(&o, "rerouted_waiting")), Kind::count);
    s += cell(est(child(&o, "dropped_waiting")), Kind::count);
    s += "</tr>\n";
  }
  page.raw(s + "</tbody></table></div>\n");
  page.para("Calls arriving during the outage, by arrival time; the shaded periods in the charts above.");
}

}  // namespace ccsim::analysis::html
