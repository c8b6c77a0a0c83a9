// Float32 elementwise functions (the UnaryFn slot, pydeep/ops/kernels.h); their
// gradients are in unary_grad.cpp. Memory-bound ops are plain loops the
// compiler vectorises; transcendental ones go through Eigen's vectorised
// array functions. Every kernel reads x[i] before writing out[i] and touches
// nothing else, so out may alias x exactly (an in-place update).
#include <algorithm>
#include <cmath>
#include <cstdint>

#include <Eigen/Core>
#include <unsupported/Eigen/SpecialFunctions>

#include "ops/cpu/cpu_kernels.h"
#include "pydeep/core/errors.h"
#include "pydeep/core/parallel.h"

namespace pydeep::ops::cpu {
namespace {

using ArrayMap = Eigen::Map<Eigen::ArrayXf>;
using ConstArrayMap = Eigen::Map<const Eigen::ArrayXf>;

// Keras' constants, to the float32 digits Keras spells out.
constexpr float kSeluAlpha = 1.67326324f;
constexpr float kSeluScale = 1.05070098f;
constexpr float kSqrtHalf = 0.707106781186547524f;
constexpr float kSqrt2OverPi = 0.797884560802865356f;
constexpr float kGeluCubic = 0.044715f;
// Stack scratch for ops that need an intermediate next to their output: 2 KiB
// stays in L1 and needs no heap.
constexpr std::int64_t kBlock = 512;

template <typename F>
void map_simd(const float* x, float* y, std::int64_t n, F f) {
  parallel_for(n, kElementwiseGrain, [&](std::int64_t begin, std::int64_t end) {
#pragma omp simd
    for (std::int64_t i = begin; i < end; ++i) y[i] = f(x[i]);
  });
}

// f maps a const Eigen array (a Map) to an expression of the same length.
template <typename F>
void map_eigen(const float* x, float* y, std::int64_t n, F f) {
  parallel_for(n, kElementwiseGrain, [&](std::int64_t begin, std::int64_t end) {
    const ConstArrayMap xs(x + begin, end - begin);
    ArrayMap(y + begin, end - begin) = f(xs);
  });
}

// f(offset, length) over blocks of at most kBlock elements.
template <typename F>
void for_blocks(std::int64_t n, F f) {
  parallel_for(n, kElementwiseGrain, [&](std::int64_t begin, std::int64_t end) {
    for (std::int64_t i = begin; i < end; i += kBlock) f(i, std::min(kBlock, end - i));
  });
}

// Branch-free select. The compiler will not turn a ternary into a vector blend
// when one side does floating-point arithmetic the other does not (under the
// default -ftrapping-math that arithmetic may not be speculated), and the
// loop then stays scalar; with both sides computed and combined bitwise it
// always vectorises.
inline float blend(bool c, float a, float b) {
  const std::uint32_t m = 0u - static_cast<std::uint32_t>(c);
  return __builtin_bit_cast(float, (__builtin_bit_cast(std::uint32_t, a) & m) |
                                       (__builtin_bit_cast(std::uint32_t, b) & ~m));
}

// numpy's sign: NaN stays NaN, and -0 gives +0.
inline float sign_of(float v) {
  return blend(v > 0.f, 1.f, blend(v < 0.f, -1.f, blend(v == 0.f, 0.f, v)));
}

// Eigen's exp clamps its argument at -88.72 and so returns 2.9e-39 for any
// lower one, where numpy gives the subnormal result or 0. The few blocks with
// such arguments take the scalar std::exp instead; the vectorised check costs
// little next to the exp it guards.
constexpr float kExpSubnormal = -87.33f;  // below log(FLT_MIN)

bool any_below(const float* x, std::int64_t n, float lo) {
  int any = 0;
#pragma omp simd reduction(| : any)
  for (std::int64_t i = 0; i < n; ++i) any |= x[i] < lo;
  return any != 0;
}

void exp_block(const float* x, float* y, std::int64_t n) {
  if (any_below(x, n, kExpSubnormal)) {
    for (std::int64_t i = 0; i < n; ++i) y[i] = std::exp(x[i]);
  } else {
    ArrayMap(y, n) = ConstArrayMap(x, n).exp();
  }
}

// exp only ever sees -|x| (no overflow), and the negative side is e / (1 + e)
// rather than 1 - 1 / (1 + e^-x), so tiny results keep their relative
// precision; Eigen's own logistic() loses it just above x = -9. n <= kBlock;
// s may alias x.
void sigmoid_block(const float* x, float* s, std::int64_t n) {
  float e[kBlock];
  if (any_below(x, n, kExpSubnormal)) {
    for (std::int64_t i = 0; i < n; ++i) e[i] = std::exp(-std::fabs(x[i]));
  } else {
    ArrayMap(e, n) = (-ConstArrayMap(x, n).abs()).exp();
  }
#pragma omp simd
  for (std::int64_t i = 0; i < n; ++i) {
    const float r = 1.f / (1.f + e[i]);
    s[i] = blend(x[i] >= 0.f, r, e[i] * r);
  }
}

// log1p(exp(-|x|)) + max(x, 0): exp never overflows and large |x| stay exact.
void softplus_block(const float* x, float* y, std::int64_t n) {
  if (any_below(x, n, kExpSubnormal)) {
    for (std::int64_t i = 0; i < n; ++i)
      y[i] = std::log1p(std::exp(-std::fabs(x[i]))) + std::max(x[i], 0.f);
  } else {
    const ConstArrayMap xs(x, n);
    ArrayMap(y, n) = (-xs.abs()).exp().log1p() + xs.max(0.f);
  }
}

// Exponents with an exact or cheaper form skip the exp/log of a general pow;
// those also keep numpy's results for negative bases (x^2 of -3 is 9).
void pow_scalar(const float* x, float* y, std::int64_t n, float p) {
  if (p == 0.f) return map_simd(x, y, n, [](float) { return 1.f; });  // numpy: nan^0 == 1
  if (p == 1.f) return map_simd(x, y, n, [](float v) { return v; });
  if (p == 2.f) return map_simd(x, y, n, [](float v) { return v * v; });
  if (p == 3.f) return map_simd(x, y, n, [](float v) { return v * v * v; });
  if (p == -1.f) return map_simd(x, y, n, [](float v) { return 1.f / v; });
  if (p == -2.f) return map_simd(x, y, n, [](float v) { return 1.f / (v * v); });
  if (p == 0.5f) return map_eigen(x, y, n, [](const auto& xs) { return xs.sqrt(); });
  if (p == -0.5f) return map_eigen(x, y, n, [](const auto& xs) { return xs.sqrt().inverse(); });
  map_eigen(x, y, n, [p](const auto& xs) { return xs.pow(p); });
}

// y = x > 0 ? x : scale * alpha * (exp(x) - 1); expm1 keeps small negative
// inputs accurate.
void elu_like(const float* x, float* y, std::int64_t n, float alpha, float scale) {
  const float sa = scale * alpha;
  for_blocks(n, [&](std::int64_t off, std::int64_t len) {
    float em1[kBlock];
    ArrayMap(em1, len) = ConstArrayMap(x + off, len).expm1();
    const float* xb = x + off;
    float* yb = y + off;
#pragma omp simd
    for (std::int64_t i = 0; i < len; ++i) yb[i] = blend(xb[i] > 0.f, scale * xb[i], sa * em1[i]);
  });
}

}  // namespace

void unary(UnaryOp op, const Tensor& x, Tensor& out, float a, float b) {
  const float* px = x.data<float>();
  float* py = out.data<float>();
  const std::int64_t n = x.numel();
  switch (op) {
    case UnaryOp::Neg: return map_simd(px, py, n, [](float v) { return -v; });
    case UnaryOp::Abs: return map_simd(px, py, n, [](float v) { return std::fabs(v); });
    case UnaryOp::Sign: return map_simd(px, py, n, [](float v) { return sign_of(v); });
    case UnaryOp::Square: return map_simd(px, py, n, [](float v) { return v * v; });
    case UnaryOp::Sqrt: return map_eigen(px, py, n, [](const auto& xs) { return xs.sqrt(); });
    // sqrt then divide (both correctly rounded) rather than Eigen's rsqrt
    // estimate plus a Newton step.
    case UnaryOp::Rsqrt:
      return map_eigen(px, py, n, [](const auto& xs) { return xs.sqrt().inverse(); });
    case UnaryOp::Reciprocal: return map_simd(px, py, n, [](float v) { return 1.f / v; });
    case UnaryOp::Exp:
      return for_blocks(n, [&](std::int64_t off, std::int64_t len) {
        exp_block(px + off, py + off, len);
      });
    case UnaryOp::Log: return map_eigen(px, py, n, [](const auto& xs) { return xs.log(); });
    case UnaryOp::Log1p: return map_eigen(px, py, n, [](const auto& xs) { return xs.log1p(); });
    case UnaryOp::Expm1: return map_eigen(px, py, n, [](const auto& xs) { return xs.expm1(); });
    case UnaryOp::Sin: return map_eigen(px, py, n, [](const auto& xs) { return xs.sin(); });
    case UnaryOp::Cos: return map_eigen(px, py, n, [](const auto& xs) { return xs.cos(); });
    // std::max(v, c) is v < c ? c : v, so NaN falls through and propagates as
    // in numpy's maximum/minimum/clip.
    case UnaryOp::Relu: return map_simd(px, py, n, [](float v) { return std::max(v, 0.f); });
    case UnaryOp::Relu6:
      return map_simd(px, py, n, [](float v) { return std::min(std::max(v, 0.f), 6.f); });
    case UnaryOp::LeakyRelu:
      return map_simd(px, py, n, [a](float v) { return blend(v > 0.f, v, a * v); });
    case UnaryOp::Elu: return elu_like(px, py, n, a, 1.f);
    case UnaryOp::Selu: return elu_like(px, py, n, kSeluAlpha, kSeluScale);
    case UnaryOp::Gelu:
      return map_eigen(px, py, n, [](const auto& xs) {
        return 0.5f * xs * (1.f + (xs * kSqrtHalf).erf());
      });
    // 0.5 * (1 + tanh(u)) computed as sigmoid(2u): the same function, but the
    // left tail keeps its relative precision instead of cancelling in 1 + tanh.
    case UnaryOp::GeluTanh:
      return map_eigen(px, py, n, [](const auto& xs) {
        return xs / (1.f + (-2.f * kSqrt2OverPi * (xs + kGeluCubic * xs.cube())).exp());
      });
    case UnaryOp::Sigmoid:
      return for_blocks(n, [&](std::int64_t off, std::int64_t len) {
        sigmoid_block(px + off, py + off, len);
      });
    // Keras 3: relu6(x + 3) / 6, computed as clip((x + 3) / 6, 0, 1), which
    // rounds identically and divides unconditionally (see blend).
    case UnaryOp::HardSigmoid:
      return map_simd(px, py, n,
                      [](float v) { return std::min(std::max((v + 3.f) / 6.f, 0.f), 1.f); });
    case UnaryOp::Tanh: return map_eigen(px, py, n, [](const auto& xs) { return xs.tanh(); });
    case UnaryOp::Softplus:
      return for_blocks(n, [&](std::int64_t off, std::int64_t len) {
        softplus_block(px + off, py + off, len);
      });
    case UnaryOp::Softsign:
      return map_simd(px, py, n, [](float v) { return v / (1.f + std::fabs(v)); });
    case UnaryOp::Silu:
      return for_blocks(n, [&](std::int64_t off, std::int64_t len) {
        float s[kBlock];
        sigmoid_block(px + off, s, len);
        const float* xb = px + off;
        float* yb = py + off;
#pragma omp simd
        for (std::int64_t i = 0; i < len; ++i) yb[i] = xb[i] * s[i];
      });
    case UnaryOp::Clip:
      return map_simd(px, py, n, [a, b](float v) { return std::min(std::max(v, a), b); });
    case UnaryOp::PowScalar: return pow_scalar(px, py, n, a);
  }
  throw NotImplementedError(
      str("unary: no CPU kernel for UnaryOp value ", static_cast<int>(op), "."));
}

}  // namespace pydeep::ops::cpu
