// The HTML report of `ccsim optimize staffing`: staffing over the day against the per-queue
// Erlang start, cost, the binding constraints, the search path, and the shifts when planned.
#include "analysis/reports/html_page.hpp"
#include "analysis/reports/html_report.hpp"

#include <algorithm>
#include <string>
#include <vector>

namespace ccsim::analysis {

namespace {

using namespace html;

void staffing_chart(Page& page, const Json& doc) {
  const auto groups = keys_of(child(&doc, "staffing"));
  std::size_t n = 0;
  double top = 1.0;
  for (const auto& g : groups) {
    for (const char* which : {"answer", "start"}) {
      const Json* row = std::string(which) == "answer" ? at(&doc, {"staffing", g}) : at(&doc, {"start", "staffing", g});
      if (row == nullptr || !row->is_array()) continue;
      n = std::max(n, row->size());
      for (const auto& v : *row) top = std::max(top, v.get<double>());
    }
  }
  const double interval_h = number(child(&doc, "interval_s")).value_or(3600.0) / 3600.0;
  svg::Chart c("Agents per interval: the answer (solid) and per-queue Erlang (dashed)", kChartWidth, 380.0);
  std::vector<svg::LegendEntry> legend;
  for (std::size_t k = 0; k < groups.size(); ++k) {
    legend.push_back({groups[k], svg::series_color(k), svg::LegendEntry::Kind::line, ""});
  }
  c.set_legend(legend);
  c.x_linear(0.0, static_cast<double>(n) * interval_h, "hours from the start", svg::Format::number, 10, true);
  c.y_linear(0.0, top, "agents");
  for (std::size_t k = 0; k < groups.size(); ++k) {
    for (const bool answer : {true, false}) {
      const Json* row = answer ? at(&doc, {"staffing", groups[k]}) : at(&doc, {"start", "staffing", groups[k]});
      if (row == nullptr || !row->is_array()) continue;
      std::vector<svg::Point> pts;
      for (std::size_t i = 0; i < row->size(); ++i) {  // steps: flat over each interval
        pts.push_back({static_cast<double>(i) * interval_h, (*row)[i].get<double>()});
        pts.push_back({static_cast<double>(i + 1) * interval_h, (*row)[i].get<double>()});
      }
      c.line(pts, {svg::series_color(k), answer ? 2.5 : 1.5, answer ? "" : "6 4"});
    }
  }
  page.figure(c, "Agents on duty per interval and group; dashed: the per-queue Erlang start.");
}

void search_chart(Page& page, const Json& doc) {
  const Json* steps = child(&doc, "iterations");
  if (steps == nullptr || !steps->is_array() || steps->empty()) return;
  double lo = 1e300, hi = 0.0;
  for (const auto& s : *steps) {
    const double cost = number(child(&s, "cost")).value_or(0.0);
    lo = std::min(lo, cost);
    hi = std::max(hi, cost);
  }
  svg::Chart c("Search path: cost of each staffing simulated", kChartWidth, 320.0);
  c.set_legend({{"every constraint met", svg::series_color(2), svg::LegendEntry::Kind::box, ""},
                {"some constraint fails", svg::series_color(5), svg::LegendEntry::Kind::box, ""}});
  c.x_linear(1.0, static_cast<double>(steps->size()), "simulation");
  c.y_linear(lo, hi, "cost");
  std::vector<svg::Point> ok, bad;
  std::vector<std::string> ok_tips, bad_tips;
  for (std::size_t i = 0; i < steps->size(); ++i) {
    const Json& s = (*steps)[i];
    const double cost = number(child(&s, "cost")).value_or(0.0);
    const bool met = number(child(&s, "violated")).value_or(1.0) == 0.0;
    const std::string tip = "#" + std::to_string(i + 1) + " " + text_of(child(&s, "move")) + " " +
                            text_of(child(&s, "group")) + ": cost " + plain(cost) + ", " +
                            text_of(child(&s, "violated")) + " constraints fail";
    (met ? ok : bad).push_back({static_cast<double>(i + 1), cost});
    (met ? ok_tips : bad_tips).push_back(tip);
  }
  c.dots(ok, svg::series_color(2), 3.5, ok_tips);
  c.dots(bad, svg::series_color(5), 3.5, bad_tips);
  page.figure(c,
              "Each dot one simulation on the same callers; the answer is the cheapest green dot of the last moves.");
}

void constraints_table(Page& page, const Json& doc) {
  const double interval_s = number(child(&doc, "interval_s")).value_or(3600.0);
  std::string s =
      "<div class=\"table-wrap\"><table>\n<thead><tr><th>expectation</th><th>interval</th><th>bound</th>"
      "<th>search</th><th>verification</th><th>status</th></tr></thead><tbody>\n";
  std::size_t rows = 0;
  if (const Json* list = child(&doc, "constraints"); list != nullptr && list->is_array()) {
    for (const auto& c : *list) {
      const bool binding = child(&c, "binding") != nullptr && c["binding"].get<bool>();
      const bool met = at(&c, {"search", "met"}) != nullptr && c["search"]["met"].get<bool>();
      const bool vmet = at(&c, {"verification", "met"}) != nullptr && c["verification"]["met"].get<bool>();
      if (!binding && met && vmet) continue;
      const std::string text = text_of(child(&c, "expectation"));
      const Kind kind = text.find("asa") != std::string::npos || text.find("mean_wait") != std::string::npos
                            ? Kind::seconds
                            : Kind::share;
      const Json* interval = child(&c, "interval");
      const bool whole = interval == nullptr || interval->is_null();
      s += "<tr><td>" + escape(text) + "</td><td>" +
           (whole ? std::string("whole day") : "from " + duration_text(number(interval).value_or(0.0) * interval_s)) +
           "</td><td>" + escape(text_of(child(&c, "bound"))) + "</td>" + cell(est(child(&c, "search")), kind) +
           cell(est(child(&c, "verification")), kind) + "<td>" +
           (!met      ? "fails"
            : binding ? "binds"
                      : "") +
           (vmet ? "" : " (misses in verification)") + "</td></tr>\n";
      ++rows;
    }
  }
  page.raw(s + "</tbody></table></div>\n");
  if (rows == 0) page.note("No constraint binds or fails.");
}

}  // namespace

void write_optimize_report(const std::string& path, const Json& doc) {
  using namespace html;
  Page page;
  const std::string name = text_of(child(&doc, "scenario"));
  page.title = "ccsim optimize staffing: " + name;
  page.raw("<h1>Least-cost staffing: " + escape(name) + "</h1>\n");
  const bool feasible = child(&doc, "feasible") != nullptr && doc["feasible"].get<bool>();
  page.para("cost " + plain(number(child(&doc, "cost")).value_or(0.0)) + " (" +
                plain(number(child(&doc, "agent_hours")).value_or(0.0)) + " agent-hours) against " +
                plain(number(at(&doc, {"start", "cost"})).value_or(0.0)) + " for per-queue Erlang staffing · " +
                (feasible ? "every constraint met" : "NOT every constraint met (best found)") + " · " +
                std::to_string(child(&doc, "iterations") ? doc["iterations"].size() : 0) +
                " simulations on the same callers, seed " + text_of(child(&doc, "seed")),
            "meta");
  page.raw(nav({{"staffing", "Staffing"}, {"constraints", "Binding constraints"}, {"search", "Search path"}}));
  page.h2("staffing", "Staffing over the day");
  staffing_chart(page, doc);
  page.h2("constraints", "Binding constraints");
  page.para(
      "Constraints that one agent less would break (binds) or that fail, with mean and 95% CI on the search's "
      "callers and on a fresh verification run.");
  constraints_table(page, doc);
  page.h2("search", "Search path");
  search_chart(page, doc);
  write_file(path, page.html());
}

}  // namespace ccsim::analysis
