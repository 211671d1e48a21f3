#include "analysis/reports/html_run_sections.hpp"

#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace ccsim::analysis::html {

namespace {

// Mean and max queue length per queue, as bars.
void queue_length_chart(Page& page, const Json* queues, const std::vector<std::string>& names) {
  double y_max = 0.0;
  for (const auto& q : names) {
    y_max = std::max(
        {y_max, est(at(queues, {q, "mean_queue_length"})).top(), est(at(queues, {q, "max_queue_length"})).top()});
  }
  svg::Chart c("Queue length per queue", kChartWidth, 360.0);
  const std::string mean_color = "#0072B2";
  const std::string max_color = "#9DC3E6";
  c.set_legend({{"mean (time average)", mean_color, svg::LegendEntry::Kind::box, ""},
                {"maximum (longest line of a replication, mean over replications)", max_color,
                 svg::LegendEntry::Kind::box, ""}});
  c.x_bands(names, "queue", names.size() < 3 ? 0.5 : 0.3);
  c.y_linear(0.0, y_max > 0.0 ? y_max : 1.0, "callers waiting");
  const auto& band = c.x_band();
  const double slot = std::min(band.width() / 2.0, 90.0);
  for (std::size_t i = 0; i < names.size(); ++i) {
    const Est figures[2] = {est(at(queues, {names[i], "mean_queue_length"})),
                            est(at(queues, {names[i], "max_queue_length"}))};
    for (std::size_t k = 0; k < 2; ++k) {
      const Est& e = figures[k];
      if (!e.mean) continue;
      const double x = band.center(i) - slot + slot * static_cast<double>(k);
      const double y = c.py(std::max(0.0, *e.mean));
      c.rect_px(x + 1.0, y, slot - 2.0, c.plot_bottom() - y, k == 0 ? mean_color : max_color,
                names[i] + (k == 0 ? ": mean length " : ": max length ") + est_text(e, Kind::length));
      c.text_px(x + slot / 2.0, y - (e.ci95 ? 4.0 + c.py(0.0) - c.py(*e.ci95) : 4.0),
                value_text(*e.mean, k == 0 ? Kind::length : Kind::count), "middle", 11.5);
      if (e.ci95) c.error_bar_v(x + slot / 2.0, *e.lo(), *e.hi(), 5.0);
    }
  }
  page.figure(c,
              "Callers waiting in each queue: time-average length over the counted period and the longest "
              "line of a replication, both averaged over replications; whiskers: 95% confidence interval.");
}

// The figures of each queue; overflowed and rerouted calls where any queue has them.
void queue_table(Page& page, const Json* queues, const std::vector<std::string>& names,
                 const std::optional<std::string>& headline) {
  // Calls a queue sent on by its overflow rules: the sum over destinations.
  const auto overflowed = [&](const std::string& q) -> std::optional<Est> {
    if (const Json* t = at(queues, {q, "overflowed_total"})) return est(t);
    const Json* per_dest = at(queues, {q, "overflowed"});
    if (per_dest == nullptr || !per_dest->is_object()) return std::nullopt;
    if (per_dest->size() == 1) return est(&per_dest->begin().value());
    Est sum{0.0, std::nullopt};  // the half-widths of a sum are not known from its parts
    for (const auto& d : keys_of(per_dest)) sum.mean = *sum.mean + est(child(per_dest, d)).mean.value_or(0.0);
    return sum;
  };
  bool any_overflow = false, any_rerouted = false;
  for (const auto& q : names) {
    any_overflow = any_overflow || overflowed(q).has_value();
    any_rerouted = any_rerouted || est(at(queues, {q, "rerouted"})).mean.value_or(0.0) > 0.0;
  }
  std::string s =
      "<div class=\"table-wrap\"><table>\n<thead><tr><th>queue</th><th>entered</th><th>answered</th>"
      "<th>abandoned</th><th>blocked</th>";
  if (any_overflow) s += "<th>overflowed</th>";
  if (any_rerouted) s += "<th>rerouted</th>";
  s += "<th>mean length</th><th>max length</th>";
  if (headline) s += "<th>SL " + escape(*headline) + " s here</th>";
  s += "<th>ASA here</th></tr></thead>\n<tbody>\n";
  for (const auto& q : names) {
    const Json* f = child(queues, q);
    s += "<tr><td>" + escape(q) + "</td>";
    for (const char* m : {"entered", "answered", "abandoned", "blocked"}) s += cell(est(child(f, m)), Kind::count);
    if (any_overflow) s += cell(overflowed(q).value_or(Est{}), Kind::count);
    if (any_rerouted) s += cell(est(child(f, "rerouted")), Kind::count);
    s += cell(est(child(f, "mean_queue_length")), Kind::length);
    s += cell(est(child(f, "max_queue_length")), Kind::count);
    if (headline) s += cell(est(at(f, {"service_level", *headline})), Kind::share);
    s += cell(est(child(f, "asa")), Kind::seconds);
    s += "</tr>\n";
  }
  s += "</tbody></table></div>\n";
  page.raw(s);
  page.para(
      "Per queue, waits count from the call's entry into that queue; entered = joined its line or answered "
      "there.");
}

// Mean queue length per interval, one line per queue, when the results carry it.
void queue_interval_chart(Page& page, const std::vector<std::string>& names, const IntervalInfo& info,
                          const TimeAxis& ta) {
  bool per_interval = false;
  for (const auto* iv : info.items) per_interval = per_interval || child(iv, "queues") != nullptr;
  if (!per_interval) return;
  double top = 0.0;
  for (const auto* iv : info.items) {
    for (const auto& q : names) top = std::max(top, est(at(iv, {"queues", q, "mean_queue_length"})).top());
  }
  svg::Chart ci("Mean queue length per interval", kChartWidth, 340.0);
  std::vector<svg::LegendEntry> legend;
  for (std::size_t k = 0; k < names.size(); ++k) {
    legend.push_back({names[k], svg::series_color(k), svg::LegendEntry::Kind::line, dash_of(k)});
  }
  ci.set_legend(legend);
  ci.x_linear(0.0, info.horizon_s / ta.unit_s, ta.label, svg::Format::number, 10, true);
  ta.label_ticks(ci);
  ci.y_linear(0.0, top > 0.0 ? 1.05 * top : 1.0, "callers waiting (time average)");
  shade_periods(ci, info, ta);
  for (std::size_t k = 0; k < names.size(); ++k) {
    std::vector<std::pair<double, Est>> points;
    std::vector<std::string> tips;
    for (std::size_t i = 0; i < info.items.size(); ++i) {
      const Est e = est(at(info.items[i], {"queues", names[k], "mean_queue_length"}));
      points.emplace_back((info.start_s[i] + info.length_s / 2.0) / ta.unit_s, e);
      tips.push_back(names[k] + ", " + ta.at(info.start_s[i]) + ": " + est_text(e, Kind::length));
    }
    plot_estimates(ci, points, tips, {svg::series_color(k), 2.0, dash_of(k)}, 0.15, 2.4);
  }
  page.figure(ci,
              "Time-average number of callers waiting in each queue, per interval; bands: 95% confidence "
              "intervals.");
}

}  // namespace

void queue_section(Page& page, const Json& results, const IntervalInfo& info, const TimeAxis& ta,
                   const std::optional<std::string>& headline) {
  page.h2("queues", "Queues");
  const Json* queues = child(&results, "queues");
  const auto names = keys_of(queues);
  if (names.empty()) {
    page.note("These results carry no queue figures.");
    return;
  }
  queue_length_chart(page, queues, names);
  queue_table(page, queues, names, headline);
  queue_interval_chart(page, names, info, ta);
}

}  // namespace ccsim::analysis::html
