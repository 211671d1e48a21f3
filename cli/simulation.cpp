#include "cli/simulation.hpp"

#include "cli/mpi.hpp"
#include "sim/error.hpp"
#include "sim/model/runner.hpp"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <exception>
#include <fstream>
#include <functional>
#include <iostream>

namespace ccsim::cli {

namespace {

std::string fmt(const char* f, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, f, v);
  return buf;
}

}  // namespace

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

std::optional<PrecisionRequest> PrecisionOptions::to_request() const {
  if (!half_width) return std::nullopt;
  PrecisionRequest r;
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

std::vector<scenario::Override> parse_overrides(const std::vector<std::string>& sets) {
  std::vector<scenario::Override> out;
  out.reserve(sets.size());
  for (const auto& s : sets) out.push_back(scenario::parse_override(s));
  return out;
}

model::Scenario load_scenario(const std::string& path, const std::vector<scenario::Override>& overrides,
                              const SimulationOptions& o) {
  model::Scenario sc = scenario::load_scenario_file(path, overrides);
  if (o.replications) sc.replications = *o.replications;
  if (o.seed) sc.seed = *o.seed;
  return sc;
}

// ---------------------------------------------------------------------------------------------

SimulationProgress::SimulationProgress(std::string item, std::size_t items, bool enabled)
    : item_(std::move(item)), items_(std::max<std::size_t>(items, 1)),
      enabled_(enabled && mpi::size() == 1 && isatty(STDERR_FILENO) != 0), start_(std::chrono::steady_clock::now()),
      last_(start_) {}

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
          (left < 120.0 ? fmt("%.0f", left) + " s" : fmt("%.0f", left / 60.0) + " min") + " left   ";
  std::fputs(line.c_str(), stderr);
  std::fflush(stderr);
  shown_ = true;
}

void SimulationProgress::finish() {
  if (shown_) std::fprintf(stderr, "\r%*s\r", 72, "");
  shown_ = false;
}

// ---------------------------------------------------------------------------------------------

Simulation::Simulation(model::Scenario scenario) : scenario_(std::move(scenario)), summary_(scenario_) {}

analysis::Json Simulation::results_json() const {
  analysis::Json doc = analysis::results_json(summary_, expectations_, CCSIM_VERSION);
  if (precision_) {
    analysis::Json p;
    p["target_metric"] = precision_->target_metric;
    p["half_width"] = precision_->half_width ? analysis::Json(*precision_->half_width) : analysis::Json(nullptr);
    p["requested"] = precision_->requested;
    p["replications_needed"] = precision_->replications_needed;
    p["reached"] = precision_->reached;
    doc["precision"] = std::move(p);
  }
  return doc;
}

analysis::FigureKey precision_target(const model::Scenario& sc) {
  if (sc.thresholds_s.empty()) {
    throw InputError(sc.source + ": --precision needs a service-level threshold in the scenario");
  }
  const double within = sc.target ? sc.target->within_s : sc.thresholds_s.front();
  return {"totals", "", -1, "service_level/" + analysis::Summary::threshold_key(within)};
}

// Fills in a Simulation's figures, for the pipeline below.
struct SimulationAccess {
  static analysis::Summary& summary(Simulation& s) { return s.summary_; }
  static void finish(Simulation& s, std::optional<PrecisionOutcome> precision) {
    s.precision_ = std::move(precision);
    s.expectations_ = analysis::evaluate_expectations(s.summary_);
  }
};

