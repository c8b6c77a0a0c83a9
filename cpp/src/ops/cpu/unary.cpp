// Float32 elementwise functions (the UnaryFn slot, pydeep/ops/kernels.h); their
// gradients are in unary_grad.cpp. Every op is one vectorised pass. exp and its
// relatives are written out below (vexp...): the exp-based activations are the
// hot ones, and these fuse into one loop that runs faster than Eigen's exp
// alone, at the same 1-ulp accuracy. sqrt is the instruction (sqrt_range says
// why); log, sin, cos, tanh and erf are Eigen's vectorised array functions.
// Each kernel reads x[i] before writing out[i] and touches nothing else, so
// out may alias x exactly (in place).
#include <algorithm>
#include <cmath>
#include <cstdint>

#include <Eigen/Core>
#include <unsupported/Eigen/SpecialFunctions>
#if defined(__SSE2__)
#include <immintrin.h>
#endif

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

// a * b + c, fused where the target has FMA (elsewhere std::fma is a libm call).
inline float madd(float a, float b, float c) {
#ifdef __FMA__
  return std::fma(a, b, c);
#else
  return a * b + c;
#endif
}

inline float to_float(std::uint32_t bits) { return __builtin_bit_cast(float, bits); }

// 2^n for n in [-127, 128] (0 at -127); unsigned, so that the garbage n of a
// NaN input wraps instead of overflowing.
inline float pow2(std::int32_t n) { return to_float(static_cast<std::uint32_t>(n + 127) << 23); }

// 1.5 * 2^23: adding it rounds |v| < 2^22 to an integer, held in the low bits.
constexpr float kRoundMagic = 12582912.f;

// x = n ln2 + r, |r| <= ln2 / 2 (Cody-Waite); returns e^r - 1 (Cephes'
// polynomial, < 1 ulp) and n, without any float-to-int conversion.
inline float expm1_reduced(float x, std::int32_t& n) {
  const float t = madd(x, 1.44269504088896341f, kRoundMagic);
  const float nf = t - kRoundMagic;
  n = static_cast<std::int32_t>(__builtin_bit_cast(std::uint32_t, t) -
                                __builtin_bit_cast(std::uint32_t, kRoundMagic));
  float r = madd(nf, -0.693359375f, x);
  r = madd(nf, 2.12194440e-4f, r);
  float p = madd(1.9875691500e-4f, r, 1.3981999507e-3f);
  p = madd(p, r, 8.3334519073e-3f);
  p = madd(p, r, 4.1665795894e-2f);
  p = madd(p, r, 1.6666665459e-1f);
  p = madd(p, r, 5.0000001201e-1f);
  return madd(p, r * r, r);
}

// exp for all floats, with numpy's inf on overflow and subnormal results:
// 2^n is applied as two normal factors so that n down to -150 loses nothing.
inline float vexp(float x) {
  const float xc = blend(x < -104.f, -104.f, blend(x > 88.8f, 88.8f, x));  // NaN passes
  std::int32_t n;
  const float p = 1.f + expm1_reduced(xc, n);
  const std::int32_t n1 = n / 2;
  return p * pow2(n1) * pow2(n - n1);
}

// exp inside the activations: one scale factor, about 30% faster than vexp.
// Exact (1 ulp) on [-87.3, 88.3]; underflows to 0 below -87.7 and overflows
// to inf above 88.38, a little early in both tails (true: -103.9 and 88.72),
// where the activations built on it are 0, 1 or x anyway.
inline float vexp_fast(float x) {
  std::int32_t n;
  const float xc = blend(x < -88.f, -88.f, blend(x > 88.8f, 88.8f, x));  // faster than min/max
  const float p = 1.f + expm1_reduced(xc, n);
  return p * pow2(n);
}

// exp(x) - 1 for x <= 0 without the cancellation of vexp(x) - 1 near 0:
// 2^n (e^r - 1) + (2^n - 1). Below -88 the float result is -1 (2^n = 0).
inline float vexpm1_nonpositive(float x) {
  std::int32_t n;
  const float q = expm1_reduced(blend(x < -88.f, -88.f, blend(x > 0.f, 0.f, x)), n);
  const float s = pow2(n);
  return madd(s, q, s - 1.f);
}

