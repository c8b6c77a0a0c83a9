#pragma once
// Reproducible randomness. One global seed feeds every random decision of the
// library (weight initialisation, dropout masks, shuffling): after
// set_random_seed(s) the sequence of draw_seed() values, and therefore a
// whole run, is the same every time. Unseeded processes start from
// std::random_device.
//
// Random numbers come from Philox4x32-10 (Salmon et al., "Parallel random
// numbers: as easy as 1, 2, 3", SC'11), a counter-based generator: the output
// block for (key, counter) is a pure function of both, so element i of a
// random tensor depends only on (seed, i) and kernels give the same bits for
// any thread count or device.
//
// Thread-safety: draw_seed() may be called from any thread (each call gets a
// distinct value; which thread gets which is then up to the scheduler);
// set_random_seed() should not race with draws if a reproducible run is wanted.
#include <array>
#include <cstdint>
#include <vector>

namespace pydeep {

// Sets the global seed and restarts the draw_seed() sequence.
void set_random_seed(std::uint64_t seed);
// A fresh seed per call: the counter-th output of a SplitMix64 sequence
// started at the global seed (mix_seed(global_seed, counter++)).
std::uint64_t draw_seed();
// The stream-th value of the SplitMix64 sequence seeded with `seed`: a
// well-mixed 64-bit seed derived from (seed, stream), e.g. one per call of a
// seed generator.
std::uint64_t mix_seed(std::uint64_t seed, std::uint64_t stream);

// A uniformly random permutation of 0..n-1 (Fisher-Yates driven by Philox, so
// a function of (n, seed) alone). Throws ValueError for n < 0.
std::vector<std::int64_t> random_permutation(std::int64_t n, std::uint64_t seed);

// --- the generator ---------------------------------------------------------
using PhiloxBlock = std::array<std::uint32_t, 4>;

// Philox4x32 with 10 rounds: 128 random bits for a 128-bit counter and a
// 64-bit key (the seed). Matches Random123's known-answer vectors.
inline PhiloxBlock philox4x32_10(PhiloxBlock ctr, std::uint64_t key) {
  constexpr std::uint32_t kMul0 = 0xD2511F53u, kMul1 = 0xCD9E8D57u;
  constexpr std::uint32_t kWeyl0 = 0x9E3779B9u, kWeyl1 = 0xBB67AE85u;
  std::uint32_t k0 = static_cast<std::uint32_t>(key), k1 = static_cast<std::uint32_t>(key >> 32);
  for (int round = 0; round < 10; ++round) {
    const std::uint64_t p0 = static_cast<std::uint64_t>(kMul0) * ctr[0];
    const std::uint64_t p1 = static_cast<std::uint64_t>(kMul1) * ctr[2];
    ctr = {static_cast<std::uint32_t>(p1 >> 32) ^ ctr[1] ^ k0, static_cast<std::uint32_t>(p1),
           static_cast<std::uint32_t>(p0 >> 32) ^ ctr[3] ^ k1, static_cast<std::uint32_t>(p0)};
    k0 += kWeyl0;
    k1 += kWeyl1;
  }
  return ctr;
}

// The counter layout used throughout the library: a 64-bit index, a 32-bit
// sub-stream (retry number, ...) and a 32-bit tag that separates uses (each
// distribution, the permutation), so that one seed never yields correlated
// numbers in two different uses.
inline PhiloxBlock philox_counter(std::uint64_t index, std::uint32_t sub, std::uint32_t tag) {
  return {static_cast<std::uint32_t>(index), static_cast<std::uint32_t>(index >> 32), sub, tag};
}

}  // namespace pydeep
