#pragma once
// Scalar float helpers written so that loops over them vectorise (branch-free
// selects, FMA, exp/expm1/log1p without float-to-int conversions). Shared by
// the elementwise kernels and their gradients (unary.cpp, unary_grad.cpp).
// Internal linkage on purpose: a translation unit compiled for another ISA
// gets its own copies instead of an ODR clash.
#include <cmath>
#include <cstdint>

// Forced inline: a call left in a loop (GCC declines some of these, e.g.
// expm1_reduced with its out-parameter) stops the loop from vectorising,
// which measured 10x slower for sigmoid.
#define PYDEEP_VEC_INLINE inline __attribute__((always_inline))

namespace pydeep::ops::cpu {
namespace {

// Branch-free select. The compiler will not turn a ternary into a vector blend
// when one side does floating-point arithmetic the other does not (under the
// default -ftrapping-math that arithmetic may not be speculated), and the
// loop then stays scalar; with both sides computed and combined bitwise it
// always vectorises.
PYDEEP_VEC_INLINE float blend(bool c, float a, float b) {
  const std::uint32_t m = 0u - static_cast<std::uint32_t>(c);
  return __builtin_bit_cast(float, (__builtin_bit_cast(std::uint32_t, a) & m) |
                                       (__builtin_bit_cast(std::uint32_t, b) & ~m));
}

// numpy's sign: NaN stays NaN, and -0 gives +0.
PYDEEP_VEC_INLINE float sign_of(float v) {
  return blend(v > 0.f, 1.f, blend(v < 0.f, -1.f, blend(v == 0.f, 0.f, v)));
}

// a * b + c, fused where the target has FMA (elsewhere std::fma is a libm call).
PYDEEP_VEC_INLINE float madd(float a, float b, float c) {
#ifdef __FMA__
  return std::fma(a, b, c);
#else
  return a * b + c;
#endif
}

PYDEEP_VEC_INLINE float to_float(std::uint32_t bits) { return __builtin_bit_cast(float, bits); }

// 2^n for n in [-127, 128] (0 at -127); unsigned, so that the garbage n of a
// NaN input wraps instead of overflowing.
PYDEEP_VEC_INLINE float pow2(std::int32_t n) { return to_float(static_cast<std::uint32_t>(n + 127) << 23); }

// 1.5 * 2^23: adding it rounds |v| < 2^22 to an integer, held in the low bits.
constexpr float kRoundMagic = 12582912.f;

// x = n ln2 + r, |r| <= ln2 / 2 (Cody-Waite); returns e^r - 1 (Cephes'
// polynomial, < 1 ulp) and n, without any float-to-int conversion.
PYDEEP_VEC_INLINE float expm1_reduced(float x, std::int32_t& n) {
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
PYDEEP_VEC_INLINE float vexp(float x) {
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
PYDEEP_VEC_INLINE float vexp_fast(float x) {
  std::int32_t n;
  const float xc = blend(x < -88.f, -88.f, blend(x > 88.8f, 88.8f, x));  // faster than min/max
  const float p = 1.f + expm1_reduced(xc, n);
  return p * pow2(n);
}

// exp(x) - 1 for x <= 0 without the cancellation of vexp(x) - 1 near 0:
// 2^n (e^r - 1) + (2^n - 1). Below -88 the float result is -1 (2^n = 0).
PYDEEP_VEC_INLINE float vexpm1_nonpositive(float x) {
  std::int32_t n;
  const float q = expm1_reduced(blend(x < -88.f, -88.f, blend(x > 0.f, 0.f, x)), n);
  const float s = pow2(n);
  return madd(s, q, s - 1.f);
}

// log1p(t) for t in [0, 1]: 2 atanh(s), s = t / (2 + t) <= 1/3, whose odd
// series is cut where the remainder is below 1e-9 relative.
PYDEEP_VEC_INLINE float vlog1p_unit(float t) {
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
PYDEEP_VEC_INLINE float vsigmoid(float x) { return 1.f / (1.f + vexp_fast(-x)); }

}  // namespace
}  // namespace pydeep::ops::cpu
