// Max / average pooling (PoolFn, PoolGradFn; contracts in pydeep/ops/kernels.h),
// direct loops over channels_last windows: the innermost loop runs over the
// contiguous channels and vectorises. The forward splits output rows across
// threads; the backward splits images (windows overlap within an image only),
// so results do not depend on the thread count.
#include <algorithm>
#include <cstring>
#include <limits>
#include <vector>

#include "ops/cpu/conv_im2col.h"
#include "ops/cpu/cpu_kernels.h"
#include "pydeep/core/parallel.h"

namespace pydeep::ops::cpu {
namespace {

constexpr std::int64_t kGrain = 16384;  // floats read per thread, at least

// The in-input part of one window: taps [lo[d], hi[d]) on each axis, and the
// input coordinate of tap 0.
struct Window {
  std::int64_t lo[3], hi[3], start[3];
  std::int64_t count() const { return (hi[0] - lo[0]) * (hi[1] - lo[1]) * (hi[2] - lo[2]); }
};

Window window(const ConvGeometry& g, std::int64_t p) {
  const std::int64_t o[3] = {p / (g.out[1] * g.out[2]), (p / g.out[2]) % g.out[1], p % g.out[2]};
  Window w;
  for (int d = 0; d < 3; ++d) {
    w.start[d] = o[d] * g.stride[d] - g.pad[d];
    w.lo[d] = std::max<std::int64_t>(0, -w.start[d]);
    w.hi[d] = std::clamp<std::int64_t>(g.in[d] - w.start[d], w.lo[d], g.k[d]);
  }
  return w;
}

// Calls f(src) for the input position (an index over in[0] * in[1] * in[2])
// of every in-input tap of w, in row-major window order.
template <typename F>
void for_each_in_window(const ConvGeometry& g, const Window& w, F f) {
  for (std::int64_t a = w.lo[0]; a < w.hi[0]; ++a)
    for (std::int64_t b = w.lo[1]; b < w.hi[1]; ++b) {
      const std::int64_t base = ((w.start[0] + a) * g.in[1] + w.start[1] + b) * g.in[2];
      for (std::int64_t c = w.lo[2]; c < w.hi[2]; ++c) f(base + w.start[2] + c);
    }
}

}  // namespace

void pool(PoolOp op, const ConvGeometry& g, const Tensor& x, Tensor& out) {
  const std::int64_t C = g.cin, positions = conv_out_positions(g);
  const std::int64_t in_floats = conv_in_positions(g) * C;
  const float* xp = x.data<float>();
  float* yp = out.data<float>();
  const std::int64_t reads = std::max<std::int64_t>(1, conv_taps(g) * C);
  parallel_for(g.batch * positions, std::max<std::int64_t>(1, kGrain / reads),
               [&](std::int64_t begin, std::int64_t end) {
                 for (std::int64_t item = begin; item < end; ++item) {
                   const std::int64_t n = item / positions;
                   const Window w = window(g, item % positions);
                   const float* xi = xp + n * in_floats;
                   float* y = yp + item * C;
                   const std::int64_t count = w.count();
                   if (count == 0) {
                     std::fill_n(y, C, 0.f);
                     continue;
                   }
                   if (op == PoolOp::Max) {
                     std::fill_n(y, C, -std::numeric_limits<float>::infinity());
                     for_each_in_window(g, w, [&](std::int64_t src) {
                       const float* s = xi + src * C;
#pragma omp simd
                       for (std::int64_t c = 0; c < C; ++c)
                         y[c] = (s[c] > y[c]) | (s[c] != s[c]) ? s[c] : y[c];
                     });
                   } else {
                     std::fill_n(y, C, 0.f);
                     for_each_in_window(g, w, [&](std::int64_t src) {
                       const float* s = xi + src * C;
#pragma omp simd
                       for (std::int64_t c = 0; c < C; ++c) y[c] += s[c];
                     });
                     const float inv = 1.f / static_cast<float>(count);
#pragma omp simd
                     for (std::int64_t c = 0; c < C; ++c) y[c] *= inv;
                   }
                 }
               });
}

void pool_grad(PoolOp op, const ConvGeometry& g, const Tensor& x, const Tensor& gy, Tensor& gx) {
  const std::int64_t C = g.cin, positions = conv_out_positions(g);
  const std::int64_t in_floats = conv_in_positions(g) * C;
  const float* xp = x.data<float>();
  const float* gyp = gy.data<float>();
  float* gxp = gx.data<float>();
  const std::int64_t reads = std::max<std::int64_t>(1, positions * conv_taps(g) * C);
  parallel_for(g.batch, std::max<std::int64_t>(1, kGrain / reads),
               [&](std::int64_t begin, std::int64_t end) {
                 std::vector<float> best(op == PoolOp::Max ? C : 0);
                 std::vector<std::int64_t> arg(op == PoolOp::Max ? C : 0);
                 for (std::int64_t n = begin; n < end; ++n) {
                   const float* xi = xp + n * in_floats;
                   float* dx = gxp + n * in_floats;
                   std::memset(dx, 0, sizeof(float) * in_floats);
                   for (std::int64_t p = 0; p < positions; ++p) {
                     const Window w = window(g, p);
                     const float* gyv = gyp + (n * positions + p) * C;
                     const std::int64_t count = w.count();
                     if (count == 0) continue;
                     if (op == PoolOp::Avg) {
                       const float inv = 1.f / static_cast<float>(count);
                       for_each_in_window(g, w, [&](std::int64_t src) {
                         float* d = dx + src * C;
#pragma omp simd
                         for (std::int64_t c = 0; c < C; ++c) d[c] += gyv[c] * inv;
                       });
                       continue;
                     }
                     // The first maximum of each channel (NaN counts as the maximum).
                     bool first = true;
                     for_each_in_window(g, w, [&](std::int64_t src) {
                       const float* s = xi + src * C;
                       if (first) {
                         std::copy_n(s, C, best.data());
                         std::fill_n(arg.data(), C, src);
                         first = false;
                         return;
                       }
                       float* bp = best.data();
                       std::int64_t* ap = arg.data();
                       // Branch-free (random data would mispredict every other compare).
#pragma omp simd
                       for (std::int64_t c = 0; c < C; ++c) {
                         const bool take = ((s[c] > bp[c]) | (s[c] != s[c])) & (bp[c] == bp[c]);
                         bp[c] = take ? s[c] : bp[c];
                         ap[c] = take ? src : ap[c];
                       }
                     });
                     for (std::int64_t c = 0; c < C; ++c) dx[arg[c] * C + c] += gyv[c];
                   }
                 }
               });
}

}  // namespace pydeep::ops::cpu
