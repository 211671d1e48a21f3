// The wait distribution of a run report: the share of callers who waited at most t (the
// results' "wait_distribution", pooled over replications), with the share per step as bars and
// the service-level thresholds marked.
#include "analysis/reports/html_run_sections.hpp"

#include <algorithm>
#include <string>
#include <vector>

namespace ccsim::analysis::html {

void wait_distribution_chart(Page& page, const Json& results) {
  const Json* d = child(&results, "wait_distribution");
  const Json* at_s = child(d, "wait_s");
  const Json* share = child(d, "share_within");
  if (at_s == nullptr || share == nullptr || !at_s->is_array() || !share->is_array() || at_s->size() < 2 ||
      at_s->size() != share->size()) {
    return;
  }
  std::vector<double> t, f;
  for (std::size_t k = 0; k < at_s->size(); ++k) {
    const auto tk = number(&(*at_s)[k]);
    const auto fk = number(&(*share)[k]);
    if (!tk || !fk) return;
    t.push_back(*tk);
    f.push_back(*fk);
  }
  svg::Chart c("Distribution of waits", kChartWidth, 360.0);
  const std::string cdf_color = "#0072B2";
  const std::string bar_color = "#9DC3E6";
  c.set_legend({{"waited at most t (cumulative)", cdf_color, svg::LegendEntry::Kind::line, ""},
                {"waited between t − step and t", bar_color, svg::LegendEntry::Kind::box, ""}});
  c.x_linear(0.0, t.back(), "wait t (s), from arrival", svg::Format::number, 10, true);
  c.y_linear(0.0, 1.0, "share of callers (answered or abandoned)", svg::Format::percent);
  for (std::size_t k = 1; k < t.size(); ++k) {
    const double x0 = c.px(t[k - 1]);
    const double x1 = c.px(t[k]);
    const double y = c.py(std::max(0.0, f[k] - f[k - 1]));
    c.rect_px(x0 + 0.5, y, std::max(0.5, x1 - x0 - 1.0), c.plot_bottom() - y, bar_color,
              "waited " + plain(t[k - 1]) + "–" + plain(t[k]) + " s: " + value_text(f[k] - f[k - 1], Kind::share));
  }
  std::vector<svg::Point> line;
  for (std::size_t k = 0; k < t.size(); ++k) line.push_back({t[k], f[k]});
  c.line(line, {cdf_color, 2.5, ""}, "share who waited at most t");
  // The service-level thresholds, with the share of callers who waited at most that long;
  // their labels one row each, so that close thresholds do not write over each other.
  double row = c.plot_top() + 14.0;
  for (const auto& key : threshold_keys(results)) {
    const double th = std::stod(key);
    if (th > t.back()) continue;
    const auto hi = std::lower_bound(t.begin(), t.end(), th);
    const std::size_t k = static_cast<std::size_t>(hi - t.begin());
    const double within =
        k == 0 ? f.front() : f[k - 1] + (f[k] - f[k - 1]) * (th - t[k - 1]) / std::max(1e-12, t[k] - t[k - 1]);
    c.vline(th, "", kTargetColor, "5 3");
    halo_text(c, c.px(th) + 4.0, row, "≤ " + key + " s: " + value_text(within, Kind::share), 11.5, kTargetColor);
    row += 16.0;
  }
  const std::string callers = text_of(child(d, "callers"));
  page.figure(c, "Waits from arrival of every answered or abandoned caller, pooled over the replications (" + callers +
                     " callers; the histogram the wait percentiles are read from). Line: share who waited at most t; "
                     "bars: share per step. Dashed: the service-level thresholds, with the share waiting at most that "
                     "long (callers who abandoned count too, unlike service level).");
}

}  // namespace ccsim::analysis::html
