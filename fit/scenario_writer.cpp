#include "fit/scenario_writer.hpp"

#include <cmath>
#include <cstdio>

namespace ccsim::fit {

double round4(double x) {
  if (x == 0.0 || !std::isfinite(x)) return x;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4g", x);
  return std::strtod(buf, nullptr);
}

Json distribution_json(const LifetimeFit& f) {
  if (f.family == "exponential") return {{"exponential", {{"mean", round4(f.p1)}}}};
  if (f.family == "weibull") return {{"weibull", {{"shape", round4(f.p1)}, {"scale", round4(f.p2)}}}};
  return {{"lognormal", {{"mean", round4(f.mean())}, {"sd", round4(f.sd())}}}};
}

bool favoured_first(const Discipline& d) {
  // A head start cannot be written in this version: priority when it explains more decided
  // pairs than first come, first served does (most of them are overtakes).
  return d.kind == "priority" || (d.kind == "head_start" && 2 * d.overtakes > d.pairs);
}

Json scenario_json(const Estimates& e, const Selection& sel, const std::vector<std::uint32_t>& agents,
                   const ScenarioText& text) {
  Json sc;
  sc["name"] = text.name;
  sc["description"] = text.description;
  sc["horizon"] = std::to_string(static_cast<long long>(std::lround(sel.to_s - sel.from_s))) + "s";
  sc["interval"] = std::to_string(static_cast<long long>(std::lround(sel.interval_s))) + "s";
  sc["replications"] = text.replications;
  sc["seed"] = text.seed;
  sc["queues"] = Json::array({{{"name", "main"}}});
  Json types = Json::array();
  for (const TypeEstimate& t : e.types) {
    Json ct;
    ct["name"] = t.name;
    if (favoured_first(e.discipline) && t.name == e.discipline.favoured) ct["priority"] = 1;
    ct["enters"] = "main";
    Json rates = Json::array();
    for (double r : t.per_hour) rates.push_back(r);
    ct["arrivals"] = {{"poisson", {{"per_hour", rates}}}};
    ct["handle_time"] = distribution_json(t.handle.fits.fits[t.handle.fits.best]);
    if (!t.patience.fits.fits.empty()) ct["patience"] = distribution_json(t.patience.fits.fits[t.patience.fits.best]);
    types.push_back(std::move(ct));
  }
  sc["call_types"] = std::move(types);
  Json group;
  group["name"] = "agents";
  group["agents"] = agents;
  group["serves"] = Json::array({"main"});
  sc["agent_groups"] = Json::array({std::move(group)});
  return sc;
}

}  // namespace ccsim::fit
