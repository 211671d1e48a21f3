#include "analysis/reports/html_report.hpp"

#include "analysis/reports/html_page.hpp"

#include <algorithm>
#include <string>
#include <vector>

namespace ccsim::analysis {

namespace html {

namespace {

const std::string kBetterColor = "#007A5A";
const std::string kWorseColor = "#C33D00";
const std::string kNeutralColor = "#767676";

std::string metric_label(const std::string& metric) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    const auto slash = metric.find('/', start);
    parts.push_back(metric.substr(start, slash == std::string::npos ? std::string::npos : slash - start));
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  std::string prefix;
  if (parts.size() >= 3 && (parts[0] == "call_types" || parts[0] == "queues")) {
    prefix = parts[1] + ": ";
    parts.erase(parts.begin(), parts.begin() + 2);
  } else if (!parts.empty() && parts[0] == "totals") {
    parts.erase(parts.begin());
  }
  std::string name;
  if (parts.size() == 2 && parts[0] == "service_level") name = "service level " + parts[1] + " s";
  else if (parts.size() == 2 && parts[0] == "wait_percentiles") name = "wait " + parts[1];
  else if (parts.size() == 1 && parts[0] == "asa") name = "ASA";
  else {
    for (const auto& p : parts) name += (name.empty() ? "" : " ") + p;
    std::replace(name.begin(), name.end(), '_', ' ');
  }
  return prefix + name;
}

std::string signed_text(double v, Kind kind) {
  const std::string sign = v > 0.0 && fixed(kind == Kind::share ? 100.0 * v : v, 2) != "0.00" ? "+" : "";
  if (kind == Kind::share) return sign + fixed(100.0 * v, 2) + " pp";
  if (kind == Kind::seconds) return sign + fixed(v, 2) + " s";
  return sign + fixed(v, 2);
}

struct Difference {
  std::string metric;
  std::string verdict;
  Est a, b, diff;
};

std::string verdict_color(const std::string& v) {
  if (v == "better") return kBetterColor;
  if (v == "worse") return kWorseColor;
  return kNeutralColor;
}

std::string verdict_class(const std::string& v) {
  if (v == "better") return "better";
  if (v == "worse") return "worse";
  return "same";
}

void forest_plot(Page& page, const std::string& title, Kind kind, const std::vector<Difference>& rows) {
  const double scale = kind == Kind::share ? 100.0 : 1.0;  // shares in percentage points
  double lo = 0.0, hi = 0.0;
  std::size_t longest = 10;
  for (const auto& r : rows) {
    longest = std::max(longest, metric_label(r.metric).size());
    if (!r.diff.mean) continue;
    lo = std::min({lo, scale * r.diff.lo().value_or(*r.diff.mean), scale * *r.diff.mean});
    hi = std::max({hi, scale * r.diff.hi().value_or(*r.diff.mean), scale * *r.diff.mean});
  }
  if (lo == hi) {
    lo = -1.0;
    hi = 1.0;
  }
  // Room on both sides, so that zero and the outer whiskers never sit on the frame.
  const double pad = 0.06 * (hi - lo);
  lo -= pad;
  hi += pad;
  std::vector<std::string> names;
  for (const auto& r : rows) names.push_back(metric_label(r.metric));
  const double height = 130.0 + 30.0 * static_cast<double>(rows.size());
  svg::Chart c(title, kChartWidth, height);
  c.set_legend({{"B better", kBetterColor, svg::LegendEntry::Kind::box, ""},
                {"B worse", kWorseColor, svg::LegendEntry::Kind::box, ""},
                {"no significant difference", kNeutralColor, svg::LegendEntry::Kind::box, ""},
                {"zero: no difference", "#333333", svg::LegendEntry::Kind::line, "4 3"}});
  c.set_margins(std::min(320.0, 30.0 + 7.0 * static_cast<double>(longest)), 150.0);
  c.y_bands(names, "", 0.3);
  const std::string unit = kind == Kind::share ? "percentage points" : kind == Kind::seconds ? "seconds" : "calls";
  c.x_linear(lo, hi, "difference B − A (" + unit + "), 95% confidence interval", svg::Format::number, 9);
  c.vline(0.0, "", "#333333", "4 3");
  const auto& band = c.y_band();
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& r = rows[i];
    const double y = band.center(i);
    if (i % 2 == 1)
      c.shade_px(c.plot_left(), band.r0 + band.step() * static_cast<double>(i), c.plot_right() - c.plot_left(),
                 band.step(), "#F6F6F6");
    if (!r.diff.mean) {
      c.text_px(c.plot_right() + 8.0, y + 4.0, "undefined", "start", 12.0, "#767676");
      continue;
    }
    const std::string color = verdict_color(r.verdict);
    if (r.diff.ci95) c.error_bar_h(y, scale * *r.diff.lo(), scale * *r.diff.hi(), 5.0, color);
    const double x = c.px(scale * *r.diff.mean);
    c.raw("<rect x=\"" + fixed(x - 5.0, 1) + "\" y=\"" + fixed(y - 5.0, 1) + "\" width=\"10\" height=\"10\" fill=\"" +
          color + "\" transform=\"rotate(45 " + fixed(x, 1) + " " + fixed(y, 1) + ")\"><title>" +
          escape(metric_label(r.metric) + ": B − A = " + signed_text(*r.diff.mean, kind) +
                 (r.diff.ci95 ? " ± " + fixed(scale * *r.diff.ci95, 2) : std::string()) + " (" + r.verdict + ")") +
          "</title></rect>");
    std::string label = signed_text(*r.diff.mean, kind);
    if (r.diff.ci95) label += " ± " + fixed(scale * *r.diff.ci95, 2);
    c.text_px(c.plot_right() + 8.0, y + 4.0, label, "start", 12.0, color);
  }
  page.figure(c,
              "Paired differences B − A over the same replications (common random numbers): diamond the mean "
              "difference, whiskers its 95% confidence interval. A difference is significant when its interval "
              "leaves out zero.");
}

}  // namespace

}  // namespace html

