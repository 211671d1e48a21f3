#include "sim/engine/distribution.hpp"

#include "sim/error.hpp"

#include <cmath>
#include <cstdio>
#include <numeric>

namespace ccsim::engine {

Distribution Distribution::constant(double value) {
  CCSIM_ASSERT(value >= 0.0 && std::isfinite(value));
  Distribution d;
  d.kind_ = Kind::Constant;
  d.a_ = value;
  d.user_mean_ = value;
  return d;
}

Distribution Distribution::exponential(double mean) {
  CCSIM_ASSERT(mean > 0.0 && std::isfinite(mean));
  Distribution d;
  d.kind_ = Kind::Exponential;
  d.a_ = mean;
  d.user_mean_ = mean;
  d.user_sd_ = mean;
  return d;
}

Distribution Distribution::lognormal(double mean, double sd) {
  CCSIM_ASSERT(mean > 0.0 && sd >= 0.0 && std::isfinite(mean) && std::isfinite(sd));
  // If X = exp(N(mu, sigma^2)): E X = exp(mu + sigma^2/2), Var X = (exp(sigma^2) - 1) (E X)^2.
  Distribution d;
  d.kind_ = Kind::Lognormal;
  const double sigma2 = std::log1p((sd * sd) / (mean * mean));
  d.a_ = std::log(mean) - 0.5 * sigma2;
  d.b_ = std::sqrt(sigma2);
  d.user_mean_ = mean;
  d.user_sd_ = sd;
  return d;
}

Distribution Distribution::gamma(double mean, double sd) {
  CCSIM_ASSERT(mean > 0.0 && sd > 0.0 && std::isfinite(mean) && std::isfinite(sd));
  Distribution d;
  d.kind_ = Kind::Gamma;
  d.a_ = (mean * mean) / (sd * sd);
  d.b_ = (sd * sd) / mean;
  d.user_mean_ = mean;
  d.user_sd_ = sd;
  return d;
}

Distribution Distribution::erlang(int k, double mean) {
  CCSIM_ASSERT(k >= 1 && mean > 0.0 && std::isfinite(mean));
  Distribution d;
  d.kind_ = Kind::Erlang;
  d.k_ = k;
  d.a_ = mean / k;
  d.user_mean_ = mean;
  d.user_sd_ = mean / std::sqrt(static_cast<double>(k));
  return d;
}

Distribution Distribution::weibull(double shape, double scale) {
  CCSIM_ASSERT(shape > 0.0 && scale > 0.0 && std::isfinite(shape) && std::isfinite(scale));
  Distribution d;
  d.kind_ = Kind::Weibull;
  d.a_ = shape;
  d.b_ = scale;
  d.user_mean_ = scale * std::tgamma(1.0 + 1.0 / shape);
  d.user_sd_ = scale * std::sqrt(std::tgamma(1.0 + 2.0 / shape) - std::pow(std::tgamma(1.0 + 1.0 / shape), 2.0));
  return d;
}

Distribution Distribution::uniform(double min, double max) {
  CCSIM_ASSERT(min >= 0.0 && max >= min && std::isfinite(max));
  Distribution d;
  d.kind_ = Kind::Uniform;
  d.a_ = min;
  d.b_ = max;
  d.user_mean_ = 0.5 * (min + max);
  d.user_sd_ = (max - min) / std::sqrt(12.0);
  return d;
}

Distribution Distribution::empirical(std::vector<double> values) {
  CCSIM_ASSERT(!values.empty());
  Distribution d;
  d.kind_ = Kind::Empirical;
  const double n = static_cast<double>(values.size());
  d.user_mean_ = std::accumulate(values.begin(), values.end(), 0.0) / n;
  double ss = 0.0;
  for (const double v : values) ss += (v - d.user_mean_) * (v - d.user_mean_);
  d.user_sd_ = std::sqrt(ss / n);
  d.values_ = std::move(values);
  return d;
}

double Distribution::sample_gamma(RandomStream& rng, double shape) const {
  // Marsaglia & Tsang (2000), "A simple method for generating gamma variables", for
  // shape >= 1; for shape < 1 use Gamma(shape) = Gamma(shape + 1) * U^(1/shape).
  if (shape < 1.0) {
    const double g = sample_gamma(rng, shape + 1.0);
    return g * std::pow(rng.uniform_pos(), 1.0 / shape);
  }
  const double dd = shape - 1.0 / 3.0;
  const double c = 1.0 / std::sqrt(9.0 * dd);
  for (;;) {
    double x = 0.0;
    double v = 0.0;
    do {
      x = rng.normal();
      v = 1.0 + c * x;
    } while (v <= 0.0);
    v = v * v * v;
    const double u = rng.uniform_pos();
    if (u < 1.0 - 0.0331 * (x * x) * (x * x)) return dd * v;
    if (std::log(u) < 0.5 * x * x + dd * (1.0 - v + std::log(v))) return dd * v;
  }
}

double Distribution::sample_other(RandomStream& rng) const {
  switch (kind_) {
    case Kind::Constant: return a_;
    case Kind::Exponential: return a_ * rng.exponential();
    case Kind::Lognormal: return std::exp(a_ + b_ * rng.normal());
    case Kind::Gamma: return b_ * sample_gamma(rng, a_);
    case Kind::Erlang: {
      double sum = 0.0;
      for (int i = 0; i < k_; ++i) sum += rng.exponential();
      return a_ * sum;
    }
    case Kind::Weibull: return b_ * std::pow(rng.exponential(), 1.0 / a_);
    case Kind::Uniform: return a_ + (b_ - a_) * rng.uniform();
    case Kind::Empirical: {
      const auto n = values_.size();
      auto i = static_cast<std::size_t>(rng.uniform() * static_cast<double>(n));
      if (i >= n) i = n - 1;
      return values_[i];
    }
  }
  CCSIM_ASSERT(false);
}

double Distribution::mean() const { return user_mean_; }

double Distribution::variance() const { return user_sd_ * user_sd_; }

std::string Distribution::describe() const {
  char buf[128];
  switch (kind_) {
    case Kind::Constant: std::snprintf(buf, sizeof buf, "constant %gs", a_); break;
    case Kind::Exponential: std::snprintf(buf, sizeof buf, "exponential(mean %gs)", a_); break;
    case Kind::Lognormal: std::snprintf(buf, sizeof buf, "lognormal(mean %gs, sd %gs)", user_mean_, user_sd_); break;
    case Kind::Gamma: std::snprintf(buf, sizeof buf, "gamma(mean %gs, sd %gs)", user_mean_, user_sd_); break;
    case Kind::Erlang: std::snprintf(buf, sizeof buf, "erlang(k %d, mean %gs)", k_, user_mean_); break;
    case Kind::Weibull: std::snprintf(buf, sizeof buf, "weibull(shape %g, scale %gs)", a_, b_); break;
    case Kind::Uniform: std::snprintf(buf, sizeof buf, "uniform(%gs, %gs)", a_, b_); break;
    case Kind::Empirical:
      std::snprintf(buf, sizeof buf, "empirical(%zu values, mean %gs)", values_.size(), user_mean_);
      break;
  }
  return buf;
}

}  // namespace ccsim::engine
