#include "analysis/reports/html_report.hpp"

#include "analysis/estimators/summary.hpp"
#include "analysis/reports/html_page.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <string>
#include <vector>

namespace ccsim::analysis {

namespace html {

namespace {

// A point of a sweep: the values set, and the results JSON of the run there.
struct SweepPoint {
  const Json* values;
  const Json* results;
};

// Sweep curves of one figure against the first varied parameter: one curve per combination of
// the other parameters (or, for service level of a one-parameter sweep, one per threshold).
struct Curve {
  std::string label;
  std::vector<std::pair<double, Est>> points;  // x, figure
};

// One figure against x: a curve per series with its CI band, and the target line if given.
void sweep_chart(Page& page, const std::string& title, const std::string& y_label, Kind kind,
                 const std::vector<Curve>& curves, const std::string& x_label,
                 const std::vector<std::string>& categories, const std::optional<Target>& target,
                 const std::string& caption) {
  svg::Chart c(title, kChartWidth, 380.0);
  std::vector<svg::LegendEntry> legend;
  for (std::size_t k = 0; k < curves.size(); ++k) {
    legend.push_back({curves[k].label, svg::series_color(k), svg::LegendEntry::Kind::line, dash_of(k)});
  }
  if (target) legend.push_back({"target", kTargetColor, svg::LegendEntry::Kind::line, "6 4"});
  if (curves.size() > 1 || target) c.set_legend(legend);
  double x_lo = 0.0, x_hi = 0.0, y_hi = 0.0;
  bool any = false;
  for (const auto& cv : curves) {
    for (const auto& [x, e] : cv.points) {
      x_lo = any ? std::min(x_lo, x) : x;
      x_hi = any ? std::max(x_hi, x) : x;
      any = true;
      y_hi = std::max(y_hi, e.top());
    }
  }
  if (categories.empty()) {
    // Whole-number parameters (agents, capacities) get whole-number ticks; a little room at
    // both ends keeps the end points off the axes.
    bool whole = true;
    for (const auto& cv : curves) {
      for (const auto& pt : cv.points) whole = whole && pt.first == std::floor(pt.first);
    }
    const double pad = x_hi > x_lo ? 0.03 * (x_hi - x_lo) : 0.5;
    const int ticks = whole ? static_cast<int>(std::clamp(x_hi - x_lo + 2.0, 3.0, 9.0)) : 8;
    c.x_linear(x_lo - pad, x_hi + pad, x_label, svg::Format::number, ticks, true);
  } else c.x_bands(categories, x_label, 0.0);
  if (kind == Kind::share) {
    const double hi = target || y_hi > 0.5 ? 1.0 : std::max(0.01, y_hi);
    c.y_linear(0.0, hi, y_label, svg::Format::percent, 6);
  } else {
    c.y_linear(0.0, y_hi > 0.0 ? y_hi : 1.0, y_label);
  }
  for (std::size_t k = 0; k < curves.size(); ++k) {
    std::vector<std::string> tips;
    for (const auto& [x, e] : curves[k].points) {
      tips.push_back(curves[k].label + " at " +
                     (categories.empty() ? plain(x) : categories[static_cast<std::size_t>(x)]) + ": " +
                     est_text(e, kind));
    }
    plot_estimates(c, curves[k].points, tips, {svg::series_color(k), 2.2, dash_of(k)}, curves.size() > 1 ? 0.14 : 0.2,
                   3.5);
  }
  if (target) {
    c.hline(
        target->at_least,
        "target " + fixed(100.0 * target->at_least, 0) + "% within " + Summary::threshold_key(target->within_s) + " s",
        kTargetColor);
  }
  page.figure(c, caption);
}

// A sweep's points laid out for its charts: x is the first varied parameter (its numbers, or
// its values as categories in order of first appearance), and each combination of the other
// parameters is a series.
struct SweepGrid {
  std::vector<std::string> vary;  // JSON pointers, the first one on x
  std::vector<SweepPoint> points;
  std::vector<std::string> categories;  // empty when every x is a number
  std::vector<double> xs;               // per point
  std::vector<std::string> series_labels;
  std::vector<std::size_t> series_of;  // per point

