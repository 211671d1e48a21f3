#include "fit/fit_report.hpp"

#include "analysis/reports/html_page.hpp"
#include "fit/lifetime.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace ccsim::fit {

namespace {

namespace html = analysis::html;
namespace svg = analysis::svg;

void regimes_section(html::Page& page, const Json& doc) {
  page.h2("regimes", "Days and regimes");
  const auto& h = doc["homogeneity"];
  std::string t =
      "<table><tr><th>from</th><th>to</th><th>days</th><th>calls/day</th><th>abandoned</th><th>SL 20 s</th></tr>";
  for (const auto& g : h["regimes"]) {
    t += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                     g["from"].get<std::string>(), g["to"].get<std::string>(), g["days"].get<int>(),
                     svg::fixed(g["volume"].get<double>(), 1),
                     svg::format_value(g["abandon_rate"].get<double>(), svg::Format::percent, 1),
                     svg::format_value(g["service_level_20"].get<double>(), svg::Format::percent, 1));
  }
  page.raw(t + "</table>\n");
  const auto& days = h["days"];
  svg::Chart c("Abandoned and answered within 20 s, per day", html::kChartWidth, 300);
  c.set_legend({{"abandoned", svg::series_color(0), svg::LegendEntry::Kind::line, ""},
                {"SL 20 s", svg::series_color(1), svg::LegendEntry::Kind::line, ""}});
  c.x_linear(0, static_cast<double>(days.size()) - 1, "day (in order)", svg::Format::number, 10, true);
  c.y_linear(0, 1, "share of offered calls", svg::Format::percent);
  std::vector<svg::Point> ab;
  std::vector<svg::Point> sl;
  for (std::size_t i = 0; i < days.size(); ++i) {
    ab.push_back({static_cast<double>(i), days[i]["abandon_rate"].get<double>()});
    sl.push_back({static_cast<double>(i), days[i]["service_level"]["20"].get<double>()});
  }
  c.line(ab, {svg::series_color(0), 2.0, ""});
  c.line(sl, {svg::series_color(1), 2.0, ""});
  page.figure(c, "Change points of the daily abandonment start the regimes of the table (Welch t-test, p < 0.001).");
}

void patience_section(html::Page& page, const Json& doc) {
  page.h2("patience", "Patience: Kaplan-Meier and the chosen fit");
  for (const auto& t : doc["estimates"]["call_types"]) {
    const auto& p = t["patience"];
    if (p["chosen"].is_null()) continue;
    LifetimeFit chosen;
    for (const auto& f : p["fits"]) {
      if (f["family"] == p["chosen"]) {
        const auto& d = f["distribution"].begin().value();
        chosen.family = f["family"];
        if (chosen.family == "exponential") chosen.p1 = d["mean"];
        if (chosen.family == "weibull") chosen.p1 = d["shape"], chosen.p2 = d["scale"];
        if (chosen.family == "lognormal") {
          const double m = d["mean"];
          const double s = d["sd"];
          chosen.p2 = std::sqrt(std::log1p(s * s / (m * m)));
          chosen.p1 = std::log(m) - chosen.p2 * chosen.p2 / 2;
        }
      }
    }
    const auto& km = p["kaplan_meier"];
    const double tmax = std::min(600.0, km.empty() ? 600.0 : km.back()[0].get<double>());
    svg::Chart c("Patience of " + t["name"].get<std::string>() + " callers", html::kChartWidth, 300);
    c.set_legend(
        {{"Kaplan-Meier", svg::series_color(0), svg::LegendEntry::Kind::line, ""},
         {p["chosen"].get<std::string>() + " fit", svg::series_color(1), svg::LegendEntry::Kind::line, "6 4"}});
    c.x_linear(0, tmax, "seconds waited", svg::Format::number, 10, true);
    c.y_linear(0, 1, "still waiting (survival)", svg::Format::percent);
    std::vector<svg::Point> steps{{0.0, 1.0}};
    double s = 1.0;
    for (const auto& x : km) {
      if (x[0].get<double>() > tmax) break;
      steps.push_back({x[0].get<double>(), s});
      s = x[1].get<double>();
      steps.push_back({x[0].get<double>(), s});
    }
    steps.push_back({tmax, s});
    std::vector<svg::Point> fit;
    for (int i = 0; i <= 120; ++i) {
      const double x = tmax * i / 120.0;
      fit.push_back({x, 1.0 - chosen.cdf(x)});
    }
    c.line(steps, {svg::series_color(0), 2.0, ""});
    c.line(fit, {svg::series_color(1), 2.0, "6 4"});
    std::string aic;
    for (const auto& f : p["fits"])
      aic += fmt::format(" {} AIC {};", f["family"].get<std::string>(), svg::fixed(f["aic"].get<double>(), 1));
    page.figure(c, fmt::format("{} callers queued, {} abandoned; answered callers censor the curve.{}",
                               p["queued"].get<int>(), p["abandoned"].get<int>(), aic));
  }
}

