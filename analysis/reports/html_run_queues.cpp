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
  interval_lines_chart(
      page, info, ta, names,
      {"queues", "mean_queue_length", "Mean queue length per interval", "callers waiting (time average)", Kind::length,
       "Time-average number of callers waiting in each queue, per interval (its part in the counted "
       "period); bands: 95% confidence intervals."});
  interval_lines_chart(
      page, info, ta, names,
      {"queues", "max_queue_length", "Longest line per interval", "callers waiting (most at once)", Kind::count,
       "Most callers waiting at once in each queue during each interval (a replication's longest "
       "line, mean over replications); bands: 95% confidence intervals."});
}

}  // namespace ccsim::analysis::html
