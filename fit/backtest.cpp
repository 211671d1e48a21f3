#include "fit/backtest.hpp"

#include "analysis/estimators/statistics.hpp"
#include "fit/replay.hpp"
#include "sim/error.hpp"
#include "sim/scenario/loader.hpp"

#include <cmath>
#include <map>

namespace ccsim::fit {

namespace {

Json est_json(const std::vector<double>& values) {
  const auto e = analysis::estimate(values);
  return {{"mean", e.mean ? Json(round4(*e.mean)) : Json(nullptr)},
          {"ci95", e.ci95 ? Json(round4(*e.ci95)) : Json(nullptr)}};
}

std::string sl_key(std::size_t k) { return std::to_string(static_cast<int>(kThresholds[k])); }

// Observed side: the pooled figure of the days ("value") and the Student-t CI over days of
// the per-day figures ("day_mean", "ci95").
Json observed_json(const std::vector<const Counts*>& per_day) {
  Counts pooled;
  pooled.within.assign(kThresholds.size(), 0.0);
  std::vector<double> offered;
  std::vector<double> ab;
  std::vector<double> asa;
  std::vector<std::vector<double>> sl(kThresholds.size());
  for (const Counts* c : per_day) {
    pooled.add(*c);
    offered.push_back(c->offered);
    if (c->offered == 0) continue;
    ab.push_back(c->abandon_rate());
    if (c->answered > 0) asa.push_back(c->asa());
    for (std::size_t k = 0; k < sl.size(); ++k) sl[k].push_back(c->service_level(k));
  }
  auto side = [](double value, const std::vector<double>& days) {
    const auto e = analysis::estimate(days);
    return Json{{"value", round4(value)},
                {"day_mean", e.mean ? Json(round4(*e.mean)) : Json(nullptr)},
                {"ci95", e.ci95 ? Json(round4(*e.ci95)) : Json(nullptr)}};
  };
  Json sls;
  for (std::size_t k = 0; k < sl.size(); ++k) sls[sl_key(k)] = side(pooled.service_level(k), sl[k]);
  return {{"offered", side(pooled.offered, offered)},
          {"abandon_rate", side(pooled.abandon_rate(), ab)},
          {"service_level", sls},
          {"asa", side(pooled.asa(), asa)}};
}

// Simulated side: per replication, the figures pooled over the sims' days (scope `section`,
// `name`, `interval`); mean and CI over replications.
Json simulated_json(const std::vector<const plan::Simulation*>& sims, const std::string& section,
                    const std::string& name, int interval) {
  const std::size_t reps = sims.front()->summary().replications();
  std::vector<double> offered(reps, 0.0), answered(reps, 0.0), abandoned(reps, 0.0), wait(reps, 0.0);
  std::vector<std::vector<double>> within(kThresholds.size(), std::vector<double>(reps, 0.0));
  for (const plan::Simulation* s : sims) {
    const auto& sum = s->summary();
    auto v = [&](const std::string& metric) -> const std::vector<double>& {
      return sum.values({section, name, interval, metric});
    };
    for (std::size_t r = 0; r < reps; ++r) {
      const double o = v("offered")[r];
      const double a = v("answered")[r];
      offered[r] += o;
      answered[r] += a;
      abandoned[r] += v("abandoned")[r];
      if (a > 0) wait[r] += v("asa")[r] * a;
      for (std::size_t k = 0; k < kThresholds.size(); ++k) {
        if (o > 0) within[k][r] += v("service_level/" + sl_key(k))[r] * o;
      }
    }
  }
  std::vector<double> ab;
  std::vector<double> asa;
  std::vector<std::vector<double>> sl(kThresholds.size());
  for (std::size_t r = 0; r < reps; ++r) {
    if (offered[r] > 0) ab.push_back(abandoned[r] / offered[r]);
    if (answered[r] > 0) asa.push_back(wait[r] / answered[r]);
    for (std::size_t k = 0; k < sl.size(); ++k) {
      if (offered[r] > 0) sl[k].push_back(within[k][r] / offered[r]);
    }
  }
  Json sls;
  for (std::size_t k = 0; k < sl.size(); ++k) sls[sl_key(k)] = est_json(sl[k]);
  return {
      {"offered", est_json(offered)}, {"abandon_rate", est_json(ab)}, {"service_level", sls}, {"asa", est_json(asa)}};
}

// The acceptance check of issue 14 on one scope: |abandon| <= 3 pp, |SL20| <= 5 pp, ASA within 25%.
Json acceptance(const Json& side) {
  const auto& o = side["observed"];
  const auto& s = side["simulated"];
  const double dab = s["abandon_rate"]["mean"].get<double>() - o["abandon_rate"]["value"].get<double>();
  const double dsl = s["service_level"]["20"]["mean"].get<double>() - o["service_level"]["20"]["value"].get<double>();
  const double oasa = o["asa"]["value"].get<double>();
  const double dasa = oasa > 0 ? s["asa"]["mean"].get<double>() / oasa - 1.0 : 0.0;
  return {{"abandon_rate_pp", round4(100 * dab)},
          {"service_level_20_pp", round4(100 * dsl)},
          {"asa_relative", round4(dasa)},
          {"within", std::abs(dab) <= 0.03 && std::abs(dsl) <= 0.05 && std::abs(dasa) <= 0.25}};
}

Json rounded(const std::vector<double>& xs) {
  Json out = Json::array();
  for (double x : xs) out.push_back(round4(x));
  return out;
}

}  // namespace

Json backtest(const FitResult& fit, const FitOptions& o) {
  const Sample test = select(fit.records, o.selection, o.test);
  if (test.calls.empty()) throw InputError("--test " + o.test->text() + ": no call in these days");
  const auto observed = observe(test, o.selection, kThresholds);
  const model::Scenario base = scenario::load_scenario_text(fit.scenario.dump(), "fit: back-test");
  const DayStaffing staffing = staff_days(fit, o, test);
  const auto sims =
      replay_days(fit.scenario, test, o.selection, staffing.agents, o.replications, o.threads, o.replay == "handle");
  std::vector<const plan::Simulation*> all;
  for (const auto& s : sims) all.push_back(s.get());
  Json out;
  out["staffing"] = staffing.method;
  out["staffing_level"] = staffing.level;
  out["replayed"] = o.replay == "handle" ? "arrivals, and handle times of answered callers" : "arrivals";
  out["train"] = o.train ? Json(o.train->text()) : Json("all selected days");
  out["replications"] = o.replications;
  Json day_list = Json::array();
  for (std::size_t d = 0; d < observed.size(); ++d) {
    day_list.push_back({{"day", observed[d].day},
                        {"presence_hours", round4(staffing.presence_hours[d])},
                        {"agents", rounded(staffing.agents[d])},
                        {"observed", observed_json({&observed[d].total})},
                        {"simulated", simulated_json({all[d]}, "totals", "", -1)}});
  }
  out["days"] = day_list;
  std::vector<const Counts*> totals;
  for (const auto& d : observed) totals.push_back(&d.total);
  out["totals"] = {{"observed", observed_json(totals)}, {"simulated", simulated_json(all, "totals", "", -1)}};
  Json types = Json::object();
  Json accept = {{"totals", acceptance(out["totals"])}};
  for (const auto& ct : base.call_types) {
    std::vector<const Counts*> per_day;
    Counts none;
    none.within.assign(kThresholds.size(), 0.0);
    for (const auto& d : observed) {
      const auto it = d.types.find(ct.name);
      per_day.push_back(it == d.types.end() ? &none : &it->second);
    }
    types[ct.name] = {{"observed", observed_json(per_day)},
                      {"simulated", simulated_json(all, "call_types", ct.name, -1)}};
    accept[ct.name] = acceptance(types[ct.name]);
  }
  out["call_types"] = types;
  Json intervals = Json::array();
  for (std::size_t k = 0; k < base.interval_count(); ++k) {
    std::vector<const Counts*> per_day;
    for (const auto& d : observed) per_day.push_back(&d.intervals[k]);
    intervals.push_back({{"start_s", o.selection.from_s + static_cast<double>(k) * o.selection.interval_s},
                         {"observed", observed_json(per_day)},
                         {"simulated", simulated_json(all, "totals", "", static_cast<int>(k))}});
  }
  out["intervals"] = intervals;
  out["acceptance"] = accept;
  return out;
}

}  // namespace ccsim::fit
