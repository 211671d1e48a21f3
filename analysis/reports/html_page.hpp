// What the three HTML reports (run, sweep, compare) share: reading their JSON documents without
// ever throwing, writing figures as text, and the page itself (style sheet, headings, figures,
// the file). Internal to analysis/reports: html_report.hpp is the public entry.
#pragma once

#include "analysis/reports/results_json.hpp"
#include "analysis/reports/svg.hpp"

#include <cstddef>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ccsim::analysis::html {

using svg::escape;
using svg::fixed;

constexpr double kChartWidth = 940.0;
inline const std::string kTotalColor = "#444444";
inline const std::string kTargetColor = "#B3261E";

// ---------------------------------------------------------------------------------------------
// Reading the JSON documents. Nothing here throws: a missing key, a null or a value of the
// wrong type is simply absent, and is drawn as a gap.

[[nodiscard]] const Json* child(const Json* j, std::string_view key);

// Nested keys, outermost first.
[[nodiscard]] const Json* at(const Json* j, std::initializer_list<std::string_view> keys);

// A finite number, else nothing.
[[nodiscard]] std::optional<double> number(const Json* j);

// A string as it is, a number as written in a table ("%.6g"), anything else as JSON.
[[nodiscard]] std::string text_of(const Json* j);

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

[[nodiscard]] Est est(const Json* j);

// The keys of an object, in document order.
[[nodiscard]] std::vector<std::string> keys_of(const Json* j);

// Service-level thresholds of a results document, as their JSON keys ("10", "20", "7.5").
[[nodiscard]] std::vector<std::string> threshold_keys(const Json& results);

// "service_level_target": {"within_s", "at_least"}, when the results carry one.
struct Target {
  double within_s = 0.0;
  double at_least = 0.0;
};

[[nodiscard]] std::optional<Target> target_of(const Json& results);

// The threshold key that service level per interval is shown at: the target's, else the first.
[[nodiscard]] std::optional<std::string> headline_threshold(const Json& results, const std::vector<std::string>& keys);

// ---------------------------------------------------------------------------------------------
// Figures as text.

// "2 h", "30 min", or seconds ("45 s").
[[nodiscard]] std::string duration_text(double s);

// A number to 6 significant digits.
[[nodiscard]] std::string plain(double v);

enum class Kind { count, share, seconds, length };

[[nodiscard]] std::string value_text(double v, Kind kind);
// The kind of a results path ("service_level/20", "call_types/premium/asa", "abandon_rate"):
// shares, seconds, else counts.
[[nodiscard]] Kind metric_kind(const std::string& metric);
[[nodiscard]] std::string ci_text(double h, Kind kind, double mean);

// "46.1% ± 2.4" for tooltips; "no value" when undefined.
[[nodiscard]] std::string est_text(const Est& e, Kind kind);

// Table cell: the mean, the half-width under it in grey.
[[nodiscard]] std::string cell(const Est& e, Kind kind);

// ---------------------------------------------------------------------------------------------
// The page.

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

  // The whole document: head with the style sheet, the body, the footer.
  [[nodiscard]] std::string html() const;
};

// Writes the page to `path` (the --report file); throws InputError when it cannot.
void write_file(const std::string& path, const std::string& content);

// Links to the sections of the page: (id, text) pairs.
[[nodiscard]] std::string nav(const std::vector<std::pair<std::string, std::string>>& links);

// Dash patterns that tell series apart in a grey-scale print.
[[nodiscard]] std::string dash_of(std::size_t i);

// Text with a white halo, legible over bars and lines.
void halo_text(svg::Chart& c, double x, double y, const std::string& text, double size, const std::string& color,
               const std::string& anchor = "start");

// Estimates along x, drawn as a line through the means (a gap where one is missing), the band
// of their 95% CIs, and a dot with a tooltip at each point.
void plot_estimates(svg::Chart& c, const std::vector<std::pair<double, Est>>& points,
                    const std::vector<std::string>& tips, const svg::Stroke& stroke, double band_opacity,
                    double dot_radius);

}  // namespace ccsim::analysis::html