// log1p(t) for t in [0, 1]: 2 atanh(s), s = t / (2 + t) <= 1/3, whose odd
// series is cut where the remainder is below 1e-9 relative.
inline float vlog1p_unit(float t) {
  const float s = t / (2.f + t), s2 = s * s;
  float p = madd(s2, 1.f / 15.f, 1.f / 13.f);
  p = madd(p, s2, 1.f / 11.f);
  p = madd(p, s2, 1.f / 9.f);
  p = madd(p, s2, 1.f / 7.f);
  p = madd(p, s2, 1.f / 5.f);
  p = madd(p, s2, 1.f / 3.f);
  p = madd(p, s2, 1.f);
  return 2.f * s * p;
}

// 1 / (1 + e^-x): for large negative x, e^-x is large but within an ulp, so
// tiny results keep their relative precision (unlike 1 - 1 / (1 + e^x), and
// unlike Eigen's logistic(), which loses it just above x = -9).
inline float vsigmoid(float x) { return 1.f / (1.f + vexp_fast(-x)); }

// Correctly rounded sqrt (or 1 / sqrt), as numpy's. Eigen's float sqrt is,
// under its default EIGEN_FAST_MATH, an rsqrt estimate plus one Newton step
// (2-3 ulp, NaN for +inf, subnormals flushed to 0), and a loop over std::sqrt
// stays scalar because of errno; hence the instruction itself.
template <bool Reciprocal>
void sqrt_range(const float* x, float* y, std::int64_t n) {
  std::int64_t i = 0;
#if defined(__AVX__)
  for (; i + 8 <= n; i += 8) {
    __m256 s = _mm256_sqrt_ps(_mm256_loadu_ps(x + i));
    if constexpr (Reciprocal) s = _mm256_div_ps(_mm256_set1_ps(1.f), s);
    _mm256_storeu_ps(y + i, s);
  }
#elif defined(__SSE2__)
  for (; i + 4 <= n; i += 4) {
    __m128 s = _mm_sqrt_ps(_mm_loadu_ps(x + i));
    if constexpr (Reciprocal) s = _mm_div_ps(_mm_set1_ps(1.f), s);
    _mm_storeu_ps(y + i, s);
  }
#endif
  for (; i < n; ++i) y[i] = Reciprocal ? 1.f / std::sqrt(x[i]) : std::sqrt(x[i]);
}

template <bool Reciprocal>
void map_sqrt(const float* x, float* y, std::int64_t n) {
  parallel_for(n, kElementwiseGrain, [&](std::int64_t begin, std::int64_t end) {
    sqrt_range<Reciprocal>(x + begin, y + begin, end - begin);
  });
}

// Eigen's log reads a subnormal input as FLT_MIN (-87.3 rather than down to
// -103.3); scaling those by 2^23 first and taking 23 ln 2 off after keeps
// numpy's values. The scaled copy lives in an L1-sized stack block.
void map_log(const float* x, float* y, std::int64_t n) {
  constexpr std::int64_t kBlock = 512;
  constexpr float kMin = 1.17549435e-38f;  // FLT_MIN
  constexpr float kLn2Times23 = 15.9423851528787f;
  parallel_for(n, kElementwiseGrain, [&](std::int64_t begin, std::int64_t end) {
    for (std::int64_t off = begin; off < end; off += kBlock) {
      const std::int64_t len = std::min(kBlock, end - off);
      const float* xb = x + off;
      float* yb = y + off;
      float t[kBlock];
#pragma omp simd
      for (std::int64_t i = 0; i < len; ++i) t[i] = blend(xb[i] < kMin, xb[i] * 8388608.f, xb[i]);
      ArrayMap(t, len) = ArrayMap(t, len).log();
#pragma omp simd
      for (std::int64_t i = 0; i < len; ++i) yb[i] = t[i] - blend(xb[i] < kMin, kLn2Times23, 0.f);
    }
  });
}

