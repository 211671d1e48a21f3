#include "fit/scenario_writer.hpp"

#include <fmt/format.h>

#include <algorithm>
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

bool favoured_first(const Discipline& d) { return d.kind == "priority"; }

Json scenario_json(const Estimates& e, const Selection& sel, const std::vector<std::uint32_t>& agents,
                   const ScenarioText& text, const std::set<std::string>& without) {
  const bool redial = !without.contains("redial") && e.redials.caller_ids && e.redials.redialed > 0;
  double busyness = 0.0;
  for (const auto& t : e.types) busyness = std::max(busyness, t.busyness_sd);
  Json sc;
  sc["name"] = text.name;
  sc["description"] = text.description;
  if (sel.from_s > 0.0) {  // the clock time of time 0: outputs show clock times
    const auto from = static_cast<long long>(std::lround(sel.from_s));
    sc["start"] = fmt::format("{:02}:{:02}", from / 3600, from / 60 % 60);
  }
  sc["horizon"] = std::to_string(static_cast<long long>(std::lround(sel.to_s - sel.from_s))) + "s";
  sc["interval"] = std::to_string(static_cast<long long>(std::lround(sel.interval_s))) + "s";
  sc["replications"] = text.replications;
  sc["seed"] = text.seed;
  Json thresholds = Json::array();
  for (double t : kThresholds) thresholds.push_back(fmt::format("{}s", t));
  sc["service_level"] = {{"thresholds", thresholds}};
  if (!without.contains("busyness") && busyness > 0.0) {
    sc["busyness"] = {{"gamma", {{"mean", 1.0}, {"sd", round4(busyness)}}}};
  }
  sc["queues"] = Json::array({{{"name", "main"}}});
  Json types = Json::array();
  for (const TypeEstimate& t : e.types) {
    Json ct;
    ct["name"] = t.name;
    if (favoured_first(e.discipline) && t.name == e.discipline.favoured) ct["priority"] = 1;
    if (!without.contains("head_start") && e.discipline.kind == "head_start" && t.name == e.discipline.favoured) {
      ct["head_start"] = std::to_string(static_cast<long long>(std::lround(e.discipline.head_start_s))) + "s";
    }
    ct["enters"] = "main";
    Json rates = Json::array();
    for (double r : redial && !t.first_per_hour.empty() ? t.first_per_hour : t.per_hour) rates.push_back(r);
    ct["arrivals"] = {{"poisson", {{"per_hour", rates}}}};
    ct["handle_time"] = distribution_json(t.handle.fits.fits[t.handle.fits.best]);
    if (!t.patience.fits.fits.empty()) ct["patience"] = distribution_json(t.patience.fits.fits[t.patience.fits.best]);
    if (redial && !t.patience.fits.fits.empty()) {
      ct["redial"] = {{"after_abandon", round4(e.redials.probability)},
                      {"delay", {{"exponential", {{"mean", fmt::format("{}s", round4(e.redials.mean_delay_s))}}}}}};
    }
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
