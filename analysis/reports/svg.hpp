// Small inline-SVG chart writer for the HTML reports: scales with nice ticks, labelled axes,
// lines with gaps, confidence bands, bars, error bars and legends. Output is deterministic: every
// number is written in a fixed format, so the same input gives the same bytes.
#pragma once

#include <algorithm>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ccsim::analysis::svg {

// Text escaped for XML and HTML content and attribute values (& < > " ').
[[nodiscard]] std::string escape(std::string_view text);

// `v` with `decimals` digits after the point ("%.*f"); never "-0". Non-finite values give "".
[[nodiscard]] std::string fixed(double v, int decimals);

// How tick labels (and value labels) of an axis are written.
enum class Format {
  number,   // 12, 2.5: as many decimals as the tick step needs
  percent,  // a share 0..1 written as 0%..100%
};

// Formats `v` in `format` with `decimals` (for percent: decimals of the percentage).
[[nodiscard]] std::string format_value(double v, Format format, int decimals);

// Ticks covering [lo, hi] with a step of 1, 2 or 5 times a power of ten, about `target` of
// them (Heckbert, "Nice numbers for graph labels", Graphics Gems, 1990). The first and last
// tick enclose [lo, hi]; `decimals` is what labels need to tell the ticks apart.
struct Ticks {
  std::vector<double> values;
  double step = 1.0;
  int decimals = 0;  // of the value itself (for percent: of the percentage)
};
[[nodiscard]] Ticks nice_ticks(double lo, double hi, int target, Format format = Format::number);

// Domain -> pixels, linear.
struct LinearScale {
  double d0 = 0.0, d1 = 1.0, r0 = 0.0, r1 = 1.0;
  [[nodiscard]] double operator()(double v) const;
};

// `count` equal bands over the pixel range [r0, r1]; `padding` the share of a band left empty.
struct BandScale {
  std::size_t count = 1;
  double r0 = 0.0, r1 = 1.0, padding = 0.2;
  [[nodiscard]] double step() const;                // band pitch in pixels
  [[nodiscard]] double start(std::size_t i) const;  // first pixel of band i's filled part
  [[nodiscard]] double width() const;               // filled part of a band
  [[nodiscard]] double center(std::size_t i) const;
};

// A point of a line; no y leaves a gap.
struct Point {
  double x = 0.0;
  std::optional<double> y;
};

// A vertical slice of a band; either end missing leaves a gap.
struct Interval {
  double x = 0.0;
  std::optional<double> lo, hi;
};

// Stroke style of a series.
struct Stroke {
  std::string color = "#333333";
  double width = 2.0;
  std::string dash;  // SVG stroke-dasharray, "" for solid
};

struct LegendEntry {
  std::string label;
  std::string color;
  enum class Kind { line, box } kind = Kind::box;
  std::string dash;
};

// Colour-blind-safe series colours (Okabe and Ito, "Color Universal Design", 2008), then greys.
[[nodiscard]] const std::string& series_color(std::size_t i);

// One chart: a title, a plot area with a y axis on the left and an x axis at the bottom, each
// either linear (with nice ticks and grid lines) or made of named bands. Drawing calls take
// data coordinates (band index for a band axis). `svg()` returns the <svg> element.
class Chart {
public:
  // `width` and `height` in CSS pixels; the SVG scales down to its container.
  Chart(std::string title, double width, double height);

  // Room around the plot area in pixels (long band names on the left, value labels on the
  // right). Set margins and legend before the axes and before drawing.
  void set_margins(double left, double right);
  void set_legend(std::vector<LegendEntry> entries);

  // Axes. A linear axis widens [lo, hi] to its outer ticks (lo == hi is widened to show it);
  // with `exact`, the axis spans [lo, hi] and shows the ticks inside it (time axes).
  void x_linear(double lo, double hi, std::string label, Format format = Format::number, int target_ticks = 10,
                bool exact = false);
  void y_linear(double lo, double hi, std::string label, Format format = Format::number, int target_ticks = 6);
  void x_bands(std::vector<std::string> names, std::string label, double padding = 0.2);
  // Writes the linear x axis's tick labels with `text` (e.g. clock times) instead of its format.
  void x_tick_text(std::function<std::string(double)> text) { x_tick_text_ = std::move(text); }
  void y_bands(std::vector<std::string> names, std::string label, double padding = 0.3);

