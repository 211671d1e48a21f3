// The sections of the run report (write_run_report), spread over html_run_report.cpp (summary,
// expectations, service level, agent groups), html_run_intervals.cpp (per-interval charts and
// site outages), html_run_queues.cpp and html_run_flows.cpp (overflow flows). Internal to
// analysis/reports.
#pragma once

#include "analysis/reports/html_page.hpp"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace ccsim::analysis::html {

// Scopes of a results document's summary: the total, then every call type (only when there
// are several: one call type is the total), each with its colour in charts.
struct Scope {
  std::string label;
  const Json* figures;
  std::string color;
};

[[nodiscard]] std::vector<Scope> scopes_of(const Json* totals, const Json* call_types);

// A table of a row per scope (the total's row marked): `columns` head the figures, and
// `cells(figures)` gives a row's <td> cells (html_run_scopes.cpp).
[[nodiscard]] std::string scope_table(const std::vector<std::string>& columns, const std::vector<Scope>& scopes,
                                      const std::function<std::string(const Json* figures)>& cells);

// Time axis of per-interval charts: hours, or minutes for horizons up to 3 h; with the
// scenario's `start`, ticks and tips show clock times.
struct TimeAxis {
  double unit_s = 3600.0;
  std::string label = "time from start of horizon (h)";
  std::optional<double> start_clock_s;  // clock time of time 0, seconds after midnight

  // Time t of the run as a person reads it: a clock time with `start`, else a duration.
  [[nodiscard]] std::string at(double t) const;
  // Labels the chart's x ticks with clock times (with `start`).
  void label_ticks(svg::Chart& c) const;
};

[[nodiscard]] TimeAxis time_axis(double horizon_s, std::optional<double> start_clock_s = {});

// The clock time of time 0 of a results document ("start": "07:00"), in seconds after midnight.
[[nodiscard]] std::optional<double> start_clock_of(const Json& results);

// The reporting intervals of a run: their figures and start times, the window, the outages.
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

// The intervals of a results document, with the window and the outages drawn on time axes.
[[nodiscard]] IntervalInfo intervals_of(const Json& results);

// Marks the warm-up and the site outages on a time axis.
void shade_periods(svg::Chart& c, const IntervalInfo& info, const TimeAxis& ta);

// One part of a stacked per-interval bar: a figure of the interval's totals, its label, its colour.
struct StackPart {
  const char* key;
  const char* label;
  std::string color;
};

// The stacked bar of interval i (bottom part first), `w` px wide less `gap`, on a chart whose
// axes are set.
void stacked_bar(svg::Chart& c, const IntervalInfo& info, const TimeAxis& ta, std::size_t i,
                 const std::vector<StackPart>& parts, double w, double gap);

// One figure per interval of each named scope (intervals[].SECTION.NAME.METRIC), a line per
// name with its 95% CI band, on the run's time axis; nothing when no interval has it.
struct IntervalLines {
  const char* section;
  const char* metric;
  std::string title;
  std::string y_label;
  Kind kind;
  std::string caption;
};
void interval_lines_chart(Page& page, const IntervalInfo& info, const TimeAxis& ta,
                          const std::vector<std::string>& names, const IntervalLines& spec);

// Outcomes per interval, stacked: answered + abandoned + ... = offered.
void interval_volume_chart(Page& page, const IntervalInfo& info, const TimeAxis& ta, const std::string& interval_text);

// Service level per interval at the threshold `key`, per scope, with CI bands.
void interval_service_level_chart(Page& page, const Json& results, const IntervalInfo& info, const TimeAxis& ta,
                                  const std::string& key);

// Calls arriving during each site outage, and what happened to the callers waiting there.
void outage_table(Page& page, const Json& results, const std::optional<std::string>& headline);

// Queue lengths per queue (and per interval where the results have them) and the queue table.
void queue_section(Page& page, const Json& results, const IntervalInfo& info, const TimeAxis& ta,
                   const std::optional<std::string>& headline);

// Agents on duty per group per interval, when the results have them (several intervals,
// shifts or absence).
void staffing_chart(Page& page, const IntervalInfo& info, const TimeAxis& ta);

// Occupancy per group per interval, when the results have it (several intervals).
void occupancy_interval_chart(Page& page, const IntervalInfo& info, const TimeAxis& ta);

// The distribution of waits (results' "wait_distribution"): share waiting at most t, with the
// service-level thresholds marked (html_run_waits.cpp).
void wait_distribution_chart(Page& page, const Json& results);

// The routing graph: `dot -Tsvg` on the scenario's DOT when Graphviz is on PATH, else a note
// (html_run_routing.cpp). `dot_text` empty: nothing (no scenario at hand).
void routing_graph_section(Page& page, const std::string& dot_text);

// Overflow flows as a layered flow diagram and a table, and the rules behind them.
void flows_section(Page& page, const Json& results);

// html_run_callbacks.cpp: callbacks per total, call type and queue (only with callbacks).
void callback_section(Page& page, const Json& results);

// With redials: callers (first attempts), redials, the redial rate and the share of callers
// eventually answered, per scope, and the first attempts and redials per interval.
void redial_section(Page& page, const Json& results, const IntervalInfo& info, const TimeAxis& ta);

}  // namespace ccsim::analysis::html