  // One curve per series of the figure at `figure_path` in the results; `label_if_one` names
  // the curve of a sweep with a single series.
  [[nodiscard]] std::vector<Curve> curves(const std::vector<std::string>& figure_path,
                                          const std::string& label_if_one) const {
    std::vector<Curve> out(series_labels.size());
    for (std::size_t s = 0; s < out.size(); ++s)
      out[s].label = series_labels.size() == 1 ? label_if_one : series_labels[s];
    for (std::size_t i = 0; i < points.size(); ++i) {
      const Json* j = points[i].results;
      for (const auto& key : figure_path) j = child(j, key);
      out[series_of[i]].points.emplace_back(xs[i], est(j));
    }
    for (auto& cv : out) {
      std::stable_sort(cv.points.begin(), cv.points.end(),
                       [](const auto& a, const auto& b) { return a.first < b.first; });
    }
    return out;
  }
};

// The varied parameters and the points of a sweep document.
SweepGrid read_sweep(const Json& sweep) {
  SweepGrid g;
  if (const Json* v = child(&sweep, "vary"); v != nullptr && v->is_array()) {
    for (const auto& p : *v) g.vary.push_back(text_of(&p));
  }
  if (const Json* list = child(&sweep, "points"); list != nullptr && list->is_array()) {
    for (const auto& p : *list) g.points.push_back({child(&p, "values"), child(&p, "results")});
  }
  if (g.vary.empty() && !g.points.empty()) g.vary = keys_of(g.points.front().values);
  return g;
}

// Each point's x and series. Precondition: some points and some varied parameters.
void place_points(SweepGrid& g) {
  // x: the first varied parameter, numeric when every point's value is a number.
  const std::string& x_ptr = g.vary.front();
  bool numeric = true;
  for (const auto& p : g.points) numeric = numeric && number(child(p.values, x_ptr)).has_value();
  for (const auto& p : g.points) {
    if (numeric) {
      g.xs.push_back(*number(child(p.values, x_ptr)));
      continue;
    }
    const std::string v = text_of(child(p.values, x_ptr));
    auto it = std::find(g.categories.begin(), g.categories.end(), v);
    if (it == g.categories.end()) it = g.categories.insert(g.categories.end(), v);
    g.xs.push_back(static_cast<double>(it - g.categories.begin()));
  }
  // Series: one per combination of the other parameters, in order of first appearance.
  for (const auto& p : g.points) {
    std::string label;
    for (std::size_t i = 1; i < g.vary.size(); ++i) {
      label += (i > 1 ? ", " : "") + g.vary[i] + " = " + text_of(child(p.values, g.vary[i]));
    }
    auto it = std::find(g.series_labels.begin(), g.series_labels.end(), label);
    if (it == g.series_labels.end()) it = g.series_labels.insert(g.series_labels.end(), label);
    g.series_of.push_back(static_cast<std::size_t>(it - g.series_labels.begin()));
  }
}

std::string sweep_meta(const Json& sweep, const SweepGrid& g) {
  std::string meta =
      "ccsim " + text_of(child(&sweep, "ccsim_version")) + " · sweep of " + std::to_string(g.points.size()) + " points";
  if (!g.points.empty() && g.points.front().results != nullptr) {
    if (const auto r = number(child(g.points.front().results, "replications"))) {
      meta += " · " + plain(*r) + (*r == 1.0 ? " replication each" : " replications each");
    }
  }
  return meta;
}

// The cost side of each point beside its service level: the share of callers sent to exits
// (secondary numbers) and each agent group's occupancy, each on its own scale.
bool has_overflow(const SweepGrid& g) {
  bool overflow = false;
  for (const auto& pt : g.points) overflow = overflow || at(pt.results, {"totals", "overflow_rate"}) != nullptr;
  return overflow;
}

std::vector<std::string> group_names(const SweepGrid& g) {
  return keys_of(g.points.empty() ? nullptr : child(g.points.front().results, "agent_groups"));
}

void cost_charts(Page& page, const SweepGrid& g, const std::string& x_ptr, const std::string& x_label) {
  const bool overflow = has_overflow(g);
  const auto names = group_names(g);
  if (!overflow && names.empty()) return;
  page.h2("cost", "Cost: overflow and occupancy");
  if (overflow)
    sweep_chart(page, "Overflow share against " + x_ptr, "sent to exits (% of offered calls)", Kind::share,
                g.curves({"totals", "overflow_rate"}, "overflow share"), x_label, g.categories, std::nullopt,
                "Share of offered calls sent on to an exit (a secondary number) by an overflow rule: the calls the "
                "center pays someone else to take; bands: 95% confidence intervals.");
  if (names.empty()) return;
  std::vector<Curve> curves;
  if (g.series_labels.size() == 1) {
    for (const auto& n : names) curves.push_back(std::move(g.curves({"agent_groups", n, "occupancy"}, n).front()));
    sweep_chart(page, "Occupancy against " + x_ptr, "occupancy (busy ÷ logged-in time)", Kind::share, curves, x_label,
                g.categories, std::nullopt,
                "Share of each agent group's logged-in time spent in calls or wrap-up, one curve per group; bands: "
                "95% confidence intervals.");
    return;
  }
  for (const auto& n : names) {
    sweep_chart(page, "Occupancy of " + n + " against " + x_ptr, "occupancy of " + n, Kind::share,
                g.curves({"agent_groups", n, "occupancy"}, n), x_label, g.categories, std::nullopt,
                "Share of " + n +
                    "'s logged-in time spent in calls or wrap-up, one curve per value of the other "
                    "varied parameters; bands: 95% confidence intervals.");
  }
}

// Service level (one chart per threshold, or one curve per threshold for a single series),
// abandonment and ASA against x.
void sweep_charts(Page& page, const SweepGrid& g, const std::vector<std::string>& thresholds,
                  const std::optional<Target>& target) {
  const std::string& x_ptr = g.vary.front();
  const std::string x_label = x_ptr + " (value set in the scenario)";
  page.h2("service-level", "Service level");
  if (thresholds.empty()) page.note("The results carry no service-level figures.");
  if (g.series_labels.size() == 1 && !thresholds.empty()) {
    std::vector<Curve> curves;
    for (const auto& t : thresholds) {
      auto one = g.curves({"totals", "service_level", t}, "within " + t + " s");
      curves.push_back(std::move(one.front()));
    }
    sweep_chart(page, "Service level against " + x_ptr, "service level (% of offered calls)", Kind::share, curves,
                x_label, g.categories, target,
                "Share of offered calls answered within each threshold, one curve per threshold; bands: 95% "
                "confidence intervals.");
  } else {
    for (const auto& t : thresholds) {
      const bool at_target = target && Summary::threshold_key(target->within_s) == t;
      sweep_chart(page, "Service level within " + t + " s against " + x_ptr, "service level within " + t + " s (%)",
                  Kind::share, g.curves({"totals", "service_level", t}, "total"), x_label, g.categories,
                  at_target ? target : std::nullopt,
                  "Share of offered calls answered within " + t +
                      " s, one curve per value of the other varied "
                      "parameters; bands: 95% confidence intervals.");
    }
  }
  cost_charts(page, g, x_ptr, x_label);
  page.h2("abandonment", "Abandonment");
  sweep_chart(page, "Abandonment against " + x_ptr, "abandoned (% of offered calls)", Kind::share,
              g.curves({"totals", "abandon_rate"}, "abandon rate"), x_label, g.categories, std::nullopt,
              "Share of offered calls abandoned before being answered; bands: 95% confidence intervals.");
  page.h2("asa", "Average speed of answer");
  sweep_chart(page, "ASA against " + x_ptr, "average speed of answer (s)", Kind::seconds,
              g.curves({"totals", "asa"}, "ASA"), x_label, g.categories, std::nullopt,
              "Mean wait of answered calls, from arrival; bands: 95% confidence intervals.");
}

// One row per point: its values, headline figures and how many expectations it met.
void points_table(Page& page, const SweepGrid& g, const std::vector<std::string>& thresholds) {
  page.h2("points", "Points");
  std::string s = "<div class=\"table-wrap\"><table>\n<thead><tr>";
  for (const auto& v : g.vary) s += "<th>" + escape(v) + "</th>";
  s += "<th>offered</th>";
  for (const auto& t : thresholds) s += "<th>SL " + escape(t) + " s</th>";
  s += "<th>abandon rate</th><th>ASA</th><th>overflow share</th><th class=\"text\">expectations met</th></tr></thead>"
       "\n<tbody>\n";
  for (const auto& p : g.points) {
    s += "<tr>";
    for (const auto& v : g.vary) s += "<td class=\"text\">" + escape(text_of(child(p.values, v))) + "</td>";
    const Json* totals = child(p.results, "totals");
    s += cell(est(child(totals, "offered")), Kind::count);
    for (const auto& t : thresholds) s += cell(est(at(totals, {"service_level", t})), Kind::share);
    s += cell(est(child(totals, "abandon_rate")), Kind::share);
    s += cell(est(child(totals, "asa")), Kind::seconds);
    s += cell(est(child(totals, "overflow_rate")), Kind::share);
    std::size_t met = 0, total = 0;
    if (const Json* ex = child(p.results, "expectations"); ex != nullptr && ex->is_array()) {
      for (const auto& e : *ex) {
        const Json* m = child(&e, "met");
        if (m == nullptr || !m->is_boolean()) continue;
        ++total;
        met += m->get<bool>() ? 1 : 0;
      }
    }
    if (total == 0) s += "<td class=\"na\">–</td>";
    else {
      s += std::string("<td class=\"") + (met == total ? "met" : "notmet") + "\">" + std::to_string(met) + " of " +
           std::to_string(total) + "</td>";
    }
    s += "</tr>\n";
  }
  page.raw(s + "</tbody></table></div>\n");
}

}  // namespace

}  // namespace html

void write_sweep_report(const std::string& path, const Json& sweep) {
  using namespace html;
  const std::string name = text_of(child(&sweep, "scenario"));
  SweepGrid grid = read_sweep(sweep);

  Page page;
  page.title = "ccsim sweep report: " + (name.empty() ? std::string("sweep") : name);
  page.raw("<h1>" + escape(name.empty() ? std::string("ccsim sweep") : name) + "</h1>\n");
  page.para(sweep_meta(sweep, grid), "meta");
  std::string varied = "Varied: ";
  for (std::size_t i = 0; i < grid.vary.size(); ++i) varied += (i ? ", " : "") + grid.vary[i];
  page.para(varied +
            ". Curves show the mean over replications at each point; shaded bands the 95% confidence "
            "interval. Service level = answered within T ÷ offered.");
  if (grid.points.empty() || grid.vary.empty()) {
    page.note("The sweep has no points.");
    write_file(path, page.html());
    return;
  }
  std::vector<std::pair<std::string, std::string>> links{{"service-level", "Service level"}};
  if (has_overflow(grid) || !group_names(grid).empty()) links.emplace_back("cost", "Cost");
  for (const auto& [id, text] : {std::pair{"abandonment", "Abandonment"}, {"asa", "ASA"}, {"points", "Points"}}) {
    links.emplace_back(id, text);
  }
  page.raw(nav(links));
  place_points(grid);

  // Thresholds and target from the first point with results.
  const Json* first_results = nullptr;
  for (const auto& p : grid.points) {
    if (p.results != nullptr) {
      first_results = p.results;
      break;
    }
  }
  const Json empty = Json::object();
  const Json& reference = first_results != nullptr ? *first_results : empty;
  const auto thresholds = threshold_keys(reference);
  sweep_charts(page, grid, thresholds, target_of(reference));
  points_table(page, grid, thresholds);
  write_file(path, page.html());
}

}  // namespace ccsim::analysis
