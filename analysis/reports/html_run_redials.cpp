// The run report's redial section: callers and their redials (README "Redials").
#include "analysis/reports/html_run_sections.hpp"

#include <algorithm>
#include <string>
#include <vector>

namespace ccsim::analysis::html {

namespace {

// First attempts and redials per interval, stacked: they add up to the attempts offered.
void redial_interval_chart(Page& page, const IntervalInfo& info, const TimeAxis& ta) {
  const std::vector<StackPart> parts = {{"callers", "first attempts (callers)", "#0072B2"},
                                        {"redials", "redials", "#E69F00"}};
  double y_max = 0.0;
  for (const auto* iv : info.items) y_max = std::max(y_max, est(at(iv, {"totals", "offered"})).top());
  svg::Chart c("Attempts per interval: first attempts and redials", kChartWidth, 340.0);
  std::vector<svg::LegendEntry> legend;
  for (const auto& part : parts) legend.push_back({part.label, part.color, svg::LegendEntry::Kind::box, ""});
  c.set_legend(legend);
  c.x_linear(0.0, info.horizon_s / ta.unit_s, ta.label, svg::Format::number, 10, true);
  ta.label_ticks(c);
  c.y_linear(0.0, y_max > 0.0 ? 1.08 * y_max : 1.0, "attempts per interval (" + duration_text(info.length_s) + ")");
  shade_periods(c, info, ta);
  const double w = std::max(1.0, c.px(info.length_s / ta.unit_s) - c.px(0.0));
  const double gap = std::min(2.0, w * 0.15);
  for (std::size_t i = 0; i < info.items.size(); ++i) stacked_bar(c, info, ta, i, parts, w, gap);
  page.figure(c,
              "Attempts offered in each interval by their own arrival time: callers' first attempts and redials "
              "(callers who abandoned or were blocked calling again). Means over replications.");
}

}  // namespace

void redial_section(Page& page, const Json& results, const IntervalInfo& info, const TimeAxis& ta) {
  page.h2("redials", "Redials");
  page.para(
      "Offered and every per-call figure above count attempts, as ACD reports do. Callers = first attempts; "
      "redial rate = redials ÷ offered attempts; callers answered = callers answered on some attempt ÷ callers.");
  page.raw(scope_table({"offered attempts", "callers", "redials", "redial rate", "callers answered"},
                       scopes_of(child(&results, "totals"), child(&results, "call_types")), [](const Json* f) {
                         return cell(est(child(f, "offered")), Kind::count) +
                                cell(est(child(f, "callers")), Kind::count) +
                                cell(est(child(f, "redials")), Kind::count) +
                                cell(est(child(f, "redial_rate")), Kind::share) +
                                cell(est(child(f, "caller_answered_rate")), Kind::share);
                       }));
  if (info.items.size() >= 2) redial_interval_chart(page, info, ta);
}

}  // namespace ccsim::analysis::html
