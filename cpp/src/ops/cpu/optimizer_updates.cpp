// Optimizer update kernels (the SumSquaresFn, SgdUpdateFn, AdamUpdateFn,
// AccumulateGradFn and EmaUpdateFn slots, pydeep/ops/kernels.h). Each update
// is one vectorised pass (update_support.h). No allocation; small variables
// stay on the calling thread (kUpdateGrain).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <mutex>

#include "ops/cpu/update_support.h"

namespace pydeep::ops::cpu {
namespace {

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

// Adam runs in tiles (kTile): the moments first (vectorised), the square
// roots of the tile's second moments, then the variable.
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
          vi = nan_max(vi, ht[i]);
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

void accumulate_grad(const Tensor& grad, Tensor& acc, float divisor) {
  const float* g = grad.data<float>();
  float* a = acc.data<float>();
  parallel_for(acc.numel(), kUpdateGrain, [&](std::int64_t begin, std::int64_t end) {
#pragma omp simd
    for (std::int64_t i = begin; i < end; ++i) a[i] = (g[i] + a[i]) / divisor;
  });
}

void ema_update(const Tensor& var, Tensor& average, float momentum, float one_minus_momentum) {
  const float* w = var.data<float>();
  float* a = average.data<float>();
  parallel_for(var.numel(), kUpdateGrain, [&](std::int64_t begin, std::int64_t end) {
#pragma omp simd
    for (std::int64_t i = begin; i < end; ++i) a[i] = momentum * a[i] + one_minus_momentum * w[i];
  });
}

}  // namespace pydeep::ops::cpu
