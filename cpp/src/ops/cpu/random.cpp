// Random tensor fills (the RandomFn slot, pydeep/ops/kernels.h). Every value
// is computed from one Philox block chosen by the element's index, never from
// a running state, so any split of the work over threads gives the same bits.
// Uniform, Normal and Bernoulli take four elements from one block (block
// i / 4, word or pair i % 4); TruncatedNormal gives each element its own
// blocks (counter i, sub-stream = retry) so that a redraw never shifts the
// values of later elements.
#include <cmath>
#include <cstdint>
#include <limits>

#include "ops/cpu/cpu_kernels.h"
#include "pydeep/core/parallel.h"
#include "pydeep/core/random.h"

namespace pydeep::ops::cpu {
namespace {

constexpr double kTwoPi = 6.283185307179586476925;
constexpr double kTwoPow32 = 4294967296.0;

// Box-Muller on two 32-bit words: the first gives u1 in (0, 1] (so the log
// is finite), the second the angle. Double precision: float32 results are
// then correctly rounded, and the tails reach |z| ~ 6.7.
inline void box_muller(std::uint32_t w1, std::uint32_t w2, double& z_cos, double& z_sin) {
  const double u1 = (static_cast<double>(w1) + 1.0) / kTwoPow32;
  const double theta = kTwoPi * (static_cast<double>(w2) / kTwoPow32);
  const double r = std::sqrt(-2.0 * std::log(u1));
  z_cos = r * std::cos(theta);
  z_sin = r * std::sin(theta);
}

// Calls fill(block_index, first_element, count) for every block of four
// elements of [0, n), in parallel.
template <typename Fill>
void for_each_block(std::int64_t n, std::int64_t grain_blocks, Fill fill) {
  const std::int64_t blocks = (n + 3) / 4;
  parallel_for(blocks, grain_blocks, [&](std::int64_t begin, std::int64_t end) {
    for (std::int64_t blk = begin; blk < end; ++blk) {
      const std::int64_t first = blk * 4;
      fill(blk, first, static_cast<int>(n - first < 4 ? n - first : 4));
    }
  });
}

std::uint32_t tag_of(RandomDistribution dist) { return static_cast<std::uint32_t>(dist); }

void fill_uniform(float* y, std::int64_t n, float lo, float hi, std::uint64_t seed) {
  // u = (w >> 8) / 2^24 in [0, 1), 24 bits as float32 has; lo + (hi - lo) u
  // in double (no overflow of hi - lo). Rounding to float can still reach
  // hi, which is then replaced by the largest float below it.
  const double span = static_cast<double>(hi) - lo;
  const float top = hi > lo ? std::nextafter(hi, lo) : hi;
  const std::uint32_t tag = tag_of(RandomDistribution::Uniform);
  for_each_block(n, kElementwiseGrain / 4, [&](std::int64_t blk, std::int64_t first, int count) {
    const PhiloxBlock w = philox4x32_10(philox_counter(blk, 0, tag), seed);
    for (int j = 0; j < count; ++j) {
      const double u = static_cast<double>(w[j] >> 8) * (1.0 / 16777216.0);
      const float v = static_cast<float>(lo + span * u);
      y[first + j] = v < hi ? v : top;
    }
  });
}

void fill_normal(float* y, std::int64_t n, float mean, float stddev, std::uint64_t seed) {
  const std::uint32_t tag = tag_of(RandomDistribution::Normal);
  for_each_block(n, 2048, [&](std::int64_t blk, std::int64_t first, int count) {
    const PhiloxBlock w = philox4x32_10(philox_counter(blk, 0, tag), seed);
    double z[4];
    box_muller(w[0], w[1], z[0], z[1]);
    box_muller(w[2], w[3], z[2], z[3]);
    for (int j = 0; j < count; ++j)
      y[first + j] = static_cast<float>(mean + stddev * z[j]);
  });
}

// One draw of Keras's truncated normal: the first of the candidates from
// the element's blocks that lies strictly inside (-2, 2). A block holds four
// candidates, all outside with probability 4.3e-6; after 16 blocks (p ~
// 1e-86) the element would be 0, which never happens in practice.
double truncated_standard_normal(std::uint64_t index, std::uint64_t seed) {
  const std::uint32_t tag = tag_of(RandomDistribution::TruncatedNormal);
  for (std::uint32_t retry = 0; retry < 16; ++retry) {
    const PhiloxBlock w = philox4x32_10(philox_counter(index, retry, tag), seed);
    for (int pair = 0; pair < 2; ++pair) {
      double a, b;
      box_muller(w[2 * pair], w[2 * pair + 1], a, b);
      if (a > -2.0 && a < 2.0) return a;
      if (b > -2.0 && b < 2.0) return b;
    }
  }
  return 0.0;
}

void fill_truncated_normal(float* y, std::int64_t n, float mean, float stddev,
                           std::uint64_t seed) {
  parallel_for(n, 2048, [&](std::int64_t begin, std::int64_t end) {
    for (std::int64_t i = begin; i < end; ++i) {
      const double z = truncated_standard_normal(static_cast<std::uint64_t>(i), seed);
      y[i] = static_cast<float>(mean + stddev * z);
    }
  });
}

void fill_bernoulli(float* y, std::int64_t n, float rate, float kept, std::uint64_t seed) {
  // Dropped when the 32-bit word is below threshold: P = threshold / 2^32.
  const double t = std::nearbyint(static_cast<double>(rate) * kTwoPow32);
  const std::uint64_t threshold = t <= 0.0 ? 0 : t >= kTwoPow32 ? (1ull << 32)
                                                              : static_cast<std::uint64_t>(t);
  const std::uint32_t tag = tag_of(RandomDistribution::Bernoulli);
  for_each_block(n, kElementwiseGrain / 4, [&](std::int64_t blk, std::int64_t first, int count) {
    const PhiloxBlock w = philox4x32_10(philox_counter(blk, 0, tag), seed);
    for (int j = 0; j < count; ++j) y[first + j] = w[j] < threshold ? 0.f : kept;
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
