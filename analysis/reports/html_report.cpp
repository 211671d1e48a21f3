#include "analysis/reports/html_report.hpp"

#include "analysis/estimators/summary.hpp"
#include "analysis/reports/svg.hpp"
#include "sim/error.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <initializer_list>
#include <map>
#include <optional>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

namespace ccsim::analysis {

namespace {

using svg::escape;
using svg::fixed;

constexpr double kChartWidth = 940.0;
const std::string kTotalColor = "#444444";
const std::string kTargetColor = "#B3261E";
const std::string kBetterColor = "#007A5A";
const std::string kWorseColor = "#C33D00";
const std::string kNeutralColor = "#767676";

// ---------------------------------------------------------------------------------------------
// Reading the JSON documents. Nothing here throws: a missing key, a null or a value of the
// wrong type is simply absent, and is drawn as a gap.

const Json* child(const Json* j, std::string_view key) {
  if (j == nullptr || !j->is_object()) return nullptr;
  const auto it = j->find(std::string(key));
  return it == j->end() ? nullptr : &*it;
}

// Nested keys, outermost first.
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
  if (j->is_number()) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.6g", j->get<double>());
    return buf;
  }
  return j->dump();
}

// An estimate {"mean", "ci95"}; a bare number is a mean without CI.
struct Est {
  std::optional<double> mean;
  std::optional<double> ci95;
  [[nodiscard]] std::optional<double> lo() const {
    if (mean && ci95) return *mean - *ci95;
    return std::nullopt;
  }
  [[nodiscard]] std::optional<double> hi() const {
    if (mean && ci95) return *mean + *ci95;
    return std::nullopt;
  }
  // Highest value drawn for it (mean plus half-width), for axis ranges.
  [[nodiscard]] double top() const { return mean ? *mean + ci95.value_or(0.0) : 0.0; }
};

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

// Service-level thresholds of a results document, as their JSON keys ("10", "20", "7.5").
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

// "service_level_target": {"within_s", "at_least"}, when the results carry one.
struct Target {
  double within_s = 0.0;
  double at_least = 0.0;
};

std::optional<Target> target_of(const Json& results) {
  const Json* t = child(&results, "service_level_target");
  const auto within = number(child(t, "within_s"));
  const auto at_least = number(child(t, "at_least"));
  if (!within || !at_least) return std::nullopt;
  return Target{*within, *at_least};
}

// The threshold key that service level per interval is shown at: the target's, else the first.
std::optional<std::string> headline_threshold(const Json& results, const std::vector<std::string>& keys) {
  if (const auto t = target_of(results)) {
    const std::string key = Summary::threshold_key(t->within_s);
    if (std::find(keys.begin(), keys.end(), key) != keys.end()) return key;
  }
  if (keys.empty()) return std::nullopt;
  return keys.front();
}

// ---------------------------------------------------------------------------------------------
// Formatting

std::string duration_text(double s) {
  if (!std::isfinite(s)) return "";
  if (s != 0.0 && std::fmod(s, 3600.0) == 0.0) return fixed(s / 3600.0, 0) + " h";
  if (s != 0.0 && std::fmod(s, 60.0) == 0.0) return fixed(s / 60.0, 0) + " min";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g s", s);
  return buf;
}

