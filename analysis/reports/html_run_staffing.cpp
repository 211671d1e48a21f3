// Staffing on duty over the day: agents logged in per group per interval (results with
// shifts or absence carry them as intervals[].agent_groups.NAME.agents_on_duty).
#include "analysis/reports/html_run_sections.hpp"

#include <algorithm>

namespace ccsim::analysis::html {

void staffing_chart(Page& page, const IntervalInfo& info, const TimeAxis& ta) {
  const Json* first = info.items.empty() ? nullptr : child(info.items.front(), "agent_groups");
  const auto names = keys_of(first);
  if (names.empty()) return;
  double y_max = 0.0;
  for (const auto* iv : info.items) {
    for (const auto& n : names) y_max = std::max(y_max, est(at(iv, {"agent_groups", n, "agents_on_duty"})).top());
  }
  svg::Chart c("Staffing on duty over the day", kChartWidth, 340.0);
  std::vector<svg::LegendEntry> legend;
  for (std::size_t k = 0; k < names.size(); ++k) {
    legend.push_back({names[k], svg::series_color(k), svg::LegendEntry::Kind::line, dash_of(k)});
  }
  c.set_legend(legend);
  c.x_linear(0.0, info.horizon_s / ta.unit_s, ta.label, svg::Format::number, 10, true);
  c.y_linear(0.0, y_max > 0.0 ? 1.1 * y_max : 1.0, "agents on duty (mean over the interval)");
  shade_periods(c, info, ta);
  for (std::size_t k = 0; k < names.size(); ++k) {
    std::vector<std::pair<double, Est>> points;
    std::vector<std::string> tips;
    for (std::size_t i = 0; i < info.items.size(); ++i) {
      const Est e = est(at(info.items[i], {"agent_groups", names[k], "agents_on_duty"}));
      points.emplace_back((info.start_s[i] + info.length_s / 2.0) / ta.unit_s, e);
      tips.push_back(names[k] + ", " + duration_text(info.start_s[i]) + "–" +
                     duration_text(info.start_s[i] + info.length_s) + ": " + est_text(e, Kind::length));
    }
    plot_estimates(c, points, tips, {svg::series_color(k), 2.0, dash_of(k)}, 0.12, 2.6);
  }
  page.figure(c,
              "Agents of each group logged in, mean over each interval (on duty by their shifts, present, their "
              "site up, plus agents finishing their last call). Shaded bands: 95% confidence intervals over "
              "replications (absence varies by replication).");
}

}  // namespace ccsim::analysis::html
