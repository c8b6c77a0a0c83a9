#pragma once
// Building blocks of the optimizer update kernels (*_updates.cpp in this
// folder): the prologue every update applies per element (gradient clipping,
// decoupled weight decay; see UpdatePrologue in pydeep/ops/kernels.h), a
// vectorised correctly rounded square root, and the tile and grain sizes.
// Each update kernel is one pass: per element it reads the gradient, the
// variable and the slots once and writes the variable and the slots once.
// Element i reads g[i] before it writes var[i], so a gradient that is the
// variable itself is safe.
#include <cmath>
#include <cstdint>
#if defined(__SSE2__)
#include <immintrin.h>
#endif

#include "ops/cpu/cpu_kernels.h"
#include "pydeep/core/parallel.h"

namespace pydeep::ops::cpu {

// An update touches 3-5 arrays per element: fewer elements than a plain
// elementwise op are enough to pay for waking a second thread.
constexpr std::int64_t kUpdateGrain = kElementwiseGrain / 2;

// Rules with square roots run in tiles of kTile elements: the slots first
// (vectorised), the square roots of the tile (in a stack buffer), then the
// variable. The tile stays in L1, so memory is still read and written once.
constexpr std::int64_t kTile = 512;

// clip(g * scale, -c, c) without std::min/max, whose NaN handling depends on
// the argument order: here a NaN gradient stays NaN, as in Keras. Selects
// between values (no arithmetic on either side), so the loop vectorises.
inline float prepare_grad(float g, float scale, float c) {
  g *= scale;
  g = g < -c ? -c : g;
  return g > c ? c : g;
}

// Weight decay is compiled in or out: var - var * 0 is not var for an
// infinite var, and Keras does not touch the variable when decay is off.
template <bool kDecay>
inline float decayed(float w, float decay) {
  if constexpr (kDecay) return w - w * decay;
  return w;
}

// max(a, b) that propagates a NaN from either side, like ops.maximum.
inline float nan_max(float a, float b) { return (a > b) | (a != a) ? a : b; }

// Correctly rounded sqrt of n floats in place (Keras's ops.sqrt). A loop over
// std::sqrt stays scalar because of errno, hence the instruction, as in
// unary.cpp.
inline void sqrt_in_place(float* x, std::int64_t n) {
  std::int64_t i = 0;
#if defined(__AVX__)
  for (; i + 8 <= n; i += 8) _mm256_storeu_ps(x + i, _mm256_sqrt_ps(_mm256_loadu_ps(x + i)));
#elif defined(__SSE2__)
  for (; i + 4 <= n; i += 4) _mm_storeu_ps(x + i, _mm_sqrt_ps(_mm_loadu_ps(x + i)));
#endif
  for (; i < n; ++i) x[i] = std::sqrt(x[i]);
}

// Runs body.template operator()<kDecay>() with kDecay = (p.decay != 0).
template <typename Body>
void with_decay(const UpdatePrologue& p, Body&& body) {
  if (p.decay != 0.f) body(std::true_type{});
  else body(std::false_type{});
}

}  // namespace pydeep::ops::cpu
