// Update kernels of Adam's variants: Adamax and Nadam (the AdamaxUpdateFn and
// NadamUpdateFn slots, pydeep/ops/kernels.h). One pass each (update_support.h).
#include <algorithm>
#include <cmath>

#include "ops/cpu/update_support.h"

namespace pydeep::ops::cpu {
namespace {

template <bool kDecay>
void adamax_loop(const UpdatePrologue& p, const float* g, float* w, float* m, float* u,
                 std::int64_t n, const AdamaxFactors& f) {
  const float scale = p.grad_scale, c = p.clip_value, decay = p.decay;
  parallel_for(n, kUpdateGrain, [&](std::int64_t begin, std::int64_t end) {
#pragma omp simd
    for (std::int64_t i = begin; i < end; ++i) {
      const float gi = prepare_grad(g[i], scale, c);
      const float mi = m[i] + (gi - m[i]) * f.one_minus_beta_1;
      const float ui = nan_max(f.beta_2 * u[i], std::fabs(gi));
      m[i] = mi;
      u[i] = ui;
      w[i] = decayed<kDecay>(w[i], decay) - (f.lr * mi) / (f.bias_correction * (ui + f.epsilon));
    }
  });
}

template <bool kDecay>
void nadam_loop(const UpdatePrologue& p, const float* g, float* w, float* m, float* v,
                std::int64_t n, const NadamFactors& f) {
  const float scale = p.grad_scale, c = p.clip_value, decay = p.decay;
  parallel_for(n, kUpdateGrain, [&](std::int64_t begin, std::int64_t end) {
    float root[kTile], m_hat[kTile];
    for (std::int64_t t = begin; t < end; t += kTile) {
      const std::int64_t len = std::min(kTile, end - t);
      const float* gt = g + t;
      float *wt = w + t, *mt = m + t, *vt = v + t;
#pragma omp simd
      for (std::int64_t i = 0; i < len; ++i) {
        const float gi = prepare_grad(gt[i], scale, c);
        const float mi = mt[i] + (gi - mt[i]) * f.one_minus_beta_1;
        const float vi = vt[i] + (gi * gi - vt[i]) * f.one_minus_beta_2;
        mt[i] = mi;
        vt[i] = vi;
        m_hat[i] = (f.next_momentum * mi) / f.next_correction +
                   (f.gradient_weight * gi) / f.correction;
        root[i] = vi / f.velocity_correction;
      }
      sqrt_in_place(root, len);
#pragma omp simd
      for (std::int64_t i = 0; i < len; ++i)
        wt[i] = decayed<kDecay>(wt[i], decay) - (m_hat[i] * f.lr) / (root[i] + f.epsilon);
    }
  });
}

}  // namespace

void adamax_update(const UpdatePrologue& p, const Tensor& grad, Tensor& var, Tensor& m, Tensor& u,
                   const AdamaxFactors& f) {
  const float* g = grad.data<float>();
  float *w = var.data<float>(), *mp = m.data<float>(), *up = u.data<float>();
  with_decay(p, [&](auto decay) {
    adamax_loop<decltype(decay)::value>(p, g, w, mp, up, var.numel(), f);
  });
}

void nadam_update(const UpdatePrologue& p, const Tensor& grad, Tensor& var, Tensor& m, Tensor& v,
                  const NadamFactors& f) {
  const float* g = grad.data<float>();
  float *w = var.data<float>(), *mp = m.data<float>(), *vp = v.data<float>();
  with_decay(p, [&](auto decay) {
    nadam_loop<decltype(decay)::value>(p, g, w, mp, vp, var.numel(), f);
  });
}

}  // namespace pydeep::ops::cpu
