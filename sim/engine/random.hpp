// Named random-number streams seeded from (seed, replication, stream name): portable and reproducible.
#pragma once

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

// xoshiro256++ (Blackman & Vigna, 2019): 256-bit state, period 2^256 - 1, passes BigCrush.
// The state is filled by SplitMix64 from a mix of (seed, replication, stream id), so streams
// of different names or replications are statistically independent for all practical use.
class RandomStream {
public:
  RandomStream(std::uint64_t seed, std::uint64_t replication, std::uint64_t stream);
  RandomStream(std::uint64_t seed, std::uint64_t replication, std::string_view name)
      : RandomStream(seed, replication, stream_id(name)) {}

  // Next raw 64-bit output.
  std::uint64_t next_u64() {
    const std::uint64_t result = rotl(s_[0] + s_[3], 23) + s_[0];
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }

  // Uniform on [0, 1) with 53 random bits.
  double uniform() { return static_cast<double>(next_u64() >> 11) * 0x1.0p-53; }
  // Uniform on (0, 1]: safe to take the logarithm of.
  double uniform_pos() { return static_cast<double>((next_u64() >> 11) + 1) * 0x1.0p-53; }

  // Standard normal (Marsaglia polar method); the second value of each pair is kept.
  double normal();
  // Standard exponential (mean 1) by the ziggurat method (Marsaglia & Tsang 2000, 256
  // layers): one 64-bit draw and a table look-up in 99% of cases, no logarithm.
  double exponential();

private:
  static constexpr std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::uint64_t s_[4]{};
  double spare_normal_ = 0.0;
  bool has_spare_ = false;
};

}  // namespace ccsim::engine
