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

namespace detail {

ExpZiggurat::ExpZiggurat() {
  x[0] = V / std::exp(-R);
  x[1] = R;
  for (int i = 1; i < 256; ++i) x[i + 1] = -std::log(std::exp(-x[i]) + V / x[i]);
  x[256] = 0.0;
  for (int i = 0; i <= 256; ++i) f[i] = std::exp(-x[i]);
}

const ExpZiggurat kExpZiggurat;

}  // namespace detail

void RandomStream::exponential_n(double* out, std::size_t n) {
  std::uint64_t s[4] = {s_[0], s_[1], s_[2], s_[3]};  // a local copy the compiler keeps in registers
  const detail::ExpZiggurat& z = detail::kExpZiggurat;
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint64_t bits = step(s);
    const auto layer = static_cast<unsigned>(bits & 0xff);
    const double x = top53(bits) * 0x1.0p-53 * z.x[layer];
    if (x < z.x[layer + 1]) [[likely]] {
      out[i] = x;
      continue;
    }
    // The rare rest draws from the stream itself: hand the state over and back.
    for (int w = 0; w < 4; ++w) s_[w] = s[w];
    out[i] = exponential_rest(layer, x);
    for (int w = 0; w < 4; ++w) s[w] = s_[w];
  }
  for (int w = 0; w < 4; ++w) s_[w] = s[w];
}

double RandomStream::exponential_rest(unsigned layer, double x) {
  // Same steps, and so the same draws, as the loop this continues: the first draw's
  // rectangle test has failed.
  const detail::ExpZiggurat& z = detail::kExpZiggurat;
  for (;;) {
    if (layer == 0) return detail::ExpZiggurat::R - std::log(uniform_pos());  // tail: memoryless
    // Wedge between the rectangle and the curve: accept under exp(-x).
    const double y = z.f[layer] + uniform() * (z.f[layer + 1] - z.f[layer]);
    if (y < std::exp(-x)) return x;
    const std::uint64_t bits = next_u64();
    layer = static_cast<unsigned>(bits & 0xff);
    const double u = top53(bits) * 0x1.0p-53;
    x = u * z.x[layer];
    if (x < z.x[layer + 1]) return x;  // inside the layer's rectangle under the curve
  }
}

}  // namespace ccsim::engine