void write_compare_report(const std::string& path, const Json& compare) {
  using namespace html;
  const std::string a = text_of(child(&compare, "a"));
  const std::string b = text_of(child(&compare, "b"));
  std::vector<Difference> rows;
  if (const Json* list = child(&compare, "differences"); list != nullptr && list->is_array()) {
    for (const auto& d : *list) {
      rows.push_back({text_of(child(&d, "metric")), text_of(child(&d, "verdict")), est(child(&d, "a")),
                      est(child(&d, "b")), est(child(&d, "difference"))});
    }
  }
  Page page;
  page.title = "ccsim comparison: " + a + " vs " + b;
  page.raw("<h1>Comparison: B − A</h1>\n");
  std::string meta = "A = " + a + " · B = " + b;
  if (const auto r = number(child(&compare, "replications"))) meta += " · " + plain(*r) + " paired replications";
  if (const Json* seed = child(&compare, "seed"); seed != nullptr && !seed->is_null())
    meta += " · seed " + text_of(seed);
  page.para(meta, "meta");
  std::size_t better = 0, worse = 0;
  for (const auto& r : rows) {
    better += r.verdict == "better";
    worse += r.verdict == "worse";
  }
  page.para("B is significantly better on " + std::to_string(better) + " and worse on " + std::to_string(worse) +
            " of " + std::to_string(rows.size()) +
            " figures. Both runs saw the same callers, replication by replication (common random numbers), so each "
            "difference is estimated from paired replications; its 95% confidence interval leaving out zero makes "
            "it significant. Higher is better for service level, lower for the others.");
  if (rows.empty()) {
    page.note("The comparison has no figures.");
    write_file(path, page.html());
    return;
  }
  page.h2("differences", "Differences");
  for (const auto kind : {Kind::share, Kind::seconds, Kind::count}) {
    std::vector<Difference> group;
    for (const auto& r : rows) {
      if (metric_kind(r.metric) == kind) group.push_back(r);
    }
    if (group.empty()) continue;
    const std::string title = kind == Kind::share     ? "Differences in shares (service level and rates)"
                              : kind == Kind::seconds ? "Differences in waiting times"
                                                      : "Differences in other figures";
    forest_plot(page, title, kind, group);
  }
  page.h2("table", "Figures");
  std::string s =
      "<div class=\"table-wrap\"><table>\n<thead><tr><th>figure</th><th>A</th><th>B</th>"
      "<th>B − A</th><th class=\"text\">verdict</th></tr></thead>\n<tbody>\n";
  for (const auto& r : rows) {
    const Kind kind = metric_kind(r.metric);
    s += "<tr><td>" + escape(metric_label(r.metric)) + "</td>" + cell(r.a, kind) + cell(r.b, kind);
    if (!r.diff.mean) s += "<td class=\"na\">–</td>";
    else {
      s += "<td>" + escape(signed_text(*r.diff.mean, kind));
      if (r.diff.ci95) {
        s += "<span class=\"ci\">±" + escape(fixed((kind == Kind::share ? 100.0 : 1.0) * *r.diff.ci95, 2)) + "</span>";
      }
      s += "</td>";
    }
    s += "<td class=\"text " + verdict_class(r.verdict) + "\">" + escape(r.verdict) + "</td></tr>\n";
  }
  page.raw(s + "</tbody></table></div>\n");
  write_file(path, page.html());
}

}  // namespace ccsim::analysis
