#pragma once
// im2col / col2im for channels_last convolutions (geometry: pydeep/ops/kernels.h).
// The column matrix of one image has a row per output position p (row-major
// over out[0], out[1], out[2]) and, per group, the receptive field in the
// kernel's own order (k[0], k[1], k[2], cin / groups), so that a group's block
// of columns times the kernel viewed as (k * cin / groups, cout) is the
// convolution: the GEMM needs no repacked kernel.
#include <algorithm>
#include <cstdint>
#include <cstring>

#include "pydeep/ops/kernels.h"

namespace pydeep::ops::cpu {

inline std::int64_t conv_out_positions(const ConvGeometry& g) {
  return g.out[0] * g.out[1] * g.out[2];
}
inline std::int64_t conv_taps(const ConvGeometry& g) { return g.k[0] * g.k[1] * g.k[2]; }
inline std::int64_t conv_in_positions(const ConvGeometry& g) { return g.in[0] * g.in[1] * g.in[2]; }
// A 1x1 convolution with stride 1 and no padding: the column matrix is x itself.
inline bool conv_is_pointwise(const ConvGeometry& g) {
  for (int d = 0; d < 3; ++d)
    if (g.k[d] != 1 || g.stride[d] != 1 || g.pad[d] != 0 || g.in[d] != g.out[d]) return false;
  return g.groups == 1;
}

// Walks output positions [p0, p1) of one image and, for each, the taps of the
// kernel; calls f(row, tap, src) where src is the input element offset (in
// positions, times cin gives floats) or -1 for a padded position. Taps run
// in kernel order, so tap * cig is the column of the tap within a group.
template <typename F>
inline void for_each_tap(const ConvGeometry& g, std::int64_t p0, std::int64_t p1, F f) {
  const std::int64_t o2 = g.out[2], o12 = g.out[1] * g.out[2];
  for (std::int64_t p = p0; p < p1; ++p) {
    const std::int64_t od = p / o12, oh = (p / o2) % g.out[1], ow = p % o2;
    std::int64_t tap = 0;
    for (std::int64_t a = 0; a < g.k[0]; ++a) {
      const std::int64_t id = od * g.stride[0] + a * g.dilation[0] - g.pad[0];
      const bool din = id >= 0 && id < g.in[0];
      for (std::int64_t b = 0; b < g.k[1]; ++b) {
        const std::int64_t ih = oh * g.stride[1] + b * g.dilation[1] - g.pad[1];
        const bool hin = din && ih >= 0 && ih < g.in[1];
        const std::int64_t base = (id * g.in[1] + ih) * g.in[2];
        for (std::int64_t c = 0; c < g.k[2]; ++c, ++tap) {
          const std::int64_t iw = ow * g.stride[2] + c * g.dilation[2] - g.pad[2];
          f(p - p0, tap, hin && iw >= 0 && iw < g.in[2] ? base + iw : std::int64_t{-1});
        }
      }
    }
  }
}

// Writes rows [p0, p1) of the column matrix of image x_img for groups
// [g0, g0 + ng) into col (leading dimension ld, columns from 0).
inline void im2col(const ConvGeometry& g, const float* x_img, std::int64_t p0, std::int64_t p1,
                   std::int64_t g0, std::int64_t ng, float* col, std::int64_t ld) {
  const std::int64_t cig = g.cin / g.groups, taps = conv_taps(g);
  if (g.groups == 1 && g.dilation[2] == 1) {
    // All groups (the common case): a row of taps along the last axis is one
    // contiguous run of the input, copied at once.
    const std::int64_t kw = g.k[2], cin = g.cin;
    const std::int64_t o2 = g.out[2], o12 = g.out[1] * g.out[2];
    for (std::int64_t p = p0; p < p1; ++p) {
      const std::int64_t od = p / o12, oh = (p / o2) % g.out[1], ow = p % o2;
      float* row = col + (p - p0) * ld;
      const std::int64_t iw0 = ow * g.stride[2] - g.pad[2];
      const std::int64_t lo = std::max<std::int64_t>(0, -iw0);
      const std::int64_t hi = std::min<std::int64_t>(kw, g.in[2] - iw0);
      for (std::int64_t a = 0; a < g.k[0]; ++a) {
        const std::int64_t id = od * g.stride[0] + a * g.dilation[0] - g.pad[0];
        for (std::int64_t b = 0; b < g.k[1]; ++b, row += kw * cin) {
          const std::int64_t ih = oh * g.stride[1] + b * g.dilation[1] - g.pad[1];
          if (id < 0 || id >= g.in[0] || ih < 0 || ih >= g.in[1] || lo >= hi) {
            std::memset(row, 0, sizeof(float) * kw * cin);
            continue;
          }
          if (lo > 0) std::memset(row, 0, sizeof(float) * lo * cin);
          std::memcpy(row + lo * cin, x_img + ((id * g.in[1] + ih) * g.in[2] + iw0 + lo) * cin,
                      sizeof(float) * (hi - lo) * cin);
          if (hi < kw) std::memset(row + hi * cin, 0, sizeof(float) * (kw - hi) * cin);
        }
      }
    }
    return;
  }
  for_each_tap(g, p0, p1, [&](std::int64_t r, std::int64_t tap, std::int64_t src) {
    for (std::int64_t j = 0; j < ng; ++j) {
      float* dst = col + r * ld + (j * taps + tap) * cig;
      if (src < 0)
        std::memset(dst, 0, sizeof(float) * cig);
      else
        std::memcpy(dst, x_img + src * g.cin + (g0 + j) * cig, sizeof(float) * cig);
    }
  });
}

// The adjoint of im2col over all groups and rows [0, P): adds each column
// entry into the input position it was read from (dx_img must be initialised).
inline void col2im_add(const ConvGeometry& g, const float* col, std::int64_t ld, float* dx_img) {
  const std::int64_t cig = g.cin / g.groups, taps = conv_taps(g), groups = g.groups;
  for_each_tap(g, 0, conv_out_positions(g),
               [&](std::int64_t r, std::int64_t tap, std::int64_t src) {
                 if (src < 0) return;
                 for (std::int64_t j = 0; j < groups; ++j) {
                   const float* s = col + r * ld + (j * taps + tap) * cig;
                   float* d = dx_img + src * g.cin + j * cig;
#pragma omp simd
                   for (std::int64_t c = 0; c < cig; ++c) d[c] += s[c];
                 }
               });
}

}  // namespace pydeep::ops::cpu
