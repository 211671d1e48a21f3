#include "sim/engine/random.hpp"

#include <cmath>

namespace ccsim::engine {

namespace {

// SplitMix64 (Steele, Lea & Flood 2014), the seeding generator recommended for xoshiro.
std::uint64_t splitmix64(std::uint64_t& x) {
  std::uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

}  // namespace

RandomStream::RandomStream(std::uint64_t seed, std::uint64_t replication, std::uint64_t stream) {
  // Fold the three keys through SplitMix64 one after the other so that nearby seeds,
  // replications and names land far apart.
  std::uint64_t x = seed;
  std::uint64_t key = splitmix64(x);
  x = key ^ replication;
  key = splitmix64(x);
  x = key ^ stream;
  for (auto& word : s_) word = splitmix64(x);
}

double RandomStream::normal() {
  if (has_spare_) {
    has_spare_ = false;
    return spare_normal_;
  }
  double u = 0.0;
  double v = 0.0;
  double s = 0.0;
  do {
    u = 2.0 * uniform() - 1.0;
    v = 2.0 * uniform() - 1.0;
    s = u * u + v * v;
  } while (s >= 1.0 || s == 0.0);
  const double factor = std::sqrt(-2.0 * std::log(s) / s);
  spare_normal_ = v * factor;
  has_spare_ = true;
  return u * factor;
}

double RandomStream::exponential() { return -std::log(uniform_pos()); }

}  // namespace ccsim::engine
