#include "analysis/estimators/summary.hpp"

#include "sim/error.hpp"
#include "sim/model/staffing_plan.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
#include <limits>
#include <string_view>

namespace ccsim::analysis {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double ratio(double num, double den) { return den > 0.0 ? num / den : kNaN; }

using Emit = std::function<void(const std::string& metric, double value)>;
// Receives the wait histogram of each scope with percentiles, just before its percentiles.
using WaitsVisit = std::function<void(const model::WaitHistogram& waits)>;

constexpr std::size_t kNPercentiles = 5;
const std::array<std::string, kNPercentiles> kPercentileNames{"wait_percentiles/p50", "wait_percentiles/p80",
                                                              "wait_percentiles/p90", "wait_percentiles/p95",
                                                              "wait_percentiles/p99"};
constexpr std::array<double, kNPercentiles> kPercentiles{0.50, 0.80, 0.90, 0.95, 0.99};  // ascending

// Metric names that recur in every scope, built once per walk rather than once per scope.
struct MetricNames {
  std::vector<std::string> service_level;  // "service_level/<threshold>", per threshold
  bool callbacks = false;  // the scenario offers callbacks: their figures, and SL over callers on the line
  MetricNames(const std::vector<double>& thresholds, bool with_callbacks) : callbacks(with_callbacks) {
    for (const double t : thresholds) service_level.push_back("service_level/" + Summary::threshold_key(t));
  }
};

// The figures of README "Results" for one scope of calls.
void call_figures(const model::CallTally& t, const MetricNames& names, const Emit& emit, const WaitsVisit& waits) {
  const auto offered = static_cast<double>(t.offered);
  emit("offered", offered);
  emit("answered", static_cast<double>(t.answered));
  emit("abandoned", static_cast<double>(t.abandoned));
  emit("blocked", static_cast<double>(t.blocked));
  emit("overflowed_out", static_cast<double>(t.overflowed_out));
  emit("dropped", static_cast<double>(t.dropped));
  const auto callback = static_cast<double>(t.callback);
  if (names.callbacks) {
    emit("callbacks_offered", static_cast<double>(t.callbacks_offered));
    emit("callback", callback);
    emit("callback_rate", ratio(callback, offered));
    emit("callback_wait", ratio(t.sum_callback_wait, callback));
  }
  // Service level over the callers who stayed on the line (callback is 0 without callbacks).
  for (std::size_t k = 0; k < names.service_level.size(); ++k) {
    emit(names.service_level[k], ratio(static_cast<double>(t.answered_within(k)), offered - callback));
  }
  emit("answered_rate", ratio(static_cast<double>(t.answered), offered));
  // Share of offered calls that had to wait: neither answered on arrival nor turned away.
  emit("p_wait", ratio(offered - static_cast<double>(t.answered_no_wait() + t.blocked), offered));
  emit("abandon_rate", ratio(static_cast<double>(t.abandoned), offered));
  emit("block_rate", ratio(static_cast<double>(t.blocked), offered));
  emit("overflow_rate", ratio(static_cast<double>(t.overflowed_out), offered));
  emit("asa", ratio(t.sum_wait_answered, static_cast<double>(t.answered)));
  emit("mean_wait", ratio(t.sum_wait_answered + t.sum_wait_abandoned, static_cast<double>(t.answered + t.abandoned)));
  waits(t.waits);
  std::array<double, kNPercentiles> q{};
  q.fill(kNaN);
  if (t.waits.count() > 0) t.waits.quantiles(kPercentiles.data(), q.data(), q.size());
  for (std::size_t k = 0; k < q.size(); ++k) emit(kPercentileNames[k], q[k]);
}

// With redials (README "Redials"): the first attempts, the redials and their share of the
// offered attempts; for a whole run (`per_caller`), also the share of callers eventually
// answered. A counted caller's attempts are all counted and it is answered at most once, so
// the callers answered are the answered attempts.
void redial_figures(const model::CallTally& t, bool per_caller, const Emit& emit) {
  const auto callers = static_cast<double>(t.offered - t.redials);
  emit("callers", callers);
  emit("redials", static_cast<double>(t.redials));
  emit("redial_rate", ratio(static_cast<double>(t.redials), static_cast<double>(t.offered)));
  if (per_caller) emit("caller_answered_rate", ratio(static_cast<double>(t.answered), callers));
}

bool has_redial(const model::Scenario& sc) {
  return std::any_of(sc.call_types.begin(), sc.call_types.end(), [](const auto& ct) { return ct.redial.has_value(); });
}

// The length of reporting interval i's part inside the window [warm-up, horizon) (the last
// interval ends at the horizon).
double interval_window(const model::Scenario& sc, std::size_t i) {
  const double from = static_cast<double>(i) * sc.interval_s;
  const double to = i + 1 == sc.interval_count() ? sc.horizon_s : from + sc.interval_s;
  return std::max(0.0, std::min(to, sc.horizon_s) - std::max(from, sc.warmup_s));
}

bool has_hysteresis(const model::Condition& c) {
  if (c.until_below || c.until_above) return true;
  for (const auto& child : c.children) {
    if (has_hysteresis(child)) return true;
  }
  return false;
}

}  // namespace