  // Pixel position of a data coordinate on each axis (band axes: band centre).
  [[nodiscard]] double px(double x) const;
  [[nodiscard]] double py(double y) const;
  [[nodiscard]] const BandScale& x_band() const { return xb_; }
  [[nodiscard]] const BandScale& y_band() const { return yb_; }

  // Series. Lines break at missing points; a point alone between gaps is drawn as a dot.
  void line(const std::vector<Point>& points, const Stroke& stroke, const std::string& tooltip = "");
  void dots(const std::vector<Point>& points, const std::string& color, double radius,
            const std::vector<std::string>& tooltips = {});
  void band(const std::vector<Interval>& slices, const std::string& color, double opacity = 0.18);
  // Rectangle in pixels (bars are computed by the caller from px/py and the band scales).
  void rect_px(double x, double y, double w, double h, const std::string& color, const std::string& tooltip = "",
               double opacity = 1.0);
  // Error bar from lo to hi at x (vertical) or at y (horizontal), data coordinates; caps `cap` px.
  void error_bar_v(double x_px, double lo, double hi, double cap = 4.0, const std::string& color = "#222222");
  void error_bar_h(double y_px, double lo, double hi, double cap = 4.0, const std::string& color = "#222222");
  // Reference lines across the plot at a data value, labelled at the right (y) or top (x);
  // `label_x` (pixels) centres the label of a horizontal line there instead.
  void hline(double y, const std::string& label, const std::string& color, const std::string& dash = "6 4",
             std::optional<double> label_x = std::nullopt);
  void vline(double x, const std::string& label, const std::string& color, const std::string& dash = "");
  // Text in pixels; anchor "start", "middle" or "end".
  void text_px(double x, double y, const std::string& text, const std::string& anchor = "start", double size = 12.0,
               const std::string& color = "#222222");
  // Shaded pixel rectangle behind the data (highlight of a band).
  void shade_px(double x, double y, double w, double h, const std::string& color);
  // A ready-made SVG element (the caller escapes its text), above the data or with it.
  void raw(const std::string& element, bool above = false);

  [[nodiscard]] double plot_left() const { return left_; }
  [[nodiscard]] double plot_right() const { return width_ - right_; }
  [[nodiscard]] double plot_top() const { return top_; }
  [[nodiscard]] double plot_bottom() const { return height_ - bottom_; }

  [[nodiscard]] std::string svg() const;

private:
  enum class AxisKind { none, linear, bands };
  struct Axis {
    AxisKind kind = AxisKind::none;
    std::string label;
    Format format = Format::number;
    Ticks ticks;
    std::vector<std::string> names;
    std::optional<std::pair<double, double>> domain;  // exact domain, else the outer ticks
  };
  // Legend labels longer than this (px) are cut with an ellipsis, whole in a tooltip.
  [[nodiscard]] double legend_text_max() const { return std::max(120.0, (width_ - left_ - right_) / 2.0 - 40.0); }
  void layout();  // recomputes scales after a margin or legend change
  [[nodiscard]] std::string x_axis_marks(double t, double b) const;

  std::string title_;
  double width_, height_;
  double left_ = 72.0, right_ = 24.0, top_ = 44.0, bottom_ = 56.0;
  std::vector<LegendEntry> legend_;
  Axis xa_, ya_;
  std::function<std::string(double)> x_tick_text_;
  LinearScale xs_, ys_;
  BandScale xb_, yb_;
  std::string back_;  // shading, drawn below the grid
  std::string body_;  // data
  std::string over_;  // reference lines and labels above the data
};

}  // namespace ccsim::analysis::svg