namespace {

// Replications [first, first + count) of the scenario of `summary`.
struct Batch {
  const analysis::Summary* summary;
  std::uint32_t first;
  std::uint32_t count;
};

// Receives the figures of one replication of batches[batch].
using FiguresSink = std::function<void(std::size_t batch, analysis::ReplicationFigures&& figures)>;

// A replication's figures as numbers for MPI: count, values, events, calls simulated. Counts
// stay below 2^53, so the doubles hold them exactly; values travel bit for bit.
void append_record(std::vector<double>& out, const analysis::ReplicationFigures& f) {
  out.push_back(static_cast<double>(f.values.size()));
  out.insert(out.end(), f.values.begin(), f.values.end());
  out.push_back(static_cast<double>(f.events));
  out.push_back(static_cast<double>(f.calls_simulated));
}

analysis::ReplicationFigures read_record(const std::vector<double>& in, std::size_t& at) {
  CCSIM_ASSERT(at < in.size());
  const auto n = static_cast<std::size_t>(in[at++]);
  CCSIM_ASSERT(at + n + 2 <= in.size());
  analysis::ReplicationFigures f;
  const auto first = in.begin() + static_cast<std::ptrdiff_t>(at);
  f.values.assign(first, first + static_cast<std::ptrdiff_t>(n));
  at += n;
  f.events = static_cast<std::uint64_t>(in[at++]);
  f.calls_simulated = static_cast<std::uint64_t>(in[at++]);
  return f;
}

// Calls `piece(batch, first replication, count)` for the replications that tasks [lo, hi) of
// the whole list stand for, the list being every batch's replications, batch after batch.
void for_each_piece(const std::vector<Batch>& batches, std::uint64_t lo, std::uint64_t hi,
                    const std::function<void(std::size_t, std::uint32_t, std::uint32_t)>& piece) {
  std::uint64_t offset = 0;  // task of the batch's first replication
  for (std::size_t b = 0; b < batches.size() && offset < hi; ++b) {
    const std::uint64_t from = std::max(lo, offset);
    const std::uint64_t to = std::min(hi, offset + batches[b].count);
    if (from < to) {
      piece(b, batches[b].first + static_cast<std::uint32_t>(from - offset), static_cast<std::uint32_t>(to - from));
    }
    offset += batches[b].count;
  }
}

// Runs every batch's replications and hands their figures to `sink`, batch after batch, each in
// replication order. Alone, each batch runs on the thread pool and figures stream to the sink.
// In an MPI run, the replications of all batches, as one list of tasks, are cut into chunks
// dealt round-robin to the ranks, about 8 per rank: points of a sweep differ in cost, and
// spreading each rank's work over the whole list evens the load, while chunks stay long enough
// for the thread pool. Replication r depends only on (scenario, seed, r), so who runs it does
// not matter. Each rank runs its chunks on its own pool, then every rank receives every figure
// and feeds the sink alike, in task order, so every rank builds the same summaries.
void run_batches(const std::vector<Batch>& batches, unsigned threads, const FiguresSink& sink) {
  const auto ranks = static_cast<std::uint64_t>(mpi::size());
  if (ranks == 1) {
    for (std::size_t b = 0; b < batches.size(); ++b) {
      const analysis::Summary& summary = *batches[b].summary;
      // Figures are worked out on the worker threads; the sink takes them in order.
      model::run_replications(
          summary.scenario(), batches[b].first, batches[b].count, threads,
          [&](std::uint32_t, model::ReplicationTally&& t) { return summary.figures_of(t); },
          [&](std::uint32_t, analysis::ReplicationFigures&& f) { sink(b, std::move(f)); });
    }
    return;
  }
  constexpr std::uint64_t chunks_per_rank = 8;
  std::uint64_t total = 0;
  for (const auto& b : batches) total += b.count;
  const std::uint64_t chunks = ranks * chunks_per_rank;
  const std::uint64_t chunk = std::max<std::uint64_t>(1, (total + chunks - 1) / chunks);
  const auto rank = static_cast<std::uint64_t>(mpi::rank());

  std::vector<double> mine;
  std::exception_ptr error;
  try {
    for (std::uint64_t lo = rank * chunk; lo < total; lo += ranks * chunk) {
      const auto run = [&](std::size_t b, std::uint32_t first, std::uint32_t n) {
        const analysis::Summary& summary = *batches[b].summary;
        model::run_replications(
            summary.scenario(), first, n, threads,
            [&](std::uint32_t, model::ReplicationTally&& t) { return summary.figures_of(t); },
            [&](std::uint32_t, analysis::ReplicationFigures&& f) { append_record(mine, f); });
      };
      for_each_piece(batches, lo, std::min(total, lo + chunk), run);
    }
  } catch (...) {
    error = std::current_exception();
  }
  const mpi::Gathered all = mpi::all_gather(error, mine);
  // Every rank's records are in the order it ran its chunks; take them back in task order.
  std::vector<std::size_t> cursor(all.starts.begin(), all.starts.end() - 1);
  for (std::uint64_t lo = 0; lo < total; lo += chunk) {
    std::size_t& at = cursor[static_cast<std::size_t>((lo / chunk) % ranks)];
    for_each_piece(batches, lo, std::min(total, lo + chunk), [&](std::size_t b, std::uint32_t, std::uint32_t n) {
      for (std::uint32_t k = 0; k < n; ++k) sink(b, read_record(all.values, at));
    });
  }
  for (std::size_t r = 0; r < cursor.size(); ++r) CCSIM_ASSERT(cursor[r] == all.starts[r + 1]);
}

// Replications 0.. of one simulation until the precision request is met (see `simulate`).
PrecisionOutcome run_to_precision(analysis::Summary& summary, unsigned threads, const PrecisionRequest& precision,
                                  SimulationProgress& progress) {
  const model::Scenario& sc = summary.scenario();
  const analysis::FigureKey key = precision_target(sc);
  const std::uint32_t max_n = precision.max_replications;
  const std::uint32_t first_check = std::max<std::uint32_t>(sc.replications, 2);
  if (first_check > max_n) {
    throw InputError("--max-replications " + std::to_string(max_n) + " is below the " + std::to_string(first_check) +
                     " replications a precision run starts with (--replications)");
  }
  PrecisionOutcome outcome;
  outcome.target_metric = key.metric;
  outcome.requested = precision.half_width;
  // The stopping rule is checked after each replication, in replication order: the run stops
  // at the first n >= first_check whose half-width is small enough. Batches only decide how
  // much work runs ahead; figures past n are dropped, so n and every figure are the same
  // whatever the batch sizes, thread count and number of MPI ranks (which all see the same
  // figures, so take the same decisions in lockstep).
  std::uint32_t planned = first_check;
  while (!outcome.reached && summary.replications() < max_n) {
    const auto start = static_cast<std::uint32_t>(summary.replications());
    run_batches({{&summary, start, planned - start}}, threads, [&](std::size_t, analysis::ReplicationFigures&& f) {
      if (outcome.reached) return;
      summary.add_figures(f);
      const auto n = static_cast<std::uint32_t>(summary.replications());
      progress.replication_done(n, planned);
      if (n < first_check) return;
      const auto h = summary.estimate(key).ci95;
      outcome.half_width = h;
      outcome.replications_needed = n;
      outcome.reached = h && *h <= precision.half_width;
    });
    if (outcome.reached) break;
    // Next batch: the half-width shrinks like 1/sqrt(n), so aim at n (h/H)^2, a tenth more
    // for the noise in h; at least a quarter more replications, at most the cap.
    const auto n = static_cast<double>(summary.replications());
    double aim = 2.0 * n;
    if (outcome.half_width && *outcome.half_width > 0.0) {
      const double ratio = *outcome.half_width / precision.half_width;
      aim = 1.1 * n * ratio * ratio;
    }
    aim = std::max(aim, n + std::max(1.0, std::ceil(n / 4.0)));
    planned = static_cast<std::uint32_t>(std::min<double>(std::ceil(aim), max_n));
  }
  return outcome;
}

}  // namespace