bool has_callbacks(const model::Scenario& sc) {
  return std::any_of(sc.queues.begin(), sc.queues.end(), [](const model::Queue& q) { return q.callback.has_value(); });
}

std::string destination_name(const model::Scenario& sc, const model::Target& to) {
  return to.kind == model::Target::Kind::Queue ? sc.queues[to.id].name : sc.exits[to.id].name;
}

std::string Summary::threshold_key(double seconds) {
  // Shortest text that reads back as the same number: distinct thresholds get distinct keys
  // (20 and 20.0000000001 would both be "20" with six significant digits).
  return seconds == std::floor(seconds) ? fmt::format("{:.0f}", seconds) : fmt::format("{}", seconds);
}

const std::vector<double>& Summary::values(const FigureKey& key) const {
  const auto it = index_.find(key);
  CCSIM_ASSERT(it != index_.end());
  return values_[it->second];
}

Estimate Summary::estimate(const FigureKey& key) const {
  const auto it = percentile_of_.find(key);
  if (it != percentile_of_.end()) return percentile_estimate(key, it->second.scope, it->second.p);
  return analysis::estimate(values(key));
}

namespace {

// The agent groups' and queues' figures of reporting interval i (with several intervals, or
// agents on duty with shifts or absence).
template <class EmitTo>
void interval_scope_figures(const model::Scenario& sc, const model::ReplicationTally& tally, std::size_t i,
                            const EmitTo& emit_to) {
  for (std::size_t g = 0; g < sc.agent_groups.size(); ++g) {
    const auto& gt = tally.groups[g];
    const auto emit = emit_to("agent_groups", sc.agent_groups[g].name, static_cast<int>(i));
    if (i < gt.on_duty_time.size()) emit("agents_on_duty", gt.on_duty_time[i] / sc.interval_s);
    if (i < gt.busy_by_interval.size()) emit("occupancy", ratio(gt.busy_by_interval[i], gt.logged_in_by_interval[i]));
  }
  const double counted_s = interval_window(sc, i);
  for (std::size_t q = 0; q < sc.queues.size(); ++q) {
    if (i >= tally.queues[q].intervals.size()) continue;
    const auto& qi = tally.queues[q].intervals[i];
    const auto emit = emit_to("queues", sc.queues[q].name, static_cast<int>(i));
    emit("mean_queue_length", ratio(qi.length_area, counted_s));
    emit("max_queue_length", static_cast<double>(qi.max_length));
    emit("entered", static_cast<double>(qi.entered));
    emit("overflowed", static_cast<double>(qi.overflowed));
  }
}

// Receives every figure of one replication, in key order: its scope and metric path, and value.
using Visit = std::function<void(std::string_view section, const std::string& name, int interval,
                                 const std::string& metric, double value)>;

// Walks the figures of one replication in the fixed key order. The order and the set of keys
// depend only on the scenario and the tally's layout, never on the values.
void for_each_figure(const model::Scenario& sc, const model::ReplicationTally& tally, const Visit& visit,
                     const WaitsVisit& waits) {
  // `section` is a literal and `name` a string of the scenario (or `names` below): both
  // outlive the walk, so the emitters hold them by reference and copy no string.
  std::vector<std::string> outage_names;
  for (std::size_t o = 0; o < tally.outages.size(); ++o) outage_names.push_back(std::to_string(o));
  static const std::string no_name;
  auto emit_to = [&](std::string_view section, const std::string& name, int interval) -> Emit {
    return [&visit, section, &name, interval](const std::string& metric, double value) {
      visit(section, name, interval, metric, value);
    };
  };
  const auto& th = sc.thresholds_s;
  const MetricNames names(th, has_callbacks(sc));
  const std::size_t n_types = sc.call_types.size();

  model::CallTally total(th.size());
  for (const auto& t : tally.call_types) total.merge(t);
  const bool redial = has_redial(sc);
  call_figures(total, names, emit_to("totals", no_name, -1), waits);
  if (redial) redial_figures(total, true, emit_to("totals", no_name, -1));
  for (std::size_t c = 0; c < n_types; ++c) {
    call_figures(tally.call_types[c], names, emit_to("call_types", sc.call_types[c].name, -1), waits);
    if (redial) redial_figures(tally.call_types[c], true, emit_to("call_types", sc.call_types[c].name, -1));
  }
  const double window = sc.horizon_s - sc.warmup_s;
  for (std::size_t q = 0; q < sc.queues.size(); ++q) {
    const auto& qt = tally.queues[q];
    const auto emit = emit_to("queues", sc.queues[q].name, -1);
    call_figures(qt.calls, names, emit, waits);
    emit("entered", static_cast<double>(qt.entered));
    // Calls sent on per destination (queue or exit), summed over the rules that lead there.
    const auto& rules = sc.queues[q].overflow;
    std::vector<std::string> destinations;
    for (const auto& rule : rules) {
      const std::string d = destination_name(sc, rule.to);
      if (std::find(destinations.begin(), destinations.end(), d) == destinations.end()) destinations.push_back(d);
    }
    for (const auto& d : destinations) {
      double sent = 0.0;
      for (std::size_t r = 0; r < rules.size(); ++r) {
        if (destination_name(sc, rules[r].to) == d) sent += static_cast<double>(qt.rules[r].fired);
      }
      emit("overflowed/" + d, sent);
    }
    emit("rerouted", static_cast<double>(qt.rerouted));
    emit("announcements", static_cast<double>(qt.announcements));
    for (std::size_t r = 0; r < rules.size(); ++r) {
      const std::string base = "rules/" + std::to_string(r) + "/";
      emit(base + "fired", static_cast<double>(qt.rules[r].fired));
      if (has_hysteresis(rules[r].when)) {
        emit(base + "switched_on", static_cast<double>(qt.rules[r].switched_on));
        emit(base + "switched_off", static_cast<double>(qt.rules[r].switched_off));
      }
    }
    emit("mean_queue_length", qt.queue_length_area / window);
    emit("max_queue_length", static_cast<double>(qt.max_queue_length));
  }
  for (std::size_t o = 0; o < tally.outages.size(); ++o) {
    const auto& ot = tally.outages[o];
    const auto emit = emit_to("outages", outage_names[o], -1);
    call_figures(ot.calls, names, emit, waits);
    emit("rerouted_waiting", static_cast<double>(ot.rerouted));
    emit("dropped_waiting", static_cast<double>(ot.dropped));
  }
  for (std::size_t g = 0; g < sc.agent_groups.size(); ++g) {
    const auto& gt = tally.groups[g];
    const auto emit = emit_to("agent_groups", sc.agent_groups[g].name, -1);
    emit("occupancy", ratio(gt.busy_time, gt.logged_in_time));
    emit("answered", static_cast<double>(gt.answered));
    emit("mean_agents", gt.logged_in_time / window);
  }
  const std::size_t n_intervals = sc.interval_count();
  for (std::size_t i = 0; i < n_intervals; ++i) {
    model::CallTally interval_total(th.size());
    for (std::size_t c = 0; c < n_types; ++c) interval_total.merge(tally.intervals[i * n_types + c]);
    call_figures(interval_total, names, emit_to("totals", no_name, static_cast<int>(i)), waits);
    if (redial) redial_figures(interval_total, false, emit_to("totals", no_name, static_cast<int>(i)));
    for (std::size_t c = 0; c < n_types; ++c) {
      call_figures(tally.intervals[i * n_types + c], names,
                   emit_to("call_types", sc.call_types[c].name, static_cast<int>(i)), waits);
      if (redial) {
        redial_figures(tally.intervals[i * n_types + c], false,
                       emit_to("call_types", sc.call_types[c].name, static_cast<int>(i)));
      }
    }
    interval_scope_figures(sc, tally, i, emit_to);
  }
}

// A replication that measured nothing, laid out as the model lays out its tallies
// (model::Tallies, sim/model/tallies.cpp): it gives the keys to a Summary that has only seen figures.
model::ReplicationTally empty_tally(const model::Scenario& sc) {
  const std::size_t th = sc.thresholds_s.size();
  model::ReplicationTally t;
  t.call_types.assign(sc.call_types.size(), model::CallTally(th));
  t.intervals.assign(sc.interval_count() * sc.call_types.size(), model::CallTally(th));
  for (const auto& q : sc.queues) t.queues.emplace_back(th, q.overflow.size());
  t.groups.assign(sc.agent_groups.size(), model::GroupTally{});
  if (model::reports_on_duty(sc)) {
    for (auto& g : t.groups) g.on_duty_time.assign(sc.interval_count(), 0.0);
  }
  if (sc.interval_count() > 1) {
    for (auto& g : t.groups) {
      g.busy_by_interval.assign(sc.interval_count(), 0.0);
      g.logged_in_by_interval.assign(sc.interval_count(), 0.0);
    }
    for (auto& q : t.queues) q.intervals.assign(sc.interval_count(), model::QueueIntervalTally{});
  }
  std::size_t outages = 0;
  for (const auto& site : sc.sites) outages += site.outages.size();
  t.outages.assign(outages, model::OutageTally(th));
  return t;
}

}  // namespace

