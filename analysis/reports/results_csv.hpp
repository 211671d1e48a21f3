// CSV files of a run's figures, for spreadsheets and data frames (RFC 4180: a field holding a
// comma, quote or line break is quoted, quotes doubled). Wide: one row per scope, a mean and a
// _ci95 column per figure; long: one row per figure (docs/results.md "CSV").
#pragma once

#include "analysis/estimators/summary.hpp"

#include <string>

namespace ccsim::analysis {

enum class CsvLayout { Wide, Long };

// `text` as one RFC 4180 field: as is, or quoted with its quotes doubled when it holds a
// comma, a quote, CR or LF.
[[nodiscard]] std::string csv_field(const std::string& text);

// A figure's column name with its unit: seconds end in _s ("asa_s", "wait_p90_s"), service
// levels name their threshold ("service_level_20s"); counts and shares keep their metric path.
[[nodiscard]] std::string csv_column(const std::string& metric);

// CSV files in `dir` (created if missing). Wide: summary.csv (one row per total, call type,
// queue), groups.csv, intervals.csv and, with outages, outages.csv (site, from, for, what
// each cost). Long: figures.csv, columns scope, name, metric, threshold_s, interval_start,
// mean, ci95.
void write_csv(const std::string& dir, const Summary& summary, CsvLayout layout = CsvLayout::Wide);

}  // namespace ccsim::analysis
