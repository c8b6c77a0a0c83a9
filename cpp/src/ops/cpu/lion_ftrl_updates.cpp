// Update kernels of Lion (a sign rule) and Ftrl (a proximal rule): the
// LionUpdateFn and FtrlUpdateFn slots, pydeep/ops/kernels.h. One pass each
// (update_support.h).
#include <cmath>

#include "ops/cpu/update_support.h"

namespace pydeep::ops::cpu {
namespace {

// sign(x) in {-1, 0, 1}; 0 for NaN, as torch.sign (Keras's ops.sign) gives.
inline float sign_of(float x) { return float(x > 0.f) - float(x < 0.f); }

template <bool kDecay>
void lion_loop(const UpdatePrologue& p, const float* g, float* w, float* m, std::int64_t n,
               const LionFactors& f) {
  const float scale = p.grad_scale, c = p.clip_value, decay = p.decay;
  parallel_for(n, kUpdateGrain, [&](std::int64_t begin, std::int64_t end) {
#pragma omp simd
    for (std::int64_t i = begin; i < end; ++i) {
      const float gi = prepare_grad(g[i], scale, c);
      const float direction = sign_of(m[i] * f.beta_1 + gi * f.one_minus_beta_1);
      w[i] = decayed<kDecay>(w[i], decay) - f.lr * direction;
      m[i] = m[i] * f.beta_2 + gi * f.one_minus_beta_2;
    }
  });
}

// x^power for the accumulators (x >= 0). torch.pow, which Keras's ops.power
// runs, takes the square root for 0.5; other powers go to powf.
template <int kKind>  // 0: power 0, 1: power 0.5, 2: power 1, 3: other
inline float accumulator_power(float x, float power) {
  if constexpr (kKind == 0) return 1.f;
  if constexpr (kKind == 1) return std::sqrt(x);
  if constexpr (kKind == 2) return x;
  return std::pow(x, power);
}

template <bool kDecay, int kKind>
void ftrl_loop(const UpdatePrologue& p, const float* g, float* w, float* acc, float* linear,
               std::int64_t n, const FtrlFactors& f) {
  const float scale = p.grad_scale, c = p.clip_value, decay = p.decay;
  const float power = -f.lr_power, shrinkage = 2.f * f.l2_shrinkage, l2 = 2.f * f.l2;
  parallel_for(n, kUpdateGrain, [&](std::int64_t begin, std::int64_t end) {
    for (std::int64_t i = begin; i < end; ++i) {
      const float gi = prepare_grad(g[i], scale, c);
      const float wi = decayed<kDecay>(w[i], decay);
      const float new_acc = acc[i] + gi * gi;
      const float new_root = accumulator_power<kKind>(new_acc, power);
      const float sigma = (new_root - accumulator_power<kKind>(acc[i], power)) / f.lr;
      const float li = linear[i] + ((gi + shrinkage * wi) - sigma * wi);
      const float quadratic = new_root / f.lr + l2;
      const float clipped = prepare_grad(li, 1.f, f.l1);  // clip(li, -l1, l1), NaN kept
      linear[i] = li;
      w[i] = (clipped - li) / quadratic;
      acc[i] = new_acc;
    }
  });
}

}  // namespace

void lion_update(const UpdatePrologue& p, const Tensor& grad, Tensor& var, Tensor& m,
                 const LionFactors& f) {
  const float* g = grad.data<float>();
  float *w = var.data<float>(), *mp = m.data<float>();
  with_decay(p, [&](auto decay) {
    lion_loop<decltype(decay)::value>(p, g, w, mp, var.numel(), f);
  });
}

void ftrl_update(const UpdatePrologue& p, const Tensor& grad, Tensor& var, Tensor& n,
                 Tensor& linear, const FtrlFactors& f) {
  const float* g = grad.data<float>();
  float *w = var.data<float>(), *np = n.data<float>(), *lp = linear.data<float>();
  const std::int64_t size = var.numel();
  const float power = -f.lr_power;
  with_decay(p, [&](auto decay) {
    constexpr bool kDecay = decltype(decay)::value;
    if (power == 0.f) ftrl_loop<kDecay, 0>(p, g, w, np, lp, size, f);
    else if (power == 0.5f) ftrl_loop<kDecay, 1>(p, g, w, np, lp, size, f);
    else if (power == 1.f) ftrl_loop<kDecay, 2>(p, g, w, np, lp, size, f);
    else ftrl_loop<kDecay, 3>(p, g, w, np, lp, size, f);
  });
}

}  // namespace pydeep::ops::cpu
