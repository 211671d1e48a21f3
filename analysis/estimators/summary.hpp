// Per-replication figures (README "Results"; estimates and CIs in docs/results.md) from raw tallies, kept for every
// replication.
#pragma once

#include "analysis/estimators/statistics.hpp"
#include "sim/model/scenario.hpp"
#include "sim/model/tally.hpp"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace ccsim::analysis {

// Where a figure belongs: section ("totals", "call_types", "queues", "agent_groups"), the
// name within it ("" for totals), the arrival interval (-1 for the whole run) and the metric
// path inside the scope ("offered", "service_level/20", "wait_percentiles/p90").
struct FigureKey {
  std::string section;
  std::string name;
  int interval = -1;
  std::string metric;

  // clang-tidy 14 misreads a defaulted <=> as a comparison with a literal 0.
  // NOLINTNEXTLINE(modernize-use-nullptr)
  auto operator<=>(const FigureKey&) const = default;
};

// Whether a queue of the scenario offers callbacks: its results then have the callback figures,
// and service level is over the callers who stayed on the line (offered - callback).
[[nodiscard]] bool has_callbacks(const model::Scenario& sc);

// Name of a rule's destination, queue or exit.
[[nodiscard]] std::string destination_name(const model::Scenario& sc, const model::Target& to);

// One replication's figures, values in key order: what `Summary::add` appends. Plain numbers,
// so that one process can compute them and another add them (MPI runs send them to rank 0).
struct ReplicationFigures {
  std::vector<double> values;  // one per figure, in Summary::keys() order (NaN where undefined)
  // The wait histograms of the scopes with percentiles, in key order, sparse: per scope the
  // waits of 0, the number of nonzero bins, then (bin, count) pairs. Counts stay below 2^53.
  std::vector<double> waits;
  std::uint64_t events = 0;
  std::uint64_t calls_simulated = 0;
};

// The figures of a run: one value per figure per replication, in replication order.
// Replications are appended as they finish; estimates are taken over all of them.
class Summary {
public:
  explicit Summary(const model::Scenario& scenario);

  // Computes every figure of one replication and appends it.
  void add(const model::ReplicationTally& tally);

  // `add` in two steps: the figures of one replication (any Summary of the same scenario gives
  // the same), then appending them. add_figures(figures_of(t)) appends exactly what add(t) does.
  [[nodiscard]] ReplicationFigures figures_of(const model::ReplicationTally& tally) const;
  void add_figures(const ReplicationFigures& figures);

  [[nodiscard]] std::size_t replications() const { return replications_; }
  [[nodiscard]] const std::vector<FigureKey>& keys() const { return keys_; }
  [[nodiscard]] bool has(const FigureKey& key) const { return index_.contains(key); }
  // The per-replication values of a figure (NaN where undefined). Precondition: has(key).
  [[nodiscard]] const std::vector<double>& values(const FigureKey& key) const;
  // Mean and 95% CI over replications; for a wait percentile, the percentile of the waits
  // pooled over every replication, with a sectioning CI (see percentile_estimate).
  [[nodiscard]] Estimate estimate(const FigureKey& key) const;
  [[nodiscard]] const model::Scenario& scenario() const { return scenario_; }

  // Sums over replications of the raw work done, for speed reports.
  [[nodiscard]] std::uint64_t events() const { return events_; }
  [[nodiscard]] std::uint64_t calls_simulated() const { return calls_; }

  // Threshold key as it appears in JSON: whole seconds ("20"), or decimals when fractional.
  [[nodiscard]] static std::string threshold_key(double seconds);

  // Waits of one scope pooled over the replications: zero waits apart, then counts per
  // model::WaitHistogram bin (as long as the highest bin used).
  struct PooledWaits {
    std::uint64_t count = 0;
    std::uint64_t zero = 0;
    std::vector<std::uint64_t> bins;
    [[nodiscard]] double quantile(double p) const;  // as model::WaitHistogram::quantile
    // Share of the waits at most `t` seconds (linear inside a bin, as quantile), 0 with none.
    [[nodiscard]] double share_within(double t) const;
  };
  // The pooled waits of a scope with percentiles (interval -1: the whole run); null without.
  [[nodiscard]] const PooledWaits* pooled_waits(const std::string& section, const std::string& name,
                                                int interval = -1) const;

private:
  void define_keys(const model::ReplicationTally& tally);
  [[nodiscard]] Estimate percentile_estimate(const FigureKey& key, std::size_t scope, double p) const;

  struct PercentileOf {
    std::size_t scope;  // index into pooled_
    double p;
  };

  const model::Scenario& scenario_;
  std::vector<FigureKey> keys_;
  std::map<FigureKey, std::size_t> index_;
  std::vector<std::vector<double>> values_;  // [figure][replication]
  std::vector<PooledWaits> pooled_;          // per scope with percentiles, in key order
  std::map<FigureKey, PercentileOf> percentile_of_;
  std::size_t replications_ = 0;
  std::uint64_t events_ = 0;
  std::uint64_t calls_ = 0;
};

}  // namespace ccsim::analysis
