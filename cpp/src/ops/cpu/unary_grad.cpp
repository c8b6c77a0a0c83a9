// Gradients of the float32 elementwise functions (the UnaryGradFn slot,
// pydeep/ops/kernels.h): gx = gy * f'(x), reusing the forward result y where
// that saves a transcendental call. gx may alias any input exactly.
//
// Derivatives at kinks follow TensorFlow, which Keras 3 users see:
//   relu'(0) = 0, relu6'(0) = relu6'(6) = 0 (open interval), leaky_relu'(0) = a,
//   elu'(0) = a (Keras takes the x <= 0 branch), selu'(0) = scale (TF's SeluGrad
//   tests y < 0), hard_sigmoid' = 0 at x = -3 and 3 (relu6 of x + 3),
//   abs'(0) = sign(0) = 0, sign' = 0, clip' = 1 on the closed [a, b]
//   (clip_by_value), pow'(x; 0) = 0 (TF gives NaN at x = 0).
#include <algorithm>
#include <cmath>
#include <cstdint>

#include <Eigen/Core>
#include <unsupported/Eigen/SpecialFunctions>

#include "ops/cpu/cpu_kernels.h"
#include "ops/cpu/vec_math.h"
#include "pydeep/core/errors.h"
#include "pydeep/core/parallel.h"