void handle_section(html::Page& page, const Json& doc) {
  page.h2("handle", "Handle time: quantiles, observed and fitted");
  for (const auto& t : doc["estimates"]["call_types"]) {
    const auto& h = t["handle_time"];
    std::string row = "<table><tr><th>" + svg::escape(t["name"].get<std::string>()) + " (" +
                      svg::escape(h["chosen"].get<std::string>()) + ")</th>";
    for (const auto& q : h["quantiles"]) row += "<th>p" + svg::fixed(100 * q["p"].get<double>(), 0) + "</th>";
    row += "</tr><tr><td>observed</td>";
    for (const auto& q : h["quantiles"]) row += "<td>" + svg::fixed(q["observed"].get<double>(), 0) + " s</td>";
    row += "</tr><tr><td>fitted</td>";
    for (const auto& q : h["quantiles"]) row += "<td>" + svg::fixed(q["fitted"].get<double>(), 0) + " s</td>";
    std::string ks;
    for (const auto& f : h["fits"])
      ks += fmt::format(" {} {};", f["family"].get<std::string>(), svg::fixed(f["ks_distance"].get<double>(), 3));
    page.raw(row + "</tr></table>\n");
    page.note(fmt::format("{} answered calls; KS distance:{} by-hour ANOVA p = {}.", h["calls"].get<int>(), ks,
                          svg::escape(fmt::format("{:.3g}", h["by_hour_anova"]["p"].get<double>()))));
  }
}

void backtest_section(html::Page& page, const Json& doc) {
  if (!doc.contains("backtest")) return;
  const auto& b = doc["backtest"];
  page.h2("backtest", "Back-test on " + doc["selection"]["test"].get<std::string>());
  page.note("Each test day simulated with its own recorded arrivals; model fitted on " + b["train"].get<std::string>() +
            "; staffing: " + b["staffing"].get<std::string>() +
            fmt::format(" (level {})", b["staffing_level"].get<double>()) +
            ". Observed: pooled over the test days, band = 95% CI over days of the daily figures. Simulated: mean, "
            "band = 95% CI over replications.");
  for (const auto& [metric, label] : std::vector<std::pair<std::string, std::string>>{
           {"service_level", "Answered within 20 s"}, {"abandon_rate", "Abandoned"}}) {
    svg::Chart c(label + " per interval", html::kChartWidth, 320);
    c.set_legend({{"observed", svg::series_color(0), svg::LegendEntry::Kind::line, ""},
                  {"simulated", svg::series_color(1), svg::LegendEntry::Kind::line, "6 4"}});
    const auto& iv = b["intervals"];
    const double x0 = iv.front()["start_s"].get<double>() / 3600.0;
    const double x1 = iv.back()["start_s"].get<double>() / 3600.0;
    c.x_linear(x0, x1, "interval start (hour of the day)", svg::Format::number, 12, true);
    c.y_linear(0, 1, "share of offered calls", svg::Format::percent);
    std::vector<std::pair<double, html::Est>> obs;
    std::vector<std::pair<double, html::Est>> sim;
    for (const auto& k : iv) {
      const double x = k["start_s"].get<double>() / 3600.0;
      const Json& o = metric == "service_level" ? k["observed"]["service_level"]["20"] : k["observed"][metric];
      const Json& s = metric == "service_level" ? k["simulated"]["service_level"]["20"] : k["simulated"][metric];
      obs.push_back({x, {html::number(&o["day_mean"]), html::number(&o["ci95"])}});
      sim.emplace_back(x, html::est(&s));
    }
    html::plot_estimates(c, obs, {}, {svg::series_color(0), 2.0, ""}, 0.15, 2.5);
    html::plot_estimates(c, sim, {}, {svg::series_color(1), 2.0, "6 4"}, 0.15, 2.5);
    page.figure(c, label + ": observed (mean of the test days) and simulated, with their 95% CIs.");
  }
  std::string t =
      "<table><tr><th>scope</th><th>abandoned, pp</th><th>SL 20 s, pp</th><th>ASA, relative</th><th>within 3 pp / 5 pp "
      "/ 25%</th></tr>";
  for (const auto& [scope, a] : b["acceptance"].items()) {
    t += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", svg::escape(scope),
                     svg::fixed(a["abandon_rate_pp"].get<double>(), 2),
                     svg::fixed(a["service_level_20_pp"].get<double>(), 2),
                     svg::format_value(a["asa_relative"].get<double>(), svg::Format::percent, 1),
                     a["within"].get<bool>() ? "yes" : "no");
  }
  page.raw(t + "</table>\n");
}

}  // namespace

std::string fit_report_html(const Json& doc) {
  html::Page page;
  page.title = "ccsim fit: " + doc["records"]["file"].get<std::string>();
  page.raw(html::nav({{"regimes", "Regimes"},
                      {"patience", "Patience"},
                      {"handle", "Handle time"},
                      {"staffing", "Staffing"},
                      {"backtest", "Back-test"}}));
  regimes_section(page, doc);
  patience_section(page, doc);
  handle_section(page, doc);
  page.h2("staffing", "Agents per interval (calibrated by simulation)");
  std::string agents;
  for (const auto& k : doc["calibration"]["intervals"]) agents += std::to_string(k["agents"].get<int>()) + " ";
  page.para("Calibrated, not counted in the records: " + agents);
  for (const auto& w : doc["warnings"]) page.note("warning: " + w.get<std::string>());
  backtest_section(page, doc);
  return page.html();
}

void write_fit_report(const std::string& path, const Json& doc) { html::write_file(path, fit_report_html(doc)); }

}  // namespace ccsim::fit