// The keys come from the scenario alone (laid out as the model lays out its tallies), so they
// are fixed before any replication: figures_of may then run on several threads at once.
Summary::Summary(const model::Scenario& scenario) : scenario_(scenario) { define_keys(empty_tally(scenario_)); }

void Summary::define_keys(const model::ReplicationTally& tally) {
  CCSIM_ASSERT(keys_.empty());
  for_each_figure(
      scenario_, tally,
      [&](std::string_view section, const std::string& name, int interval, const std::string& metric, double) {
        FigureKey key{std::string(section), name, interval, metric};
        for (std::size_t k = 0; k < kNPercentiles; ++k) {
          if (metric == kPercentileNames[k])
            percentile_of_.emplace(key, PercentileOf{pooled_.size() - 1, kPercentiles[k]});
        }
        index_.emplace(key, keys_.size());
        keys_.push_back(std::move(key));
      },
      [&](const model::WaitHistogram&) { pooled_.emplace_back(); });
  values_.resize(keys_.size());
}

ReplicationFigures Summary::figures_of(const model::ReplicationTally& tally) const {
  ReplicationFigures f;
  f.values.reserve(keys_.size());
  for_each_figure(
      scenario_, tally,
      [&](std::string_view, const std::string&, int, const std::string&, double value) { f.values.push_back(value); },
      [&](const model::WaitHistogram& w) {
        f.waits.push_back(static_cast<double>(w.zeros()));
        const std::size_t n_at = f.waits.size();
        f.waits.push_back(0.0);
        std::size_t n = 0;
        for (int b = 0; b < model::WaitHistogram::kBins; ++b) {
          if (w.in_bin(b) == 0) continue;
          f.waits.push_back(static_cast<double>(b));
          f.waits.push_back(static_cast<double>(w.in_bin(b)));
          ++n;
        }
        f.waits[n_at] = static_cast<double>(n);
      });
  f.events = tally.events;
  f.calls_simulated = tally.calls_simulated;
  return f;
}