std::string plain(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

enum class Kind { count, share, seconds, length };

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

// "46.1% ± 2.4" for tooltips; "no value" when undefined.
std::string est_text(const Est& e, Kind kind) {
  if (!e.mean) return "no value";
  std::string s = value_text(*e.mean, kind);
  if (e.ci95) s += " " + ci_text(*e.ci95, kind, *e.mean);
  return s;
}

// Table cell: the mean, the half-width under it in grey.
std::string cell(const Est& e, Kind kind) {
  if (!e.mean) return "<td class=\"na\">–</td>";
  std::string s = "<td>" + escape(value_text(*e.mean, kind));
  if (e.ci95) s += "<span class=\"ci\">" + escape(ci_text(*e.ci95, kind, *e.mean)) + "</span>";
  return s + "</td>";
}

// ---------------------------------------------------------------------------------------------
// Page

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

struct Page {
  std::string title;
  std::string body;

  void h2(const std::string& id, const std::string& text) {
    body += "<h2 id=\"" + escape(id) + "\">" + escape(text) + "</h2>\n";
  }
  void h3(const std::string& text) { body += "<h3>" + escape(text) + "</h3>\n"; }
  void para(const std::string& text, const std::string& cls = "") {
    body += "<p" + (cls.empty() ? std::string() : " class=\"" + cls + "\"") + ">" + escape(text) + "</p>\n";
  }
  void note(const std::string& text) { para(text, "note"); }
  void figure(const svg::Chart& chart, const std::string& caption) {
    body += "<figure>" + chart.svg() + "<figcaption>" + escape(caption) + "</figcaption></figure>\n";
  }
  void raw(const std::string& html) { body += html; }

  [[nodiscard]] std::string html() const {
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
};

void write_file(const std::string& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) {
    const int err = errno;
    throw InputError("--report " + path + ": cannot write the file (" +
                     (err != 0 ? std::generic_category().message(err) : std::string("cannot open")) + ")");
  }
  out << content;
  out.close();
  if (!out) throw InputError("--report " + path + ": cannot write the file (write failed)");
}

std::string nav(const std::vector<std::pair<std::string, std::string>>& links) {
  std::string s = "<nav>";
  for (const auto& [id, text] : links) s += "<a href=\"#" + escape(id) + "\">" + escape(text) + "</a>";
  return s + "</nav>\n";
}

// Dash patterns that tell series apart in a grey-scale print.
std::string dash_of(std::size_t i) {
  static const char* const dashes[] = {"", "7 4", "2 3", "10 3 2 3"};
  return dashes[i % 4];
}

// Scopes of the summary: the total, then every call type (only when there are several:
// one call type is the total).
struct Scope {
  std::string label;
  const Json* figures;
  std::string color;
};

std::vector<Scope> scopes_of(const Json* totals, const Json* call_types) {
  std::vector<Scope> out;
  const auto names = keys_of(call_types);
  if (totals != nullptr) out.push_back({"total", totals, kTotalColor});
  if (names.size() > 1 || totals == nullptr) {
    for (std::size_t i = 0; i < names.size(); ++i) {
      out.push_back({names[i], child(call_types, names[i]), svg::series_color(i)});
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Run report sections

void summary_table(Page& page, const Json& results, const std::vector<std::string>& thresholds) {
  const auto scopes = scopes_of(child(&results, "totals"), child(&results, "call_types"));
  std::string s =
      "<div class=\"table-wrap\"><table>\n<thead><tr><th></th><th>offered</th><th>answered</th>"
      "<th>abandoned</th><th>blocked</th>";
  for (const auto& t : thresholds) s += "<th>SL " + escape(t) + " s</th>";
  s += "<th>abandon rate</th><th>ASA</th><th>mean wait</th></tr></thead>\n<tbody>\n";
  for (const auto& sc : scopes) {
    s += sc.label == "total" ? "<tr class=\"total\">" : "<tr>";
    s += "<td>" + escape(sc.label) + "</td>";
    for (const char* m : {"offered", "answered", "abandoned", "blocked"})
      s += cell(est(child(sc.figures, m)), Kind::count);
    for (const auto& t : thresholds) s += cell(est(at(sc.figures, {"service_level", t})), Kind::share);
    s += cell(est(child(sc.figures, "abandon_rate")), Kind::share);
    s += cell(est(child(sc.figures, "asa")), Kind::seconds);
    s += cell(est(child(sc.figures, "mean_wait")), Kind::seconds);
    s += "</tr>\n";
  }
  s += "</tbody></table></div>\n";
  page.raw(s);
}

Kind kind_of_metric(const std::string& text) {
  if (text.find("service_level") != std::string::npos || text.find("rate") != std::string::npos ||
      text.find("occupancy") != std::string::npos || text.find("p_wait") != std::string::npos)
    return Kind::share;
  if (text.find("asa") != std::string::npos || text.find("wait") != std::string::npos) return Kind::seconds;
  return Kind::count;
}

void expectations_section(Page& page, const Json& results) {
  page.h2("expectations", "Expectations");
  const Json* list = child(&results, "expectations");
  if (list == nullptr || !list->is_array() || list->empty()) {
    page.note("The scenario states no expectations.");
    return;
  }
  std::size_t met = 0, total = 0;
  std::string rows;
  for (const auto& e : *list) {
    const std::string text = text_of(child(&e, "text"));
    const Kind kind = kind_of_metric(text);
    const Json* m = child(&e, "met");
    std::string verdict = "<td class=\"na\">unknown</td>";
    if (m != nullptr && m->is_boolean()) {
      ++total;
      if (m->get<bool>()) {
        ++met;
        verdict = "<td class=\"met\">✓ met</td>";
      } else {
        verdict = "<td class=\"notmet\">✗ not met</td>";
      }
    }
    rows += "<tr><td class=\"text\">" + escape(text) + "</td>" +
            cell({number(child(&e, "value")), number(child(&e, "ci95"))}, kind) + verdict + "</tr>\n";
  }
  std::string summary = std::to_string(met) + " of " + std::to_string(total) + " expectations met";
  if (total < list->size()) summary += "; " + std::to_string(list->size() - total) + " without a result";
  page.para(summary + ".");
  page.raw(
      "<div class=\"table-wrap\"><table>\n<thead><tr><th>expectation</th><th>value</th><th "
      "class=\"text\">result</th></tr>"
      "</thead>\n<tbody>\n" +
      rows + "</tbody></table></div>\n");
}

// Chart 1: service level per threshold, one bar per scope, CI whiskers, target line.
void service_level_chart(Page& page, const Json& results, const std::vector<std::string>& thresholds) {
  const auto scopes = scopes_of(child(&results, "totals"), child(&results, "call_types"));
  const auto target = target_of(results);
  if (thresholds.empty() || scopes.empty()) {
    page.note("These results carry no service-level figures.");
    return;
  }
  svg::Chart c("Service level by threshold", kChartWidth, 380.0);
  std::vector<svg::LegendEntry> legend;
  for (const auto& sc : scopes) legend.push_back({sc.label, sc.color, svg::LegendEntry::Kind::box, ""});
  if (target) legend.push_back({"target", kTargetColor, svg::LegendEntry::Kind::line, "6 4"});
  c.set_legend(legend);
  std::vector<std::string> names;
  for (const auto& t : thresholds) names.push_back("within " + t + " s");
  c.x_bands(names, "answered within threshold T (seconds)", 0.25);
  c.y_linear(0.0, 1.0, "service level (% of offered calls)", svg::Format::percent, 6);
  const auto& band = c.x_band();
  std::optional<double> target_x;
  if (target) {
    const auto it = std::find(thresholds.begin(), thresholds.end(), Summary::threshold_key(target->within_s));
    if (it != thresholds.end()) {
      const auto i = static_cast<std::size_t>(it - thresholds.begin());
      target_x = band.center(i);
      c.shade_px(band.r0 + band.step() * static_cast<double>(i), c.plot_top(), band.step(),
                 c.plot_bottom() - c.plot_top(), "#FBEAEA");
    }
  }
  const double slot = std::min(band.width() / static_cast<double>(scopes.size()), 70.0);
  const double group = slot * static_cast<double>(scopes.size());
  for (std::size_t i = 0; i < thresholds.size(); ++i) {
    for (std::size_t k = 0; k < scopes.size(); ++k) {
      const Est e = est(at(scopes[k].figures, {"service_level", thresholds[i]}));
      if (!e.mean) continue;
      const double x = band.center(i) - group / 2.0 + slot * static_cast<double>(k);
      const double y = c.py(std::clamp(*e.mean, 0.0, 1.0));
      c.rect_px(x + 1.0, y, slot - 2.0, c.plot_bottom() - y, scopes[k].color,
                scopes[k].label + ", within " + thresholds[i] + " s: " + est_text(e, Kind::share));
      if (e.ci95) c.error_bar_v(x + slot / 2.0, *e.lo(), *e.hi(), std::min(5.0, slot / 4.0));
    }
  }
  std::string caption =
      "Share of offered calls answered within each threshold (answered within T ÷ offered), for all calls and "
      "per call type; whiskers: 95% confidence interval over replications.";
  if (target) {
    const std::string text =
        "target " + fixed(100.0 * target->at_least, 0) + "% within " + Summary::threshold_key(target->within_s) + " s";
    c.hline(target->at_least, text, kTargetColor, "6 4", target_x);
    caption += " Dashed line and shaded group: the " + text + ".";
  }
  page.figure(c, caption);
}

// Time axis of per-interval charts: hours, or minutes for horizons up to 3 h.
struct TimeAxis {
  double unit_s = 3600.0;
  std::string label = "time from start of horizon (h)";
};

TimeAxis time_axis(double horizon_s) {
  if (horizon_s > 0.0 && horizon_s <= 3.0 * 3600.0) return {60.0, "time from start of horizon (min)"};
  return {};
}

struct IntervalInfo {
  std::vector<const Json*> items;
  std::vector<double> start_s;
  double length_s = 0.0;
  double horizon_s = 0.0;
  double warmup_s = 0.0;
  struct Outage {
    std::string site;
    double from_s, for_s;
  };
  std::vector<Outage> outages;
};

IntervalInfo intervals_of(const Json& results) {
  IntervalInfo info;
  const Json* list = child(&results, "intervals");
  const double length = number(child(&results, "interval_s")).value_or(0.0);
  const double horizon = number(child(&results, "horizon_s")).value_or(0.0);
  if (list == nullptr || !list->is_array()) return info;
  for (const auto& iv : *list) info.items.push_back(&iv);
  const std::size_t n = info.items.size();
  info.length_s = length > 0.0 ? length : (n > 0 && horizon > 0.0 ? horizon / static_cast<double>(n) : 1800.0);
  for (std::size_t i = 0; i < n; ++i) {
    info.start_s.push_back(number(child(info.items[i], "start_s")).value_or(static_cast<double>(i) * info.length_s));
  }
  info.horizon_s = horizon > 0.0 ? horizon : (n > 0 ? info.start_s.back() + info.length_s : 0.0);
  info.warmup_s = number(child(&results, "warmup_s")).value_or(0.0);
  if (const Json* outages = child(&results, "outages"); outages != nullptr && outages->is_array()) {
    for (const auto& o : *outages) {
      const auto from = number(child(&o, "from_s"));
      const auto span = number(child(&o, "for_s"));
      if (from && span) info.outages.push_back({text_of(child(&o, "site")), *from, *span});
    }
  }
  return info;
}

// Text with a white halo, legible over bars and lines.
void halo_text(svg::Chart& c, double x, double y, const std::string& text, double size, const std::string& color,
               const std::string& anchor = "start") {
  c.raw("<text x=\"" + fixed(x, 1) + "\" y=\"" + fixed(y, 1) + "\" text-anchor=\"" + anchor + "\" font-size=\"" +
            fixed(size, 1) + "\" fill=\"" + color +
            "\" stroke=\"#ffffff\" stroke-width=\"3\" stroke-linejoin=\"round\" paint-order=\"stroke\">" +
            escape(text) + "</text>",
        true);
}

// Marks the warm-up and the site outages on a time axis.
void shade_periods(svg::Chart& c, const IntervalInfo& info, const TimeAxis& ta) {
  if (info.warmup_s > 0.0) {
    const double x0 = c.px(0.0);
    const double x1 = c.px(info.warmup_s / ta.unit_s);
    c.shade_px(x0, c.plot_top(), x1 - x0, c.plot_bottom() - c.plot_top(), "#EFEFEF");
    halo_text(c, x0 + 4.0, c.plot_top() + 14.0, "warm-up (not counted)", 11.0, "#555555");
  }
  for (const auto& o : info.outages) {
    const double x0 = c.px(o.from_s / ta.unit_s);
    const double x1 = c.px((o.from_s + o.for_s) / ta.unit_s);
    c.shade_px(x0, c.plot_top(), x1 - x0, c.plot_bottom() - c.plot_top(), "#FCE9D9");
    halo_text(c, x0 + 3.0, c.plot_top() + 14.0, "outage: " + o.site, 11.0, "#8A4B12");
  }
}

// Chart 2a: outcomes per interval, stacked: answered + abandoned + ... = offered.
void interval_volume_chart(Page& page, const IntervalInfo& info, const TimeAxis& ta, const std::string& interval_text) {
  struct Part {
    const char* key;
    const char* label;
    std::string color;
  };
  const std::vector<Part> all = {{"answered", "answered", "#0072B2"},
                                 {"abandoned", "abandoned", "#E69F00"},
                                 {"blocked", "blocked", "#D55E00"},
                                 {"overflowed_out", "overflowed out", "#CC79A7"},
                                 {"dropped", "dropped (outage)", "#999999"}};
  std::vector<Part> parts;
  double y_max = 0.0;
  for (const auto& part : all) {
    bool any = std::string_view(part.key) == "answered" || std::string_view(part.key) == "abandoned";
    for (const auto* iv : info.items) any = any || est(at(iv, {"totals", part.key})).mean.value_or(0.0) > 0.0;
    if (any) parts.push_back(part);
  }
  for (const auto* iv : info.items) {
    double sum = 0.0;
    for (const auto& part : parts) sum += std::max(0.0, est(at(iv, {"totals", part.key})).mean.value_or(0.0));
    y_max = std::max({y_max, sum, est(at(iv, {"totals", "offered"})).top()});
  }
  svg::Chart c("Calls per interval by outcome", kChartWidth, 380.0);
  std::vector<svg::LegendEntry> legend;
  for (const auto& part : parts) legend.push_back({part.label, part.color, svg::LegendEntry::Kind::box, ""});
  legend.push_back({"offered, 95% CI", "#222222", svg::LegendEntry::Kind::line, ""});
  c.set_legend(legend);
  c.x_linear(0.0, info.horizon_s / ta.unit_s, ta.label, svg::Format::number, 10, true);
  // Headroom above the tallest bar for the period labels.
  c.y_linear(0.0, y_max > 0.0 ? 1.08 * y_max : 1.0, "calls per interval (" + interval_text + ")");
  shade_periods(c, info, ta);
  const double w = std::max(1.0, c.px(info.length_s / ta.unit_s) - c.px(0.0));
  const double gap = std::min(2.0, w * 0.15);
  for (std::size_t i = 0; i < info.items.size(); ++i) {
    const double t0 = info.start_s[i] / ta.unit_s;
    const std::string when = duration_text(info.start_s[i]) + "–" + duration_text(info.start_s[i] + info.length_s);
    double base = 0.0;
    for (const auto& part : parts) {
      const Est e = est(at(info.items[i], {"totals", part.key}));
      if (!e.mean || *e.mean <= 0.0) continue;
      const double y0 = c.py(base);
      const double y1 = c.py(base + *e.mean);
      c.rect_px(c.px(t0) + gap / 2.0, y1, w - gap, y0 - y1, part.color,
                when + ": " + part.label + " " + est_text(e, Kind::count));
      base += *e.mean;
    }
    const Est offered = est(at(info.items[i], {"totals", "offered"}));
    if (offered.ci95) c.error_bar_v(c.px(t0) + w / 2.0, *offered.lo(), *offered.hi(), std::min(4.0, w / 3.0));
  }
  page.figure(c,
              "Calls offered in each interval (by arrival time), split by outcome; bars stack to the offered "
              "calls. Whiskers: 95% confidence interval of the offered calls. Means over replications.");
}

// Chart 2b: service level per interval at the headline threshold, per scope, with CI bands.
void interval_service_level_chart(Page& page, const Json& results, const IntervalInfo& info, const TimeAxis& ta,
                                  const std::string& key) {
  const Json* first_call_types = info.items.empty() ? nullptr : child(info.items.front(), "call_types");
  const auto names = keys_of(first_call_types);
  struct Series {
    std::string label;
    std::string color;
    std::vector<std::string> path;  // below the interval
  };
  std::vector<Series> series;
  series.push_back({"total", kTotalColor, {"totals", "service_level", key}});
  if (names.size() > 1) {
    for (std::size_t i = 0; i < names.size(); ++i) {
      series.push_back({names[i], svg::series_color(i), {"call_types", names[i], "service_level", key}});
    }
  }
  const auto target = target_of(results);
  const bool at_target = target && Summary::threshold_key(target->within_s) == key;
  svg::Chart c("Service level within " + key + " s per interval", kChartWidth, 380.0);
  std::vector<svg::LegendEntry> legend;
  for (std::size_t k = 0; k < series.size(); ++k) {
    legend.push_back({series[k].label, series[k].color, svg::LegendEntry::Kind::line, dash_of(k)});
  }
  if (at_target) legend.push_back({"target", kTargetColor, svg::LegendEntry::Kind::line, "6 4"});
  c.set_legend(legend);
  c.x_linear(0.0, info.horizon_s / ta.unit_s, ta.label, svg::Format::number, 10, true);
  c.y_linear(0.0, 1.0, "service level within " + key + " s (% of offered)", svg::Format::percent, 6);
  shade_periods(c, info, ta);
  const auto lookup = [](const Json* iv, const std::vector<std::string>& path) {
    const Json* j = iv;
    for (const auto& p : path) j = child(j, p);
    return est(j);
  };
  for (std::size_t k = 0; k < series.size(); ++k) {
    std::vector<svg::Interval> slices;
    std::vector<svg::Point> points;
    std::vector<std::string> tips;
    for (std::size_t i = 0; i < info.items.size(); ++i) {
      const Est e = lookup(info.items[i], series[k].path);
      const double x = (info.start_s[i] + info.length_s / 2.0) / ta.unit_s;
      slices.push_back({x, e.lo(), e.hi()});
      points.push_back({x, e.mean});
      tips.push_back(series[k].label + ", " + duration_text(info.start_s[i]) + "–" +
                     duration_text(info.start_s[i] + info.length_s) + ": " + est_text(e, Kind::share));
    }
    c.band(slices, series[k].color, k == 0 ? 0.2 : 0.1);
    c.line(points, {series[k].color, k == 0 ? 2.4 : 1.8, dash_of(k)});
    c.dots(points, series[k].color, 2.6, tips);
  }
  std::string caption = "Share of the calls arriving in each interval that were answered within " + key +
                        " s. Shaded bands: 95% confidence intervals; gaps where an interval had no calls.";
  if (at_target) {
    c.hline(target->at_least, "target " + fixed(100.0 * target->at_least, 0) + "%", kTargetColor);
    caption += " Dashed line: the target.";
  }
  page.figure(c, caption);
}

// Calls arriving during each site outage, and what happened to the callers waiting there.
void outage_table(Page& page, const Json& results, const std::optional<std::string>& headline) {
  const Json* outages = child(&results, "outages");
  if (outages == nullptr || !outages->is_array() || outages->empty()) return;
  page.h3("Site outages");
  std::string s =
      "<div class=\"table-wrap\"><table>\n<thead><tr><th>site</th><th>from</th><th>for</th>"
      "<th class=\"text\">waiting callers</th><th>offered meanwhile</th>";
  if (headline) s += "<th>SL " + escape(*headline) + " s</th>";
  s += "<th>abandon rate</th><th>rerouted waiting</th><th>dropped waiting</th></tr></thead>\n<tbody>\n";
  for (const auto& o : *outages) {
    s += "<tr><td>" + escape(text_of(child(&o, "site"))) + "</td>";
    const auto from = number(child(&o, "from_s"));
    const auto length = number(child(&o, "for_s"));
    s += "<td>" + escape(from ? duration_text(*from) : std::string("–")) + "</td>";
    s += "<td>" + escape(length ? duration_text(*length) : std::string("–")) + "</td>";
    s += "<td class=\"text\">" + escape(text_of(child(&o, "waiting_calls"))) + "</td>";
    s += cell(est(child(&o, "offered")), Kind::count);
    if (headline) s += cell(est(at(&o, {"service_level", *headline})), Kind::share);
    s += cell(est(child(&o, "abandon_rate")), Kind::share);
    s += cell(est(child(&o, "rerouted_waiting")), Kind::count);
    s += cell(est(child(&o, "dropped_waiting")), Kind::count);
    s += "</tr>\n";
  }
  page.raw(s + "</tbody></table></div>\n");
  page.para("Calls arriving during the outage, by arrival time; the shaded periods in the charts above.");
}

// Chart 3: mean and max queue length per queue.
void queue_section(Page& page, const Json& results, const IntervalInfo& info, const TimeAxis& ta,
                   const std::optional<std::string>& headline) {
  page.h2("queues", "Queues");
  const Json* queues = child(&results, "queues");
  const auto names = keys_of(queues);
  if (names.empty()) {
    page.note("These results carry no queue figures.");
    return;
  }
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

  // Per-interval queue figures, when the results carry them.
  bool per_interval = false;
  for (const auto* iv : info.items) per_interval = per_interval || child(iv, "queues") != nullptr;
  if (!per_interval) return;
  double top = 0.0;
  for (const auto* iv : info.items) {
    for (const auto& q : names) top = std::max(top, est(at(iv, {"queues", q, "mean_queue_length"})).top());
  }
  svg::Chart ci("Mean queue length per interval", kChartWidth, 340.0);
  std::vector<svg::LegendEntry> legend;
  for (std::size_t k = 0; k < names.size(); ++k) {
    legend.push_back({names[k], svg::series_color(k), svg::LegendEntry::Kind::line, dash_of(k)});
  }
  ci.set_legend(legend);
  ci.x_linear(0.0, info.horizon_s / ta.unit_s, ta.label, svg::Format::number, 10, true);
  ci.y_linear(0.0, top > 0.0 ? 1.05 * top : 1.0, "callers waiting (time average)");
  shade_periods(ci, info, ta);
  for (std::size_t k = 0; k < names.size(); ++k) {
    std::vector<svg::Interval> slices;
    std::vector<svg::Point> points;
    std::vector<std::string> tips;
    for (std::size_t i = 0; i < info.items.size(); ++i) {
      const Est e = est(at(info.items[i], {"queues", names[k], "mean_queue_length"}));
      const double x = (info.start_s[i] + info.length_s / 2.0) / ta.unit_s;
      slices.push_back({x, e.lo(), e.hi()});
      points.push_back({x, e.mean});
      tips.push_back(names[k] + ", " + duration_text(info.start_s[i]) + ": " + est_text(e, Kind::length));
    }
    ci.band(slices, svg::series_color(k), 0.15);
    ci.line(points, {svg::series_color(k), 2.0, dash_of(k)});
    ci.dots(points, svg::series_color(k), 2.4, tips);
  }
  page.figure(ci,
              "Time-average number of callers waiting in each queue, per interval; bands: 95% confidence "
              "intervals.");
}

// Chart 4: overflow flows, as a layered flow diagram (Sankey-like) and a table.
struct Flow {
  std::string from;
  std::string to;
  std::string kind;  // "queue", "exit", ...
  Est calls;
};

std::vector<Flow> flows_of(const Json& results) {
  std::vector<Flow> out;
  const Json* queues = child(&results, "queues");
  const auto kind_of = [&](const std::string& name) { return child(queues, name) != nullptr ? "queue" : "exit"; };
  const Json* list = child(&results, "flows");
  if (list != nullptr && list->is_array()) {
    for (const auto& f : *list) {
      const std::string from = text_of(child(&f, "from"));
      const std::string to = text_of(child(&f, "to"));
      if (from.empty() || to.empty()) continue;
      std::string kind = text_of(child(&f, "to_kind"));
      if (kind.empty()) kind = kind_of(to);
      out.push_back({from, to, kind, est(child(&f, "calls"))});
    }
    return out;
  }
  for (const auto& q : keys_of(queues)) {
    const Json* over = at(queues, {q, "overflowed"});
    for (const auto& dest : keys_of(over)) {
      const Json* e = child(over, dest);
      if (e == nullptr || !e->is_object() || child(e, "mean") == nullptr) continue;
      out.push_back({q, dest, kind_of(dest), est(e)});
    }
  }
  return out;
}

std::string kind_color(const std::string& kind) {
  if (kind == "queue") return "#0072B2";
  if (kind == "exit") return "#D55E00";
  return "#CC79A7";
}

void flow_diagram(Page& page, const Json& results, const std::vector<Flow>& flows) {
  struct Node {
    std::string name;
    std::string kind;
    double in = 0.0, out = 0.0, entered = 0.0;
    std::size_t layer = 0;
    double x = 0.0, y = 0.0, h = 0.0, in_used = 0.0, out_used = 0.0;
  };
  std::vector<Node> nodes;
  std::map<std::string, std::size_t> index;
  const auto node = [&](const std::string& name, const std::string& kind) {
    const auto it = index.find(name);
    if (it != index.end()) return it->second;
    index.emplace(name, nodes.size());
    Node n;
    n.name = name;
    n.kind = kind;
    n.entered = est(at(&results, {"queues", name, "entered"})).mean.value_or(0.0);
    nodes.push_back(n);
    return nodes.size() - 1;
  };
  struct Link {
    std::size_t from, to;
    double calls;
    const Flow* flow;
  };
  std::vector<Link> links;
  for (const auto& f : flows) {
    if (f.from == f.to) continue;
    const double calls = std::max(0.0, f.calls.mean.value_or(0.0));
    const std::size_t a = node(f.from, "queue");
    const std::size_t b = node(f.to, f.kind);
    links.push_back({a, b, calls, &f});
    nodes[a].out += calls;
    nodes[b].in += calls;
  }
  // A flow that closes a cycle (found by depth-first search, in order of first appearance) is
  // left out of the layering and drawn as a loop under the diagram.
  const std::size_t n = nodes.size();
  std::vector<std::vector<std::size_t>> out_links(n);
  for (std::size_t i = 0; i < links.size(); ++i) out_links[links[i].from].push_back(i);
  std::vector<int> state(n, 0);  // 0 unvisited, 1 on the search path, 2 finished
  std::vector<bool> back(links.size(), false);
  const auto visit = [&](const auto& self, std::size_t v) -> void {
    state[v] = 1;
    for (const auto li : out_links[v]) {
      const std::size_t w = links[li].to;
      if (state[w] == 1) back[li] = true;
      else if (state[w] == 0) self(self, w);
    }
    state[v] = 2;
  };
  for (std::size_t v = 0; v < n; ++v) {
    if (state[v] == 0) visit(visit, v);
  }
  // Layers: longest path from the sources over the remaining (acyclic) flows; exits last.
  for (std::size_t pass = 0; pass < n; ++pass) {
    for (std::size_t i = 0; i < links.size(); ++i) {
      if (!back[i]) nodes[links[i].to].layer = std::max(nodes[links[i].to].layer, nodes[links[i].from].layer + 1);
    }
  }
  const bool any_back = std::find(back.begin(), back.end(), true) != back.end();
  std::size_t last = 1;
  for (const auto& nd : nodes) last = std::max(last, nd.layer);
  for (auto& nd : nodes) {
    if (nd.kind == "exit") nd.layer = last;
  }
  std::vector<std::vector<std::size_t>> columns(last + 1);
  for (std::size_t i = 0; i < n; ++i) columns[nodes[i].layer].push_back(i);
  std::size_t tallest = 1;
  for (const auto& col : columns) tallest = std::max(tallest, col.size());

  const double loops = any_back ? 60.0 : 0.0;  // room under the nodes for the loops
  const double height = std::clamp(140.0 + 70.0 * static_cast<double>(tallest), 260.0, 620.0) + loops;
  svg::Chart c("Overflow flows between queues and exits", kChartWidth, height);
  c.set_legend({{"to a queue", kind_color("queue"), svg::LegendEntry::Kind::box, ""},
                {"to an exit", kind_color("exit"), svg::LegendEntry::Kind::box, ""}});
  c.set_margins(150.0, 170.0);
  const double node_w = 14.0, gap = 36.0;
  const double top = c.plot_top() + 10.0, avail = c.plot_bottom() - top - loops;
  const auto value = [](const Node& nd) { return std::max({nd.in, nd.out, nd.entered}); };
  double k = 0.0;
  bool first = true;
  for (const auto& col : columns) {
    double sum = 0.0;
    for (const auto i : col) sum += value(nodes[i]);
    if (sum <= 0.0) continue;
    const double kc = (avail - gap * static_cast<double>(col.size() - 1)) / sum;
    k = first ? kc : std::min(k, kc);
    first = false;
  }
  const double span = c.plot_right() - c.plot_left() - node_w;
  for (std::size_t l = 0; l < columns.size(); ++l) {
    // Each column centred vertically.
    double used = 0.0;
    for (const auto i : columns[l]) used += std::max(3.0, value(nodes[i]) * k) + gap;
    double y = top + std::max(0.0, (avail - (used - gap)) / 2.0);
    for (const auto i : columns[l]) {
      auto& nd = nodes[i];
      nd.x = c.plot_left() + span * static_cast<double>(l) / static_cast<double>(last);
      nd.y = y;
      nd.h = std::max(3.0, value(nd) * k);
      y += nd.h + gap;
    }
  }
  double nodes_bottom = top;
  for (const auto& nd : nodes) nodes_bottom = std::max(nodes_bottom, nd.y + nd.h);
  double loop_y = nodes_bottom + 22.0;
  for (std::size_t li = 0; li < links.size(); ++li) {
    const auto& l = links[li];
    auto& a = nodes[l.from];
    auto& b = nodes[l.to];
    const double t = l.calls * k;
    const double y0 = a.y + a.out_used + t / 2.0;
    const double y1 = b.y + b.in_used + t / 2.0;
    a.out_used += t;
    b.in_used += t;
    const double x0 = a.x + node_w, x1 = b.x;
    double xm = (x0 + x1) / 2.0;
    double label_y = (y0 + y1) / 2.0 + 4.0;
    std::string d = "M" + fixed(x0, 1) + " " + fixed(y0, 1) + " C" + fixed(xm, 1) + " " + fixed(y0, 1) + " " +
                    fixed(xm, 1) + " " + fixed(y1, 1) + " " + fixed(x1, 1) + " " + fixed(y1, 1);
    if (back[li]) {
      // Out to the right, under the nodes, back in from the left.
      const double yb = loop_y;
      loop_y += std::max(1.5, t) + 8.0;
      d = "M" + fixed(x0, 1) + " " + fixed(y0, 1) + " C" + fixed(x0 + 50.0, 1) + " " + fixed(y0, 1) + " " +
          fixed(x0 + 50.0, 1) + " " + fixed(yb, 1) + " " + fixed(x0, 1) + " " + fixed(yb, 1) + " L" + fixed(x1, 1) +
          " " + fixed(yb, 1) + " C" + fixed(x1 - 50.0, 1) + " " + fixed(yb, 1) + " " + fixed(x1 - 50.0, 1) + " " +
          fixed(y1, 1) + " " + fixed(x1, 1) + " " + fixed(y1, 1);
      xm = (x0 + x1) / 2.0;
      label_y = yb + 4.0;
    }
    const std::string tip = l.flow->from + " → " + l.flow->to + ": " + est_text(l.flow->calls, Kind::count) + " calls";
    c.raw("<path d=\"" + d + "\" fill=\"none\" stroke=\"" + kind_color(l.flow->kind) +
          "\" stroke-opacity=\"0.45\" stroke-width=\"" + fixed(std::max(1.5, t), 1) + "\"><title>" + escape(tip) +
          "</title></path>");
    halo_text(c, xm, label_y, value_text(l.calls, Kind::count) + " calls", 12.0, "#222222", "middle");
  }
  for (const auto& nd : nodes) {
    const std::string color = nd.kind == "exit" ? kind_color("exit") : "#3A3A3A";
    std::vector<std::string> lines;
    if (nd.kind == "queue" && nd.entered > 0.0) {
      lines.push_back(value_text(nd.entered, Kind::count) + " entered");
      lines.push_back(value_text(nd.out, Kind::count) + " overflowed");
    } else {
      lines.push_back(nd.kind + ": " + value_text(nd.in, Kind::count) + " calls in");
    }
    std::string tip = nd.name + " (" + nd.kind + ")";
    for (const auto& line : lines) tip += ", " + line;
    c.rect_px(nd.x, nd.y, node_w, nd.h, color, tip);
    // Labels outside the diagram on the first and last columns, to the right of the node between.
    const bool left = nd.layer == 0;
    const double tx = left ? nd.x - 8.0 : nd.x + node_w + 8.0;
    const std::string anchor = left ? "end" : "start";
    const double ty = nd.y + nd.h / 2.0 - 7.0 * static_cast<double>(lines.size()) + 4.0;
    halo_text(c, tx, ty, nd.name, 13.0, "#1b1b1b", anchor);
    for (std::size_t i = 0; i < lines.size(); ++i) {
      halo_text(c, tx, ty + 15.0 * static_cast<double>(i + 1), lines[i], 11.5, "#555555", anchor);
    }
  }
  page.figure(c,
              "Calls sent on by overflow rules, mean per replication: from each queue (left) to the queue or "
              "exit it overflowed to. Band widths are proportional to calls; a queue's bar to the calls that "
              "entered it.");
}

void flows_section(Page& page, const Json& results) {
  page.h2("flows", "Overflow flows");
  const auto flows = flows_of(results);
  if (flows.empty()) {
    const Json* list = child(&results, "flows");
    page.note(list != nullptr && list->is_array()
                  ? "No overflow flows: the scenario has no overflow rules, so no call moved between queues or to an "
                    "exit."
                  : "No overflow flows: these results do not report them.");
    return;
  }
  double total = 0.0;
  for (const auto& f : flows) total += std::max(0.0, f.calls.mean.value_or(0.0));
  if (total > 0.0) flow_diagram(page, results, flows);
  else page.note("Overflow rules exist, but no call overflowed.");
  std::string s =
      "<div class=\"table-wrap\"><table>\n<thead><tr><th>from</th><th class=\"text\">to</th><th "
      "class=\"text\">kind</th><th>calls</th>"
      "<th>share of calls entering</th></tr></thead>\n<tbody>\n";
  for (const auto& f : flows) {
    const Est entered = est(at(&results, {"queues", f.from, "entered"}));
    Est share;
    if (f.calls.mean && entered.mean && *entered.mean > 0.0) share.mean = *f.calls.mean / *entered.mean;
    s += "<tr><td>" + escape(f.from) + "</td><td class=\"text\">" + escape(f.to) + "</td><td class=\"text\">" +
         escape(f.kind) + "</td>" + cell(f.calls, Kind::count) + cell(share, Kind::share) + "</tr>\n";
  }
  page.raw(s + "</tbody></table></div>\n");

  // The rules behind the flows, when the results list them.
  std::string rules;
  const Json* queues = child(&results, "queues");
  for (const auto& q : keys_of(queues)) {
    const Json* list = at(queues, {q, "rules"});
    for (const auto& r : keys_of(list)) {
      const Json* rule = child(list, r);
      rules += "<tr><td>" + escape(q) + "</td><td class=\"text\">" + escape(text_of(child(rule, "text"))) + "</td>" +
               cell(est(child(rule, "fired")), Kind::count);
      const Json* on = child(rule, "switched_on");
      rules += on != nullptr ? cell(est(on), Kind::count) : std::string("<td class=\"na\">–</td>");
      rules += "</tr>\n";
    }
  }
  if (!rules.empty()) {
    page.h3("Overflow rules");
    page.raw(
        "<div class=\"table-wrap\"><table>\n<thead><tr><th>queue</th><th class=\"text\">rule (in "
        "order)</th><th>fired</th>"
        "<th>switched on</th></tr></thead>\n<tbody>\n" +
        rules + "</tbody></table></div>\n");
    page.para(
        "Fired: calls the rule sent on, per replication. Switched on: times a rule with hysteresis "
        "(until_below) became active.");
  }
}

// Chart 5: occupancy per agent group, horizontal bars.
void agent_section(Page& page, const Json& results) {
  page.h2("agents", "Agent groups");
  const Json* groups = child(&results, "agent_groups");
  const auto names = keys_of(groups);
  if (names.empty()) {
    page.note("These results carry no agent-group figures.");
    return;
  }
  std::size_t longest = 8;
  for (const auto& g : names) longest = std::max(longest, g.size());
  const double height = 110.0 + 44.0 * static_cast<double>(names.size());
  svg::Chart c("Occupancy per agent group", kChartWidth, height);
  c.set_margins(std::min(300.0, 30.0 + 7.5 * static_cast<double>(longest)), 60.0);
  c.y_bands(names, "", 0.35);
  c.x_linear(0.0, 1.0, "occupancy (% of logged-in time busy, incl. wrap-up)", svg::Format::percent, 11);
  const auto& band = c.y_band();
  for (std::size_t i = 0; i < names.size(); ++i) {
    const Est e = est(at(groups, {names[i], "occupancy"}));
    if (!e.mean) {
      c.text_px(c.px(0.0) + 6.0, band.center(i) + 4.0, "no value", "start", 12.0, "#767676");
      continue;
    }
    const double x1 = c.px(std::clamp(*e.mean, 0.0, 1.0));
    c.rect_px(c.px(0.0), band.start(i), x1 - c.px(0.0), band.width(), svg::series_color(0),
              names[i] + ": occupancy " + est_text(e, Kind::share));
    if (e.ci95) c.error_bar_h(band.center(i), *e.lo(), *e.hi(), 5.0);
    const double label_x = c.px(std::min(1.0, e.hi().value_or(*e.mean))) + 6.0;
    c.text_px(label_x, band.center(i) + 4.0, value_text(*e.mean, Kind::share), "start", 12.0);
  }
  page.figure(c,
              "Share of the agents' logged-in time spent in calls or wrap-up, over the counted period; "
              "whiskers: 95% confidence interval.");
  std::string s =
      "<div class=\"table-wrap\"><table>\n<thead><tr><th>agent group</th><th>mean agents</th>"
      "<th>occupancy</th><th>answered</th></tr></thead>\n<tbody>\n";
  for (const auto& g : names) {
    const Json* f = child(groups, g);
    s += "<tr><td>" + escape(g) + "</td>" + cell(est(child(f, "mean_agents")), Kind::length) +
         cell(est(child(f, "occupancy")), Kind::share) + cell(est(child(f, "answered")), Kind::count) + "</tr>\n";
  }
  page.raw(s + "</tbody></table></div>\n");
}

std::string run_meta(const Json& results) {
  std::string s = "ccsim " + text_of(child(&results, "ccsim_version"));
  if (const auto r = number(child(&results, "replications"))) {
    s += " · " + plain(*r) + (*r == 1.0 ? " replication (no confidence intervals)" : " replications");
  }
  if (const Json* seed = child(&results, "seed"); seed != nullptr && !seed->is_null()) s += " · seed " + text_of(seed);
  if (const auto h = number(child(&results, "horizon_s"))) s += " · horizon " + duration_text(*h);
  if (const auto w = number(child(&results, "warmup_s"))) s += " · warm-up " + (*w > 0.0 ? duration_text(*w) : "none");
  if (const auto i = number(child(&results, "interval_s"))) s += " · intervals of " + duration_text(*i);
  return s;
}

// ---------------------------------------------------------------------------------------------
// Sweep report

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
    std::vector<svg::Interval> slices;
    std::vector<svg::Point> points;
    std::vector<std::string> tips;
    for (const auto& [x, e] : curves[k].points) {
      slices.push_back({x, e.lo(), e.hi()});
      points.push_back({x, e.mean});
      tips.push_back(curves[k].label + " at " +
                     (categories.empty() ? plain(x) : categories[static_cast<std::size_t>(x)]) + ": " +
                     est_text(e, kind));
    }
    c.band(slices, svg::series_color(k), curves.size() > 1 ? 0.14 : 0.2);
    c.line(points, {svg::series_color(k), 2.2, dash_of(k)});
    c.dots(points, svg::series_color(k), 3.5, tips);
  }
  if (target) {
    c.hline(
        target->at_least,
        "target " + fixed(100.0 * target->at_least, 0) + "% within " + Summary::threshold_key(target->within_s) + " s",
        kTargetColor);
  }
  page.figure(c, caption);
}

// ---------------------------------------------------------------------------------------------
// Compare report

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

Kind metric_kind(const std::string& metric) {
  const auto slash = metric.rfind('/');
  const std::string last = slash == std::string::npos ? metric : metric.substr(slash + 1);
  if (metric.find("service_level") != std::string::npos || last.find("rate") != std::string::npos ||
      last == "occupancy" || last == "p_wait")
    return Kind::share;
  if (last == "asa" || last == "mean_wait" || metric.find("wait_percentiles") != std::string::npos)
    return Kind::seconds;
  return Kind::count;
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

void write_run_report(const std::string& path, const Json& results) {
  const auto thresholds = threshold_keys(results);
  const auto headline = headline_threshold(results, thresholds);
  const auto info = intervals_of(results);
  const auto ta = time_axis(info.horizon_s);
  const std::string name = text_of(child(&results, "scenario"));

  Page page;
  page.title = "ccsim run report: " + (name.empty() ? std::string("results") : name);
  page.raw("<h1>" + escape(name.empty() ? std::string("ccsim results") : name) + "</h1>\n");
  page.para(run_meta(results), "meta");
  std::string definition =
      "Every figure is the mean over replications with the half-width of its 95% "
      "confidence interval (Student t) under it, or alone with one replication. Service level "
      "(SL) = calls answered within T ÷ calls offered; ASA = mean wait of answered calls; "
      "waits run from arrival, across every queue.";
  if (const auto t = target_of(results)) {
    definition += " Target: " + fixed(100.0 * t->at_least, 0) + "% answered within " +
                  Summary::threshold_key(t->within_s) + " s.";
  }
  page.para(definition);
  page.raw(nav({{"summary", "Summary"},
                {"expectations", "Expectations"},
                {"service-level", "Service level"},
                {"intervals", "Per interval"},
                {"queues", "Queues"},
                {"flows", "Overflow flows"},
                {"agents", "Agent groups"}}));

  page.h2("summary", "Summary");
  summary_table(page, results, thresholds);
  expectations_section(page, results);

  page.h2("service-level", "Service level");
  service_level_chart(page, results, thresholds);

  page.h2("intervals", "Per interval");
  if (info.items.size() < 2) {
    page.note(
        "The results have a single reporting interval: the summary above is its only figure. Set "
        "\"interval\" in the scenario for figures per interval.");
  } else {
    const std::string interval_text = duration_text(info.length_s);
    interval_volume_chart(page, info, ta, interval_text);
    if (headline) interval_service_level_chart(page, results, info, ta, *headline);
  }
  outage_table(page, results, headline);

  queue_section(page, results, info, ta, headline);
  flows_section(page, results);
  agent_section(page, results);
  write_file(path, page.html());
}

void write_sweep_report(const std::string& path, const Json& sweep) {
  const std::string name = text_of(child(&sweep, "scenario"));
  std::vector<std::string> vary;
  if (const Json* v = child(&sweep, "vary"); v != nullptr && v->is_array()) {
    for (const auto& p : *v) vary.push_back(text_of(&p));
  }
  std::vector<SweepPoint> points;
  if (const Json* list = child(&sweep, "points"); list != nullptr && list->is_array()) {
    for (const auto& p : *list) points.push_back({child(&p, "values"), child(&p, "results")});
  }
  if (vary.empty() && !points.empty()) vary = keys_of(points.front().values);

  Page page;
  page.title = "ccsim sweep report: " + (name.empty() ? std::string("sweep") : name);
  page.raw("<h1>" + escape(name.empty() ? std::string("ccsim sweep") : name) + "</h1>\n");
  std::string meta =
      "ccsim " + text_of(child(&sweep, "ccsim_version")) + " · sweep of " + std::to_string(points.size()) + " points";
  if (!points.empty() && points.front().results != nullptr) {
    if (const auto r = number(child(points.front().results, "replications"))) {
      meta += " · " + plain(*r) + (*r == 1.0 ? " replication each" : " replications each");
    }
  }
  page.para(meta, "meta");
  std::string varied = "Varied: ";
  for (std::size_t i = 0; i < vary.size(); ++i) varied += (i ? ", " : "") + vary[i];
  page.para(varied +
            ". Curves show the mean over replications at each point; shaded bands the 95% confidence "
            "interval. Service level = answered within T ÷ offered.");
  if (points.empty() || vary.empty()) {
    page.note("The sweep has no points.");
    write_file(path, page.html());
    return;
  }
  page.raw(
      nav({{"service-level", "Service level"}, {"abandonment", "Abandonment"}, {"asa", "ASA"}, {"points", "Points"}}));

  // x: the first varied parameter, numeric when every point's value is a number.
  const std::string& x_ptr = vary.front();
  bool numeric = true;
  for (const auto& p : points) numeric = numeric && number(child(p.values, x_ptr)).has_value();
  std::vector<std::string> categories;
  std::vector<double> xs;
  for (const auto& p : points) {
    if (numeric) {
      xs.push_back(*number(child(p.values, x_ptr)));
      continue;
    }
    const std::string v = text_of(child(p.values, x_ptr));
    auto it = std::find(categories.begin(), categories.end(), v);
    if (it == categories.end()) it = categories.insert(categories.end(), v);
    xs.push_back(static_cast<double>(it - categories.begin()));
  }
  // Series: one per combination of the other parameters, in order of first appearance.
  std::vector<std::string> series_labels;
  std::vector<std::size_t> series_of;
  for (const auto& p : points) {
    std::string label;
    for (std::size_t i = 1; i < vary.size(); ++i) {
      label += (i > 1 ? ", " : "") + vary[i] + " = " + text_of(child(p.values, vary[i]));
    }
    auto it = std::find(series_labels.begin(), series_labels.end(), label);
    if (it == series_labels.end()) it = series_labels.insert(series_labels.end(), label);
    series_of.push_back(static_cast<std::size_t>(it - series_labels.begin()));
  }
  const auto curves_for = [&](const std::vector<std::string>& figure_path, const std::string& label_if_one) {
    std::vector<Curve> curves(series_labels.size());
    for (std::size_t s = 0; s < curves.size(); ++s)
      curves[s].label = series_labels.size() == 1 ? label_if_one : series_labels[s];
    for (std::size_t i = 0; i < points.size(); ++i) {
      const Json* j = points[i].results;
      for (const auto& key : figure_path) j = child(j, key);
      curves[series_of[i]].points.emplace_back(xs[i], est(j));
    }
    for (auto& cv : curves) {
      std::stable_sort(cv.points.begin(), cv.points.end(),
                       [](const auto& a, const auto& b) { return a.first < b.first; });
    }
    return curves;
  };
  const Json* first_results = nullptr;
  for (const auto& p : points) {
    if (p.results != nullptr) {
      first_results = p.results;
      break;
    }
  }
  const Json empty = Json::object();
  const Json& reference = first_results != nullptr ? *first_results : empty;
  const auto thresholds = threshold_keys(reference);
  const auto target = target_of(reference);
  const std::string x_label = x_ptr + " (value set in the scenario)";

  page.h2("service-level", "Service level");
  if (thresholds.empty()) page.note("The results carry no service-level figures.");
  if (series_labels.size() == 1 && !thresholds.empty()) {
    std::vector<Curve> curves;
    for (const auto& t : thresholds) {
      auto one = curves_for({"totals", "service_level", t}, "within " + t + " s");
      curves.push_back(std::move(one.front()));
    }
    sweep_chart(page, "Service level against " + x_ptr, "service level (% of offered calls)", Kind::share, curves,
                x_label, categories, target,
                "Share of offered calls answered within each threshold, one curve per threshold; bands: 95% "
                "confidence intervals.");
  } else {
    for (const auto& t : thresholds) {
      const bool at_target = target && Summary::threshold_key(target->within_s) == t;
      sweep_chart(page, "Service level within " + t + " s against " + x_ptr, "service level within " + t + " s (%)",
                  Kind::share, curves_for({"totals", "service_level", t}, "total"), x_label, categories,
                  at_target ? target : std::nullopt,
                  "Share of offered calls answered within " + t +
                      " s, one curve per value of the other varied "
                      "parameters; bands: 95% confidence intervals.");
    }
  }
  page.h2("abandonment", "Abandonment");
  sweep_chart(page, "Abandonment against " + x_ptr, "abandoned (% of offered calls)", Kind::share,
              curves_for({"totals", "abandon_rate"}, "abandon rate"), x_label, categories, std::nullopt,
              "Share of offered calls abandoned before being answered; bands: 95% confidence intervals.");
  page.h2("asa", "Average speed of answer");
  sweep_chart(page, "ASA against " + x_ptr, "average speed of answer (s)", Kind::seconds,
              curves_for({"totals", "asa"}, "ASA"), x_label, categories, std::nullopt,
              "Mean wait of answered calls, from arrival; bands: 95% confidence intervals.");

  page.h2("points", "Points");
  std::string s = "<div class=\"table-wrap\"><table>\n<thead><tr>";
  for (const auto& v : vary) s += "<th>" + escape(v) + "</th>";
  s += "<th>offered</th>";
  for (const auto& t : thresholds) s += "<th>SL " + escape(t) + " s</th>";
  s += "<th>abandon rate</th><th>ASA</th><th class=\"text\">expectations met</th></tr></thead>\n<tbody>\n";
  for (const auto& p : points) {
    s += "<tr>";
    for (const auto& v : vary) s += "<td class=\"text\">" + escape(text_of(child(p.values, v))) + "</td>";
    const Json* totals = child(p.results, "totals");
    s += cell(est(child(totals, "offered")), Kind::count);
    for (const auto& t : thresholds) s += cell(est(at(totals, {"service_level", t})), Kind::share);
    s += cell(est(child(totals, "abandon_rate")), Kind::share);
    s += cell(est(child(totals, "asa")), Kind::seconds);
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
  write_file(path, page.html());
}

void write_compare_report(const std::string& path, const Json& compare) {
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
