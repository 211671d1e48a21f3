// The --json document of `ccsim fit`, and the keys of later versions written on request.
#include "fit/fit.hpp"

#include "fit/text.hpp"
#include "sim/error.hpp"

#include <cmath>

namespace ccsim::fit {

namespace {

Json num(double x) { return std::isfinite(x) ? Json(round4(x)) : Json(nullptr); }

Json lifetime_json(const LifetimeFits& f, const std::vector<double>* ks) {
  Json fits = Json::array();
  for (std::size_t i = 0; i < f.fits.size(); ++i) {
    const auto& x = f.fits[i];
    Json j{{"family", x.family},
           {"distribution", distribution_json(x)},
           {"mean", num(x.mean())},
           {"log_likelihood", num(x.log_likelihood)},
           {"aic", num(x.aic)}};
    if (ks) j["ks_distance"] = num((*ks)[i]);
    fits.push_back(std::move(j));
  }
  return {{"fits", fits}, {"chosen", f.fits.empty() ? Json(nullptr) : Json(f.fits[f.best].family)}};
}

Json type_json(const TypeEstimate& t) {
  Json j;
  j["name"] = t.name;
  Json rates = Json::array();
  for (std::size_t k = 0; k < t.per_hour.size(); ++k)
    rates.push_back({{"per_hour", t.per_hour[k]}, {"sd", num(t.per_hour_sd[k])}});
  j["rates"] = rates;
  j["daily"] = {{"mean", num(t.daily_mean)}, {"sd", num(t.daily_sd)}, {"busyness_gamma_sd", num(t.busyness_sd)}};
  Json h = lifetime_json(t.handle.fits, &t.handle.ks);
  h["calls"] = t.handle.n;
  h["left_out_over_1h"] = t.handle.dropped_over_1h;
  Json q = Json::array();
  for (const auto& x : t.handle.quantiles)
    q.push_back({{"p", x.p}, {"observed", x.observed}, {"fitted", num(x.fitted)}});
  h["quantiles"] = q;
  Json by_hour = Json::array();
  for (std::size_t k = 0; k < t.handle.mean_by_hour.size(); ++k) {
    by_hour.push_back({{"mean", num(t.handle.mean_by_hour[k])}, {"calls", t.handle.count_by_hour[k]}});
  }
  h["by_hour"] = by_hour;
  h["by_hour_anova"] = {{"f", num(t.handle.anova_f)}, {"p", t.handle.anova_p}, {"differs", t.handle.anova_p < 1e-3}};
  j["handle_time"] = h;
  Json p = lifetime_json(t.patience.fits, nullptr);
  p["queued"] = t.patience.queued;
  p["abandoned"] = t.patience.abandoned;
  Json km = Json::array();
  for (const auto& x : t.patience.km) km.push_back({x.t, round4(x.survival)});
  p["kaplan_meier"] = km;  // [t, S(t)] at each abandonment time
  j["patience"] = p;
  return j;
}

Json counts_json(const Counts& c) {
  Json sl;
  for (std::size_t k = 0; k < kThresholds.size(); ++k)
    sl[std::to_string(static_cast<int>(kThresholds[k]))] = num(c.service_level(k));
  return {
      {"offered", c.offered}, {"abandon_rate", num(c.abandon_rate())}, {"service_level", sl}, {"asa", num(c.asa())}};
}

}  // namespace

Json fit_json(const FitResult& r, const FitOptions& o) {
  Json out;
  Json skipped = Json::object();
  for (const auto& [why, n] : r.records.skipped) skipped[why] = n;
  out["records"] = {{"file", o.records}, {"format", o.format}, {"calls", r.records.calls.size()}, {"skipped", skipped}};
  out["selection"] = {{"days", o.selection.days_text},
                      {"from_s", o.selection.from_s},
                      {"to_s", o.selection.to_s},
                      {"interval_s", o.selection.interval_s},
                      {"train", o.train ? Json(o.train->text()) : Json(nullptr)},
                      {"test", o.test ? Json(o.test->text()) : Json(nullptr)}};
  const auto& h = r.homogeneity;
  Json days = Json::array();
  for (const auto& d : h.days) {
    Json day{{"day", d.day}};
    day.update(counts_json(d.total));
    days.push_back(std::move(day));
  }
  Json regimes = Json::array();
  for (const auto& g : h.regimes) {
    regimes.push_back({{"from", g.from},
                       {"to", g.to},
                       {"days", g.days},
                       {"volume", num(g.volume)},
                       {"abandon_rate", num(g.abandon_rate)},
                       {"service_level_20", num(g.service_level)}});
  }
  out["homogeneity"] = {
      {"days", days},
      {"abandon_change_points", h.abandon_changes},
      {"volume_change_points", h.volume_changes},
      {"regimes", regimes},
      {"abandon_dispersion", {{"chi2", num(h.dispersion_chi2)}, {"df", h.days.size() - 1}, {"p", h.dispersion_p}}}};
  const auto& e = r.estimates;
  Json types = Json::array();
  for (const auto& t : e.types) types.push_back(type_json(t));
  const auto& d = e.discipline;
  Json bins = Json::array();
  for (const auto& b : d.by_gap)
    bins.push_back({{"from_s", b.from_s}, {"to_s", b.to_s}, {"pairs", b.pairs}, {"overtakes", b.overtakes}});
  const auto& rd = e.redials;
  out["estimates"] = {
      {"days", e.days},
      {"calls", e.calls},
      {"call_types", types},
      {"discipline",
       {{"kind", d.kind},
        {"favoured", d.favoured},
        {"head_start_s", d.head_start_s},
        {"accuracy", num(d.accuracy)},
        {"pairs", d.pairs},
        {"overtakes", d.overtakes},
        {"same_type_overtake_share", num(d.same_type_overtake_share)},
        {"by_gap", bins}}},
      {"redials",
       {{"caller_ids", rd.caller_ids},
        {"identified_share", num(rd.identified_share)},
        {"abandoned_identified", rd.abandoned_identified},
        {"redialed", rd.redialed},
        {"after_abandon", num(rd.probability)},
        {"mean_delay_s", num(rd.mean_delay_s)}}},
  };
  const auto& c = r.calibration;
  Json iv = Json::array();
  for (std::size_t k = 0; k < c.agents.size(); ++k) {
    iv.push_back({{"agents", c.agents[k]},
                  {"calibrated", true},
                  {"observed_abandon_rate", num(c.observed_abandon[k])},
                  {"simulated_abandon_rate", num(c.simulated_abandon[k])},
                  {"observed_service_level_20", num(c.observed_sl[k])},
                  {"simulated_service_level_20", num(c.simulated_sl[k])},
                  {"mean_in_service", num(e.mean_in_service[k])},
                  {"peak_in_service", num(e.peak_in_service[k])}});
  }
  out["calibration"] = {{"method", "simulation"}, {"simulations", c.simulations}, {"intervals", iv}};
  out["warnings"] = r.warnings;
  if (!r.backtest.is_null()) out["backtest"] = r.backtest;
  return out;
}

std::set<std::string> parse_behaviours(const std::string& text, const std::string& option) {
  std::set<std::string> out;
  for (const auto key : split(text, ',')) {
    if (!kBehaviours.contains(std::string(key))) {
      throw InputError(option + ": unknown behaviour \"" + std::string(key) + "\" (busyness, head_start or redial)");
    }
    out.emplace(key);
  }
  return out;
}

}  // namespace ccsim::fit
