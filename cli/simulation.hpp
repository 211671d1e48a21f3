// The pipeline shared by `run`, `sweep`, `check` and `compare`: load a scenario with --set
// overrides, apply --replications / --seed, run its replications (optionally until a requested
// precision is reached) with progress on stderr, and evaluate its expectations. Under
// `mpirun -n K`, replications are spread over the K ranks and every rank ends with the same
// figures as a single process would (cli/mpi.hpp).
#pragma once

#include "analysis/estimators/expectations.hpp"
#include "analysis/estimators/summary.hpp"
#include "analysis/reports/results_json.hpp"
#include "sim/model/scenario.hpp"
#include "sim/scenario/loader.hpp"

#include <CLI/CLI.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace ccsim::cli {

// Options every simulating command takes.
struct SimulationOptions {
  std::optional<std::uint32_t> replications;
  std::optional<std::uint64_t> seed;
  unsigned threads = 0;           // 0 = all cores; results never depend on it
  std::vector<std::string> sets;  // --set PTR=VALUE, applied in order
};

// Registers --replications, --seed, --threads and (when `with_set`) --set on `cmd`.
void add_simulation_options(CLI::App& cmd, SimulationOptions& o, bool with_set = true);

// `--precision H`: add replications until the 95% CI half-width of the target service level
// is at most `half_width`, or `max_replications` have run.
struct PrecisionRequest {
  double half_width = 0.0;
  std::uint32_t max_replications = 1000;
};

// Registers --precision and --max-replications; `to_request` turns them into a request.
struct PrecisionOptions {
  std::optional<double> half_width;
  std::optional<std::uint32_t> max_replications;
  [[nodiscard]] std::optional<PrecisionRequest> to_request() const;
};
void add_precision_options(CLI::App& cmd, PrecisionOptions& o);

// What a precision-driven run achieved ("precision" in the results JSON).
struct PrecisionOutcome {
  std::string target_metric;         // "service_level/20", a metric path of "totals"
  std::optional<double> half_width;  // at `replications_needed`; none if undefined there
  double requested = 0.0;
  std::uint32_t replications_needed = 0;
  bool reached = false;
};

// Parses every --set of `o`.
[[nodiscard]] std::vector<scenario::Override> parse_overrides(const std::vector<std::string>& sets);

// Reads and validates `path` with `overrides` (in order), then applies --replications / --seed.
[[nodiscard]] model::Scenario load_scenario(const std::string& path, const std::vector<scenario::Override>& overrides,
                                            const SimulationOptions& o);

// One progress line on stderr for a batch of simulations ("point 2/5: 7/20 replications, about
// 12 s left"). Shown only when enabled, stderr is a terminal and the work has lasted over a
// second, and not in an MPI run of several ranks; nothing at all otherwise. The time left
// assumes every item costs about the same.
class SimulationProgress {
public:
  // `item` names the unit of the batch ("point", "scenario"); with one item it is not shown.
  SimulationProgress(std::string item, std::size_t items, bool enabled);
  SimulationProgress(const SimulationProgress&) = delete;
  SimulationProgress& operator=(const SimulationProgress&) = delete;
  ~SimulationProgress();

  void start_item(std::size_t index);  // 0-based
  void replication_done(std::uint32_t done, std::uint32_t planned);
  void finish();  // clears the line

private:
  std::string item_;
  std::size_t items_;
  std::size_t index_ = 0;
  bool enabled_;
  bool shown_ = false;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_;
};

// A scenario and its simulated figures. Not copyable or movable: the Summary refers to the
// Scenario it holds.
class Simulation {
public:
  explicit Simulation(model::Scenario scenario);
  Simulation(const Simulation&) = delete;
  Simulation& operator=(const Simulation&) = delete;
  ~Simulation() = default;

  [[nodiscard]] const model::Scenario& scenario() const { return scenario_; }
  [[nodiscard]] const analysis::Summary& summary() const { return summary_; }
  [[nodiscard]] const std::vector<analysis::ExpectationResult>& expectations() const { return expectations_; }
  [[nodiscard]] const std::optional<PrecisionOutcome>& precision() const { return precision_; }

  // The results JSON of DESIGN.md section 6, plus "precision" for a precision-driven run:
  // exactly what `ccsim run --json` writes.
  [[nodiscard]] analysis::Json results_json() const;

private:
  friend struct SimulationAccess;  // the pipeline in simulation.cpp fills in the figures
  model::Scenario scenario_;
  analysis::Summary summary_;
  std::vector<analysis::ExpectationResult> expectations_;
  std::optional<PrecisionOutcome> precision_;
};

// The figure --precision is about: total service level at the scenario's target threshold, or
// at its first threshold when it has no target. Throws InputError when it has no threshold.
[[nodiscard]] analysis::FigureKey precision_target(const model::Scenario& scenario);

// Runs replications 0..n-1 of `scenario` on `threads` threads and evaluates its expectations.
// Without `precision`, n = scenario.replications. With it, n is the smallest count from
// scenario.replications (at least 2) up to max_replications whose target half-width is at
// most the requested one; replications run in batches, and any run past n is discarded, so
// the figures are exactly those of a plain run with n replications, whatever `threads` is.
// In an MPI run, every rank calls it alike, runs its share of the replications on `threads`
// threads, and gets every figure: the result is the same on every rank, and the same as alone.
[[nodiscard]] std::unique_ptr<Simulation> simulate(model::Scenario scenario, unsigned threads,
                                                   const std::optional<PrecisionRequest>& precision,
                                                   SimulationProgress& progress);

// `simulate` of each scenario in turn (the points of a sweep; progress items are their
// indices), with the same results. In an MPI run without `precision`, the replications of all
// the points are spread over the ranks at once, so that every rank has work however few
// replications a point has; with `precision`, points run one after another, each batch spread.
[[nodiscard]] std::vector<std::unique_ptr<Simulation>> simulate_all(std::vector<model::Scenario> scenarios,
                                                                    unsigned threads,
                                                                    const std::optional<PrecisionRequest>& precision,
                                                                    SimulationProgress& progress);

// Writes `doc` to `target` (a file, or "-" for stdout); `flag` names the option in messages.
// In an MPI run only rank 0 writes.
void write_json_output(const std::string& flag, const std::string& target, const analysis::Json& doc);

// "12.3%", "45.6s" formatting helpers for tables: value and " ±half-width" when defined.
[[nodiscard]] std::string format_percent(const analysis::Estimate& e);
[[nodiscard]] std::string format_seconds(const analysis::Estimate& e);

// Pads `s` to `width` characters (UTF-8 aware), right-aligned unless `left`.
[[nodiscard]] std::string pad(const std::string& s, std::size_t width, bool left = false);

}  // namespace ccsim::cli
