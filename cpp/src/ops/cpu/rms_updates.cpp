// Update kernels of the rules that divide by a root of accumulated squared
// gradients: RMSprop, Adagrad and Adadelta (the RmspropUpdateFn,
// AdagradUpdateFn and AdadeltaUpdateFn slots, pydeep/ops/kernels.h). One pass
// each, in tiles for the square roots (update_support.h).
#include <algorithm>
#include <cmath>

#include "ops/cpu/update_support.h"

namespace pydeep::ops::cpu {
namespace {

template <bool kDecay, bool kMomentum, bool kCentered>
void rmsprop_loop(const UpdatePrologue& p, const float* g, float* w, float* v, float* mom,
                  float* avg, std::int64_t n, const RmspropFactors& f) {
  const float scale = p.grad_scale, c = p.clip_value, decay = p.decay;
  parallel_for(n, kUpdateGrain, [&](std::int64_t begin, std::int64_t end) {
    float root[kTile], gs[kTile];
    for (std::int64_t t = begin; t < end; t += kTile) {
      const std::int64_t len = std::min(kTile, end - t);
#pragma omp simd
      for (std::int64_t i = 0; i < len; ++i) {
        const std::int64_t k = t + i;
        const float gi = prepare_grad(g[k], scale, c);
        const float vi = f.rho * v[k] + f.one_minus_rho * (gi * gi);
        v[k] = vi;
        float d = vi + f.epsilon;
        if constexpr (kCentered) {
          const float ai = f.rho * avg[k] + f.one_minus_rho * gi;
          avg[k] = ai;
          d -= ai * ai;
        }
        root[i] = d;
        gs[i] = gi;
      }
      sqrt_in_place(root, len);
#pragma omp simd
      for (std::int64_t i = 0; i < len; ++i) {
        const std::int64_t k = t + i;
        const float increment = (gs[i] * f.lr) / root[i];
        const float wi = decayed<kDecay>(w[k], decay);
        if constexpr (kMomentum) {
          const float mi = f.momentum * mom[k] + increment;
          mom[k] = mi;
          w[k] = wi - mi;
        } else {
          w[k] = wi - increment;
        }
      }
    }
  });
}

template <bool kDecay>
void adagrad_loop(const UpdatePrologue& p, const float* g, float* w, float* acc, std::int64_t n,
                  float lr, float epsilon) {
  const float scale = p.grad_scale, c = p.clip_value, decay = p.decay;
  parallel_for(n, kUpdateGrain, [&](std::int64_t begin, std::int64_t end) {
    float root[kTile], gs[kTile];
    for (std::int64_t t = begin; t < end; t += kTile) {
      const std::int64_t len = std::min(kTile, end - t);
#pragma omp simd
      for (std::int64_t i = 0; i < len; ++i) {
        const float gi = prepare_grad(g[t + i], scale, c);
        const float ai = acc[t + i] + gi * gi;
        acc[t + i] = ai;
        root[i] = ai + epsilon;
        gs[i] = gi;
      }
      sqrt_in_place(root, len);
#pragma omp simd
      for (std::int64_t i = 0; i < len; ++i)
        w[t + i] = decayed<kDecay>(w[t + i], decay) - (gs[i] * lr) / root[i];
    }
  });
}

template <bool kDecay>
void adadelta_loop(const UpdatePrologue& p, const float* g, float* w, float* ag, float* ad,
                   std::int64_t n, float lr, float rho, float one_minus_rho, float epsilon) {
  const float scale = p.grad_scale, c = p.clip_value, decay = p.decay;
  parallel_for(n, kUpdateGrain, [&](std::int64_t begin, std::int64_t end) {
    // rms(ad) and rms(ag) of the tile, then the deltas.
    float root_ad[kTile], root_ag[kTile], gs[kTile];
    for (std::int64_t t = begin; t < end; t += kTile) {
      const std::int64_t len = std::min(kTile, end - t);
#pragma omp simd
      for (std::int64_t i = 0; i < len; ++i) {
        const float gi = prepare_grad(g[t + i], scale, c);
        const float agi = rho * ag[t + i] + one_minus_rho * (gi * gi);
        ag[t + i] = agi;
        root_ag[i] = agi + epsilon;
        root_ad[i] = ad[t + i] + epsilon;
        gs[i] = gi;
      }
      sqrt_in_place(root_ag, len);
      sqrt_in_place(root_ad, len);
#pragma omp simd
      for (std::int64_t i = 0; i < len; ++i) {
        const float delta = -((root_ad[i] * gs[i]) / root_ag[i]);
        ad[t + i] = rho * ad[t + i] + one_minus_rho * (delta * delta);
        w[t + i] = decayed<kDecay>(w[t + i], decay) + lr * delta;
      }
    }
  });
}

}  // namespace

void rmsprop_update(const UpdatePrologue& p, const Tensor& grad, Tensor& var, Tensor& v,
                    Tensor& mom, Tensor& avg, const RmspropFactors& f) {
  const float* g = grad.data<float>();
  float *w = var.data<float>(), *vp = v.data<float>();
  float* mp = mom.defined() ? mom.data<float>() : nullptr;
  float* ap = avg.defined() ? avg.data<float>() : nullptr;
  const std::int64_t n = var.numel();
  with_decay(p, [&](auto decay) {
    constexpr bool kDecay = decltype(decay)::value;
    if (mp && ap) rmsprop_loop<kDecay, true, true>(p, g, w, vp, mp, ap, n, f);
    else if (mp) rmsprop_loop<kDecay, true, false>(p, g, w, vp, mp, ap, n, f);
    else if (ap) rmsprop_loop<kDecay, false, true>(p, g, w, vp, mp, ap, n, f);
    else rmsprop_loop<kDecay, false, false>(p, g, w, vp, mp, ap, n, f);
  });
}

void adagrad_update(const UpdatePrologue& p, const Tensor& grad, Tensor& var, Tensor& acc,
                    float lr, float epsilon) {
  const float* g = grad.data<float>();
  float *w = var.data<float>(), *ap = acc.data<float>();
  with_decay(p, [&](auto decay) {
    adagrad_loop<decltype(decay)::value>(p, g, w, ap, var.numel(), lr, epsilon);
  });
}

void adadelta_update(const UpdatePrologue& p, const Tensor& grad, Tensor& var, Tensor& ag,
                     Tensor& ad, float lr, float rho, float one_minus_rho, float epsilon) {
  const float* g = grad.data<float>();
  float *w = var.data<float>(), *agp = ag.data<float>(), *adp = ad.data<float>();
  with_decay(p, [&](auto decay) {
    adadelta_loop<decltype(decay)::value>(p, g, w, agp, adp, var.numel(), lr, rho,
                                          one_minus_rho, epsilon);
  });
}

}  // namespace pydeep::ops::cpu
