// Lifetimes with right censoring (patience: answered callers censor it) and without (handle
// time): Kaplan-Meier, and exponential / Weibull / lognormal maximum-likelihood fits compared
// by AIC.
#pragma once

#include <string>
#include <vector>

namespace ccsim::fit {

struct Observation {
  double t = 0.0;
  bool event = true;  // false: censored at t (the lifetime is longer)
};

struct KaplanMeierPoint {
  double t = 0.0;
  double survival = 1.0;  // S(t) just after t
  double at_risk = 0.0;
  double events = 0.0;
};
[[nodiscard]] std::vector<KaplanMeierPoint> kaplan_meier(std::vector<Observation> obs);
// S(t) of a Kaplan-Meier curve (1 before its first point).
[[nodiscard]] double km_survival(const std::vector<KaplanMeierPoint>& km, double t);

struct LifetimeFit {
  std::string family;  // "exponential", "weibull", "lognormal"
  double p1 = 0.0;     // exponential: mean; weibull: shape; lognormal: mu (of the log)
  double p2 = 0.0;     // weibull: scale; lognormal: sigma
  double log_likelihood = 0.0;
  double aic = 0.0;
  [[nodiscard]] double cdf(double t) const;
  [[nodiscard]] double quantile(double p) const;
  [[nodiscard]] double mean() const;
  [[nodiscard]] double sd() const;
};

// Times below `floor_s` count as `floor_s` (records have one-second resolution: a 0 s wait
// is somewhere in [0, 1) s). Needs at least one event. Fits in order exponential, Weibull,
// lognormal; `best` is the index of the smallest AIC.
struct LifetimeFits {
  std::vector<LifetimeFit> fits;
  std::size_t best = 0;
};
[[nodiscard]] LifetimeFits fit_lifetimes(const std::vector<Observation>& obs, double floor_s);

// Kolmogorov-Smirnov distance between the empirical distribution of `values` and `fit`.
[[nodiscard]] double ks_distance(std::vector<double> values, const LifetimeFit& fit);

}  // namespace ccsim::fit
