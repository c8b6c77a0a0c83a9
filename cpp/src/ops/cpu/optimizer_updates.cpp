// Optimizer update kernels (the SumSquaresFn, SgdUpdateFn and AdamUpdateFn
// slots, pydeep/ops/kernels.h). Each update is one vectorised pass: per
// element it reads the gradient, the variable and the slots once, applies the
// prologue (gradient clipping, decoupled weight decay) and the rule, and
// writes the variable and the slots once. Element i reads g[i] before it
// writes var[i], so a gradient that is the variable itself is safe. No
// allocation; small variables stay on the calling thread (kUpdateGrain).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <mutex>
#if defined(__SSE2__)
#include <immintrin.h>
#endif

#include "ops/cpu/cpu_kernels.h"
#include "pydeep/core/parallel.h"

namespace pydeep::ops::cpu {
namespace {

// An update touches 3-5 arrays per element: fewer elements than a plain
// elementwise op are enough to pay for waking a second thread.
constexpr std::int64_t kUpdateGrain = kElementwiseGrain / 2;

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

template <bool kDecay, bool kMomentum, bool kNesterov>
void sgd_loop(const UpdatePrologue& p, const float* g, float* w, float* m, std::int64_t n,
              float lr, float momentum) {
  const float scale = p.grad_scale, c = p.clip_value, decay = p.decay;
  parallel_for(n, kUpdateGrain, [&](std::int64_t begin, std::int64_t end) {
#pragma omp simd
    for (std::int64_t i = begin; i < end; ++i) {
      const float gi = prepare_grad(g[i], scale, c);
      const float wi = decayed<kDecay>(w[i], decay);
      if constexpr (kMomentum) {
        const float mi = m[i] * momentum - gi * lr;
        m[i] = mi;
        w[i] = kNesterov ? wi + (mi * momentum - gi * lr) : wi + mi;
      } else {
        w[i] = wi - gi * lr;
      }
    }
  });
}

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

// Adam runs in tiles of kTile elements: the moments first (vectorised), the
// square roots of the tile's second moments (in a stack buffer), then the
// variable. The tile stays in L1, so memory is still read and written once.
constexpr std::int64_t kTile = 512;

template <bool kDecay, bool kAmsgrad>
void adam_loop(const UpdatePrologue& p, const float* g, float* w, float* m, float* v, float* vh,
               std::int64_t n, float alpha, float one_minus_b1, float one_minus_b2,
               float epsilon) {
  const float scale = p.grad_scale, c = p.clip_value, decay = p.decay;
  parallel_for(n, kUpdateGrain, [&](std::int64_t begin, std::int64_t end) {
    float root[kTile];
    for (std::int64_t t = begin; t < end; t += kTile) {
      const std::int64_t len = std::min(kTile, end - t);
      const float* gt = g + t;
      float *wt = w + t, *mt = m + t, *vt = v + t, *ht = kAmsgrad ? vh + t : nullptr;
#pragma omp simd
      for (std::int64_t i = 0; i < len; ++i) {
        const float gi = prepare_grad(gt[i], scale, c);
        const float mi = mt[i] + (gi - mt[i]) * one_minus_b1;
        float vi = vt[i] + (gi * gi - vt[i]) * one_minus_b2;
        mt[i] = mi;
        vt[i] = vi;
        if constexpr (kAmsgrad) {
          // max(vhat, v) that propagates a NaN from either side, like ops.maximum.
          const float h = ht[i];
          vi = (vi > h) | (vi != vi) ? vi : h;
          ht[i] = vi;
        }
        root[i] = vi;
      }
      sqrt_in_place(root, len);
#pragma omp simd
      for (std::int64_t i = 0; i < len; ++i)
        wt[i] = decayed<kDecay>(wt[i], decay) - (mt[i] * alpha) / (root[i] + epsilon);
    }
  });
}

}  // namespace

double sum_squares(const Tensor& x) {
  const float* data = x.data<float>();
  double total = 0.0;
  std::mutex mutex;
  parallel_for(x.numel(), kElementwiseGrain, [&](std::int64_t begin, std::int64_t end) {
    double s = 0.0;
#pragma omp simd reduction(+ : s)
    for (std::int64_t i = begin; i < end; ++i) s += double(data[i]) * double(data[i]);
    std::lock_guard<std::mutex> lock(mutex);
    total += s;
  });
  return total;
}

void sgd_update(const UpdatePrologue& p, const Tensor& grad, Tensor& var, Tensor& m, float lr,
                float momentum, bool nesterov) {
  const float* g = grad.data<float>();
  float* w = var.data<float>();
  const std::int64_t n = var.numel();
  const bool decay = p.decay != 0.f;
  if (!m.defined()) {
    if (decay) sgd_loop<true, false, false>(p, g, w, nullptr, n, lr, momentum);
    else sgd_loop<false, false, false>(p, g, w, nullptr, n, lr, momentum);
    return;
  }
  float* mp = m.data<float>();
  if (decay && nesterov) sgd_loop<true, true, true>(p, g, w, mp, n, lr, momentum);
  else if (decay) sgd_loop<true, true, false>(p, g, w, mp, n, lr, momentum);
  else if (nesterov) sgd_loop<false, true, true>(p, g, w, mp, n, lr, momentum);
  else sgd_loop<false, true, false>(p, g, w, mp, n, lr, momentum);
}

void adam_update(const UpdatePrologue& p, const Tensor& grad, Tensor& var, Tensor& m, Tensor& v,
                 Tensor& vhat, float alpha, float one_minus_beta_1, float one_minus_beta_2,
                 float epsilon) {
  const float* g = grad.data<float>();
  float* w = var.data<float>();
  float* mp = m.data<float>();
  float* vp = v.data<float>();
  float* hp = vhat.defined() ? vhat.data<float>() : nullptr;
  const std::int64_t n = var.numel();
  const auto run = [&](auto loop) {
    loop(p, g, w, mp, vp, hp, n, alpha, one_minus_beta_1, one_minus_beta_2, epsilon);
  };
  const bool decay = p.decay != 0.f;
  if (hp) decay ? run(adam_loop<true, true>) : run(adam_loop<false, true>);
  else decay ? run(adam_loop<true, false>) : run(adam_loop<false, false>);
}

}  // namespace pydeep::ops::cpu
