#include "cli/options.hpp"

#include "analysis/reports/output_file.hpp"
#include "plan/mpi.hpp"
#include "sim/error.hpp"
#include "sim/scenario/routing_graph.hpp"

#include <fmt/format.h>

#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <functional>
#include <iostream>

namespace ccsim::cli {

// A seed: decimal digits of a whole number from 0 to 2^64 - 1. CLI11 alone would wrap "-5" to
// 2^64 - 5 and saturate seeds above 2^64, so that different seeds would name the same streams.
const CLI::Validator kSeed = CLI::Validator(
    [](std::string& text) -> std::string {
      std::uint64_t value = 0;
      const char* end = text.data() + text.size();
      const auto [ptr, ec] = std::from_chars(text.data(), end, value);
      if (text.empty() || ec != std::errc() || ptr != end || text.front() == '-' || text.front() == '+') {
        return "expected a whole number from 0 to 18446744073709551615, got " + text;
      }
      return "";
    },
    "UINT64");

// A number that is not NaN or infinite (CLI11's Range lets NaN through: NaN compares false).
const CLI::Validator kFinite = CLI::Validator(
    [](std::string& text) -> std::string {
      double value = 0.0;
      try {
        std::size_t used = 0;
        value = std::stod(text, &used);
      } catch (const std::exception&) {
        return "";  // not a number at all: CLI11's conversion reports it
      }
      return std::isfinite(value) ? "" : "expected a finite number, got " + text;
    },
    "FINITE");

// --precision: a share from 1e-9 to 1 (CLI11's Range says "not in range 0.000000 to 1.000000" of 0).
const CLI::Validator kHalfWidth = CLI::Validator(
    [](std::string& text) -> std::string {
      const double value = std::strtod(text.c_str(), nullptr);
      return value >= 1e-9 && value <= 1.0 ? ""
                                           : "expected a half-width from 1e-9 to 1 (a share, e.g. 0.01), got " + text;
    },
    "FLOAT in [1e-09 - 1]");

void add_simulation_options(CLI::App& cmd, SimulationOptions& o, bool with_set) {
  cmd.add_option("--replications,-r", o.replications, "Number of replications (overrides the scenario)")
      ->check(CLI::Range(1u, 1000000u));
  cmd.add_option("--seed", o.seed, "Random seed (overrides the scenario), 0 to 2^64 - 1")->check(kSeed);
  cmd.add_option("--threads,-j", o.threads, "Worker threads (0 = all cores); results do not depend on it")
      ->check(CLI::Range(0u, 4096u));
  cmd.add_option("--max-calls", o.max_calls,
                 "Refuse to start when the work is estimated above N calls (default 1e10), e.g. a huge grid")
      ->check(kFinite)
      ->check(CLI::PositiveNumber);
  cmd.add_option("--max-memory", o.max_memory,
                 "Refuse to start when the memory is estimated above SIZE (e.g. 8G; default half the physical memory)");
  if (with_set)
    cmd.add_option("--set", o.sets, "Override a scenario value: JSON-POINTER=VALUE (repeatable)")
        ->allow_extra_args(false);  // one value per --set: a following positional stays positional
}

std::optional<plan::PrecisionRequest> PrecisionOptions::to_request() const {
  if (!half_width) return std::nullopt;
  plan::PrecisionRequest r;
  r.half_width = *half_width;
  if (max_replications) r.max_replications = *max_replications;
  return r;
}

void add_precision_options(CLI::App& cmd, PrecisionOptions& o) {
  auto* precision =
      cmd.add_option("--precision", o.half_width,
                     "Add replications until the 95% CI half-width of the target service level is at most H "
                     "(a share, e.g. 0.01)")
          ->check(kFinite)
          ->check(kHalfWidth);
  cmd.add_option("--max-replications", o.max_replications, "Most replications --precision may run (default 1000)")
      ->check(CLI::Range(2u, 1000000u))
      ->needs(precision);
}

void warn_load(const std::string& path, const model::Scenario& sc) {
  if (!plan::mpi::is_root()) return;
  for (const auto& d : scenario::check_load(sc)) {
    std::cerr << "ccsim: " << path << ": " << d.pointer << ": warning: " << d.message << '\n';
  }
}

void check_budget(const SimulationOptions& o, const plan::WorkEstimate& estimate, const std::string& what) {
  plan::Limits limits;
  limits.max_calls = o.max_calls;
  if (!o.max_memory.empty()) limits.max_memory_bytes = plan::parse_bytes(o.max_memory, "--max-memory");
  plan::check_budget(estimate, limits, what);
}

plan::RunSettings run_settings(const SimulationOptions& o) { return {o.replications, o.seed}; }

// ---------------------------------------------------------------------------------------------

SimulationProgress::SimulationProgress(std::string item, std::size_t items, bool enabled)
    : item_(std::move(item)), items_(std::max<std::size_t>(items, 1)),
      enabled_(enabled && plan::mpi::size() == 1 && isatty(STDERR_FILENO) != 0),
      start_(std::chrono::steady_clock::now()), last_(start_) {}

SimulationProgress::~SimulationProgress() { finish(); }

void SimulationProgress::start_item(std::size_t index) { index_ = index; }

void SimulationProgress::replication_done(std::uint32_t done, std::uint32_t planned) {
  if (!enabled_ || planned == 0) return;
  const auto now = std::chrono::steady_clock::now();
  const double elapsed = std::chrono::duration<double>(now - start_).count();
  if (elapsed < 1.0 || std::chrono::duration<double>(now - last_).count() < 0.2) return;
  last_ = now;
  // Share of the whole batch done, counting the current item by its replications.
  const double fraction =
      (static_cast<double>(index_) + static_cast<double>(done) / planned) / static_cast<double>(items_);
  const double left = fraction > 0.0 ? elapsed * (1.0 - fraction) / fraction : 0.0;
  std::string line = "\r";
  if (items_ > 1) line += item_ + " " + std::to_string(index_ + 1) + "/" + std::to_string(items_) + ": ";
  line += std::to_string(done) + "/" + std::to_string(planned) + " replications, about " +
          (left < 120.0 ? fmt::format("{:.0f} s", left) : fmt::format("{:.0f} min", left / 60.0)) + " left   ";
  std::fputs(line.c_str(), stderr);
  std::fflush(stderr);
  shown_ = true;
}

void SimulationProgress::finish() {
  if (shown_) std::fprintf(stderr, "\r%*s\r", 72, "");
  shown_ = false;
}

void write_json_output(const std::string& flag, const std::string& target, const analysis::Json& doc) {
  if (!plan::mpi::is_root()) return;
  if (target == "-") {
    std::cout << doc.dump(2) << '\n';
    return;
  }
  analysis::write_output_file(flag + " " + target, target, doc.dump(2) + '\n');
}

void check_outputs(const std::vector<OutputPath>& files, const std::string& csv_dir) {
  if (!plan::mpi::is_root()) return;
  for (const auto& [flag, path] : files) {
    if (!path.empty() && path != "-") analysis::check_output_file(flag + " " + path, path);
  }
  if (!csv_dir.empty()) analysis::check_output_dir("--csv " + csv_dir, csv_dir);
}

std::string format_percent(const analysis::Estimate& e) {
  if (!e.mean) return "-";
  std::string s = fmt::format("{:.1f}%", 100.0 * *e.mean);
  if (e.ci95) s += fmt::format(" ±{:.1f}", 100.0 * *e.ci95);
  return s;
}

std::string format_seconds(const analysis::Estimate& e) {
  if (!e.mean) return "-";
  std::string s = fmt::format("{:.1f}s", *e.mean);
  if (e.ci95) s += fmt::format(" ±{:.1f}", *e.ci95);
  return s;
}

std::string pad(const std::string& s, std::size_t width, bool left) {
  std::size_t len = 0;
  for (const unsigned char c : s) len += (c & 0xC0) != 0x80;  // count UTF-8 lead bytes (± is two bytes)
  // A right-aligned cell wider than its column keeps one space from the cell before it.
  const std::string fill(len < width ? width - len : (left ? 0 : 1), ' ');
  return left ? s + fill : fill + s;
}

}  // namespace ccsim::cli
