// What `ccsim fit` estimates from the selected records: per call type, rates per interval
// with their day-to-day spread, patience (Kaplan-Meier and censored fits), handle time (fits,
// quantiles, KS, by hour); the queue discipline seen in who overtakes whom; redials.
#pragma once

#include "fit/lifetime.hpp"
#include "fit/selection.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace ccsim::fit {

struct HandleTime {
  LifetimeFits fits;
  std::vector<double> ks;  // per fit
  struct Quantile {
    double p = 0.0;
    double observed = 0.0;
    double fitted = 0.0;  // of the chosen fit
  };
  std::vector<Quantile> quantiles;
  std::vector<double> mean_by_hour;  // per hour of the selection (NaN without calls)
  std::vector<double> count_by_hour;
  double anova_f = 0.0;  // log handle time by hour
  double anova_p = 1.0;
  std::size_t n = 0;
  std::size_t dropped_over_1h = 0;  // left out of the fit: sessions left open
};

struct Patience {
  std::vector<KaplanMeierPoint> km;
  LifetimeFits fits;
  std::size_t queued = 0;
  std::size_t abandoned = 0;
};

struct TypeEstimate {
  std::string name;
  std::vector<double> per_hour;     // per interval: mean count over days / interval length
  std::vector<double> per_hour_sd;  // per interval: sd over days of the rate
  double daily_mean = 0.0;
  double daily_sd = 0.0;
  double busyness_sd = 0.0;  // sd of a gamma day factor: sqrt(max(0, var - mean)) / mean
  // First attempts per interval: per_hour less the redials expected in it (written with
  // `redial`, which makes them again); per_hour without redials.
  std::vector<double> first_per_hour;
  HandleTime handle;
  Patience patience;
};

// Who overtakes whom among callers waiting together: for a caller F who arrived `gap`
// seconds after a caller E of another type, while E still waited, F overtook E when F was
// answered first; E kept its place when E was answered first (pairs where neither was
// answered while the other waited decide nothing).
struct Discipline {
  std::string favoured;       // the type that overtakes most; empty with one type
  std::string kind = "fcfs";  // "fcfs", "priority" or "head_start"
  double head_start_s = 0.0;  // the gap that best separates overtakes from the rest
  double accuracy = 0.0;      // share of decided pairs that rule explains
  std::size_t pairs = 0;      // decided pairs, favoured type arriving later
  std::size_t overtakes = 0;
  double same_type_overtake_share = 0.0;  // baseline: overtakes among callers of one type
  struct Bin {
    double from_s = 0.0;
    double to_s = 0.0;
    std::size_t pairs = 0;
    std::size_t overtakes = 0;
  };
  std::vector<Bin> by_gap;
};

// Redials: a caller (known caller id) who abandoned and called again the same day.
struct Redials {
  bool caller_ids = false;        // the records carry caller ids
  double identified_share = 0.0;  // calls with a caller id
  std::size_t abandoned_identified = 0;
  std::size_t redialed = 0;
  double probability = 0.0;   // redialed / abandoned_identified
  double mean_delay_s = 0.0;  // from abandoning to calling again
};

struct Estimates {
  std::vector<std::string> days;
  std::size_t calls = 0;
  std::vector<TypeEstimate> types;
  Discipline discipline;
  Redials redials;
  // Per interval, mean over days of the time-average number of calls in service, and of the
  // most calls in service at once.
  std::vector<double> mean_in_service;
  std::vector<double> peak_in_service;
};

[[nodiscard]] Estimates estimate(const Sample& sample, const Selection& sel);

[[nodiscard]] Discipline estimate_discipline(const Sample& sample);
[[nodiscard]] Redials estimate_redials(const Sample& sample);

// Sets each type's first_per_hour: per_hour less probability x abandoned (mean per day, per
// interval and type) landing in each later interval after an exponential delay.
void first_attempt_rates(Estimates& e, const std::vector<std::map<std::string, double>>& abandoned_per_day,
                         const Selection& sel);

}  // namespace ccsim::fit
