// Result writers: the results JSON (DESIGN.md section 6), the terminal table and CSV files.
#pragma once

#include "analysis/expectations.hpp"
#include "analysis/summary.hpp"

#include <nlohmann/json.hpp>

#include <ostream>
#include <string>
#include <vector>

namespace ccsim::analysis {

using Json = nlohmann::ordered_json;

// {"mean": m, "ci95": h} with null where undefined.
[[nodiscard]] Json estimate_json(const Estimate& e);

// Sets the metric path "a/b" of `obj` (nested keys a, then b) to `value`.
void put_metric(Json& obj, const std::string& metric, Json value);

// The whole results document of a run, keys in a fixed order (byte-identical output for
// the same scenario and seed).
[[nodiscard]] Json results_json(const Summary& summary, const std::vector<ExpectationResult>& expectations,
                                const std::string& version);

// Readable table: service level at each threshold, abandonment, ASA, per total, call type,
// queue and agent group, each with its 95% CI half-width.
void write_table(std::ostream& out, const Summary& summary, const std::vector<ExpectationResult>& expectations);

// CSV files in `dir` (created if missing): summary.csv (one row per total, call type, queue)
// groups.csv and intervals.csv; each figure has a mean column and a _ci95 column.
void write_csv(const std::string& dir, const Summary& summary);

}  // namespace ccsim::analysis
