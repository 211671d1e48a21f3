#include "plan/budget.hpp"

#include "sim/error.hpp"

#include <fmt/format.h>

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <thread>
#include <utility>

namespace ccsim::plan {

namespace {

// Memory of one wait histogram and the counters beside it, in a tally (sim/model/tally.hpp).
constexpr double kTallyBytes = 6.6e3;
// A replication's fixed working set: calendar, pools, caller blocks, streams.
constexpr double kReplicationBaseBytes = 2.0 * (1 << 20);
// A figure of one replication kept until the end: a double, in a vector per figure.
constexpr double kFigureBytes = 8.0;
// A loaded scenario beside its per-interval lists: names, rules, distributions.
constexpr double kScenarioBaseBytes = 64.0 * 1024;

// First attempts of one replication: the integral of every Poisson rate, or the trace's rows.
double calls_per_replication(const model::Scenario& sc) {
  double total = 0.0;
  for (const auto& ct : sc.call_types) {
    if (ct.arrivals.trace) {
      total += static_cast<double>(ct.arrivals.trace->at.size());
      continue;
    }
    const auto& rates = ct.arrivals.per_second;
    for (std::size_t i = 0; i < rates.size(); ++i) {
      const double start = rates.size() == 1 ? 0.0 : static_cast<double>(i) * sc.interval_s;
      const double end = rates.size() == 1 ? sc.horizon_s : std::min(start + sc.interval_s, sc.horizon_s);
      if (end > start) total += rates[i] * (end - start);
    }
  }
  return total;
}

// Figures a replication reports: per scope (total, call types, queues, groups) and interval.
double figures_per_replication(const model::Scenario& sc) {
  const auto intervals = static_cast<double>(sc.interval_count());
  const auto thresholds = static_cast<double>(sc.thresholds_s.size());
  const auto types = static_cast<double>(sc.call_types.size());
  double rules = 0.0;
  for (const auto& q : sc.queues) rules += static_cast<double>(q.overflow.size());
  const double per_scope = 24.0 + thresholds;
  return (1.0 + types) * (1.0 + intervals) * per_scope + static_cast<double>(sc.queues.size()) * per_scope + 3 * rules +
         static_cast<double>(sc.agent_groups.size()) * 4.0 * (1.0 + intervals);
}

// A replication's waiting lines: every queue has one per priority level (and head start
// within it), about 40 bytes each even when empty. Thousands of distinct priorities over
// thousands of queues make gigabytes.
double line_bytes(const model::Scenario& sc) {
  std::set<std::pair<int, double>> levels;
  for (const auto& ct : sc.call_types) levels.emplace(ct.priority, ct.head_start_s);
  return 40.0 * static_cast<double>(sc.queues.size()) * static_cast<double>(levels.size());
}

double physical_memory() {
  const long pages = ::sysconf(_SC_PHYS_PAGES);
  const long page = ::sysconf(_SC_PAGESIZE);
  return pages > 0 && page > 0 ? static_cast<double>(pages) * static_cast<double>(page) : 0.0;
}

}  // namespace

WorkEstimate estimate_work(const model::Scenario& sc, std::size_t points, std::uint64_t replications,
                           unsigned threads) {
  const auto runs = static_cast<double>(points) * static_cast<double>(replications);
  if (threads == 0) threads = std::max(1U, std::thread::hardware_concurrency());
  const double parallel = std::min<double>(threads, std::max(1.0, runs));
  const auto intervals = static_cast<double>(sc.interval_count());
  const double tallies = (1.0 + static_cast<double>(sc.call_types.size() + sc.queues.size())) * (1.0 + intervals);
  const double per_interval_values =
      intervals * static_cast<double>(sc.call_types.size() + sc.agent_groups.size()) * 8.0;
  const double figures = figures_per_replication(sc) * kFigureBytes;
  WorkEstimate e;
  e.calls = calls_per_replication(sc) * runs;
  e.memory_bytes = static_cast<double>(points) * (kScenarioBaseBytes + per_interval_values) + runs * figures +
                   parallel * (kReplicationBaseBytes + tallies * kTallyBytes + 4.0 * figures + line_bytes(sc));
  return e;
}

WorkEstimate operator+(const WorkEstimate& a, const WorkEstimate& b) {
  return {a.calls + b.calls, a.memory_bytes + b.memory_bytes};
}

void check_budget(const WorkEstimate& estimate, const Limits& limits, const std::string& what) {
  double max_memory = limits.max_memory_bytes;
  if (max_memory <= 0.0) max_memory = std::max(double(1 << 30), 0.5 * physical_memory());
  const std::string figures =
      fmt::format("about {:.3g} calls and {} of memory", estimate.calls, format_bytes(estimate.memory_bytes));
  if (estimate.memory_bytes > max_memory) {
    throw InputError(what + ": " + figures + " exceeds the memory limit of " + format_bytes(max_memory) +
                     " (--max-memory; default half the physical memory): fewer points or replications, or raise it");
  }
  if (estimate.calls > limits.max_calls) {
    throw InputError(what + ": " + figures + " exceeds the work limit of " + fmt::format("{:.3g}", limits.max_calls) +
                     " calls (--max-calls; at about 10 million calls per second and core): fewer points or "
                     "replications, or raise it");
  }
}

std::string format_bytes(double bytes) {
  const char* const units[] = {"bytes", "KiB", "MiB", "GiB", "TiB", "PiB"};
  std::size_t u = 0;
  while (bytes >= 1024.0 && u + 1 < std::size(units)) {
    bytes /= 1024.0;
    ++u;
  }
  return u == 0 ? fmt::format("{:.0f} bytes", bytes) : fmt::format("{:.3g} {}", bytes, units[u]);
}

double parse_bytes(const std::string& text, const std::string& flag) {
  std::size_t used = 0;
  double value = -1.0;
  try {
    value = std::stod(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  double scale = 1.0;
  const std::string unit = text.substr(std::min(used, text.size()));
  if (unit == "K" || unit == "KiB") scale = 1024.0;
  else if (unit == "M" || unit == "MiB") scale = 1024.0 * 1024;
  else if (unit == "G" || unit == "GiB") scale = 1024.0 * 1024 * 1024;
  else if (unit == "T" || unit == "TiB") scale = 1024.0 * 1024 * 1024 * 1024;
  else if (!unit.empty()) used = 0;
  if (used == 0 || !std::isfinite(value) || value <= 0.0) {
    throw InputError(flag + " " + text + ": expected a positive size such as 512M, 8G or 4096 (bytes)");
  }
  return value * scale;
}

}  // namespace ccsim::plan
