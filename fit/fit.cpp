#include "fit/fit.hpp"

#include "fit/backtest.hpp"
#include "sim/error.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace ccsim::fit {

namespace {

std::string describe(const FitOptions& o, const Estimates& e, const Homogeneity& h) {
  std::string regimes;
  for (const auto& g : h.regimes) {
    regimes += fmt::format("{}{}..{} ({} days, {:.1f}% abandoned, SL20 {:.1f}%)", regimes.empty() ? "" : "; ", g.from,
                           g.to, g.days, 100 * g.abandon_rate, 100 * g.service_level);
  }
  return fmt::format(
      "Fitted by `ccsim fit` from {} (days {}, hours {:02.0f}:{:02.0f}-{:02.0f}:{:02.0f}{}): {} calls on {} days, "
      "{} to {}. Regimes of these weekdays found in the records (abandonment change points): {}. Arrivals: Poisson, "
      "rate per interval = mean count over the fitting days (less the redials the scenario makes again, when it has "
      "`redial`), times a gamma day factor (`busyness`) for the day-to-day spread beyond Poisson. Handle time and "
      "patience: the best of exponential, "
      "Weibull and lognormal by AIC (patience fitted with answered callers censored). Discipline seen: {}. Agents: "
      "calibrated by simulation per interval to the observed abandonment and service level (not counted in the "
      "records). Run `ccsim fit ... --json` for every estimate.",
      o.records, o.selection.days_text, std::floor(o.selection.from_s / 3600), std::fmod(o.selection.from_s / 60, 60),
      std::floor(o.selection.to_s / 3600), std::fmod(o.selection.to_s / 60, 60),
      o.train ? ", train " + o.train->text() : "", e.calls, e.days.size(), e.days.front(), e.days.back(), regimes,
      e.discipline.kind == "head_start"
          ? fmt::format("{} callers overtake others who arrived up to {:.0f} s before (head_start)",
                        e.discipline.favoured, e.discipline.head_start_s)
      : e.discipline.kind == "priority" ? e.discipline.favoured + " served first (priority)"
                                        : "first come, first served");
}

}  // namespace

FitResult run_fit(const FitOptions& o) {
  FitResult r;
  r.records = read_records(o.records, o.format, o.columns);
  const Sample all = select(r.records, o.selection, std::nullopt);
  if (all.calls.empty())
    throw InputError(o.records + ": no call in the selection (--days " + o.selection.days_text + ", --hours)");
  r.homogeneity = test_homogeneity(observe(all, o.selection, kThresholds), kSl20);
  const Sample train = select(r.records, o.selection, o.train);
  if (train.calls.empty()) throw InputError("--train " + (o.train ? o.train->text() : "") + ": no call in these days");
  r.estimates = estimate(train, o.selection);
  for (const auto& g : r.homogeneity.regimes) {
    if (o.train && g.from <= o.train->to && g.to >= o.train->from && (g.from > o.train->from || g.to < o.train->to)) {
      r.warnings.push_back("the fitting days " + o.train->text() + " span more than one regime (" + g.from + ".." +
                           g.to + " is one): the estimates mix them");
    }
  }
  if (!o.train && r.homogeneity.regimes.size() > 1) {
    r.warnings.push_back(
        fmt::format("the selected days hold {} regimes; fit one with --train FROM..TO", r.homogeneity.regimes.size()));
  }
  const auto train_days = observe(train, o.selection, kThresholds);
  std::vector<Counts> pooled(o.selection.intervals());
  for (auto& c : pooled) c.within.assign(kThresholds.size(), 0.0);
  for (const auto& d : train_days) {
    for (std::size_t k = 0; k < pooled.size(); ++k) pooled[k].add(d.intervals[k]);
  }
  ScenarioText text{"Fitted from " + o.records, describe(o, r.estimates, r.homogeneity), o.replications, o.seed};
  std::vector<std::map<std::string, double>> abandoned(pooled.size());  // mean per day, per interval and type
  for (const auto& d : train_days) {
    for (std::size_t k = 0; k < pooled.size(); ++k) {
      for (const auto& [type, c] : d.type_intervals[k])
        abandoned[k][type] += c.abandoned / static_cast<double>(train_days.size());
    }
  }
  first_attempt_rates(r.estimates, abandoned, o.selection);
  const Json draft =
      scenario_json(r.estimates, o.selection, std::vector<std::uint32_t>(pooled.size(), 1), text, o.without);
  r.calibration =
      calibrate_staffing(draft, pooled, r.estimates.mean_in_service, r.estimates.peak_in_service, kSl20, o.threads);
  r.scenario = scenario_json(r.estimates, o.selection, r.calibration.agents, text, o.without);
  r.warnings.insert(r.warnings.end(), r.calibration.warnings.begin(), r.calibration.warnings.end());
  if (o.test) r.backtest = backtest(r, o);
  return r;
}

}  // namespace ccsim::fit
