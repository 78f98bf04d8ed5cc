// The random numbers of the sampling strategies (random walk, PCT). Written
// out here rather than taken from <random> so that a seed gives the same
// draws with every compiler and standard library: xoshiro256** (Blackman
// and Vigna) for the stream, splitmix64 to seed it, and an unbiased
// bounded draw by rejection (std::uniform_int_distribution is not fixed by
// the standard).
#pragma once
#include <cstdint>

namespace gilrace {

// splitmix64: one step of the sequence that starts at `state`.
inline std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

class SeededRandom {
 public:
  // The generator of one run: fixed by the user's seed and the run's index
  // alone, so a run gives the same draws whatever ran before it. The whole
  // state comes from one splitmix64 stream (the seeding xoshiro's authors
  // advise), started at the mixed seed with the index folded in: runs of
  // one seed start from distinct points, and no word of the state is shared
  // between runs (shared words make the first draws of runs correlated).
  // Two consecutive splitmix64 outputs are never both 0, so neither is the
  // state.
  SeededRandom(std::uint64_t seed, std::uint64_t run) {
    std::uint64_t stream = splitmix64(seed) ^ run;
    for (std::uint64_t& word : state_) word = splitmix64(stream);
  }

  // xoshiro256**: the next 64 random bits.
  std::uint64_t next() {
    const std::uint64_t result = rotl(state_[1] * 5, 7) * 9;
    const std::uint64_t t = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= t;
    state_[3] = rotl(state_[3], 45);
    return result;
  }

  // Uniform in [0, bound), bound >= 1. Draws below 2^64 mod bound are
  // rejected so that every remainder is equally likely.
  std::uint64_t below(std::uint64_t bound) {
    const std::uint64_t threshold = (0 - bound) % bound;
    for (;;) {
      const std::uint64_t r = next();
      if (r >= threshold) return r % bound;
    }
  }

 private:
  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::uint64_t state_[4];
};

}  // namespace gilrace
