#include "pydeep/core/random.h"

#include <atomic>
#include <random>
#include <utility>

#include "pydeep/core/errors.h"

namespace pydeep {
namespace {

struct SeedState {
  std::atomic<std::uint64_t> seed;
  std::atomic<std::uint64_t> counter{0};
  SeedState() : seed(initial_seed()) {}

  static std::uint64_t initial_seed() {
    std::random_device device;
    return (static_cast<std::uint64_t>(device()) << 32) ^ device();
  }
};

SeedState& seed_state() {
  static SeedState state;
  return state;
}

// Tag of the permutation's Philox stream (see philox_counter); the random
// tensor kernels use the distribution number, which is small.
constexpr std::uint32_t kPermutationTag = 0x7065726Du;  // "perm"

// High 64 bits of a * b, and the low ones in `lo`.
std::uint64_t mul_hi_lo(std::uint64_t a, std::uint64_t b, std::uint64_t& lo) {
#if defined(__SIZEOF_INT128__)
  const unsigned __int128 p = static_cast<unsigned __int128>(a) * b;
  lo = static_cast<std::uint64_t>(p);
  return static_cast<std::uint64_t>(p >> 64);
#else
  const std::uint64_t a_lo = a & 0xFFFFFFFFu, a_hi = a >> 32, b_lo = b & 0xFFFFFFFFu,
                      b_hi = b >> 32;
  const std::uint64_t ll = a_lo * b_lo, lh = a_lo * b_hi, hl = a_hi * b_lo, hh = a_hi * b_hi;
  const std::uint64_t mid = (ll >> 32) + (lh & 0xFFFFFFFFu) + (hl & 0xFFFFFFFFu);
  lo = (mid << 32) | (ll & 0xFFFFFFFFu);
  return hh + (lh >> 32) + (hl >> 32) + (mid >> 32);
#endif
}

// A uniform integer in [0, bound) for swap step `step` (Lemire's multiply
// method with rejection, so exactly uniform); its random words come from the
// Philox stream at counter index `step`, sub-stream = attempt.
std::uint64_t uniform_below(std::uint64_t bound, std::uint64_t step, std::uint64_t seed) {
  const std::uint64_t threshold = (0 - bound) % bound;  // 2^64 mod bound
  for (std::uint32_t attempt = 0;; ++attempt) {
    const PhiloxBlock w = philox4x32_10(philox_counter(step, attempt, kPermutationTag), seed);
    for (int half = 0; half < 2; ++half) {
      const std::uint64_t x =
          (static_cast<std::uint64_t>(w[2 * half]) << 32) | w[2 * half + 1];
      std::uint64_t lo;
      const std::uint64_t hi = mul_hi_lo(x, bound, lo);
      if (lo >= threshold) return hi;
    }
  }
}

}  // namespace

void set_random_seed(std::uint64_t seed) {
  SeedState& s = seed_state();
  s.seed.store(seed);
  s.counter.store(0);
}

std::uint64_t draw_seed() {
  SeedState& s = seed_state();
  const std::uint64_t stream = s.counter.fetch_add(1);
  return mix_seed(s.seed.load(), stream);
}

std::uint64_t mix_seed(std::uint64_t seed, std::uint64_t stream) {
  // SplitMix64 (Steele, Lea, Flood 2014): state advances by the golden
  // gamma; the output function is a strong 64-bit finaliser.
  std::uint64_t z = seed + (stream + 1) * 0x9E3779B97F4A7C15ull;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

std::vector<std::int64_t> random_permutation(std::int64_t n, std::uint64_t seed) {
  check(n >= 0, "random_permutation: expected n >= 0; received n=", n);
  std::vector<std::int64_t> perm(static_cast<std::size_t>(n));
  for (std::int64_t i = 0; i < n; ++i) perm[i] = i;
  for (std::int64_t j = n - 1; j > 0; --j) {
    const auto k = static_cast<std::int64_t>(
        uniform_below(static_cast<std::uint64_t>(j) + 1, static_cast<std::uint64_t>(j), seed));
    std::swap(perm[j], perm[k]);
  }
  return perm;
}

}  // namespace pydeep
