#include "analysis/reports/html_page.hpp"

#include "analysis/estimators/summary.hpp"
#include "analysis/reports/json_lookup.hpp"
#include "analysis/reports/output_file.hpp"
#include "sim/error.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace ccsim::analysis::html {

namespace {

const char* const kStyle = R"css(
:root { color-scheme: light; }
* { box-sizing: border-box; }
html { background: #ffffff; }
body { margin: 0; background: #ffffff; color: #1b1b1b;
  font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", "Liberation Sans", "DejaVu Sans", sans-serif;
  -webkit-print-color-adjust: exact; print-color-adjust: exact; }
main { max-width: 1040px; margin: 0 auto; padding: 24px 28px 48px; }
h1 { font-size: 1.65rem; line-height: 1.25; margin: 0 0 .4rem; }
h2 { font-size: 1.25rem; margin: 2.2rem 0 .7rem; padding-bottom: .25rem; border-bottom: 1px solid #c8c8c8; }
h3 { font-size: 1.02rem; margin: 1.4rem 0 .4rem; }
p { margin: .4rem 0 .8rem; max-width: 62rem; }
.meta { color: #404040; }
nav { font-size: 14px; margin: .6rem 0 1rem; }
nav a { color: #0b5394; margin-right: 1rem; text-decoration: none; }
nav a:hover { text-decoration: underline; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; font-variant-numeric: tabular-nums; font-size: 13.5px; margin: .4rem 0 1.2rem; }
th, td { padding: 4px 8px; border-bottom: 1px solid #e1e1e1; text-align: right; vertical-align: top; white-space: nowrap; }
th:first-child, td:first-child { text-align: left; }
td.text { text-align: left; white-space: normal; }
thead th { border-bottom: 2px solid #8a8a8a; font-weight: 600; vertical-align: bottom; white-space: normal; }
th.text { text-align: left; }
tbody tr.total td { font-weight: 600; }
.ci { display: block; color: #5e5e5e; font-size: 12px; font-weight: 400; }
.na { color: #8a8a8a; }
.met { color: #006b4f; font-weight: 600; text-align: left; }
.notmet { color: #b3261e; font-weight: 700; text-align: left; }
.better { color: #006b4f; font-weight: 600; }
.worse { color: #b3261e; font-weight: 600; }
.same { color: #555555; }
.note { background: #f4f4f4; border-left: 3px solid #b5b5b5; padding: .5rem .8rem; color: #333333; }
figure { margin: 1rem 0 1.6rem; break-inside: avoid; page-break-inside: avoid; }
figcaption { color: #404040; font-size: 13.5px; margin-top: .35rem; max-width: 60rem; }
svg.chart { display: block; max-width: 100%; height: auto; font-family: inherit; font-size: 12px; }
figure.routing svg { display: block; max-width: 100%; height: auto; }
svg.chart .chart-title { font-size: 15px; font-weight: 600; fill: #1b1b1b; }
svg.chart .tick { font-size: 12px; fill: #333333; }
svg.chart .axis-label { font-size: 12.5px; fill: #1b1b1b; }
svg.chart .ref { font-size: 12px; font-weight: 600; }
footer { margin-top: 2.5rem; color: #5e5e5e; font-size: 13px; }
@media print {
  body { font-size: 10.5pt; }
  main { max-width: none; padding: 0; }
  nav { display: none; }
  h2 { break-after: avoid; page-break-after: avoid; }
  table { font-size: 9.5pt; }
}
@page { margin: 14mm; }
)css";

}  // namespace

const Json* child(const Json* j, std::string_view key) {
  if (j == nullptr || !j->is_object()) return nullptr;
  if (j->size() >= kIndexedMembers) {
    if (const Json* hit = indexed_member(*j, key)) return hit;
  }
  const auto it = j->find(std::string(key));
  return it == j->end() ? nullptr : &*it;
}

const Json* at(const Json* j, std::initializer_list<std::string_view> keys) {
  for (const auto key : keys) j = child(j, key);
  return j;
}

std::optional<double> number(const Json* j) {
  if (j == nullptr || !j->is_number()) return std::nullopt;
  const double v = j->get<double>();
  if (!std::isfinite(v)) return std::nullopt;
  return v;
}

std::string text_of(const Json* j) {
  if (j == nullptr || j->is_null()) return "";
  if (j->is_string()) return j->get<std::string>();
  if (j->is_number_integer()) return j->dump();
  if (j->is_number()) return plain(j->get<double>());
  return j->dump();
}

Est est(const Json* j) {
  if (j == nullptr) return {};
  if (j->is_number()) return {number(j), std::nullopt};
  return {number(child(j, "mean")), number(child(j, "ci95"))};
}

std::vector<std::string> keys_of(const Json* j) {
  std::vector<std::string> out;
  if (j == nullptr || !j->is_object()) return out;
  for (auto it = j->begin(); it != j->end(); ++it) out.push_back(it.key());
  return out;
}

std::vector<std::string> threshold_keys(const Json& results) {
  std::vector<std::string> out;
  const Json* list = child(&results, "service_level_thresholds_s");
  if (list != nullptr && list->is_array()) {
    for (const auto& t : *list) {
      if (const auto v = number(&t)) out.push_back(Summary::threshold_key(*v));
    }
  }
  if (out.empty()) out = keys_of(at(&results, {"totals", "service_level"}));
  return out;
}

std::optional<Target> target_of(const Json& results) {
  const Json* t = child(&results, "service_level_target");
  const auto within = number(child(t, "within_s"));
  const auto at_least = number(child(t, "at_least"));
  if (!within || !at_least) return std::nullopt;
  return Target{*within, *at_least};
}

std::optional<std::string> headline_threshold(const Json& results, const std::vector<std::string>& keys) {
  if (const auto t = target_of(results)) {
    const std::string key = Summary::threshold_key(t->within_s);
    if (std::find(keys.begin(), keys.end(), key) != keys.end()) return key;
  }
  if (keys.empty()) return std::nullopt;
  return keys.front();
}

std::string duration_text(double s) {
  if (!std::isfinite(s)) return "";
  if (s != 0.0 && std::fmod(s, 3600.0) == 0.0) return fixed(s / 3600.0, 0) + " h";
  if (s != 0.0 && std::fmod(s, 60.0) == 0.0) return fixed(s / 60.0, 0) + " min";
  return fmt::format("{:g} s", s);
}

std::string plain(double v) { return fmt::format("{:.6g}", v); }

Kind metric_kind(const std::string& metric) {
  const auto slash = metric.rfind('/');
  const std::string last = slash == std::string::npos ? metric : metric.substr(slash + 1);
  if (metric.find("service_level") != std::string::npos || last.find("rate") != std::string::npos ||
      last == "occupancy" || last == "p_wait")
    return Kind::share;
  if (last == "asa" || last == "mean_wait" || last == "callback_wait" ||
      metric.find("wait_percentiles") != std::string::npos)
    return Kind::seconds;
  return Kind::count;
}

std::string value_text(double v, Kind kind) {
  if (v == 0.0 && kind != Kind::share) return "0";
  switch (kind) {
    case Kind::share: return fixed(100.0 * v, 1) + "%";
    case Kind::seconds: return fixed(v, 1) + " s";
    case Kind::length: return fixed(v, 2);
    case Kind::count: break;
  }
  return fixed(v, std::abs(v) >= 100.0 ? 0 : 1);
}

std::string ci_text(double h, Kind kind, double mean) {
  if (h == 0.0) return "±0";
  switch (kind) {
    case Kind::share: return "±" + fixed(100.0 * h, 1);
    case Kind::seconds: return "±" + fixed(h, 1);
    case Kind::length: return "±" + fixed(h, 2);
    case Kind::count: break;
  }
  return "±" + fixed(h, std::abs(mean) >= 100.0 ? 0 : 1);
}

std::string est_text(const Est& e, Kind kind) {
  if (!e.mean) return "no value";
  std::string s = value_text(*e.mean, kind);
  if (e.ci95) s += " " + ci_text(*e.ci95, kind, *e.mean);
  return s;
}
std::string cell(const Est& e, Kind kind) {
  if (!e.mean) return "<td class=\"na\">–</td>";
  std::string s = "<td>" + escape(value_text(*e.mean, kind));
  if (e.ci95) s += "<span class=\"ci\">" + escape(ci_text(*e.ci95, kind, *e.mean)) + "</span>";
  return s + "</td>";
}

std::string Page::html() const {
  std::string s = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  s += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  s += "<meta name=\"generator\" content=\"ccsim\">\n";
  s += "<title>" + escape(title) + "</title>\n<style>" + kStyle + "</style>\n</head>\n<body>\n<main>\n";
  s += body;
  s += "<footer>Written by ccsim. Self-contained: no scripts, stylesheets, fonts or images are loaded "
       "from elsewhere. Hover a bar, point or flow for its figure.</footer>\n";
  s += "</main>\n</body>\n</html>\n";
  return s;
}

void write_file(const std::string& path, const std::string& content) {
  write_output_file("--report " + path, path, content);
}

std::string nav(const std::vector<std::pair<std::string, std::string>>& links) {
  std::string s = "<nav>";
  for (const auto& [id, text] : links) s += "<a href=\"#" + escape(id) + "\">" + escape(text) + "</a>";
  return s + "</nav>\n";
}

std::string dash_of(std::size_t i) {
  static const char* const dashes[] = {"", "7 4", "2 3", "10 3 2 3"};
  return dashes[i % 4];
}

void halo_text(svg::Chart& c, double x, double y, const std::string& text, double size, const std::string& color,
               const std::string& anchor) {
  c.raw("<text x=\"" + fixed(x, 1) + "\" y=\"" + fixed(y, 1) + "\" text-anchor=\"" + anchor + "\" font-size=\"" +
            fixed(size, 1) + "\" fill=\"" + color +
            "\" stroke=\"#ffffff\" stroke-width=\"3\" stroke-linejoin=\"round\" paint-order=\"stroke\">" +
            escape(text) + "</text>",
        true);
}

void plot_estimates(svg::Chart& c, const std::vector<std::pair<double, Est>>& points,
                    const std::vector<std::string>& tips, const svg::Stroke& stroke, double band_opacity,
                    double dot_radius) {
  std::vector<svg::Interval> slices;
  std::vector<svg::Point> means;
  for (const auto& [x, e] : points) {
    slices.push_back({x, e.lo(), e.hi()});
    means.push_back({x, e.mean});
  }
  c.band(slices, stroke.color, band_opacity);
  c.line(means, stroke);
  c.dots(means, stroke.color, dot_radius, tips);
}

}  // namespace ccsim::analysis::html