void Summary::add(const model::ReplicationTally& tally) { add_figures(figures_of(tally)); }

void Summary::add_figures(const ReplicationFigures& figures) {
  CCSIM_ASSERT(figures.values.size() == values_.size());
  for (std::size_t k = 0; k < values_.size(); ++k) values_[k].push_back(figures.values[k]);
  std::size_t at = 0;
  for (auto& pooled : pooled_) {
    CCSIM_ASSERT(at + 2 <= figures.waits.size());
    const auto zero = static_cast<std::uint64_t>(figures.waits[at++]);
    const auto n = static_cast<std::size_t>(figures.waits[at++]);
    CCSIM_ASSERT(at + 2 * n <= figures.waits.size());
    pooled.zero += zero;
    pooled.count += zero;
    for (std::size_t i = 0; i < n; ++i, at += 2) {
      const auto bin = static_cast<std::size_t>(figures.waits[at]);
      const auto c = static_cast<std::uint64_t>(figures.waits[at + 1]);
      if (bin >= pooled.bins.size()) pooled.bins.resize(bin + 1, 0);
      pooled.bins[bin] += c;
      pooled.count += c;
    }
  }
  CCSIM_ASSERT(at == figures.waits.size());
  ++replications_;
  events_ += figures.events;
  calls_ += figures.calls_simulated;
}

