// Self-contained HTML reports of a run, a sweep and a comparison, written from their JSON documents.
// Each in its file: html_run_report.cpp (with the sections in html_run_*.cpp),
// html_sweep_report.cpp, html_compare_report.cpp; what they share is in html_page.
#pragma once

#include "analysis/reports/results_json.hpp"

#include <string>

namespace ccsim::analysis {

// `results` is the results JSON of a run (docs/results.md); `routing_dot`, the scenario's
// routing graph as `ccsim graph` prints it (drawn with Graphviz when `dot` is on PATH), or empty.
void write_run_report(const std::string& path, const Json& results, const std::string& routing_dot = {});

// `sweep` is the JSON of `ccsim sweep --json`.
void write_sweep_report(const std::string& path, const Json& sweep);

// `compare` is the JSON of `ccsim compare --json`.
void write_compare_report(const std::string& path, const Json& compare);

// `optimum` is the JSON of `ccsim optimize staffing --json` (html_optimize_report.cpp).
void write_optimize_report(const std::string& path, const Json& optimum);

// `choice` is the JSON of `ccsim optimize routing --json` (html_routing_report.cpp).
void write_routing_report(const std::string& path, const Json& choice);

}  // namespace ccsim::analysis
