#include "analysis/reports/svg.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <utility>

namespace ccsim::analysis::svg {

namespace {

constexpr double kFontSize = 12.0;
// A white outline under text keeps labels legible where they cross lines and bars.
constexpr const char* kHalo = " stroke=\"#ffffff\" stroke-width=\"3\" stroke-linejoin=\"round\" paint-order=\"stroke\"";
// Mean advance of a character of the system sans-serif fonts, in em; used only to lay out
// legends and to thin band labels, so a rough figure is enough.
constexpr double kCharEm = 0.58;
// Band names on the x axis longer than this (px) are cut with an ellipsis (whole in a tooltip).
constexpr double kMaxBandLabel = 160.0;
constexpr double kMinBandLabel = 40.0;
// Baseline of the x tick labels below the axis: clear of the lowest y tick label (baseline 4 px
// below the axis) even where the first x tick sits at the plot's left edge.
constexpr double kTickDrop = 20.0;

double text_width(const std::string& s, double size) {
  std::size_t chars = 0;
  for (const unsigned char c : s) chars += (c & 0xC0) != 0x80;  // UTF-8 lead bytes
  return static_cast<double>(chars) * size * kCharEm;
}

// `s` cut with an ellipsis to about `width` px at `size`, and whether it was cut.
std::pair<std::string, bool> fit_text(const std::string& s, double width, double size) {
  if (text_width(s, size) <= width) return {s, false};
  const auto keep = static_cast<std::size_t>(std::max(1.0, width / (size * kCharEm) - 1.0));
  std::string out;
  std::size_t chars = 0;
  for (const unsigned char c : s) {
    if ((c & 0xC0) != 0x80 && chars++ == keep) break;
    out += static_cast<char>(c);
  }
  return {out + "\u2026", true};
}

// A text element's content: `s` cut to `width` px, with the whole of it as a tooltip when cut.
std::string fitted(const std::string& s, double width, double size) {
  const auto [text, cut] = fit_text(s, width, size);
  return cut ? "<title>" + escape(s) + "</title>" + escape(text) : escape(s);
}

// Pixel coordinates: one decimal is finer than a device pixel.
std::string p(double v) { return fixed(v, 1); }

int decimals_for(double step) {
  if (!(step > 0.0) || !std::isfinite(step)) return 0;
  const double l = std::floor(std::log10(step) + 1e-9);
  return l >= 0.0 ? 0 : static_cast<int>(-l);
}

std::string title_element(const std::string& tooltip) {
  return tooltip.empty() ? std::string() : "<title>" + escape(tooltip) + "</title>";
}

// Closes a shape: with a tooltip the element needs children.
std::string close_shape(const std::string& open, const std::string& tooltip, const char* tag) {
  if (tooltip.empty()) return open + "/>";
  return open + ">" + title_element(tooltip) + "</" + tag + ">";
}

}  // namespace

std::string escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string fixed(double v, int decimals) {
  if (!std::isfinite(v)) return "";
  std::string s = fmt::format("{:.{}f}", v, std::clamp(decimals, 0, 12));
  // "-0.0" and the like: a value that rounds to zero is written without a sign.
  if (s.front() == '-' && s.find_first_not_of("-0.") == std::string::npos) s.erase(0, 1);
  return s;
}

std::string format_value(double v, Format format, int decimals) {
  if (format == Format::percent) return fixed(100.0 * v, decimals) + "%";
  return fixed(v, decimals);
}

Ticks nice_ticks(double lo, double hi, int target, Format format) {
  if (!std::isfinite(lo) || !std::isfinite(hi)) {
    lo = 0.0;
    hi = 1.0;
  }
  if (hi < lo) std::swap(lo, hi);
  if (hi == lo) {
    const double d = lo == 0.0 ? 1.0 : std::abs(lo) * 0.1;
    if (lo == 0.0) hi = d;
    else {
      lo -= d;
      hi += d;
    }
  }
  const double raw = (hi - lo) / std::max(1, target - 1);
  const double mag = std::pow(10.0, std::floor(std::log10(raw)));
  const double f = raw / mag;
  const double nice = f <= 1.0 ? 1.0 : f <= 2.0 ? 2.0 : f <= 5.0 ? 5.0 : 10.0;
  Ticks t;
  t.step = nice * mag;
  const double first = std::floor(lo / t.step + 1e-9) * t.step;
  const double last = std::ceil(hi / t.step - 1e-9) * t.step;
  const auto n = static_cast<long>(std::lround((last - first) / t.step));
  for (long i = 0; i <= n; ++i) t.values.push_back(first + static_cast<double>(i) * t.step);
  t.decimals = decimals_for(format == Format::percent ? 100.0 * t.step : t.step);
  return t;
}

double LinearScale::operator()(double v) const {
  if (d1 == d0) return (r0 + r1) / 2.0;
  return r0 + (v - d0) / (d1 - d0) * (r1 - r0);
}

double BandScale::step() const { return (r1 - r0) / static_cast<double>(std::max<std::size_t>(count, 1)); }
double BandScale::width() const { return step() * (1.0 - padding); }
double BandScale::start(std::size_t i) const { return r0 + step() * (static_cast<double>(i) + padding / 2.0); }
double BandScale::center(std::size_t i) const { return r0 + step() * (static_cast<double>(i) + 0.5); }

const std::string& series_color(std::size_t i) {
  static const std::array<std::string, 10> colors = {"#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00",
                                                     "#56B4E9", "#8C6D1F", "#555555", "#999999", "#000000"};
  return colors[i % colors.size()];
}

Chart::Chart(std::string title, double width, double height)
    : title_(std::move(title)), width_(width), height_(height) {
  layout();
}

void Chart::set_margins(double left, double right) {
  left_ = left;
  right_ = right;
  layout();
}

void Chart::set_legend(std::vector<LegendEntry> entries) {
  legend_ = std::move(entries);
  // Legend rows sit between the title and the plot; count them to make room.
  double x = left_;
  int rows = legend_.empty() ? 0 : 1;
  for (const auto& e : legend_) {
    const double w = 20.0 + std::min(text_width(e.label, kFontSize), legend_text_max()) + 18.0;
    if (x + w > width_ - right_ && x > left_) {
      ++rows;
      x = left_;
    }
    x += w;
  }
  top_ = 44.0 + 20.0 * rows;
  layout();
}

void Chart::layout() {
  const auto linear = [](const Axis& a, double r0, double r1) {
    LinearScale s;
    if (a.domain) {
      s.d0 = a.domain->first;
      s.d1 = a.domain->second;
    } else if (!a.ticks.values.empty()) {
      s.d0 = a.ticks.values.front();
      s.d1 = a.ticks.values.back();
    }
    s.r0 = r0;
    s.r1 = r1;
    return s;
  };
  xs_ = linear(xa_, plot_left(), plot_right());
  ys_ = linear(ya_, plot_bottom(), plot_top());
  xb_ = BandScale{std::max<std::size_t>(xa_.names.size(), 1), plot_left(), plot_right(), xb_.padding};
  yb_ = BandScale{std::max<std::size_t>(ya_.names.size(), 1), plot_top(), plot_bottom(), yb_.padding};
}

void Chart::x_linear(double lo, double hi, std::string label, Format format, int target_ticks, bool exact) {
  xa_ = Axis{AxisKind::linear, std::move(label), format, nice_ticks(lo, hi, target_ticks, format), {}, std::nullopt};
  if (exact && std::isfinite(lo) && std::isfinite(hi) && hi > lo) {
    xa_.domain = std::make_pair(lo, hi);
    const double eps = (hi - lo) * 1e-9;
    auto& v = xa_.ticks.values;
    v.erase(std::remove_if(v.begin(), v.end(), [&](double t) { return t < lo - eps || t > hi + eps; }), v.end());
  }
  layout();
}

void Chart::y_linear(double lo, double hi, std::string label, Format format, int target_ticks) {
  ya_ = Axis{AxisKind::linear, std::move(label), format, nice_ticks(lo, hi, target_ticks, format), {}, std::nullopt};
  layout();
}

void Chart::x_bands(std::vector<std::string> names, std::string label, double padding) {
  xa_ = Axis{AxisKind::bands, std::move(label), Format::number, {}, std::move(names), std::nullopt};
  xb_.padding = padding;
  layout();
}

void Chart::y_bands(std::vector<std::string> names, std::string label, double padding) {
  ya_ = Axis{AxisKind::bands, std::move(label), Format::number, {}, std::move(names), std::nullopt};
  yb_.padding = padding;
  layout();
}

double Chart::px(double x) const {
  if (xa_.kind == AxisKind::bands) return xb_.center(static_cast<std::size_t>(std::max(0.0, x)));
  return xs_(x);
}

double Chart::py(double y) const {
  if (ya_.kind == AxisKind::bands) return yb_.center(static_cast<std::size_t>(std::max(0.0, y)));
  return ys_(y);
}

void Chart::line(const std::vector<Point>& points, const Stroke& stroke, const std::string& tooltip) {
  std::vector<std::vector<std::pair<double, double>>> runs(1);
  for (const auto& pt : points) {
    if (!pt.y || !std::isfinite(*pt.y)) {
      if (!runs.back().empty()) runs.emplace_back();
      continue;
    }
    runs.back().emplace_back(px(pt.x), py(*pt.y));
  }
  for (const auto& run : runs) {
    if (run.empty()) continue;
    if (run.size() == 1) {
      body_ += close_shape("<circle cx=\"" + p(run[0].first) + "\" cy=\"" + p(run[0].second) + "\" r=\"" +
                               p(stroke.width + 1.0) + "\" fill=\"" + stroke.color + "\"",
                           tooltip, "circle");
      continue;
    }
    std::string d;
    for (std::size_t i = 0; i < run.size(); ++i) d += (i == 0 ? "M" : " L") + p(run[i].first) + " " + p(run[i].second);
    std::string open = "<path d=\"" + d + "\" fill=\"none\" stroke=\"" + stroke.color + "\" stroke-width=\"" +
                       p(stroke.width) + "\" stroke-linejoin=\"round\" stroke-linecap=\"round\"";
    if (!stroke.dash.empty()) open += " stroke-dasharray=\"" + stroke.dash + "\"";
    body_ += close_shape(open, tooltip, "path");
  }
}

void Chart::dots(const std::vector<Point>& points, const std::string& color, double radius,
                 const std::vector<std::string>& tooltips) {
  for (std::size_t i = 0; i < points.size(); ++i) {
    const auto& pt = points[i];
    if (!pt.y || !std::isfinite(*pt.y)) continue;
    body_ += close_shape("<circle cx=\"" + p(px(pt.x)) + "\" cy=\"" + p(py(*pt.y)) + "\" r=\"" + p(radius) +
                             "\" fill=\"" + color + "\" stroke=\"#ffffff\" stroke-width=\"1\"",
                         i < tooltips.size() ? tooltips[i] : std::string(), "circle");
  }
}

void Chart::band(const std::vector<Interval>& slices, const std::string& color, double opacity) {
  const double y_min = std::min(ys_.d0, ys_.d1);
  const double y_max = std::max(ys_.d0, ys_.d1);
  // Runs of slices with both ends; a band never leaves the plot (a CI may pass 0% or 100%).
  std::vector<std::vector<std::pair<double, std::pair<double, double>>>> runs(1);
  for (const auto& s : slices) {
    if (!s.lo || !s.hi || !std::isfinite(*s.lo) || !std::isfinite(*s.hi)) {
      if (!runs.back().empty()) runs.emplace_back();
      continue;
    }
    runs.back().push_back({px(s.x), {py(std::clamp(*s.lo, y_min, y_max)), py(std::clamp(*s.hi, y_min, y_max))}});
  }
  for (const auto& run : runs) {
    if (run.empty()) continue;
    if (run.size() == 1) {
      body_ += "<line x1=\"" + p(run[0].first) + "\" y1=\"" + p(run[0].second.first) + "\" x2=\"" + p(run[0].first) +
               "\" y2=\"" + p(run[0].second.second) + "\" stroke=\"" + color +
               "\" stroke-width=\"3\" stroke-opacity=\"" + fixed(std::min(1.0, opacity * 2.0), 2) + "\"/>";
      continue;
    }
    std::string pts;
    for (const auto& r : run) pts += p(r.first) + "," + p(r.second.second) + " ";
    for (std::size_t k = run.size(); k-- > 0;) pts += p(run[k].first) + "," + p(run[k].second.first) + " ";
    pts.pop_back();
    body_ += "<polygon points=\"" + pts + "\" fill=\"" + color + "\" fill-opacity=\"" + fixed(opacity, 2) +
             "\" stroke=\"none\"/>";
  }
}

void Chart::rect_px(double x, double y, double w, double h, const std::string& color, const std::string& tooltip,
                    double opacity) {
  if (h < 0.0) {
    y += h;
    h = -h;
  }
  if (w < 0.0) {
    x += w;
    w = -w;
  }
  std::string open = "<rect x=\"" + p(x) + "\" y=\"" + p(y) + "\" width=\"" + p(w) + "\" height=\"" + p(h) +
                     "\" fill=\"" + color + "\"";
  if (opacity < 1.0) open += " fill-opacity=\"" + fixed(opacity, 2) + "\"";
  body_ += close_shape(open, tooltip, "rect");
}

void Chart::error_bar_v(double x_px, double lo, double hi, double cap, const std::string& color) {
  if (!std::isfinite(lo) || !std::isfinite(hi)) return;
  const double y_min = std::min(ys_.d0, ys_.d1);
  const double y_max = std::max(ys_.d0, ys_.d1);
  const double a = py(std::clamp(lo, y_min, y_max));
  const double b = py(std::clamp(hi, y_min, y_max));
  const std::string s = "\" stroke=\"" + color + "\" stroke-width=\"1.3\"/>";
  body_ += "<line x1=\"" + p(x_px) + "\" y1=\"" + p(a) + "\" x2=\"" + p(x_px) + "\" y2=\"" + p(b) + s;
  body_ += "<line x1=\"" + p(x_px - cap) + "\" y1=\"" + p(a) + "\" x2=\"" + p(x_px + cap) + "\" y2=\"" + p(a) + s;
  body_ += "<line x1=\"" + p(x_px - cap) + "\" y1=\"" + p(b) + "\" x2=\"" + p(x_px + cap) + "\" y2=\"" + p(b) + s;
}

void Chart::error_bar_h(double y_px, double lo, double hi, double cap, const std::string& color) {
  if (!std::isfinite(lo) || !std::isfinite(hi)) return;
  const double x_min = std::min(xs_.d0, xs_.d1);
  const double x_max = std::max(xs_.d0, xs_.d1);
  const double a = px(std::clamp(lo, x_min, x_max));
  const double b = px(std::clamp(hi, x_min, x_max));
  const std::string s = "\" stroke=\"" + color + "\" stroke-width=\"1.3\"/>";
  body_ += "<line x1=\"" + p(a) + "\" y1=\"" + p(y_px) + "\" x2=\"" + p(b) + "\" y2=\"" + p(y_px) + s;
  body_ += "<line x1=\"" + p(a) + "\" y1=\"" + p(y_px - cap) + "\" x2=\"" + p(a) + "\" y2=\"" + p(y_px + cap) + s;
  body_ += "<line x1=\"" + p(b) + "\" y1=\"" + p(y_px - cap) + "\" x2=\"" + p(b) + "\" y2=\"" + p(y_px + cap) + s;
}

void Chart::hline(double y, const std::string& label, const std::string& color, const std::string& dash,
                  std::optional<double> label_x) {
  if (!std::isfinite(y)) return;
  const double yy = py(y);
  over_ += "<line x1=\"" + p(plot_left()) + "\" y1=\"" + p(yy) + "\" x2=\"" + p(plot_right()) + "\" y2=\"" + p(yy) +
           "\" stroke=\"" + color + "\" stroke-width=\"1.6\"" +
           (dash.empty() ? std::string() : " stroke-dasharray=\"" + dash + "\"") + "/>";
  if (!label.empty()) {
    over_ += "<text x=\"" + p(label_x.value_or(plot_right() - 4.0)) + "\" y=\"" + p(yy - 5.0) + "\" text-anchor=\"" +
             (label_x ? "middle" : "end") + "\" class=\"ref\" fill=\"" + color + "\"" + kHalo + ">" + escape(label) +
             "</text>";
  }
}

void Chart::vline(double x, const std::string& label, const std::string& color, const std::string& dash) {
  if (!std::isfinite(x)) return;
  const double xx = px(x);
  over_ += "<line x1=\"" + p(xx) + "\" y1=\"" + p(plot_top()) + "\" x2=\"" + p(xx) + "\" y2=\"" + p(plot_bottom()) +
           "\" stroke=\"" + color + "\" stroke-width=\"1.4\"" +
           (dash.empty() ? std::string() : " stroke-dasharray=\"" + dash + "\"") + "/>";
  if (!label.empty()) {
    over_ += "<text x=\"" + p(xx + 4.0) + "\" y=\"" + p(plot_top() + 12.0) + "\" class=\"ref\" fill=\"" + color + "\"" +
             kHalo + ">" + escape(label) + "</text>";
  }
}

void Chart::text_px(double x, double y, const std::string& text, const std::string& anchor, double size,
                    const std::string& color) {
  over_ += "<text x=\"" + p(x) + "\" y=\"" + p(y) + "\" text-anchor=\"" + anchor + "\" font-size=\"" + p(size) +
           "\" fill=\"" + color + "\">" + escape(text) + "</text>";
}

void Chart::shade_px(double x, double y, double w, double h, const std::string& color) {
  back_ += "<rect x=\"" + p(x) + "\" y=\"" + p(y) + "\" width=\"" + p(w) + "\" height=\"" + p(h) + "\" fill=\"" +
           color + "\"/>";
}

void Chart::raw(const std::string& element, bool above) { (above ? over_ : body_) += element; }

// The x axis's grid lines, ticks and tick labels (thinned, long band names cut), plot from
// `t` to `b`.
std::string Chart::x_axis_marks(double t, double b) const {
  std::string s;
  if (xa_.kind == AxisKind::linear) {
    // Every k-th tick label when labels would overlap (grid lines stay).
    const auto tick_text = [&](double v) {
      return x_tick_text_ ? x_tick_text_(v) : format_value(v, xa_.format, xa_.ticks.decimals);
    };
    double widest = 0.0;
    for (const double v : xa_.ticks.values) widest = std::max(widest, text_width(tick_text(v), kFontSize));
    const double pitch =
        xa_.ticks.values.size() > 1 ? std::abs(xs_(xa_.ticks.values[1]) - xs_(xa_.ticks.values[0])) : 1e9;
    const auto every = static_cast<std::size_t>(std::max(1.0, std::ceil((widest + 8.0) / std::max(1.0, pitch))));
    for (std::size_t k = 0; k < xa_.ticks.values.size(); ++k) {
      const double v = xa_.ticks.values[k];
      const double x = xs_(v);
      s += "<line x1=\"" + p(x) + "\" y1=\"" + p(t) + "\" x2=\"" + p(x) + "\" y2=\"" + p(b) +
           "\" stroke=\"#eeeeee\" stroke-width=\"1\"/>";
      s += "<line x1=\"" + p(x) + "\" y1=\"" + p(b) + "\" x2=\"" + p(x) + "\" y2=\"" + p(b + 5.0) +
           "\" stroke=\"#555555\" stroke-width=\"1\"/>";
      if (k % every != 0) continue;
      s += "<text class=\"tick\" x=\"" + p(x) + "\" y=\"" + p(b + kTickDrop) + "\" text-anchor=\"middle\">" +
           escape(tick_text(v)) + "</text>";
    }
  } else if (xa_.kind == AxisKind::bands) {
    // Names cut to their band (at least kMinBandLabel), and every k-th name when they would still overlap.
    const double room = std::clamp(xb_.step() - 8.0, kMinBandLabel, kMaxBandLabel);
    double widest = 0.0;
    for (const auto& n : xa_.names) widest = std::max(widest, std::min(text_width(n, kFontSize), room));
    const auto every = static_cast<std::size_t>(std::max(1.0, std::ceil((widest + 8.0) / std::max(1.0, xb_.step()))));
    for (std::size_t i = 0; i < xa_.names.size(); i += every) {
      s += "<text class=\"tick\" x=\"" + p(xb_.center(i)) + "\" y=\"" + p(b + kTickDrop) +
           "\" text-anchor=\"middle\">" + fitted(xa_.names[i], room, kFontSize) + "</text>";
    }
  }
  return s;
}

std::string Chart::svg() const {
  std::string s = "<svg class=\"chart\" viewBox=\"0 0 " + p(width_) + " " + p(height_) + "\" width=\"" + p(width_) +
                  "\" height=\"" + p(height_) + "\" role=\"img\" aria-label=\"" + escape(title_) + "\">";
  s += "<title>" + escape(title_) + "</title>";
  s += "<rect x=\"0\" y=\"0\" width=\"" + p(width_) + "\" height=\"" + p(height_) + "\" fill=\"#ffffff\"/>";
  s += "<text class=\"chart-title\" x=\"" + p(left_) + "\" y=\"22\">" + escape(title_) + "</text>";

  // Legend rows under the title.
  if (!legend_.empty()) {
    double x = left_;
    double y = 44.0;
    for (const auto& e : legend_) {
      const double w = 20.0 + std::min(text_width(e.label, kFontSize), legend_text_max()) + 18.0;
      if (x + w > width_ - right_ && x > left_) {
        x = left_;
        y += 20.0;
      }
      if (e.kind == LegendEntry::Kind::line) {
        s += "<line x1=\"" + p(x) + "\" y1=\"" + p(y - 4.0) + "\" x2=\"" + p(x + 16.0) + "\" y2=\"" + p(y - 4.0) +
             "\" stroke=\"" + e.color + "\" stroke-width=\"2.5\"" +
             (e.dash.empty() ? std::string() : " stroke-dasharray=\"" + e.dash + "\"") + "/>";
      } else {
        s += "<rect x=\"" + p(x) + "\" y=\"" + p(y - 10.0) + "\" width=\"12\" height=\"12\" fill=\"" + e.color + "\"/>";
      }
      s += "<text class=\"legend\" x=\"" + p(x + 20.0) + "\" y=\"" + p(y) + "\">" +
           fitted(e.label, legend_text_max(), kFontSize) + "</text>";
      x += w;
    }
  }

  s += back_;
  const double l = plot_left(), r = plot_right(), t = plot_top(), b = plot_bottom();
  // Grid lines and tick labels.
  if (ya_.kind == AxisKind::linear) {
    for (const double v : ya_.ticks.values) {
      const double y = ys_(v);
      s += "<line x1=\"" + p(l) + "\" y1=\"" + p(y) + "\" x2=\"" + p(r) + "\" y2=\"" + p(y) +
           "\" stroke=\"#dddddd\" stroke-width=\"1\"/>";
      s += "<text class=\"tick\" x=\"" + p(l - 6.0) + "\" y=\"" + p(y + 4.0) + "\" text-anchor=\"end\">" +
           escape(format_value(v, ya_.format, ya_.ticks.decimals)) + "</text>";
    }
  } else if (ya_.kind == AxisKind::bands) {
    for (std::size_t i = 0; i < ya_.names.size(); ++i) {
      s += "<text class=\"tick\" x=\"" + p(l - 8.0) + "\" y=\"" + p(yb_.center(i) + 4.0) + "\" text-anchor=\"end\">" +
           fitted(ya_.names[i], l - 12.0, kFontSize) + "</text>";
    }
  }
  s += x_axis_marks(t, b);
  s += body_;
  // Axis lines over the data, so bars never hide them.
  if (xa_.kind != AxisKind::none) {
    s += "<line x1=\"" + p(l) + "\" y1=\"" + p(b) + "\" x2=\"" + p(r) + "\" y2=\"" + p(b) +
         "\" stroke=\"#555555\" stroke-width=\"1\"/>";
  }
  if (ya_.kind != AxisKind::none) {
    s += "<line x1=\"" + p(l) + "\" y1=\"" + p(t) + "\" x2=\"" + p(l) + "\" y2=\"" + p(b) +
         "\" stroke=\"#555555\" stroke-width=\"1\"/>";
  }
  s += over_;
  if (!xa_.label.empty()) {
    s += "<text class=\"axis-label\" x=\"" + p((l + r) / 2.0) + "\" y=\"" + p(b + 42.0) + "\" text-anchor=\"middle\">" +
         escape(xa_.label) + "</text>";
  }
  if (!ya_.label.empty()) {
    s += "<text class=\"axis-label\" transform=\"translate(16 " + p((t + b) / 2.0) +
         ") rotate(-90)\" text-anchor=\"middle\">" + escape(ya_.label) + "</text>";
  }
  s += "</svg>";
  return s;
}

}  // namespace ccsim::analysis::svg
