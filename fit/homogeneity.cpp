#include "fit/homogeneity.hpp"

#include <boost/math/distributions/chi_squared.hpp>
#include <boost/math/distributions/students_t.hpp>

#include <algorithm>
#include <cmath>
#include <functional>

namespace ccsim::fit {

namespace {

struct Stats {
  double mean = 0.0;
  double var = 0.0;
};
Stats stats(const std::vector<double>& x, std::size_t from, std::size_t to) {
  Stats s;
  const auto n = static_cast<double>(to - from);
  for (std::size_t i = from; i < to; ++i) s.mean += x[i];
  s.mean /= n;
  for (std::size_t i = from; i < to; ++i) s.var += (x[i] - s.mean) * (x[i] - s.mean);
  s.var /= n - 1;
  return s;
}

// Welch t-test p-value of x[from, at) against x[at, to).
double welch_p(const std::vector<double>& x, std::size_t from, std::size_t at, std::size_t to) {
  const Stats a = stats(x, from, at);
  const Stats b = stats(x, at, to);
  const auto na = static_cast<double>(at - from);
  const auto nb = static_cast<double>(to - at);
  const double va = a.var / na;
  const double vb = b.var / nb;
  if (va + vb <= 0.0) return a.mean == b.mean ? 1.0 : 0.0;
  const double t = std::abs(a.mean - b.mean) / std::sqrt(va + vb);
  const double df = (va + vb) * (va + vb) / (va * va / (na - 1) + vb * vb / (nb - 1));
  return 2 * boost::math::cdf(boost::math::complement(boost::math::students_t(df), t));
}

// Binary segmentation: indices where a new segment starts.
void segment(const std::vector<double>& x, std::size_t from, std::size_t to, std::vector<std::size_t>& cuts) {
  constexpr std::size_t kMin = 3;
  if (to - from < 2 * kMin) return;
  double best_p = 1.0;
  std::size_t best = 0;
  for (std::size_t at = from + kMin; at + kMin <= to; ++at) {
    const double p = welch_p(x, from, at, to);
    if (p < best_p) best_p = p, best = at;
  }
  if (best_p >= 1e-3) return;
  cuts.push_back(best);
  segment(x, from, best, cuts);
  segment(x, best, to, cuts);
}

std::vector<std::size_t> change_points(const std::vector<double>& x) {
  std::vector<std::size_t> cuts;
  segment(x, 0, x.size(), cuts);
  std::sort(cuts.begin(), cuts.end());
  return cuts;
}

}  // namespace

Homogeneity test_homogeneity(std::vector<DayCounts> days, std::size_t sl_index) {
  Homogeneity h;
  h.days = std::move(days);
  std::vector<double> abandon;
  std::vector<double> volume;
  Counts all;
  for (const auto& d : h.days) {
    abandon.push_back(d.total.abandon_rate());
    volume.push_back(d.total.offered);
    all.add(d.total);
  }
  const auto ab = change_points(abandon);
  for (std::size_t c : ab) h.abandon_changes.push_back(h.days[c].day);
  for (std::size_t c : change_points(volume)) h.volume_changes.push_back(h.days[c].day);
  std::vector<std::size_t> bounds{0};
  bounds.insert(bounds.end(), ab.begin(), ab.end());
  bounds.push_back(h.days.size());
  for (std::size_t r = 0; r + 1 < bounds.size(); ++r) {
    Counts c;
    Regime g;
    g.from = h.days[bounds[r]].day;
    g.to = h.days[bounds[r + 1] - 1].day;
    g.days = bounds[r + 1] - bounds[r];
    for (std::size_t i = bounds[r]; i < bounds[r + 1]; ++i) c.add(h.days[i].total);
    g.volume = c.offered / static_cast<double>(g.days);
    g.abandon_rate = c.abandon_rate();
    g.service_level = c.service_level(sl_index);
    h.regimes.push_back(g);
  }
  // Pearson chi-square of abandoned / not abandoned across days.
  if (h.days.size() > 1 && all.offered > 0 && all.abandoned > 0 && all.abandoned < all.offered) {
    const double p = all.abandon_rate();
    for (const auto& d : h.days) {
      const double ea = d.total.offered * p;
      const double en = d.total.offered * (1 - p);
      h.dispersion_chi2 += (d.total.abandoned - ea) * (d.total.abandoned - ea) / ea +
                           (d.total.offered - d.total.abandoned - en) * (d.total.offered - d.total.abandoned - en) / en;
    }
    h.dispersion_p = boost::math::cdf(
        boost::math::complement(boost::math::chi_squared(static_cast<double>(h.days.size() - 1)), h.dispersion_chi2));
  }
  return h;
}

}  // namespace ccsim::fit
