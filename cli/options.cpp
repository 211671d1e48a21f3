#include "cli/options.hpp"

#include "plan/mpi.hpp"
#include "sim/error.hpp"

#include <fmt/format.h>

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <exception>
#include <fstream>
#include <functional>
#include <iostream>

namespace ccsim::cli {

void add_simulation_options(CLI::App& cmd, SimulationOptions& o, bool with_set) {
  cmd.add_option("--replications,-r", o.replications, "Number of replications (overrides the scenario)")
      ->check(CLI::Range(1u, 1000000u));
  cmd.add_option("--seed", o.seed, "Random seed (overrides the scenario)");
  cmd.add_option("--threads,-j", o.threads, "Worker threads (0 = all cores); results do not depend on it")
      ->check(CLI::Range(0u, 4096u));
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
          ->check(CLI::Range(1e-9, 1.0));
  cmd.add_option("--max-replications", o.max_replications, "Most replications --precision may run (default 1000)")
      ->check(CLI::Range(2u, 1000000u))
      ->needs(precision);
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
  std::ofstream out(target);
  if (!out) throw InputError(flag + " " + target + ": cannot write the file");
  out << doc.dump(2) << '\n';
  if (!out) throw InputError(flag + " " + target + ": cannot write the file");
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
  const std::string fill(len < width ? width - len : 0, ' ');
  return left ? s + fill : fill + s;
}

}  // namespace ccsim::cli
