#include "plan/simulation.hpp"

#include "ccsim/version.hpp"
#include "plan/mpi.hpp"
#include "plan/replication_batches.hpp"
#include "sim/error.hpp"

#include <algorithm>
#include <cmath>

namespace ccsim::plan {

std::vector<scenario::Override> parse_overrides(const std::vector<std::string>& sets) {
  std::vector<scenario::Override> out;
  out.reserve(sets.size());
  for (const auto& s : sets) out.push_back(scenario::parse_override(s));
  return out;
}

model::Scenario load_scenario(const ScenarioSource& source, const std::vector<scenario::Override>& overrides,
                              const RunSettings& settings) {
  model::Scenario sc = source.text ? scenario::load_scenario_text(*source.text, source.path, overrides)
                                   : scenario::load_scenario_file(source.path, overrides);
  if (settings.replications) sc.replications = *settings.replications;
  if (settings.seed) sc.seed = *settings.seed;
  return sc;
}

Simulation::Simulation(model::Scenario scenario) : scenario_(std::move(scenario)), summary_(scenario_) {}

analysis::Json Simulation::results_json() const {
  analysis::Json doc = analysis::results_json(summary_, expectations_, kVersion);
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

// Running mean and sum of squared deviations (Welford) of the target figure's finite values:
// a cheap lower bound on its half-width after each replication, so that the exact estimate
// (two passes over every value and a Student-t quantile) is only worked out near the goal.
// Checking every replication exactly made --precision quadratic (40,000 replications: 4.3 s).
struct RunningMoments {
  std::uint64_t n = 0;
  double mean = 0.0;
  double m2 = 0.0;
  void add(double v) {
    if (!std::isfinite(v)) return;
    ++n;
    const double d = v - mean;
    mean += d / static_cast<double>(n);
    m2 += d * (v - mean);
  }
  // Whether the half-width is surely above `h`: the normal quantile is below every Student-t
  // one, and the margin covers the rounding of the running sums.
  [[nodiscard]] bool surely_above(double h) const {
    if (n < 2) return false;
    constexpr double z975 = 1.959963984540054;
    const double low = z975 * std::sqrt(m2 / static_cast<double>(n - 1)) / std::sqrt(static_cast<double>(n));
    return low > h * (1.0 + 1e-4);
  }
};

// Replications 0.. of one simulation until the precision request is met (see `simulate`).
PrecisionOutcome run_to_precision(analysis::Summary& summary, unsigned threads, const PrecisionRequest& precision,
                                  Progress& progress) {
  const model::Scenario& sc = summary.scenario();
  const analysis::FigureKey key = precision_target(sc);
  const std::uint32_t max_n = precision.max_replications;
  const std::uint32_t first_check = std::max<std::uint32_t>(sc.replications, 2);
  if (first_check > max_n) {
    throw InputError("--max-replications " + std::to_string(max_n) + " is below the " + std::to_string(first_check) +
                     " replications a precision run starts with (--replications)");
  }
  if (!(precision.half_width > 0.0) || !std::isfinite(precision.half_width)) {  // NaN would never be reached
    throw InputError("--precision: expected a positive finite half-width, got " + std::to_string(precision.half_width));
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
  RunningMoments moments;
  while (!outcome.reached && summary.replications() < max_n) {
    const auto start = static_cast<std::uint32_t>(summary.replications());
    run_batches({{&summary, start, planned - start}}, threads, [&](std::size_t, analysis::ReplicationFigures&& f) {
      if (outcome.reached) return;
      summary.add_figures(f);
      moments.add(summary.values(key).back());
      const auto n = static_cast<std::uint32_t>(summary.replications());
      progress.replication_done(n, planned);
      if (n < first_check) return;
      outcome.replications_needed = n;
      if (moments.surely_above(precision.half_width) && n < planned) return;  // the batch's last is exact
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

namespace {

std::unique_ptr<Simulation> simulate_unnamed(model::Scenario scenario, unsigned threads,
                                             const std::optional<PrecisionRequest>& precision, Progress& progress) {
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

}  // namespace

std::unique_ptr<Simulation> simulate(model::Scenario scenario, unsigned threads,
                                     const std::optional<PrecisionRequest>& precision, Progress& progress) {
  const std::string source = scenario.source;
  const std::uint32_t n = scenario.replications;
  const std::string doing = "simulating it (" + std::to_string(n) + (n == 1 ? " replication)" : " replications)");
  return naming_out_of_memory(source, doing,
                              [&] { return simulate_unnamed(std::move(scenario), threads, precision, progress); });
}

std::vector<std::unique_ptr<Simulation>> simulate_all(std::vector<model::Scenario> scenarios, unsigned threads,
                                                      const std::optional<PrecisionRequest>& precision,
                                                      Progress& progress) {
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
  naming_out_of_memory(sims.front()->scenario().source, "simulating the points", [&] {
    run_batches(batches, threads, [&](std::size_t b, analysis::ReplicationFigures&& f) {
      SimulationAccess::summary(*sims[b]).add_figures(f);
    });
  });
  for (auto& sim : sims) SimulationAccess::finish(*sim, std::nullopt);
  return sims;
}

}  // namespace ccsim::plan
