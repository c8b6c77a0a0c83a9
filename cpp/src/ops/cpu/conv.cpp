// Convolution kernels (ConvFn, ConvGradInputFn, ConvGradKernelFn; contracts in
// pydeep/ops/kernels.h). Ungrouped convolutions are GEMM-shaped: the column
// matrix of a chunk of images (conv_im2col.h) times the kernel viewed as
// (taps * cin, cout), all three passes through the library's GEMM, which
// threads itself; im2col and col2im run in parallel over rows / images. A 1x1
// convolution with stride 1 skips im2col. Grouped ones go to conv_grouped.cpp.
#include <algorithm>
#include <cstring>

#include "ops/cpu/conv_grouped.h"
#include "ops/cpu/conv_im2col.h"
#include "ops/cpu/cpu_kernels.h"
#include "pydeep/core/parallel.h"

namespace pydeep::ops::cpu {
namespace {

// Column matrices are built for as many images at once as fit in this many
// floats (64 MiB): one large GEMM per chunk keeps the threads busy, and the
// bound keeps the scratch memory of large images in check.
constexpr std::int64_t kMaxColumnFloats = std::int64_t{16} << 20;
// Copy work (floats) per thread below which im2col / col2im stay on one thread.
constexpr std::int64_t kCopyGrain = 16384;

struct Chunking {
  std::int64_t positions, width, images;  // rows per image, columns, images per chunk
};

Chunking chunking(const ConvGeometry& g) {
  Chunking c;
  c.positions = conv_out_positions(g);
  c.width = conv_taps(g) * g.cin;
  const std::int64_t per_image = std::max<std::int64_t>(1, c.positions * c.width);
  c.images = std::clamp<std::int64_t>(kMaxColumnFloats / per_image, 1, g.batch);
  return c;
}

// The column matrix of images [n0, n0 + nb) into col ((nb * positions) x width).
void im2col_chunk(const ConvGeometry& g, const Chunking& c, const float* x, std::int64_t n0,
                  std::int64_t nb, float* col) {
  const std::int64_t rows_per_item = g.out[2];  // one output row per task item
  const std::int64_t items_per_image = c.positions / rows_per_item;
  const std::int64_t in_floats = conv_in_positions(g) * g.cin;
  parallel_for(nb * items_per_image,
               std::max<std::int64_t>(1, kCopyGrain / (rows_per_item * c.width)),
               [&](std::int64_t begin, std::int64_t end) {
                 for (std::int64_t item = begin; item < end; ++item) {
                   const std::int64_t n = item / items_per_image;
                   const std::int64_t p0 = (item % items_per_image) * rows_per_item;
                   im2col(g, x + (n0 + n) * in_floats, p0, p0 + rows_per_item, 0, g.groups,
                          col + (n * c.positions + p0) * c.width, c.width);
                 }
               });
}

}  // namespace

void conv(const ConvGeometry& g, const Tensor& x, const Tensor& kernel, Tensor& out) {
  if (g.groups > 1) return conv_grouped_forward(g, x, kernel, out);
  const GemmFn gemm = select_gemm();
  const float* xp = x.data<float>();
  const float* w = kernel.data<float>();
  float* y = out.data<float>();
  if (conv_is_pointwise(g)) {
    gemm(false, false, 1, g.batch * conv_out_positions(g), g.cout, g.cin, xp, 0, w, 0, 0.f, y, 0);
    return;
  }
  const Chunking c = chunking(g);
  Tensor col = Tensor::empty({c.images * c.positions * c.width});
  for (std::int64_t n0 = 0; n0 < g.batch; n0 += c.images) {
    const std::int64_t nb = std::min(c.images, g.batch - n0);
    im2col_chunk(g, c, xp, n0, nb, col.data<float>());
    gemm(false, false, 1, nb * c.positions, g.cout, c.width, col.data<float>(), 0, w, 0, 0.f,
         y + n0 * c.positions * g.cout, 0);
  }
}

void conv_grad_input(const ConvGeometry& g, const Tensor& gy, const Tensor& kernel, Tensor& gx) {
  if (g.groups > 1) return conv_grouped_grad_input(g, gy, kernel, gx);
  const GemmFn gemm = select_gemm();
  const float* gyp = gy.data<float>();
  const float* w = kernel.data<float>();
  float* gxp = gx.data<float>();
  if (conv_is_pointwise(g)) {
    gemm(false, true, 1, g.batch * conv_out_positions(g), g.cin, g.cout, gyp, 0, w, 0, 0.f, gxp,
         0);
    return;
  }
  const Chunking c = chunking(g);
  const std::int64_t in_floats = conv_in_positions(g) * g.cin;
  std::memset(gxp, 0, sizeof(float) * g.batch * in_floats);
  Tensor col = Tensor::empty({c.images * c.positions * c.width});
  float* colp = col.data<float>();
  for (std::int64_t n0 = 0; n0 < g.batch; n0 += c.images) {
    const std::int64_t nb = std::min(c.images, g.batch - n0);
    gemm(false, true, 1, nb * c.positions, c.width, g.cout, gyp + n0 * c.positions * g.cout, 0,
         w, 0, 0.f, colp, 0);
    // Each image's positions overlap only within that image: one task per image.
    parallel_for(nb, std::max<std::int64_t>(1, kCopyGrain / (c.positions * c.width)),
                 [&](std::int64_t begin, std::int64_t end) {
                   for (std::int64_t n = begin; n < end; ++n)
                     col2im_add(g, colp + n * c.positions * c.width, c.width,
                                gxp + (n0 + n) * in_floats);
                 });
  }
}

void conv_grad_kernel(const ConvGeometry& g, const Tensor& x, const Tensor& gy, Tensor& gkernel) {
  if (g.groups > 1) return conv_grouped_grad_kernel(g, x, gy, gkernel);
  const GemmFn gemm = select_gemm();
  const float* xp = x.data<float>();
  const float* gyp = gy.data<float>();
  float* gw = gkernel.data<float>();
  if (conv_is_pointwise(g)) {
    gemm(true, false, 1, g.cin, g.cout, g.batch * conv_out_positions(g), xp, 0, gyp, 0, 0.f, gw,
         0);
    return;
  }
  const Chunking c = chunking(g);
  Tensor col = Tensor::empty({c.images * c.positions * c.width});
  for (std::int64_t n0 = 0; n0 < g.batch; n0 += c.images) {
    const std::int64_t nb = std::min(c.images, g.batch - n0);
    im2col_chunk(g, c, xp, n0, nb, col.data<float>());
    gemm(true, false, 1, c.width, g.cout, nb * c.positions, col.data<float>(), 0,
         gyp + n0 * c.positions * g.cout, 0, n0 == 0 ? 0.f : 1.f, gw, 0);
  }
}

}  // namespace pydeep::ops::cpu
