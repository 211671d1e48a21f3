// `trace` arrivals: a CSV file (path relative to the scenario) with a header; the named column
// holds arrival times in seconds from time 0, ascending. Optional columns replay the real
// callers: `handle_time` (their own handle time), `patience` (their own patience), `wait`
// (the wait a caller whose patience is unknown was seen to survive: answered callers). An
// empty cell is unknown: drawn from the call type's distribution. Arrivals at or after the
// horizon are not made.
#include "sim/scenario/scenario_reader.hpp"

#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>

namespace ccsim::scenario {

namespace {

std::vector<std::string> split_csv(const std::string& line) {
  std::vector<std::string> out;
  std::stringstream ss(line);
  std::string cell;
  while (std::getline(ss, cell, ',')) out.push_back(cell);
  if (!line.empty() && line.back() == ',') out.emplace_back();
  return out;
}

// A cell: a number >= 0, or NaN when empty (and `empty_ok`); nothing when bad.
std::optional<double> cell_value(const std::string& text, bool empty_ok) {
  if (text.empty()) return empty_ok ? std::optional<double>(std::numeric_limits<double>::quiet_NaN()) : std::nullopt;
  double v = 0.0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc{} || end != text.data() + text.size() || !std::isfinite(v) || v < 0.0) return std::nullopt;
  return v;
}

}  // namespace

bool ScenarioReader::read_trace(const json& v, const std::string& ptr, model::CallType& ct) {
  if (!object(v, ptr, {"file", "column"})) return false;
  const json* f = required(v, ptr, "file");
  if (!f) return false;
  auto file = string(*f, ptr + "/file");
  std::string column = "arrival";
  if (const json* c = find(v, "column")) {
    auto name = string(*c, ptr + "/column");
    if (!name) return false;
    column = *name;
  }
  if (!file) return false;
  const std::filesystem::path path = std::filesystem::path(source()).parent_path() / *file;
  std::ifstream in(path);
  if (!in) {
    error(ptr + "/file", "cannot read trace file " + path.string());
    return false;
  }
  std::string line;
  std::getline(in, line);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  const auto header = split_csv(line);
  auto index_of = [&](const std::string& name) -> std::optional<std::size_t> {
    for (std::size_t k = 0; k < header.size(); ++k) {
      if (header[k] == name) return k;
    }
    return std::nullopt;
  };
  const auto at_col = index_of(column);
  if (!at_col) {
    error(ptr + "/column", "trace file " + path.string() + " has no column \"" + column + "\"");
    return false;
  }
  const std::array<std::optional<std::size_t>, 3> extra{index_of("handle_time"), index_of("patience"),
                                                        index_of("wait")};
  auto trace = std::make_shared<model::Trace>();
  std::array<std::vector<double>*, 3> dest{&trace->handle_s, &trace->patience_s, &trace->wait_s};
  std::vector<double> counts(intervals_, 0.0);
  const double interval = sc_horizon_ / static_cast<double>(intervals_);
  for (std::size_t n = 2; std::getline(in, line); ++n) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    const auto cells = split_csv(line);
    auto bad = [&](const std::string& col, const std::string& what) {
      error(ptr + "/file", path.string() + ":" + std::to_string(n) + ": column " + col + ": " + what);
      return false;
    };
    const auto t = *at_col < cells.size() ? cell_value(cells[*at_col], false) : std::nullopt;
    if (!t) return bad(column, "not an arrival time in seconds from time 0 (clock times need `start`)");
    if (!trace->at.empty() && *t < trace->at.back()) return bad(column, "arrival times must be in ascending order");
    if (*t >= sc_horizon_) continue;
    for (std::size_t k = 0; k < extra.size(); ++k) {
      if (!extra[k]) continue;
      const auto x = *extra[k] < cells.size() ? cell_value(cells[*extra[k]], true) : std::nullopt;
      if (!x) return bad(header[*extra[k]], "not a duration in seconds >= 0 (or empty: unknown)");
      dest[k]->push_back(*x);
    }
    trace->at.push_back(*t);
    counts[std::min(static_cast<std::size_t>(*t / interval), intervals_ - 1)] += 1.0;
  }
  for (double& c : counts) c /= interval;
  ct.arrivals.per_second = std::move(counts);
  ct.arrivals.trace = std::move(trace);
  return true;
}

}  // namespace ccsim::scenario