// Exponents with an exact or cheaper form skip pow; those also keep numpy's
// results for negative bases (x^2 of -3 is 9). The one difference: x = -inf
// with exponent 1/2 or -1/2 gives NaN where pow gives inf or 0. The rest call
// std::pow, which has numpy's special cases and measured 2.5x faster than
// Eigen's vectorised (double-word) pow.
void pow_scalar(const float* x, float* y, std::int64_t n, float p) {
  if (p == 0.f) return map_simd(x, y, n, [](float) { return 1.f; });  // numpy: nan^0 == 1
  if (p == 1.f) return map_simd(x, y, n, [](float v) { return v; });
  if (p == 2.f) return map_simd(x, y, n, [](float v) { return v * v; });
  if (p == 3.f) return map_simd(x, y, n, [](float v) { return v * v * v; });
  if (p == -1.f) return map_simd(x, y, n, [](float v) { return 1.f / v; });
  if (p == -2.f) return map_simd(x, y, n, [](float v) { return 1.f / (v * v); });
  if (p == 0.5f) return map_sqrt<false>(x, y, n);
  if (p == -0.5f) return map_sqrt<true>(x, y, n);
  parallel_for(n, kElementwiseGrain, [&](std::int64_t begin, std::int64_t end) {
    for (std::int64_t i = begin; i < end; ++i) y[i] = std::pow(x[i], p);
  });
}

}  // namespace

void unary(UnaryOp op, const Tensor& x, Tensor& out, float a, float b) {
  unary_span(op, x.data<float>(), out.data<float>(), x.numel(), a, b);
}

void unary_span(UnaryOp op, const float* px, float* py, std::int64_t n, float a, float b) {
  switch (op) {
    case UnaryOp::Neg: return map_simd(px, py, n, [](float v) { return -v; });
    case UnaryOp::Abs: return map_simd(px, py, n, [](float v) { return std::fabs(v); });
    case UnaryOp::Sign: return map_simd(px, py, n, [](float v) { return sign_of(v); });
    case UnaryOp::Square: return map_simd(px, py, n, [](float v) { return v * v; });
    case UnaryOp::Sqrt: return map_sqrt<false>(px, py, n);
    case UnaryOp::Rsqrt: return map_sqrt<true>(px, py, n);
    case UnaryOp::Reciprocal: return map_simd(px, py, n, [](float v) { return 1.f / v; });
    case UnaryOp::Exp: return map_simd(px, py, n, [](float v) { return vexp(v); });
    case UnaryOp::Log: return map_log(px, py, n);
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
    case UnaryOp::Elu:
      return map_simd(px, py, n,
                      [a](float v) { return blend(v > 0.f, v, a * vexpm1_nonpositive(v)); });
    case UnaryOp::Selu:
      return map_simd(px, py, n, [](float v) {
        return kSeluScale * blend(v > 0.f, v, kSeluAlpha * vexpm1_nonpositive(v));
      });
    case UnaryOp::Gelu:
      return map_eigen(px, py, n, [](const auto& xs) {
        return 0.5f * xs * (1.f + (xs * kSqrtHalf).erf());
      });
    // 0.5 * (1 + tanh(u)) computed as sigmoid(2u): the same function, but the
    // left tail keeps its relative precision instead of cancelling in 1 + tanh.
    case UnaryOp::GeluTanh:
      return map_simd(px, py, n, [](float v) {
        return v / (1.f + vexp_fast(-2.f * kSqrt2OverPi * (v + kGeluCubic * v * v * v)));
      });
    case UnaryOp::Sigmoid: return map_simd(px, py, n, [](float v) { return vsigmoid(v); });
    // Keras 3: relu6(x + 3) / 6, computed as clip((x + 3) / 6, 0, 1), which
    // rounds identically and divides unconditionally (see blend).
    case UnaryOp::HardSigmoid:
      return map_simd(px, py, n,
                      [](float v) { return std::min(std::max((v + 3.f) / 6.f, 0.f), 1.f); });
    case UnaryOp::Tanh: return map_eigen(px, py, n, [](const auto& xs) { return xs.tanh(); });
    // log1p(exp(-|x|)) + max(x, 0): exp never overflows and large |x| stay exact.
    case UnaryOp::Softplus:
      return map_simd(px, py, n, [](float v) {
        return vlog1p_unit(vexp_fast(-std::fabs(v))) + blend(v > 0.f, v, 0.f);
      });
    case UnaryOp::Softsign:
      return map_simd(px, py, n, [](float v) { return v / (1.f + std::fabs(v)); });
    case UnaryOp::Silu:
      return map_simd(px, py, n, [](float v) { return v / (1.f + vexp_fast(-v)); });
    case UnaryOp::Clip:
      return map_simd(px, py, n, [a, b](float v) { return std::min(std::max(v, a), b); });
    case UnaryOp::PowScalar: return pow_scalar(px, py, n, a);
  }
  throw NotImplementedError(
      str("unary: no CPU kernel for UnaryOp value ", static_cast<int>(op), "."));
}

}  // namespace pydeep::ops::cpu