// The arithmetic of model::WaitHistogram::quantiles on the pooled counts: one replication's
// pooled quantile is that replication's own.
double Summary::PooledWaits::quantile(double p) const {
  const auto n = static_cast<double>(count);
  const auto zeros = static_cast<double>(zero);
  if (count == 0 || p * n <= zeros) return 0.0;
  double seen = zeros;
  for (std::size_t i = 0; i < bins.size(); ++i) {
    const auto c = static_cast<double>(bins[i]);
    if (c == 0.0) continue;
    if (seen + c >= p * n) {
      const double lo = model::WaitHistogram::lower(static_cast<int>(i));
      return lo + (model::WaitHistogram::upper(static_cast<int>(i)) - lo) * (p * n - seen) / c;
    }
    seen += c;
  }
  return model::WaitHistogram::upper(model::WaitHistogram::kBins - 1);
}

double Summary::PooledWaits::share_within(double t) const {
  if (count == 0 || t < 0.0) return 0.0;
  double within = static_cast<double>(zero);
  for (std::size_t i = 0; i < bins.size(); ++i) {
    const double lo = model::WaitHistogram::lower(static_cast<int>(i));
    const double hi = model::WaitHistogram::upper(static_cast<int>(i));
    if (lo >= t) break;
    within += static_cast<double>(bins[i]) * (hi <= t ? 1.0 : (t - lo) / (hi - lo));
  }
  return within / static_cast<double>(count);
}

const Summary::PooledWaits* Summary::pooled_waits(const std::string& section, const std::string& name,
                                                  int interval) const {
  const auto it = percentile_of_.find(FigureKey{section, name, interval, kPercentileNames.front()});
  return it == percentile_of_.end() ? nullptr : &pooled_[it->second.scope];
}

// A wait percentile of the waits pooled over the replications (the mean of per-replication
// percentiles is biased: a percentile is not a mean), and its CI by sectioning (Asmussen and
// Glynn, Stochastic Simulation, 2007, III.5a; Nakayama 2014): the spread of the replications'
// own percentiles around the pooled one, s^2 = sum (q_r - q)^2 / (n - 1), half-width
// t(0.975, n - 1) s / sqrt(n). The bias of one replication's percentile widens it, never narrows.
Estimate Summary::percentile_estimate(const FigureKey& key, std::size_t scope, double p) const {
  Estimate e;
  const PooledWaits& pooled = pooled_[scope];
  if (pooled.count == 0) return e;
  const double q = pooled.quantile(p);
  e.mean = q;
  double ss = 0.0;
  for (const double v : values(key)) {
    if (!std::isfinite(v)) continue;
    ss += (v - q) * (v - q);
    ++e.n;
  }
  if (e.n < 2) return e;
  e.sd = std::sqrt(ss / static_cast<double>(e.n - 1));
  e.ci95 = ci_half_width(e.sd, e.n, 0.95);
  return e;
}

}  // namespace ccsim::analysis
