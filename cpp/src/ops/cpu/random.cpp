// Random tensor fills (the RandomFn slot, pydeep/ops/kernels.h). Every value
// is computed from Philox blocks chosen by the element's index, never from a
// running state, so any split of the work over threads gives the same bits.
//
// Layout: elements go in groups of 32; group g takes the four 32-bit words of
// the eight Philox blocks 8g..8g+7 (counter = block index, tag = the
// distribution), element 32g + 8j + l taking word j of block 8g + l. Eight
// blocks at a time let the compiler run the Philox rounds in SIMD lanes, and
// every group, the last partial one included, is computed whole by the same
// code. Normal pairs words j and j + 1 of a block (Box-Muller's two values);
// TruncatedNormal keeps an element's Normal candidate when it lies within
// (-2, 2) and otherwise redraws from blocks of its own (counter = element
// index, sub-stream = retry), so a redraw never shifts another element.
#include <cmath>
#include <cstdint>
#include <cstring>

#if defined(__AVX2__)
#include <immintrin.h>
#endif

#include "ops/cpu/cpu_kernels.h"
#include "pydeep/core/parallel.h"
#include "pydeep/core/random.h"

namespace pydeep::ops::cpu {
namespace {

constexpr int kBlocks = 8;                 // Philox blocks per group
constexpr int kGroup = 4 * kBlocks;        // elements per group
constexpr float kTwoPi = 6.28318530717958647692f;
constexpr float kInv2Pow24 = 1.0f / 16777216.0f;

std::uint32_t tag_of(RandomDistribution dist) { return static_cast<std::uint32_t>(dist); }

// words[8j + l] = word j of block 8 * group + l. The AVX2 version runs the
// eight blocks in the lanes of one register per counter word; the portable
// loop gives the same bits (the compiler vectorises it less well).
#if defined(__AVX2__)
inline __m256i broadcast(std::uint32_t v) { return _mm256_set1_epi32(static_cast<int>(v)); }

// Per 32-bit lane: the high and low halves of x * m.
inline void mul_hi_lo(__m256i x, __m256i m, __m256i& hi, __m256i& lo) {
  const __m256i even = _mm256_mul_epu32(x, m);
  const __m256i odd = _mm256_mul_epu32(_mm256_srli_epi64(x, 32), m);
  lo = _mm256_blend_epi32(even, _mm256_slli_epi64(odd, 32), 0xAA);
  hi = _mm256_blend_epi32(_mm256_srli_epi64(even, 32), odd, 0xAA);
}

inline void philox_group(std::uint64_t group, std::uint32_t tag, std::uint64_t seed,
                         std::uint32_t* words) {
  // The group's first block index is a multiple of 8: adding the lane never
  // carries into the high counter word.
  const std::uint64_t first = group * kBlocks;
  __m256i c0 = _mm256_add_epi32(broadcast(static_cast<std::uint32_t>(first)),
                                _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
  __m256i c1 = broadcast(static_cast<std::uint32_t>(first >> 32));
  __m256i c2 = _mm256_setzero_si256(), c3 = broadcast(tag);
  const __m256i m0 = broadcast(0xD2511F53u), m1 = broadcast(0xCD9E8D57u);
  std::uint32_t k0 = static_cast<std::uint32_t>(seed), k1 = static_cast<std::uint32_t>(seed >> 32);
  for (int round = 0; round < 10; ++round) {
    __m256i hi0, lo0, hi1, lo1;
    mul_hi_lo(c0, m0, hi0, lo0);
    mul_hi_lo(c2, m1, hi1, lo1);
    c0 = _mm256_xor_si256(_mm256_xor_si256(hi1, c1), broadcast(k0));
    c1 = lo1;
    c2 = _mm256_xor_si256(_mm256_xor_si256(hi0, c3), broadcast(k1));
    c3 = lo0;
    k0 += 0x9E3779B9u;
    k1 += 0xBB67AE85u;
  }
  __m256i* out = reinterpret_cast<__m256i*>(words);
  _mm256_storeu_si256(out, c0);
  _mm256_storeu_si256(out + 1, c1);
  _mm256_storeu_si256(out + 2, c2);
  _mm256_storeu_si256(out + 3, c3);
}
#else
inline void philox_group(std::uint64_t group, std::uint32_t tag, std::uint64_t seed,
                         std::uint32_t* words) {
  for (int l = 0; l < kBlocks; ++l) {
    const PhiloxBlock w =
        philox4x32_10(philox_counter(group * kBlocks + l, 0, tag), seed);
    for (int j = 0; j < 4; ++j) words[j * kBlocks + l] = w[j];
  }
}
#endif

// Uniform on [0, 1) from the top 24 bits (exact in float).
inline float unit_uniform(std::uint32_t w) { return static_cast<float>(w >> 8) * kInv2Pow24; }

// Box-Muller: u1 in (0, 1] (so the log is finite) and an angle; |z| <= 5.8.
inline void box_muller(std::uint32_t w1, std::uint32_t w2, float& z_cos, float& z_sin) {
  const float u1 = static_cast<float>((w1 >> 8) + 1) * kInv2Pow24;
  const float theta = kTwoPi * unit_uniform(w2);
  const float r = std::sqrt(-2.0f * std::log(u1));
  z_cos = r * std::cos(theta);
  z_sin = r * std::sin(theta);
}

// Standard normal values for the 32 elements of a group.
inline void normal_group(std::uint64_t group, std::uint32_t tag, std::uint64_t seed, float* z) {
  std::uint32_t w[kGroup];
  philox_group(group, tag, seed, w);
  for (int pair = 0; pair < 2; ++pair)
    for (int l = 0; l < kBlocks; ++l) {
      const int a = (2 * pair) * kBlocks + l, b = a + kBlocks;
      box_muller(w[a], w[b], z[a], z[b]);
    }
}

// Calls fill(group, values) for every group of [0, n) in parallel; fill
// writes the group's 32 values, straight into y for a full group, through a
// buffer for the last, partial one (so it is computed by the same code).
// (fill captures by value: a float it read through a reference could alias
// the output, and its loops would not vectorise.)
template <typename Fill>
void for_each_group(float* y, std::int64_t n, std::int64_t grain_groups, Fill fill) {
  const std::int64_t groups = (n + kGroup - 1) / kGroup;
  parallel_for(groups, grain_groups, [&](std::int64_t begin, std::int64_t end) {
    for (std::int64_t g = begin; g < end; ++g) {
      const std::int64_t first = g * kGroup;
      if (n - first >= kGroup) {
        fill(static_cast<std::uint64_t>(g), y + first);
      } else {
        float values[kGroup];
        fill(static_cast<std::uint64_t>(g), values);
        std::memcpy(y + first, values, static_cast<std::size_t>(n - first) * sizeof(float));
      }
    }
  });
}

constexpr std::int64_t kCheapGrain = kElementwiseGrain / kGroup;  // groups
constexpr std::int64_t kCostlyGrain = 4096 / kGroup;              // groups (log, sin, cos)

void fill_uniform(float* y, std::int64_t n, float lo, float hi, std::uint64_t seed) {
  // lo + (hi - lo) u in double (no overflow of hi - lo). Rounding to float
  // can reach hi, which is then replaced by the largest float below it.
  const double span = static_cast<double>(hi) - lo;
  const float top = hi > lo ? std::nextafter(hi, lo) : hi;
  const std::uint32_t tag = tag_of(RandomDistribution::Uniform);
  for_each_group(y, n, kCheapGrain, [=](std::uint64_t g, float* v) {
    std::uint32_t w[kGroup];
    philox_group(g, tag, seed, w);
    for (int k = 0; k < kGroup; ++k) {
      const float x = static_cast<float>(lo + span * unit_uniform(w[k]));
      v[k] = x < hi ? x : top;
    }
  });
}

void fill_normal(float* y, std::int64_t n, float mean, float stddev, std::uint64_t seed) {
  const std::uint32_t tag = tag_of(RandomDistribution::Normal);
  for_each_group(y, n, kCostlyGrain, [=](std::uint64_t g, float* v) {
    normal_group(g, tag, seed, v);
    for (int k = 0; k < kGroup; ++k) v[k] = mean + stddev * v[k];
  });
}

// A redraw for element `index` whose first candidate fell outside (-2, 2):
// the first candidate inside from the element's own blocks (four per
// block, all outside with probability 4.3e-6; after 16 blocks, p ~ 1e-86,
// the value would be 0, which never happens in practice).
float truncated_redraw(std::uint64_t index, std::uint64_t seed) {
  const std::uint32_t tag = tag_of(RandomDistribution::TruncatedNormal);
  for (std::uint32_t retry = 1; retry <= 16; ++retry) {
    const PhiloxBlock w = philox4x32_10(philox_counter(index, retry, tag), seed);
    for (int pair = 0; pair < 2; ++pair) {
      float a, b;
      box_muller(w[2 * pair], w[2 * pair + 1], a, b);
      if (a > -2.f && a < 2.f) return a;
      if (b > -2.f && b < 2.f) return b;
    }
  }
  return 0.f;
}

void fill_truncated_normal(float* y, std::int64_t n, float mean, float stddev,
                           std::uint64_t seed) {
  const std::uint32_t tag = tag_of(RandomDistribution::TruncatedNormal);
  for_each_group(y, n, kCostlyGrain, [=](std::uint64_t g, float* v) {
    normal_group(g, tag, seed, v);
    for (int k = 0; k < kGroup; ++k) {
      if (!(v[k] > -2.f && v[k] < 2.f)) v[k] = truncated_redraw(g * kGroup + k, seed);
      v[k] = mean + stddev * v[k];
    }
  });
}

void fill_bernoulli(float* y, std::int64_t n, float rate, float kept, std::uint64_t seed) {
  // Dropped when the 32-bit word is below round(rate * 2^32), so P(drop) is
  // that over 2^32; rate 1 (2^32, out of 32-bit range) drops everything.
  const double t = std::nearbyint(static_cast<double>(rate) * 4294967296.0);
  const bool drop_all = t >= 4294967296.0;
  const auto threshold = static_cast<std::uint32_t>(drop_all || t <= 0.0 ? 0.0 : t);
  const float keep = drop_all ? 0.f : kept;
  // Unsigned w < threshold as a signed compare of both with the top bit
  // flipped: x86 has no unsigned vector compare, and the loop then vectorises.
  const auto signed_threshold = static_cast<std::int32_t>(threshold ^ 0x80000000u);
  const std::uint32_t tag = tag_of(RandomDistribution::Bernoulli);
  for_each_group(y, n, kCheapGrain, [=](std::uint64_t g, float* v) {
    std::uint32_t w[kGroup];
    philox_group(g, tag, seed, w);
    const float kept_value = keep;  // a local: read unconditionally, so the select vectorises
    const std::int32_t below = signed_threshold;
    for (int k = 0; k < kGroup; ++k)
      v[k] = static_cast<std::int32_t>(w[k] ^ 0x80000000u) < below ? 0.f : kept_value;
  });
}

}  // namespace

void random(RandomDistribution dist, Tensor& out, float a, float b, std::uint64_t seed) {
  float* y = out.data<float>();
  const std::int64_t n = out.numel();
  switch (dist) {
    case RandomDistribution::Uniform: return fill_uniform(y, n, a, b, seed);
    case RandomDistribution::Normal: return fill_normal(y, n, a, b, seed);
    case RandomDistribution::TruncatedNormal: return fill_truncated_normal(y, n, a, b, seed);
    case RandomDistribution::Bernoulli: return fill_bernoulli(y, n, a, b, seed);
  }
  throw NotImplementedError(str("random: unknown distribution ", static_cast<int>(dist)));
}

}  // namespace pydeep::ops::cpu
