// The HTML report of `ccsim optimize routing`: every point of the grid with its objective and
// 95% CI, the one selected, which point screened out which and when (the search path), and each
// --subject-to constraint against its bound.
#include "analysis/reports/html_page.hpp"
#include "analysis/reports/html_report.hpp"

#include <algorithm>
#include <cstddef>
#include <string>
#include <vector>

namespace ccsim::analysis {

namespace {

using namespace html;

const std::string kInfeasibleColor = "#D55E00";  // Okabe and Ito's vermillion

// A point's label: its values of the varied pointers, "2" or "2, 30s".
std::string point_label(const Json& point) {
  std::string s;
  if (const Json* values = child(&point, "values"); values != nullptr && values->is_array()) {
    for (const auto& v : *values) s += (s.empty() ? "" : ", ") + text_of(&v);
  }
  return s;
}

// "service_level/20>=0.8" -> metric, bound, text.
struct Bound {
  std::string metric;
  double value = 0.0;
  bool valid = false;
};

Bound bound_of(const std::string& text) {
  for (const char* op : {"<=", ">="}) {
    if (const auto at_op = text.find(op); at_op != std::string::npos) {
      try {
        return {text.substr(0, at_op), std::stod(text.substr(at_op + 2)), true};
      } catch (const std::exception&) {
        return {};
      }
    }
  }
  return {};
}

struct Status {
  std::string text;
  std::string color;
};

Status status_of(const Json& doc, const Json& point, std::size_t i) {
  const auto selected = number(child(&doc, "selected"));
  if (selected && static_cast<std::size_t>(*selected) == i) return {"selected", svg::series_color(2)};
  const auto at_rep = number(child(&point, "screened_out_at"));
  if (text_of(child(&point, "feasible")) == "no") {
    return {"infeasible after " + plain(at_rep.value_or(number(child(&point, "replications")).value_or(0.0))) +
                " replications",
            kInfeasibleColor};
  }
  if (const auto by = number(child(&point, "screened_out_by")); at_rep && by) {
    return {"screened out after " + plain(*at_rep) + " replications by #" + plain(*by + 1.0), "#999999"};
  }
  return {"still in", svg::series_color(0)};
}

// One estimate per point on a band axis, with CI whiskers; `bound` draws a constraint's limit.
void points_chart(Page& page, const Json& doc, const std::string& title, const std::string& metric,
                  const std::vector<Est>& figures, const std::string& caption, const std::string& bound_text = "",
                  double bound = 0.0) {
  const Json& points = doc["points"];
  const Kind kind = metric_kind(metric);
  std::vector<std::string> names;
  double lo = bound_text.empty() ? 1e300 : bound;
  double hi = bound_text.empty() ? -1e300 : bound;
  for (std::size_t i = 0; i < points.size(); ++i) {
    names.push_back("#" + std::to_string(i + 1) + " " + point_label(points[i]));
    const Est& e = figures[i];
    if (!e.mean) continue;
    lo = std::min(lo, e.lo().value_or(*e.mean));
    hi = std::max(hi, e.hi().value_or(*e.mean));
  }
  if (lo > hi) lo = hi = 0.0;
  svg::Chart c(title, kChartWidth, 360.0);
  c.set_legend({{"selected", svg::series_color(2), svg::LegendEntry::Kind::box, ""},
                {"screened out", "#999999", svg::LegendEntry::Kind::box, ""},
                {"infeasible", kInfeasibleColor, svg::LegendEntry::Kind::box, ""},
                {"still in", svg::series_color(0), svg::LegendEntry::Kind::box, ""}});
  c.x_bands(names, "point of the grid", 0.3);
  c.y_linear(lo, hi, metric, kind == Kind::share ? svg::Format::percent : svg::Format::number);
  for (std::size_t i = 0; i < points.size(); ++i) {
    const Est& e = figures[i];
    if (!e.mean) continue;
    const Status s = status_of(doc, points[i], i);
    const double x = c.x_band().center(i);
    if (e.ci95) c.error_bar_v(x, *e.lo(), *e.hi(), 5.0, s.color);
    c.dots({{static_cast<double>(i), *e.mean}}, s.color, 5.0,
           {names[i] + ": " + est_text(e, kind) + " (" + s.text + ")"});
  }
  if (!bound_text.empty()) c.hline(bound, bound_text, kTargetColor);
  page.figure(c, caption);
}

void points_table(Page& page, const Json& doc) {
  const Json& points = doc["points"];
  const std::string metric = text_of(at(&doc, {"objective", "metric"}));
  const Json* subject = child(&doc, "subject_to");
  std::string s = "<div class=\"table-wrap\"><table>\n<thead><tr><th>#</th><th>status</th>";
  if (const Json* vary = child(&doc, "vary"); vary != nullptr && vary->is_array()) {
    for (const auto& v : *vary) s += "<th>" + escape(text_of(child(&v, "pointer"))) + "</th>";
  }
  s += "<th>replications</th><th>" + escape(metric) + "</th>";
  if (subject != nullptr && subject->is_array()) {
    for (const auto& t : *subject) s += "<th>" + escape(text_of(&t)) + "</th>";
  }
  s += "</tr></thead><tbody>\n";
  for (std::size_t i = 0; i < points.size(); ++i) {
    const Json& p = points[i];
    s += "<tr><td>" + std::to_string(i + 1) + "</td><td style=\"text-align:left\">" +
         escape(status_of(doc, p, i).text) + "</td>";
    if (const Json* values = child(&p, "values"); values != nullptr && values->is_array()) {
      for (const auto& v : *values) s += "<td>" + escape(text_of(&v)) + "</td>";
    }
    s += "<td>" + escape(text_of(child(&p, "replications"))) + "</td>" +
         cell(est(child(&p, "objective")), metric_kind(metric));
    if (const Json* cons = child(&p, "constraints"); cons != nullptr && cons->is_array()) {
      for (std::size_t k = 0; k < cons->size(); ++k) {
        const Bound b = bound_of(subject != nullptr && k < subject->size() ? text_of(&(*subject)[k]) : "");
        s += cell(est(&(*cons)[k]), metric_kind(b.metric));
      }
    }
    s += "</tr>\n";
  }
  page.raw(s + "</tbody></table></div>\n");
}

}  // namespace

void write_routing_report(const std::string& path, const Json& doc) {
  Page page;
  const std::string name = text_of(child(&doc, "scenario"));
  const std::string metric = text_of(at(&doc, {"objective", "metric"}));
  const std::string direction = text_of(at(&doc, {"objective", "direction"}));
  page.title = "ccsim optimize routing: " + name;
  page.raw("<h1>Best routing point: " + escape(name) + "</h1>\n");
  const Json* points = child(&doc, "points");
  if (points == nullptr || !points->is_array() || points->empty()) {
    page.note("The document has no points.");
    write_file(path, page.html());
    return;
  }
  const auto selected = number(child(&doc, "selected"));
  const auto spent = number(at(&doc, {"replications", "spent"})).value_or(0.0);
  const auto grid = number(at(&doc, {"replications", "grid_same_guarantee"})).value_or(0.0);
  page.para(direction + " " + metric + " over " + std::to_string(points->size()) + " points by " +
                text_of(child(&doc, "procedure")) + " · margin " + text_of(child(&doc, "margin")) + ", confidence " +
                text_of(child(&doc, "confidence")) + ", seed " + text_of(child(&doc, "seed")) + " · " + plain(spent) +
                " replications spent against " + plain(grid) + " for a grid with the same guarantee",
            "meta");
  if (selected) {
    const std::size_t i = static_cast<std::size_t>(*selected);
    page.para("Selected: #" + std::to_string(i + 1) + " (" + point_label((*points)[i]) +
              "). P(correct selection) >= " + text_of(at(&doc, {"probability_of_correct_selection", "at_least"})) +
              " when " + text_of(at(&doc, {"probability_of_correct_selection", "holds_when"})) + ".");
  } else {
    page.para("No point is known to meet every constraint within the replications allowed.");
  }
  if (child(&doc, "decided") != nullptr && !doc["decided"].get<bool>()) {
    page.note("The most replications per point were reached before KN could screen out every other point.");
  }
  std::vector<std::pair<std::string, std::string>> links{{"objective", "Objective"}};
  const Json* subject = child(&doc, "subject_to");
  const bool constrained = subject != nullptr && subject->is_array() && !subject->empty();
  if (constrained) links.emplace_back("constraints", "Constraints");
  links.emplace_back("points", "Search path");
  page.raw(nav(links));

  page.h2("objective", "Objective at each point");
  std::vector<Est> objective;
  for (const auto& p : *points) objective.push_back(est(child(&p, "objective")));
  points_chart(page, doc, metric + " at each point (" + direction + ")", metric, objective,
               "Mean over the point's replications, all points on the same callers; whiskers: 95% confidence "
               "interval. Points screened out stopped early: their intervals are wider.");
  if (constrained) {
    page.h2("constraints", "Constraints");
    for (std::size_t k = 0; k < subject->size(); ++k) {
      const std::string text = text_of(&(*subject)[k]);
      const Bound b = bound_of(text);
      std::vector<Est> figures;
      for (const auto& p : *points) {
        const Json* cons = child(&p, "constraints");
        figures.push_back(cons != nullptr && cons->is_array() && k < cons->size() ? est(&(*cons)[k]) : Est{});
      }
      points_chart(page, doc, text, b.valid ? b.metric : text, figures,
                   "A point is infeasible once its whole interval lies beyond the bound; the selected point's must "
                   "lie within it.",
                   b.valid ? "bound " + plain(b.value) : "", b.value);
    }
  }
  page.h2("points", "Search path");
  page.para(
      "Every point ran the first stage; KN then added one replication at a time to the points still in "
      "and screened out those significantly worse than another.");
  points_table(page, doc);
  write_file(path, page.html());
}

}  // namespace ccsim::analysis
