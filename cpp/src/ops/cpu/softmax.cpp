// (log_)softmax and its gradient over the middle axis of (outer, n, inner).
//
// Every row is shifted by its max before exp, so exp never sees a positive
// argument: no overflow for inputs as large as 1e30, and the exp below only
// has to cover (-inf, 0]. As in reduce.cpp, inner == 1 works row by row and
// inner > 1 works on whole rows of a column block, so the innermost loop is
// always contiguous.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

#include "ops/cpu/cpu_kernels.h"
#include "ops/cpu/kernel_support.h"

namespace pydeep::ops::cpu {
namespace {

// Independent accumulators. Two AVX2 registers suffice: exp, not the add
// latency, bounds these loops, and short rows (attention) pay less to fold.
constexpr int kLanes = 16;
constexpr std::int64_t kBlock = 1024;  // float lanes within, double across blocks
// exp costs ~20 flops, so less work than a plain reduction is worth a thread.
constexpr std::int64_t kGrain = 8192;

// ISO C++ mode never contracts a * b + c, so ask for the FMA where the
// target has one (std::fma elsewhere would be a slow library call).
inline float madd(float a, float b, float c) {
#if defined(__FMA__)
  return std::fma(a, b, c);
#else
  return a * b + c;
#endif
}

// exp(x) for x <= 0 that vectorises (std::exp is a library call): Cephes'
// polynomial on x = k ln2 + r, |r| <= ln2/2, about 2 ulp. Below -87 the
// result is flushed to 0 rather than returned as a denormal, which would
// slow every later op touching it. The flush is an integer mask: a float
// select lets GCC branch on it, and the branch blocks vectorisation.
inline float exp_nonpos(float x) {
  const float magic = 12582912.0f;  // 1.5 * 2^23: adding it rounds to an integer
  const float t = madd(x, 1.44269504088896341f, magic);
  const float k = t - magic;
  float r = madd(k, -0.693359375f, x);  // ln2 in two parts: exact with or without FMA
  r = madd(k, 2.12194440e-4f, r);
  float p = 1.9875691500e-4f;
  p = madd(p, r, 1.3981999507e-3f);
  p = madd(p, r, 8.3334519073e-3f);
  p = madd(p, r, 4.1665795894e-2f);
  p = madd(p, r, 1.6666665459e-1f);
  p = madd(p, r, 5.0000001201e-1f);
  p = madd(p * r, r, r + 1.0f);
  // Unsigned: out-of-range x gives garbage here (masked below), never UB.
  std::uint32_t bits;
  std::memcpy(&bits, &t, sizeof bits);
  bits = (bits - 0x4B400000u + 127u) << 23;  // 2^k
  float scale;
  std::memcpy(&scale, &bits, sizeof scale);
  float y = p * scale;
  std::memcpy(&bits, &y, sizeof bits);
  bits &= 0u - static_cast<std::uint32_t>(!(x < -87.0f));  // NaN keeps its bits
  std::memcpy(&y, &bits, sizeof y);
  return y;
}

// Sum of f(i) over [0, n): float lanes within a block, double across blocks,
// so the error does not grow with n. f may also store (softmax writes exp).
template <typename F>
double blocked_sum(std::int64_t n, F f) {
  double total = 0.0;
  for (std::int64_t b = 0; b < n; b += kBlock) {
    const std::int64_t end = std::min(n, b + kBlock);
    float acc[kLanes] = {};
    std::int64_t i = b;
    for (; i + kLanes <= end; i += kLanes) {
#pragma omp simd
      for (int j = 0; j < kLanes; ++j) acc[j] += f(i + j);
    }
    const std::int64_t rest = end - i;
#pragma omp simd
    for (std::int64_t j = 0; j < rest; ++j) acc[j] += f(i + j);
    for (int w = kLanes / 2; w > 0; w /= 2)
      for (int j = 0; j < w; ++j) acc[j] += acc[j + w];
    total += acc[0];
  }
  return total;
}

float max_row(const float* x, std::int64_t n) {
  float acc[kLanes];
  std::fill_n(acc, kLanes, -std::numeric_limits<float>::infinity());
  std::int64_t i = 0;
  for (; i + kLanes <= n; i += kLanes) {
#pragma omp simd
    for (int j = 0; j < kLanes; ++j) acc[j] = x[i + j] > acc[j] ? x[i + j] : acc[j];
  }
  const std::int64_t rest = n - i;
#pragma omp simd
  for (std::int64_t j = 0; j < rest; ++j) acc[j] = x[i + j] > acc[j] ? x[i + j] : acc[j];
  return *std::max_element(acc, acc + kLanes);
}

void softmax_row(bool log, const float* x, float* y, std::int64_t n) {
  const float m = max_row(x, n);
  if (log) {
    const double s = blocked_sum(n, [&](std::int64_t i) { return exp_nonpos(x[i] - m); });
    // (x - m) - log s, not x - (m + log s): the latter loses log s when |m| is huge.
    const float ls = static_cast<float>(std::log(s));
#pragma omp simd
    for (std::int64_t i = 0; i < n; ++i) y[i] = (x[i] - m) - ls;
  } else {
    const double s = blocked_sum(n, [&](std::int64_t i) {
      const float e = exp_nonpos(x[i] - m);
      y[i] = e;
      return e;
    });
    const float inv = static_cast<float>(1.0 / s);
#pragma omp simd
    for (std::int64_t i = 0; i < n; ++i) y[i] *= inv;
  }
}

void softmax_grad_row(bool log, const float* y, const float* gy, float* gx, std::int64_t n) {
  if (log) {
    const float s = static_cast<float>(blocked_sum(n, [&](std::int64_t i) { return gy[i]; }));
#pragma omp simd
    for (std::int64_t i = 0; i < n; ++i) gx[i] = gy[i] - exp_nonpos(y[i]) * s;
  } else {
    const float d =
        static_cast<float>(blocked_sum(n, [&](std::int64_t i) { return gy[i] * y[i]; }));
#pragma omp simd
    for (std::int64_t i = 0; i < n; ++i) gx[i] = y[i] * (gy[i] - d);
  }
}

// One column block: n rows of w values, `stride` floats apart.
void softmax_cols(bool log, const float* x, float* y, std::int64_t n, std::int64_t stride,
                  std::int64_t w) {
  float m[kColWidth];
  double s[kColWidth];
  std::fill_n(m, w, -std::numeric_limits<float>::infinity());
  std::fill_n(s, w, 0.0);
  for (std::int64_t r = 0; r < n; ++r) {
    const float* xr = x + r * stride;
#pragma omp simd
    for (std::int64_t j = 0; j < w; ++j) m[j] = xr[j] > m[j] ? xr[j] : m[j];
  }
  for (std::int64_t r = 0; r < n; ++r) {
    const float* xr = x + r * stride;
    float* yr = y + r * stride;
    if (log) {
#pragma omp simd
      for (std::int64_t j = 0; j < w; ++j) s[j] += exp_nonpos(xr[j] - m[j]);
    } else {
#pragma omp simd
      for (std::int64_t j = 0; j < w; ++j) {
        const float e = exp_nonpos(xr[j] - m[j]);
        yr[j] = e;
        s[j] += e;
      }
    }
  }
  float f[kColWidth];  // log: log s; softmax: 1 / s
  for (std::int64_t j = 0; j < w; ++j)
    f[j] = static_cast<float>(log ? std::log(s[j]) : 1.0 / s[j]);
  for (std::int64_t r = 0; r < n; ++r) {
    const float* xr = x + r * stride;
    float* yr = y + r * stride;
    if (log) {
#pragma omp simd
      for (std::int64_t j = 0; j < w; ++j) yr[j] = (xr[j] - m[j]) - f[j];
    } else {
#pragma omp simd
      for (std::int64_t j = 0; j < w; ++j) yr[j] *= f[j];
    }
  }
}

void softmax_grad_cols(bool log, const float* y, const float* gy, float* gx, std::int64_t n,
                       std::int64_t stride, std::int64_t w) {
  double s[kColWidth];  // log: sum gy; softmax: sum gy * y
  std::fill_n(s, w, 0.0);
  for (std::int64_t r = 0; r < n; ++r) {
    const float* yr = y + r * stride;
    const float* gr = gy + r * stride;
    if (log) {
#pragma omp simd
      for (std::int64_t j = 0; j < w; ++j) s[j] += gr[j];
    } else {
#pragma omp simd
      for (std::int64_t j = 0; j < w; ++j) s[j] += gr[j] * yr[j];
    }
  }
  float f[kColWidth];
  for (std::int64_t j = 0; j < w; ++j) f[j] = static_cast<float>(s[j]);
  for (std::int64_t r = 0; r < n; ++r) {
    const float* yr = y + r * stride;
    const float* gr = gy + r * stride;
    float* xr = gx + r * stride;
    if (log) {
#pragma omp simd
      for (std::int64_t j = 0; j < w; ++j) xr[j] = gr[j] - exp_nonpos(yr[j]) * f[j];
    } else {
#pragma omp simd
      for (std::int64_t j = 0; j < w; ++j) xr[j] = yr[j] * (gr[j] - f[j]);
    }
  }
}

// Calls row(offset) for every row when inner == 1, else cols(offset, w) for
// every column block; offsets index x viewed as (outer, n, inner).
template <typename Row, typename Cols>
void for_each_task(std::int64_t outer, std::int64_t n, std::int64_t inner, Row row, Cols cols) {
  if (inner == 1) return for_each_row(outer, n, kGrain, [&](std::int64_t o) { row(o * n); });
  for_each_col_block(outer, n, inner, kGrain, [&](std::int64_t o, std::int64_t c0, std::int64_t w) {
    cols(o * n * inner + c0, w);
  });
}

}  // namespace

void softmax(bool log, const Tensor& x, Tensor& out, std::int64_t outer, std::int64_t n,
             std::int64_t inner) {
  if (outer * n * inner == 0) return;
  const float* px = x.data<float>();
  float* po = out.data<float>();
  for_each_task(
      outer, n, inner, [&](std::int64_t off) { softmax_row(log, px + off, po + off, n); },
      [&](std::int64_t off, std::int64_t w) {
        softmax_cols(log, px + off, po + off, n, inner, w);
      });
}

void softmax_grad(bool log, const Tensor& y, const Tensor& gy, Tensor& gx, std::int64_t outer,
                  std::int64_t n, std::int64_t inner) {
  if (outer * n * inner == 0) return;
  const float* py = y.data<float>();
  const float* pg = gy.data<float>();
  float* px = gx.data<float>();
  for_each_task(
      outer, n, inner,
      [&](std::int64_t off) { softmax_grad_row(log, py + off, pg + off, px + off, n); },
      [&](std::int64_t off, std::int64_t w) {
        softmax_grad_cols(log, py + off, pg + off, px + off, n, inner, w);
      });
}

}  // namespace pydeep::ops::cpu
