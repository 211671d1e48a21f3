// Portable samplers for durations: exponential, constant, lognormal, gamma, erlang, weibull,
// uniform, empirical. Our own code, so the same stream gives the same values on every
// standard library (std::*_distribution differ between implementations).
#pragma once

#include "sim/engine/random.hpp"

#include <string>
#include <vector>

namespace ccsim::engine {

// A non-negative random duration in seconds. Build one with the named factories; each
// checks its parameters with CCSIM_ASSERT (the scenario loader rejects bad input first).
class Distribution {
public:
  enum class Kind { Constant, Exponential, Lognormal, Gamma, Erlang, Weibull, Uniform, Empirical };

  static Distribution constant(double value);
  static Distribution exponential(double mean);
  // Lognormal given by the mean and standard deviation of the duration itself (not of its log).
  static Distribution lognormal(double mean, double sd);
  // Gamma given by mean and standard deviation: shape (mean/sd)^2, scale sd^2/mean.
  static Distribution gamma(double mean, double sd);
  // Sum of k exponential phases with total mean `mean`.
  static Distribution erlang(int k, double mean);
  static Distribution weibull(double shape, double scale);
  static Distribution uniform(double min, double max);
  // Resamples the given values with equal probability.
  static Distribution empirical(std::vector<double> values);

  // The exponential case, the commonest, is inline; the others go through sample_other().
  [[nodiscard]] double sample(RandomStream& rng) const {
    if (kind_ == Kind::Exponential) return a_ * rng.exponential();
    return sample_other(rng);
  }
  // `n` samples into `out`, the very numbers n calls of sample() would give, in order.
  void sample_n(RandomStream& rng, double* out, std::size_t n) const {
    if (kind_ == Kind::Exponential) {
      rng.exponential_n(out, n);
      for (std::size_t i = 0; i < n; ++i) out[i] = a_ * out[i];
      return;
    }
    for (std::size_t i = 0; i < n; ++i) out[i] = sample_other(rng);
  }
  [[nodiscard]] Kind kind() const { return kind_; }
  [[nodiscard]] double mean() const;
  [[nodiscard]] double variance() const;
  // The parameters as the user gave them, for messages and reports ("lognormal(mean 240, sd 180)").
  [[nodiscard]] std::string describe() const;
  // True when the distribution is exponential (Markovian), for analytic shortcuts.
  [[nodiscard]] bool is_exponential() const { return kind_ == Kind::Exponential; }

private:
  Distribution() = default;
  double sample_gamma(RandomStream& rng, double shape) const;
  [[nodiscard]] double sample_other(RandomStream& rng) const;

  Kind kind_ = Kind::Constant;
  double a_ = 0.0;  // constant value; exponential mean; lognormal mu; gamma shape; erlang phase mean; weibull shape;
                    // uniform min
  double b_ = 0.0;  // lognormal sigma; gamma scale; weibull scale; uniform max
  int k_ = 1;       // erlang phases
  double user_mean_ = 0.0;
  double user_sd_ = 0.0;
  std::vector<double> values_;  // empirical
};

}  // namespace ccsim::engine
