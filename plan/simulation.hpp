// The pipeline shared by `run`, `sweep`, `check`, `compare` and the staffing search: load a
// scenario with --set overrides and replication settings, run its replications (optionally
// until a requested precision is reached), and evaluate its expectations. Under
// `mpirun -n K`, replications are spread over the K ranks and every rank ends with the same
// figures as a single process would (plan/replication_batches.hpp, plan/mpi.hpp).
#pragma once

#include "analysis/estimators/expectations.hpp"
#include "analysis/estimators/summary.hpp"
#include "analysis/reports/results_json.hpp"
#include "plan/progress.hpp"
#include "sim/model/scenario.hpp"
#include "sim/scenario/loader.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace ccsim::plan {

// What the command line may change of a scenario besides --set: replications and seed.
struct RunSettings {
  std::optional<std::uint32_t> replications;
  std::optional<std::uint64_t> seed;
};

// Parses every --set PTR=VALUE.
[[nodiscard]] std::vector<scenario::Override> parse_overrides(const std::vector<std::string>& sets);

// Where a scenario comes from: a file, or JSON text in memory (the Python module's dicts)
// with the name its messages give it; relative paths inside it (trace files) are taken from
// the file's folder, or from the working directory for text.
struct ScenarioSource {
  std::string path;                                            // the file, or the name of `text` in messages
  std::optional<std::string> text;                             // the JSON itself, when it is not read from `path`
  ScenarioSource(std::string file) : path(std::move(file)) {}  // implicit: a path is a source
  ScenarioSource(const char* file) : path(file) {}
  ScenarioSource(std::string name, std::string json) : path(std::move(name)), text(std::move(json)) {}
};

// Reads and validates `source` with `overrides` (in order), then applies `settings`.
[[nodiscard]] model::Scenario load_scenario(const ScenarioSource& source,
                                            const std::vector<scenario::Override>& overrides,
                                            const RunSettings& settings);

// `--precision H`: add replications until the 95% CI half-width of the target service level
// is at most `half_width`, or `max_replications` have run.
struct PrecisionRequest {
  double half_width = 0.0;
  std::uint32_t max_replications = 1000;
};

// What a precision-driven run achieved ("precision" in the results JSON).
struct PrecisionOutcome {
  std::string target_metric;         // "service_level/20", a metric path of "totals"
  std::optional<double> half_width;  // at `replications_needed`; none if undefined there
  double requested = 0.0;
  std::uint32_t replications_needed = 0;
  bool reached = false;
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

  // The results JSON of README "Results", plus "precision" for a precision-driven run:
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
                                                   Progress& progress);

// `simulate` of each scenario in turn (the points of a sweep; progress items are their
// indices), with the same results. In an MPI run without `precision`, the replications of all
// the points are spread over the ranks at once, so that every rank has work however few
// replications a point has; with `precision`, points run one after another, each batch spread.
[[nodiscard]] std::vector<std::unique_ptr<Simulation>> simulate_all(std::vector<model::Scenario> scenarios,
                                                                    unsigned threads,
                                                                    const std::optional<PrecisionRequest>& precision,
                                                                    Progress& progress);

}  // namespace ccsim::plan