std::unique_ptr<Simulation> simulate(model::Scenario scenario, unsigned threads,
                                     const std::optional<PrecisionRequest>& precision, SimulationProgress& progress) {
  auto sim = std::make_unique<Simulation>(std::move(scenario));
  analysis::Summary& summary = SimulationAccess::summary(*sim);
  std::optional<PrecisionOutcome> outcome;
  if (!precision) {
    const std::uint32_t n = sim->scenario().replications;
    run_batches({{&summary, 0, n}}, threads, [&](std::size_t, analysis::ReplicationFigures&& f) {
      summary.add_figures(f);
      progress.replication_done(static_cast<std::uint32_t>(summary.replications()), n);
    });
  } else {
    outcome = run_to_precision(summary, threads, *precision, progress);
  }
  SimulationAccess::finish(*sim, std::move(outcome));
  return sim;
}

std::vector<std::unique_ptr<Simulation>> simulate_all(std::vector<model::Scenario> scenarios, unsigned threads,
                                                      const std::optional<PrecisionRequest>& precision,
                                                      SimulationProgress& progress) {
  std::vector<std::unique_ptr<Simulation>> sims;
  sims.reserve(scenarios.size());
  if (precision || mpi::size() == 1) {
    for (std::size_t i = 0; i < scenarios.size(); ++i) {
      progress.start_item(i);
      sims.push_back(simulate(std::move(scenarios[i]), threads, precision, progress));
    }
    return sims;
  }
  std::vector<Batch> batches;
  for (auto& sc : scenarios) {
    sims.push_back(std::make_unique<Simulation>(std::move(sc)));
    batches.push_back({&sims.back()->summary(), 0, sims.back()->scenario().replications});
  }
  run_batches(batches, threads, [&](std::size_t b, analysis::ReplicationFigures&& f) {
    SimulationAccess::summary(*sims[b]).add_figures(f);
  });
  for (auto& sim : sims) SimulationAccess::finish(*sim, std::nullopt);
  return sims;
}

void write_json_output(const std::string& flag, const std::string& target, const analysis::Json& doc) {
  if (!mpi::is_root()) return;
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
  std::string s = fmt("%.1f%%", 100.0 * *e.mean);
  if (e.ci95) s += fmt(" ±%.1f", 100.0 * *e.ci95);
  return s;
}

std::string format_seconds(const analysis::Estimate& e) {
  if (!e.mean) return "-";
  std::string s = fmt("%.1fs", *e.mean);
  if (e.ci95) s += fmt(" ±%.1f", *e.ci95);
  return s;
}

std::string pad(const std::string& s, std::size_t width, bool left) {
  std::size_t len = 0;
  for (const unsigned char c : s) len += (c & 0xC0) != 0x80;  // count UTF-8 lead bytes (± is two bytes)
  const std::string fill(len < width ? width - len : 0, ' ');
  return left ? s + fill : fill + s;
}

}  // namespace ccsim::cli
