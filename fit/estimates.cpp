#include "fit/estimates.hpp"

#include "sim/error.hpp"

#include <boost/math/distributions/fisher_f.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

namespace ccsim::fit {

namespace {

using O = CallRecord::Outcome;

std::size_t interval_of(const CallRecord& r, const Selection& sel) {
  return std::min(static_cast<std::size_t>((r.arrival_s - sel.from_s) / sel.interval_s), sel.intervals() - 1);
}

void estimate_rates(const Sample& sample, const Selection& sel, TypeEstimate& t) {
  const std::size_t days = sample.days.size();
  const std::size_t n = sel.intervals();
  std::map<std::string, std::size_t> day_index;
  for (std::size_t d = 0; d < days; ++d) day_index[sample.days[d]] = d;
  std::vector<std::vector<double>> counts(n, std::vector<double>(days, 0.0));
  std::vector<double> daily(days, 0.0);
  for (const CallRecord* r : sample.calls) {
    if (r->call_type != t.name) continue;
    const std::size_t d = day_index[r->day];
    counts[interval_of(*r, sel)][d] += 1.0;
    daily[d] += 1.0;
  }
  const double hours = sel.interval_s / 3600.0;
  auto mean_sd = [&](const std::vector<double>& x) {
    double m = 0.0;
    for (double v : x) m += v;
    m /= static_cast<double>(x.size());
    double ss = 0.0;
    for (double v : x) ss += (v - m) * (v - m);
    return std::pair{m, x.size() > 1 ? std::sqrt(ss / static_cast<double>(x.size() - 1)) : 0.0};
  };
  for (std::size_t k = 0; k < n; ++k) {
    const auto [m, sd] = mean_sd(counts[k]);
    t.per_hour.push_back(std::round(m / hours * 100.0) / 100.0);
    t.per_hour_sd.push_back(sd / hours);
  }
  std::tie(t.daily_mean, t.daily_sd) = mean_sd(daily);
  const double excess = t.daily_sd * t.daily_sd - t.daily_mean;
  t.busyness_sd = t.daily_mean > 0.0 && excess > 0.0 ? std::sqrt(excess) / t.daily_mean : 0.0;
}

void estimate_handle(const Sample& sample, const Selection& sel, TypeEstimate& t) {
  std::vector<Observation> obs;
  std::vector<double> values;
  const auto hours = static_cast<std::size_t>(std::ceil((sel.to_s - sel.from_s) / 3600.0 - 1e-9));
  std::vector<std::vector<double>> logs(hours);
  for (const CallRecord* r : sample.calls) {
    if (r->call_type != t.name || r->outcome != O::Answered) continue;
    if (r->handle_s > 3600.0) {
      ++t.handle.dropped_over_1h;
      continue;
    }
    const double h = std::max(r->handle_s, 0.5);
    obs.push_back({h, true});
    values.push_back(h);
    logs[std::min(static_cast<std::size_t>((r->arrival_s - sel.from_s) / 3600.0), hours - 1)].push_back(std::log(h));
  }
  auto& ht = t.handle;
  ht.n = values.size();
  if (values.empty()) throw InputError("call type \"" + t.name + "\": no answered call to estimate handle time from");
  ht.fits = fit_lifetimes(obs, 0.5);
  for (const auto& f : ht.fits.fits) ht.ks.push_back(ks_distance(values, f));
  std::sort(values.begin(), values.end());
  for (double p : {0.05, 0.10, 0.25, 0.50, 0.75, 0.90, 0.95, 0.99}) {
    const auto idx = std::min(values.size() - 1, static_cast<std::size_t>(p * static_cast<double>(values.size())));
    ht.quantiles.push_back({p, values[idx], ht.fits.fits[ht.fits.best].quantile(p)});
  }
  // One-way ANOVA of log handle time by hour: does handle time differ by time of day?
  double grand = 0.0;
  double between = 0.0;
  double within = 0.0;
  std::size_t groups = 0;
  for (const auto& g : logs) {
    for (double v : g) grand += v;
  }
  grand /= static_cast<double>(ht.n);
  for (const auto& g : logs) {
    double m = 0.0;
    for (double v : g) m += v;
    ht.count_by_hour.push_back(static_cast<double>(g.size()));
    if (g.empty()) {
      ht.mean_by_hour.push_back(std::numeric_limits<double>::quiet_NaN());
      continue;
    }
    ++groups;
    m /= static_cast<double>(g.size());
    double sum = 0.0;
    for (double v : g) within += (v - m) * (v - m), sum += std::exp(v);
    ht.mean_by_hour.push_back(sum / static_cast<double>(g.size()));
    between += static_cast<double>(g.size()) * (m - grand) * (m - grand);
  }
  if (groups > 1 && ht.n > groups) {
    const auto df1 = static_cast<double>(groups - 1);
    const auto df2 = static_cast<double>(ht.n - groups);
    ht.anova_f = (between / df1) / (within / df2);
    ht.anova_p = boost::math::cdf(boost::math::complement(boost::math::fisher_f(df1, df2), ht.anova_f));
  }
}

void estimate_patience(const Sample& sample, TypeEstimate& t) {
  std::vector<Observation> obs;
  for (const CallRecord* r : sample.calls) {
    if (r->call_type != t.name || !r->queued) continue;
    obs.push_back({r->wait_s, r->outcome == O::Abandoned});
    t.patience.abandoned += r->outcome == O::Abandoned ? 1 : 0;
  }
  t.patience.queued = obs.size();
  t.patience.km = kaplan_meier(obs);
  if (t.patience.abandoned > 0) t.patience.fits = fit_lifetimes(obs, 0.5);
}

// Calls in service per interval: time average and peak, each averaged over days.
void estimate_in_service(const Sample& sample, const Selection& sel, Estimates& e) {
  const std::size_t n = sel.intervals();
  e.mean_in_service.assign(n, 0.0);
  e.peak_in_service.assign(n, 0.0);
  std::size_t i = 0;
  while (i < sample.calls.size()) {
    const std::string& day = sample.calls[i]->day;
    std::vector<std::pair<double, int>> edges;
    for (; i < sample.calls.size() && sample.calls[i]->day == day; ++i) {
      const CallRecord& r = *sample.calls[i];
      if (r.outcome != O::Answered) continue;
      const double start = r.arrival_s + r.wait_s;
      edges.emplace_back(start, 1);
      edges.emplace_back(start + std::min(r.handle_s, 3600.0), -1);
    }
    std::sort(edges.begin(), edges.end());
    std::vector<double> peak(n, 0.0);
    int busy = 0;
    double last = sel.from_s;
    auto add_area = [&](double from, double to, int level) {
      for (std::size_t k = 0; k < n && from < to; ++k) {
        const double lo = std::max(from, sel.from_s + static_cast<double>(k) * sel.interval_s);
        const double hi = std::min(to, sel.from_s + static_cast<double>(k + 1) * sel.interval_s);
        if (hi > lo) e.mean_in_service[k] += level * (hi - lo) / sel.interval_s;
      }
    };
    for (const auto& [t, step] : edges) {
      add_area(last, t, busy);
      busy += step;
      last = t;
      if (t >= sel.from_s && t < sel.to_s) {
        const auto k = std::min(static_cast<std::size_t>((t - sel.from_s) / sel.interval_s), n - 1);
        peak[k] = std::max(peak[k], static_cast<double>(busy));
      }
    }
    for (std::size_t k = 0; k < n; ++k) e.peak_in_service[k] += peak[k];
  }
  const auto days = static_cast<double>(sample.days.size());
  for (std::size_t k = 0; k < n; ++k) e.mean_in_service[k] /= days, e.peak_in_service[k] /= days;
}

}  // namespace

Estimates estimate(const Sample& sample, const Selection& sel) {
  if (sample.calls.empty()) throw InputError("the selection holds no call (check --days, --hours, --train)");
  Estimates e;
  e.days = sample.days;
  e.calls = sample.calls.size();
  std::vector<std::string> names;
  for (const CallRecord* r : sample.calls) {
    if (std::find(names.begin(), names.end(), r->call_type) == names.end()) names.push_back(r->call_type);
  }
  std::sort(names.begin(), names.end());
  for (const auto& name : names) {
    TypeEstimate t;
    t.name = name;
    estimate_rates(sample, sel, t);
    estimate_handle(sample, sel, t);
    estimate_patience(sample, t);
    e.types.push_back(std::move(t));
  }
  e.discipline = estimate_discipline(sample);
  e.redials = estimate_redials(sample);
  estimate_in_service(sample, sel, e);
  return e;
}

}  // namespace ccsim::fit
