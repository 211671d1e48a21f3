// Distributions of durations (handle times, patience, wrap-up, announcements, transfer delays):
// an object with one key naming the family, holding its parameters.
#include "sim/scenario/scenario_reader.hpp"

#include <algorithm>
#include <cmath>

namespace ccsim::scenario {

std::optional<engine::Distribution> ScenarioReader::distribution(const json& v, const std::string& ptr) {
  static const std::vector<std::string> kinds = {"exponential", "constant", "lognormal", "gamma",
                                                 "erlang",      "weibull",  "uniform",   "empirical"};
  if (!v.is_object() || v.size() != 1) {
    error(ptr,
          "expected a distribution: an object with one of the keys exponential, constant, "
          "lognormal, gamma, erlang, weibull, uniform, empirical; got " +
              show(v));
    return std::nullopt;
  }
  if (!object(v, ptr, kinds)) return std::nullopt;
  const std::string kind = v.begin().key();
  if (std::find(kinds.begin(), kinds.end(), kind) == kinds.end()) return std::nullopt;
  return distribution_params(kind, v.begin().value(), ptr + "/" + escape_token(kind));
}

// The parameters of a distribution of the family `kind` (one of the known ones), at `p`.
std::optional<engine::Distribution> ScenarioReader::distribution_params(const std::string& kind, const json& params,
                                                                        const std::string& p) {
  if (kind == "constant") {
    if (const auto d = duration(params, p)) return engine::Distribution::constant(*d);
    return std::nullopt;
  }
  if (kind == "empirical") {
    if (!object(params, p, {"values"})) return std::nullopt;
    const json* values = required(params, p, "values");
    if (!values) return std::nullopt;
    if (!values->is_array() || values->empty()) {
      error(p + "/values", "expected a non-empty list of durations, got " + show(*values));
      return std::nullopt;
    }
    std::vector<double> xs;
    bool ok = true;
    for (std::size_t i = 0; i < values->size(); ++i) {
      if (const auto d = duration((*values)[i], p + "/values/" + std::to_string(i))) xs.push_back(*d);
      else ok = false;
    }
    if (!ok) return std::nullopt;
    return engine::Distribution::empirical(std::move(xs));
  }
  if (kind == "exponential") {
    if (!object(params, p, {"mean"})) return std::nullopt;
    const json* mean = required(params, p, "mean");
    if (!mean) return std::nullopt;
    if (const auto m = positive_duration(*mean, p + "/mean")) return engine::Distribution::exponential(*m);
    return std::nullopt;
  }
  if (kind == "lognormal" || kind == "gamma") {
    if (!object(params, p, {"mean", "sd"})) return std::nullopt;
    const json* mean = required(params, p, "mean");
    const json* sd = required(params, p, "sd");
    if (!mean || !sd) return std::nullopt;
    const auto m = positive_duration(*mean, p + "/mean");
    const auto s = kind == "gamma" ? positive_duration(*sd, p + "/sd") : duration(*sd, p + "/sd");
    if (!m || !s) return std::nullopt;
    // The samplers derive their parameters from (sd/mean)^2 and sd^2/mean
    // (engine/distribution.cpp); where those overflow or vanish every draw would be NaN or
    // infinite (found by fuzzing: gamma with mean = sd = 1e-200 s).
    const double ratio2 = (*s * *s) / (*m * *m);
    const bool sampleable =
        kind == "gamma" ? std::isfinite((*m * *m) / (*s * *s)) && std::isfinite((*s * *s) / *m) : std::isfinite(ratio2);
    if (!sampleable) {
      error(p, "mean " + show(*mean) + " and sd " + show(*sd) +
                   " are too far apart (or too small) to sample from; use values closer to each other");
      return std::nullopt;
    }
    return kind == "gamma" ? engine::Distribution::gamma(*m, *s) : engine::Distribution::lognormal(*m, *s);
  }
  if (kind == "erlang") {
    if (!object(params, p, {"k", "mean"})) return std::nullopt;
    const json* k = required(params, p, "k");
    const json* mean = required(params, p, "mean");
    if (!k || !mean) return std::nullopt;
    const auto kk = integer(*k, p + "/k", 1, 1000, "erlang phases k");
    const auto m = positive_duration(*mean, p + "/mean");
    if (!kk || !m) return std::nullopt;
    return engine::Distribution::erlang(static_cast<int>(*kk), *m);
  }
  if (kind == "weibull") {
    if (!object(params, p, {"shape", "scale"})) return std::nullopt;
    const json* shape = required(params, p, "shape");
    const json* scale = required(params, p, "scale");
    if (!shape || !scale) return std::nullopt;
    const auto sh = number(*shape, p + "/shape", 0.01, 100.0, "weibull shape");
    const auto sc = positive_duration(*scale, p + "/scale");
    if (!sh || !sc) return std::nullopt;
    return engine::Distribution::weibull(*sh, *sc);
  }
  // uniform
  if (!object(params, p, {"min", "max"})) return std::nullopt;
  const json* lo = required(params, p, "min");
  const json* hi = required(params, p, "max");
  if (!lo || !hi) return std::nullopt;
  const auto a = duration(*lo, p + "/min");
  const auto b = duration(*hi, p + "/max");
  if (!a || !b) return std::nullopt;
  if (*b < *a) {
    error(p + "/max", show(*hi) + " is below min " + show(*lo));
    return std::nullopt;
  }
  return engine::Distribution::uniform(*a, *b);
}

// A constant duration ("8s") or a distribution.
std::optional<engine::Distribution> ScenarioReader::duration_or_distribution(const json& v, const std::string& ptr) {
  if (v.is_object()) return distribution(v, ptr);
  if (auto d = duration(v, ptr)) return engine::Distribution::constant(*d);
  return std::nullopt;
}

}  // namespace ccsim::scenario
