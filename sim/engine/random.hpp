// Named random-number streams seeded from (seed, replication, stream name): portable and reproducible.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace ccsim::engine {

// 64-bit FNV-1a hash of a stream name. Streams are identified by name, not by creation
// order, so adding a stream (a new call type) never shifts the numbers another one draws.
[[nodiscard]] constexpr std::uint64_t stream_id(std::string_view name) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (const char c : name) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  return h;
}

namespace detail {

// Ziggurat tables for f(x) = exp(-x) with 256 layers of equal area V (Marsaglia & Tsang,
// "The ziggurat method for generating random variables", J. Stat. Software 5(8), 2000).
// x[1] = R is where the base layer's rectangle meets the tail; x[0] = V / f(R) is the
// pseudo-width of the base layer (rectangle plus tail); x[i+1] = -log(f(x[i]) + V / x[i]);
// x[256] = 0.
struct ExpZiggurat {
  static constexpr double R = 7.69711747013104972;
  static constexpr double V = 0.0039496598225815571993;
  double x[257]{};  // filled by the constructor
  double f[257]{};
  ExpZiggurat();
};

// Computed once at start-up (random.cpp), immutable afterwards. A namespace-scope constant
// rather than a function-local static: the sampler's hot path pays no initialisation guard.
// (No static initialiser anywhere draws random numbers, so the order of start-up is moot.)
extern const ExpZiggurat kExpZiggurat;

}  // namespace detail

// xoshiro256++ (Blackman & Vigna, 2019): 256-bit state, period 2^256 - 1, passes BigCrush.
// The state is filled by SplitMix64 from a mix of (seed, replication, stream id), so streams
// of different names or replications are statistically independent for all practical use.
class RandomStream {
public:
  RandomStream(std::uint64_t seed, std::uint64_t replication, std::uint64_t stream);
  RandomStream(std::uint64_t seed, std::uint64_t replication, std::string_view name)
      : RandomStream(seed, replication, stream_id(name)) {}

  // Next raw 64-bit output.
  std::uint64_t next_u64() { return step(s_); }

  // Uniform on [0, 1) with 53 random bits.
  double uniform() { return top53(next_u64()) * 0x1.0p-53; }
  // Uniform on (0, 1]: safe to take the logarithm of.
  double uniform_pos() { return (top53(next_u64()) + 1.0) * 0x1.0p-53; }

  // Standard normal (Marsaglia polar method); the second value of each pair is kept.
  double normal();
  // Standard exponential (mean 1) by the ziggurat method (Marsaglia & Tsang 2000, 256
  // layers): one 64-bit draw and a table look-up in 99% of cases, no logarithm. The common
  // case is inline; the base layer's tail and the wedges (about 1.1% of draws) are not.
  double exponential() {
    const std::uint64_t bits = next_u64();
    const auto layer = static_cast<unsigned>(bits & 0xff);
    const double u = top53(bits) * 0x1.0p-53;  // bits disjoint from the layer's
    const double x = u * detail::kExpZiggurat.x[layer];
    if (x < detail::kExpZiggurat.x[layer + 1]) [[likely]]
      return x;  // inside the layer's rectangle
    return exponential_rest(layer, x);
  }
  // `n` standard exponentials into `out`: the very numbers n calls of exponential() give,
  // with the generator's state kept in registers between them.
  void exponential_n(double* out, std::size_t n);

private:
  // One xoshiro256++ step on `s`.
  static std::uint64_t step(std::uint64_t (&s)[4]) {
    const std::uint64_t result = rotl(s[0] + s[3], 23) + s[0];
    const std::uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
  }
  // The top 53 bits as a double, exactly. Below 2^53 the value fits a signed integer, whose
  // conversion is one instruction (an unsigned 64-bit one is several).
  static double top53(std::uint64_t bits) { return static_cast<double>(static_cast<std::int64_t>(bits >> 11)); }

  // The rest of exponential() once the draw (layer, x) fell outside its rectangle.
  double exponential_rest(unsigned layer, double x);
  static constexpr std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::uint64_t s_[4]{};
  double spare_normal_ = 0.0;
  bool has_spare_ = false;
};

}  // namespace ccsim::engine
