// CSV files of a run's figures, for spreadsheets: one row per scope, a mean and a _ci95 column
// per figure.
#pragma once

#include "analysis/estimators/summary.hpp"

#include <string>

namespace ccsim::analysis {

// CSV files in `dir` (created if missing): summary.csv (one row per total, call type, queue)
// groups.csv and intervals.csv; each figure has a mean column and a _ci95 column.
void write_csv(const std::string& dir, const Summary& summary);

}  // namespace ccsim::analysis
