// Options and output helpers every simulating command shares: --replications, --seed,
// --threads, --set, --precision; the progress line on stderr; JSON output to a file or stdout;
// table cells. The simulating itself is the planning layer's (plan/simulation.hpp).
#pragma once

#include "analysis/estimators/summary.hpp"
#include "analysis/reports/output_file.hpp"
#include "analysis/reports/results_json.hpp"
#include "plan/budget.hpp"
#include "plan/simulation.hpp"

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
  unsigned threads = 0;                         // 0 = all cores; results never depend on it
  std::vector<std::string> sets;                // --set PTR=VALUE, applied in order
  double max_calls = plan::Limits{}.max_calls;  // --max-calls: refuse more work than this
  std::string max_memory;                       // --max-memory: refuse more memory ("" = default)
};

// The limits of `o` (plan/budget.hpp), and the check of `estimate` against them: `what` names
// the work in the message (the scenario file).
void check_budget(const SimulationOptions& o, const plan::WorkEstimate& estimate, const std::string& what);

// What `validate` says of a scenario's load (an overloaded queue where nobody abandons, an
// expectation that can never be met), as warnings on stderr from rank 0 before simulating.
void warn_load(const std::string& path, const model::Scenario& sc);

// Checks of option text: a seed (a whole number from 0 to 2^64 - 1, never wrapped or
// saturated) and a finite number (no NaN or infinity).
extern const CLI::Validator kSeed;
extern const CLI::Validator kFinite;

// Registers --replications, --seed, --threads and (when `with_set`) --set on `cmd`.
void add_simulation_options(CLI::App& cmd, SimulationOptions& o, bool with_set = true);

// Registers --precision and --max-replications; `to_request` turns them into a request.
struct PrecisionOptions {
  std::optional<double> half_width;
  std::optional<std::uint32_t> max_replications;
  [[nodiscard]] std::optional<plan::PrecisionRequest> to_request() const;
};
void add_precision_options(CLI::App& cmd, PrecisionOptions& o);

// The replication settings of `o` for the planning layer.
[[nodiscard]] plan::RunSettings run_settings(const SimulationOptions& o);

// One progress line on stderr for a batch of simulations ("point 2/5: 7/20 replications, about
// 12 s left"). Shown only when enabled, stderr is a terminal and the work has lasted over a
// second, and not in an MPI run of several ranks; nothing at all otherwise. The time left
// assumes every item costs about the same.
class SimulationProgress final : public plan::Progress {
public:
  // `item` names the unit of the batch ("point", "scenario"); with one item it is not shown.
  SimulationProgress(std::string item, std::size_t items, bool enabled);
  SimulationProgress(const SimulationProgress&) = delete;
  SimulationProgress& operator=(const SimulationProgress&) = delete;
  SimulationProgress(SimulationProgress&&) = delete;
  SimulationProgress& operator=(SimulationProgress&&) = delete;
  ~SimulationProgress() override;

  void start_item(std::size_t index) override;  // 0-based
  void replication_done(std::uint32_t done, std::uint32_t planned) override;
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

// Writes `doc` to `target` (a file, or "-" for stdout); `flag` names the option in messages.
// In an MPI run only rank 0 writes.
void write_json_output(const std::string& flag, const std::string& target, const analysis::Json& doc);

// Before any work: each output file named (FLAG, PATH) can be written (empty and "-" skipped),
// and `csv_dir`, when given, can hold --csv's files; else InputError "FLAG PATH: cannot write
// PATH: REASON". The outputs themselves go through analysis/reports/output_file.hpp.
struct OutputPath {
  std::string flag;
  std::string path;
};
void check_outputs(const std::vector<OutputPath>& files, const std::string& csv_dir = "");

// "12.3%", "45.6s" formatting helpers for tables: value and " ±half-width" when defined.
[[nodiscard]] std::string format_percent(const analysis::Estimate& e);
[[nodiscard]] std::string format_seconds(const analysis::Estimate& e);

// Pads `s` to `width` characters (UTF-8 aware), right-aligned unless `left`.
[[nodiscard]] std::string pad(const std::string& s, std::size_t width, bool left = false);

}  // namespace ccsim::cli
