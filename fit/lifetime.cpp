#include "fit/lifetime.hpp"

#include "sim/error.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
#include <numbers>

namespace ccsim::fit {

std::vector<KaplanMeierPoint> kaplan_meier(std::vector<Observation> obs) {
  std::sort(obs.begin(), obs.end(), [](const Observation& a, const Observation& b) { return a.t < b.t; });
  std::vector<KaplanMeierPoint> out;
  double s = 1.0;
  std::size_t i = 0;
  while (i < obs.size()) {
    const double t = obs[i].t;
    const auto at_risk = static_cast<double>(obs.size() - i);
    double events = 0.0;
    while (i < obs.size() && obs[i].t == t) events += obs[i++].event ? 1.0 : 0.0;
    if (events == 0.0) continue;
    s *= 1.0 - events / at_risk;
    out.push_back({t, s, at_risk, events});
  }
  return out;
}

double km_survival(const std::vector<KaplanMeierPoint>& km, double t) {
  double s = 1.0;
  for (const auto& p : km) {
    if (p.t > t) break;
    s = p.survival;
  }
  return s;
}

namespace {

double normal_cdf(double z) { return 0.5 * std::erfc(-z / std::numbers::sqrt2); }

// Acklam's rational approximation of the normal quantile, refined by one Halley step.
double normal_quantile(double p) {
  static constexpr std::array<double, 6> a{-3.969683028665376e+01, 2.209460984245205e+02,  -2.759285104469687e+02,
                                           1.383577518672690e+02,  -3.066479806614716e+01, 2.506628277459239e+00};
  static constexpr std::array<double, 5> b{-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                                           6.680131188771972e+01, -1.328068155288572e+01};
  static constexpr std::array<double, 6> c{-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                                           -2.549732539343734e+00, 4.374664141464968e+00,  2.938163982698783e+00};
  static constexpr std::array<double, 4> d{7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                                           3.754408661907416e+00};
  double x = 0.0;
  if (p < 0.02425) {
    const double q = std::sqrt(-2 * std::log(p));
    x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
        ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  } else if (p > 1 - 0.02425) {
    const double q = std::sqrt(-2 * std::log(1 - p));
    x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
        ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  } else {
    const double q = p - 0.5;
    const double r = q * q;
    x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
        (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  }
  const double e = normal_cdf(x) - p;
  const double u = e * std::sqrt(2 * std::numbers::pi) * std::exp(x * x / 2);
  return x - u / (1 + x * u / 2);
}

// The maximum of a unimodal f on [lo, hi] by golden-section search (deterministic).
double golden_max(const std::function<double(double)>& f, double lo, double hi) {
  const double g = (std::sqrt(5.0) - 1.0) / 2.0;
  double x1 = hi - g * (hi - lo);
  double x2 = lo + g * (hi - lo);
  double f1 = f(x1);
  double f2 = f(x2);
  for (int k = 0; k < 100 && hi - lo > 1e-9 * (1 + std::abs(lo)); ++k) {
    if (f1 < f2) {
      lo = x1, x1 = x2, f1 = f2, x2 = lo + g * (hi - lo), f2 = f(x2);
    } else {
      hi = x2, x2 = x1, f2 = f1, x1 = hi - g * (hi - lo), f1 = f(x1);
    }
  }
  return (lo + hi) / 2;
}

// Observations grouped by time (records have one-second resolution: few distinct times).
struct Sums {
  std::vector<double> t;
  std::vector<double> ev;   // events at t
  std::vector<double> cen;  // censored at t
  double events = 0.0;
};

LifetimeFit exponential(const Sums& s) {
  double total = 0.0;
  for (std::size_t i = 0; i < s.t.size(); ++i) total += s.t[i] * (s.ev[i] + s.cen[i]);
  const double rate = s.events / total;
  return {"exponential", 1.0 / rate, 0.0, s.events * std::log(rate) - rate * total, 0.0};
}

double weibull_loglik(const Sums& s, double k, double scale) {
  double ll = 0.0;
  for (std::size_t i = 0; i < s.t.size(); ++i) {
    const double z = s.t[i] / scale;
    ll -= (s.ev[i] + s.cen[i]) * std::pow(z, k);
    ll += s.ev[i] * (std::log(k / scale) + (k - 1) * std::log(z));
  }
  return ll;
}

LifetimeFit weibull(const Sums& s) {
  auto scale_of = [&](double k) {
    double sum = 0.0;
    for (std::size_t i = 0; i < s.t.size(); ++i) sum += (s.ev[i] + s.cen[i]) * std::pow(s.t[i], k);
    return std::pow(sum / s.events, 1.0 / k);
  };
  const double logk = golden_max([&](double lk) { return weibull_loglik(s, std::exp(lk), scale_of(std::exp(lk))); },
                                 std::log(0.05), std::log(20.0));
  const double k = std::exp(logk);
  const double scale = scale_of(k);
  return {"weibull", k, scale, weibull_loglik(s, k, scale), 0.0};
}

double lognormal_loglik(const Sums& s, double mu, double sigma) {
  double ll = 0.0;
  for (std::size_t i = 0; i < s.t.size(); ++i) {
    const double z = (std::log(s.t[i]) - mu) / sigma;
    if (s.ev[i] > 0) ll += s.ev[i] * (-std::log(s.t[i] * sigma * std::sqrt(2 * std::numbers::pi)) - z * z / 2);
    if (s.cen[i] > 0) ll += s.cen[i] * std::log(std::max(normal_cdf(-z), 1e-300));
  }
  return ll;
}

LifetimeFit lognormal(const Sums& s) {
  // Profile: for each sigma the best mu, by nested golden sections around the log range.
  double lo = std::log(s.t.front());
  double hi = lo;
  for (double t : s.t) lo = std::min(lo, std::log(t)), hi = std::max(hi, std::log(t));
  const double span = hi - lo + 1.0;
  auto best_mu = [&](double sigma) {
    return golden_max([&](double mu) { return lognormal_loglik(s, mu, sigma); }, lo - span, hi + 2 * span);
  };
  const double ls = golden_max([&](double l) { return lognormal_loglik(s, best_mu(std::exp(l)), std::exp(l)); },
                               std::log(0.01), std::log(20.0));
  const double sigma = std::exp(ls);
  const double mu = best_mu(sigma);
  return {"lognormal", mu, sigma, lognormal_loglik(s, mu, sigma), 0.0};
}

}  // namespace

double LifetimeFit::cdf(double t) const {
  if (t <= 0.0) return 0.0;
  if (family == "exponential") return 1.0 - std::exp(-t / p1);
  if (family == "weibull") return 1.0 - std::exp(-std::pow(t / p2, p1));
  return normal_cdf((std::log(t) - p1) / p2);
}

double LifetimeFit::quantile(double p) const {
  if (family == "exponential") return -p1 * std::log1p(-p);
  if (family == "weibull") return p2 * std::pow(-std::log1p(-p), 1.0 / p1);
  return std::exp(p1 + p2 * normal_quantile(p));
}

double LifetimeFit::mean() const {
  if (family == "exponential") return p1;
  if (family == "weibull") return p2 * std::tgamma(1.0 + 1.0 / p1);
  return std::exp(p1 + p2 * p2 / 2);
}

double LifetimeFit::sd() const {
  if (family == "exponential") return p1;
  if (family == "weibull") {
    const double m = mean();
    return std::sqrt(std::max(0.0, p2 * p2 * std::tgamma(1.0 + 2.0 / p1) - m * m));
  }
  return mean() * std::sqrt(std::expm1(p2 * p2));
}

LifetimeFits fit_lifetimes(const std::vector<Observation>& obs, double floor_s) {
  std::vector<Observation> sorted = obs;
  for (auto& o : sorted) o.t = std::max(o.t, floor_s);
  std::sort(sorted.begin(), sorted.end(), [](const Observation& a, const Observation& b) { return a.t < b.t; });
  Sums s;
  for (const auto& o : sorted) {
    if (s.t.empty() || s.t.back() != o.t) {
      s.t.push_back(o.t);
      s.ev.push_back(0.0);
      s.cen.push_back(0.0);
    }
    (o.event ? s.ev.back() : s.cen.back()) += 1.0;
    s.events += o.event ? 1.0 : 0.0;
  }
  if (s.events == 0.0) throw InputError("no event to fit a lifetime distribution to (no caller abandoned)");
  LifetimeFits out;
  out.fits = {exponential(s), weibull(s), lognormal(s)};
  const std::array<double, 3> params{1, 2, 2};
  for (std::size_t i = 0; i < out.fits.size(); ++i) {
    out.fits[i].aic = 2 * params[i] - 2 * out.fits[i].log_likelihood;
    if (out.fits[i].aic < out.fits[out.best].aic) out.best = i;
  }
  return out;
}

double ks_distance(std::vector<double> values, const LifetimeFit& fit) {
  std::sort(values.begin(), values.end());
  const auto n = static_cast<double>(values.size());
  double d = 0.0;
  for (std::size_t i = 0; i < values.size(); ++i) {
    const double f = fit.cdf(values[i]);
    d = std::max({d, std::abs(static_cast<double>(i + 1) / n - f), std::abs(f - static_cast<double>(i) / n)});
  }
  return d;
}

}  // namespace ccsim::fit