namespace pydeep::ops::cpu {
namespace {

using ArrayMap = Eigen::Map<Eigen::ArrayXf>;
using ConstArrayMap = Eigen::Map<const Eigen::ArrayXf>;

// The forward constants of unary.cpp (Keras' values).
constexpr float kSeluAlpha = 1.67326324f;
constexpr float kSeluScale = 1.05070098f;
constexpr float kSqrtHalf = 0.707106781186547524f;
constexpr float kInvSqrt2Pi = 0.398942280401432678f;
constexpr float kSqrt2OverPi = 0.797884560802865356f;
constexpr float kGeluCubic = 0.044715f;
constexpr std::int64_t kBlock = 512;  // stack scratch: 2 KiB stays in L1

// gx[i] = f(u[i], v[i], gy[i]); u and v are x and/or y, whichever the
// derivative needs (the same pointer twice when it needs one).
template <typename F>
void grad_simd(const float* u, const float* v, const float* gy, float* gx, std::int64_t n, F f) {
  parallel_for(n, kElementwiseGrain, [&](std::int64_t begin, std::int64_t end) {
#pragma omp simd
    for (std::int64_t i = begin; i < end; ++i) gx[i] = f(u[i], v[i], gy[i]);
  });
}

// The same with f over Eigen arrays, for derivatives that need sin, cos, ...
template <typename F>
void grad_eigen(const float* u, const float* gy, float* gx, std::int64_t n, F f) {
  parallel_for(n, kElementwiseGrain, [&](std::int64_t begin, std::int64_t end) {
    const std::int64_t len = end - begin;
    const ConstArrayMap us(u + begin, len), gs(gy + begin, len);
    ArrayMap(gx + begin, len) = f(us, gs);
  });
}

// Phi(x) + x phi(x): erf from Eigen into a stack block, then one fused loop.
void gelu_grad(const float* x, const float* gy, float* gx, std::int64_t n) {
  parallel_for(n, kElementwiseGrain, [&](std::int64_t begin, std::int64_t end) {
    for (std::int64_t off = begin; off < end; off += kBlock) {
      const std::int64_t len = std::min(kBlock, end - off);
      float erf[kBlock];
      ArrayMap(erf, len) = (ConstArrayMap(x + off, len) * kSqrtHalf).erf();
      const float* xb = x + off;
      const float* gb = gy + off;
      float* ob = gx + off;
#pragma omp simd
      for (std::int64_t i = 0; i < len; ++i) {
        const float v = xb[i];
        const float pdf = kInvSqrt2Pi * vexp_fast(-0.5f * v * v);
        ob[i] = gb[i] * madd(v, pdf, 0.5f + 0.5f * erf[i]);
      }
    }
  });
}

void pow_scalar_grad(const float* x, const float* gy, float* gx, std::int64_t n, float p) {
  if (p == 0.f) return grad_simd(x, x, gy, gx, n, [](float, float, float) { return 0.f; });
  if (p == 1.f) return grad_simd(x, x, gy, gx, n, [](float, float, float g) { return g; });
  if (p == 2.f)
    return grad_simd(x, x, gy, gx, n, [](float v, float, float g) { return 2.f * v * g; });
  if (p == 3.f)
    return grad_simd(x, x, gy, gx, n, [](float v, float, float g) { return 3.f * v * v * g; });
  // std::pow, as in the forward pass (unary.cpp says why not Eigen's pow).
  parallel_for(n, kElementwiseGrain, [&](std::int64_t begin, std::int64_t end) {
    for (std::int64_t i = begin; i < end; ++i) gx[i] = gy[i] * (p * std::pow(x[i], p - 1.f));
  });
}

}  // namespace

void unary_grad(UnaryOp op, const Tensor& x, const Tensor& y, const Tensor& gy, Tensor& gx,
                float a, float b) {
  unary_grad_span(op, x.data<float>(), y.defined() ? y.data<float>() : nullptr,
                  gy.data<float>(), gx.data<float>(), x.numel(), a, b);
}

void unary_grad_span(UnaryOp op, const float* px, const float* py_or_null, const float* pg,
                     float* pgx, std::int64_t n, float a, float b) {
  // Only some derivatives read y; those ops require it.
  auto fwd = [&]() -> const float* {
    check(py_or_null != nullptr, "unary_grad: expected the forward result y for UnaryOp value ",
          static_cast<int>(op), "; received an undefined tensor.");
    return py_or_null;
  };
  switch (op) {
    case UnaryOp::Neg:
      return grad_simd(px, px, pg, pgx, n, [](float, float, float g) { return -g; });
    case UnaryOp::Abs:
      return grad_simd(px, px, pg, pgx, n, [](float v, float, float g) { return g * sign_of(v); });
    case UnaryOp::Sign:
      return grad_simd(px, px, pg, pgx, n, [](float, float, float) { return 0.f; });
    case UnaryOp::Square:
      return grad_simd(px, px, pg, pgx, n, [](float v, float, float g) { return 2.f * v * g; });
    case UnaryOp::Sqrt: {
      const float* py = fwd();
      return grad_simd(py, py, pg, pgx, n, [](float r, float, float g) { return 0.5f * g / r; });
    }
    case UnaryOp::Rsqrt: {
      const float* py = fwd();
      return grad_simd(py, py, pg, pgx, n,
                       [](float r, float, float g) { return -0.5f * g * r * r * r; });
    }
    case UnaryOp::Reciprocal: {
      const float* py = fwd();
      return grad_simd(py, py, pg, pgx, n, [](float r, float, float g) { return -g * r * r; });
    }
    case UnaryOp::Exp: {
      const float* py = fwd();
      return grad_simd(py, py, pg, pgx, n, [](float e, float, float g) { return g * e; });
    }
    case UnaryOp::Log:
      return grad_simd(px, px, pg, pgx, n, [](float v, float, float g) { return g / v; });
    case UnaryOp::Log1p:
      return grad_simd(px, px, pg, pgx, n, [](float v, float, float g) { return g / (1.f + v); });
    // exp(x), not y + 1: y + 1 rounds exp(x) to 0 below x = -17.
    case UnaryOp::Expm1:
      return grad_eigen(px, pg, pgx, n,
                        [](const auto& xs, const auto& gs) { return gs * xs.exp(); });
    case UnaryOp::Sin:
      return grad_eigen(px, pg, pgx, n,
                        [](const auto& xs, const auto& gs) { return gs * xs.cos(); });
    case UnaryOp::Cos:
      return grad_eigen(px, pg, pgx, n,
                        [](const auto& xs, const auto& gs) { return -(gs * xs.sin()); });
    case UnaryOp::Relu:
      return grad_simd(px, px, pg, pgx, n,
                       [](float v, float, float g) { return blend(v > 0.f, g, 0.f); });
    case UnaryOp::Relu6:
      return grad_simd(px, px, pg, pgx, n, [](float v, float, float g) {
        return blend((v > 0.f) & (v < 6.f), g, 0.f);
      });
    case UnaryOp::LeakyRelu:
      return grad_simd(px, px, pg, pgx, n,
                       [a](float v, float, float g) { return blend(v > 0.f, g, a * g); });
    // For x <= 0, y = a * (exp(x) - 1), so a * exp(x) = y + a.
    case UnaryOp::Elu:
      return grad_simd(px, fwd(), pg, pgx, n, [a](float v, float r, float g) {
        return blend(v > 0.f, g, g * (r + a));
      });
    case UnaryOp::Selu:
      return grad_simd(px, fwd(), pg, pgx, n, [](float v, float r, float g) {
        return blend(v < 0.f, g * (r + kSeluScale * kSeluAlpha), g * kSeluScale);
      });
    case UnaryOp::Gelu: return gelu_grad(px, pg, pgx, n);
    // With s = sigmoid(2u) = 0.5 (1 + tanh(u)), the forward value is x s, so
    // s = y / x (two roundings; 1/2 at 0) saves an exp, and the derivative is
    // s + 2 s (1 - s) x u'. s (1 - s) is exactly 0 beyond |x| = 20, where
    // clamping x keeps the polynomial from overflowing into 0 * inf.
    case UnaryOp::GeluTanh:
      return grad_simd(px, fwd(), pg, pgx, n, [](float v, float r, float g) {
        const float s = blend(v != 0.f, r / v, 0.5f);
        const float vc = blend(v < -20.f, -20.f, blend(v > 20.f, 20.f, v));
        const float du = 2.f * kSqrt2OverPi * (1.f + 3.f * kGeluCubic * vc * vc);
        return g * madd(s * (1.f - s), vc * du, s);
      });
    case UnaryOp::Sigmoid: {
      const float* py = fwd();
      return grad_simd(py, py, pg, pgx, n,
                       [](float s, float, float g) { return g * s * (1.f - s); });
    }
    case UnaryOp::HardSigmoid:
      return grad_simd(px, px, pg, pgx, n, [](float v, float, float g) {
        const float t = v + 3.f;
        return blend((t > 0.f) & (t < 6.f), g / 6.f, 0.f);
      });
    case UnaryOp::Tanh: {
      const float* py = fwd();
      return grad_simd(py, py, pg, pgx, n,
                       [](float t, float, float g) { return g * (1.f - t * t); });
    }
    // sigmoid(x), as in the forward Sigmoid.
    case UnaryOp::Softplus:
      return grad_simd(px, px, pg, pgx, n,
                       [](float v, float, float g) { return g / (1.f + vexp_fast(-v)); });
    case UnaryOp::Softsign:
      return grad_simd(px, px, pg, pgx, n, [](float v, float, float g) {
        const float d = 1.f + std::fabs(v);
        return g / (d * d);
      });
    // sigmoid(x) recovered as y / x (two roundings), far cheaper than another
    // exp; sigmoid(0) = 1/2.
    case UnaryOp::Silu:
      return grad_simd(px, fwd(), pg, pgx, n, [](float v, float r, float g) {
        const float s = blend(v != 0.f, r / v, 0.5f);
        return g * (s + r * (1.f - s));
      });
    case UnaryOp::Clip:
      return grad_simd(px, px, pg, pgx, n, [a, b](float v, float, float g) {
        return blend((v >= a) & (v <= b), g, 0.f);
      });
    case UnaryOp::PowScalar: return pow_scalar_grad(px, pg, pgx, n, a);
  }
  throw NotImplementedError(
      str("unary_grad: no CPU kernel for UnaryOp value ", static_cast<int>(op), "."));
}

}  // namespace pydeep::ops::cpu
