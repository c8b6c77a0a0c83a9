// Grouped convolutions. A group's block of the column matrix, its block of
// kernel columns and its block of output channels are all strided views of
// the ungrouped buffers, so each group is one small product of Eigen maps with
// leading dimensions (the GEMM slot takes contiguous matrices only). Threads
// split the batch (forward, input gradient: each image is written by one
// thread) or the groups (kernel gradient: each group's kernel block is
// written by one thread), so results do not depend on the thread count.
#include "ops/cpu/conv_grouped.h"

#include <algorithm>
#include <cstring>

#include <Eigen/Core>

#include "ops/cpu/conv_im2col.h"
#include "pydeep/core/parallel.h"

namespace pydeep::ops::cpu {
namespace {

using RowMatrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using Stride = Eigen::OuterStride<>;
using Map = Eigen::Map<RowMatrix, 0, Stride>;
using ConstMap = Eigen::Map<const RowMatrix, 0, Stride>;

// Work (floats of column matrix) per thread below which one thread does it all.
constexpr std::int64_t kGrain = 16384;

struct Sizes {
  std::int64_t positions, taps, cig, cog, width, in_floats;
  explicit Sizes(const ConvGeometry& g)
      : positions(conv_out_positions(g)), taps(conv_taps(g)), cig(g.cin / g.groups),
        cog(g.cout / g.groups), width(conv_taps(g) * g.cin),
        in_floats(conv_in_positions(g) * g.cin) {}
};

}  // namespace

void conv_grouped_forward(const ConvGeometry& g, const Tensor& x, const Tensor& kernel,
                          Tensor& out) {
  Eigen::setNbThreads(1);  // threads split the batch instead
  const Sizes s(g);
  const float* xp = x.data<float>();
  const float* w = kernel.data<float>();
  float* y = out.data<float>();
  parallel_for(g.batch, std::max<std::int64_t>(1, kGrain / (s.positions * s.width)),
               [&](std::int64_t begin, std::int64_t end) {
                 Tensor col = Tensor::empty({s.positions * s.width});
                 float* c = col.data<float>();
                 for (std::int64_t n = begin; n < end; ++n) {
                   im2col(g, xp + n * s.in_floats, 0, s.positions, 0, g.groups, c, s.width);
                   for (std::int64_t j = 0; j < g.groups; ++j) {
                     ConstMap a(c + j * s.taps * s.cig, s.positions, s.taps * s.cig,
                                Stride(s.width));
                     ConstMap b(w + j * s.cog, s.taps * s.cig, s.cog, Stride(g.cout));
                     Map o(y + n * s.positions * g.cout + j * s.cog, s.positions, s.cog,
                           Stride(g.cout));
                     o.noalias() = a * b;
                   }
                 }
               });
}

void conv_grouped_grad_input(const ConvGeometry& g, const Tensor& gy, const Tensor& kernel,
                             Tensor& gx) {
  Eigen::setNbThreads(1);
  const Sizes s(g);
  const float* gyp = gy.data<float>();
  const float* w = kernel.data<float>();
  float* gxp = gx.data<float>();
  parallel_for(g.batch, std::max<std::int64_t>(1, kGrain / (s.positions * s.width)),
               [&](std::int64_t begin, std::int64_t end) {
                 Tensor col = Tensor::empty({s.positions * s.width});
                 float* c = col.data<float>();
                 for (std::int64_t n = begin; n < end; ++n) {
                   for (std::int64_t j = 0; j < g.groups; ++j) {
                     ConstMap a(gyp + n * s.positions * g.cout + j * s.cog, s.positions, s.cog,
                                Stride(g.cout));
                     ConstMap b(w + j * s.cog, s.taps * s.cig, s.cog, Stride(g.cout));
                     Map o(c + j * s.taps * s.cig, s.positions, s.taps * s.cig, Stride(s.width));
                     o.noalias() = a * b.transpose();
                   }
                   float* dx = gxp + n * s.in_floats;
                   std::memset(dx, 0, sizeof(float) * s.in_floats);
                   col2im_add(g, c, s.width, dx);
                 }
               });
}

void conv_grouped_grad_kernel(const ConvGeometry& g, const Tensor& x, const Tensor& gy,
                              Tensor& gkernel) {
  Eigen::setNbThreads(1);
  const Sizes s(g);
  const float* xp = x.data<float>();
  const float* gyp = gy.data<float>();
  float* gw = gkernel.data<float>();
  const std::int64_t group_width = s.taps * s.cig;
  parallel_for(g.groups,
               std::max<std::int64_t>(1, kGrain / (g.batch * s.positions * group_width)),
               [&](std::int64_t begin, std::int64_t end) {
                 Tensor col = Tensor::empty({s.positions * group_width});
                 float* c = col.data<float>();
                 for (std::int64_t j = begin; j < end; ++j) {
                   Map o(gw + j * s.cog, group_width, s.cog, Stride(g.cout));
                   o.setZero();
                   for (std::int64_t n = 0; n < g.batch; ++n) {
                     im2col(g, xp + n * s.in_floats, 0, s.positions, j, 1, c, group_width);
                     ConstMap a(c, s.positions, group_width, Stride(group_width));
                     ConstMap b(gyp + n * s.positions * g.cout + j * s.cog, s.positions, s.cog,
                                Stride(g.cout));
                     o.noalias() += a.transpose() * b;
                   }
                 }
               });
}

}  // namespace pydeep::ops::cpu
