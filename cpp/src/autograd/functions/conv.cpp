#include "pydeep/autograd/functions/conv.h"

#include "pydeep/autograd/functions/movement.h"
#include "pydeep/autograd/node.h"
#include "pydeep/ops/conv.h"
#include "pydeep/ops/movement.h"

namespace pydeep {
namespace {

Shape spatial_of(const Tensor& x, const char* where) {
  check(x.ndim() >= 3 && x.ndim() <= 5, where, ": expected an input of rank 3 to 5 (batch, "
        "spatial..., channels); received shape ", shape_str(x.shape()));
  return Shape(x.shape().begin() + 1, x.shape().end() - 1);
}

// Records the convolution of geometry g with its two gradients.
Tensor record_conv(const Tensor& x, const Tensor& kernel, const ops::ConvGeometry& g) {
  Tensor y = ops::conv(x, kernel, g);
  return autograd::record(
      y, "conv", {x, kernel},
      [g, x = x.detach(), kernel = kernel.detach()](const Tensor& gy,
                                                    const std::vector<bool>& n) {
        std::vector<Tensor> out(2);
        if (n[0]) out[0] = ops::conv_grad_input(gy, kernel, g);
        if (n[1]) out[1] = ops::conv_grad_kernel(x, gy, g);
        return out;
      });
}

Tensor record_pool(ops::PoolOp op, const Tensor& x, const Shape& pool_size, const Shape& strides,
                   const std::string& padding, const char* where) {
  const Shape in = spatial_of(x, where);
  check(padding == "valid" || padding == "same", where,
        ": expected padding \"valid\" or \"same\"; received \"", padding, "\"");
  const auto [before, after] =
      ops::conv_padding(padding, in, pool_size, strides, Shape(in.size(), 1), where);
  const ops::ConvGeometry g = ops::pool_geometry(x.shape(), pool_size, strides, before, after,
                                                 where);
  Tensor y = ops::pool(op, x, g);
  return autograd::record(y, op == ops::PoolOp::Max ? "max_pool" : "average_pool", {x},
                          [op, g, x = x.detach()](const Tensor& gy, const std::vector<bool>&) {
                            return std::vector<Tensor>{ops::pool_grad(op, x, gy, g)};
                          });
}

}  // namespace

Tensor conv(const Tensor& x, const Tensor& kernel, const Shape& strides,
            const std::string& padding, const Shape& dilation_rate, const char* where) {
  const Shape in = spatial_of(x, where);
  const int rank = static_cast<int>(in.size());
  check(kernel.ndim() == rank + 2 && kernel.shape()[rank] >= 1, where,
        ": expected a kernel of rank ", rank + 2, " for an input of shape ",
        shape_str(x.shape()), "; received kernel shape ", shape_str(kernel.shape()));
  const std::int64_t groups = x.shape().back() / kernel.shape()[rank];
  const Shape ksize(kernel.shape().begin(), kernel.shape().begin() + rank);
  const auto [before, after] = ops::conv_padding(padding, in, ksize, strides, dilation_rate,
                                                 where);
  return record_conv(x, kernel, ops::conv_geometry(x.shape(), kernel.shape(), strides,
                                                   dilation_rate, before, after,
                                                   groups < 1 ? 1 : groups, where));
}

Tensor depthwise_conv(const Tensor& x, const Tensor& kernel, const Shape& strides,
                      const std::string& padding, const Shape& dilation_rate, const char* where) {
  const int rank = static_cast<int>(spatial_of(x, where).size());
  check(kernel.ndim() == rank + 2 && kernel.shape()[rank] == x.shape().back(), where,
        ": expected a depthwise kernel (kernel_size..., ", x.shape().back(),
        ", depth_multiplier) for an input of shape ", shape_str(x.shape()),
        "; received kernel shape ", shape_str(kernel.shape()));
  // (k..., cin, m) is, read in memory order, the grouped kernel
  // (k..., 1, cin * m) with one group per input channel.
  Shape grouped(kernel.shape().begin(), kernel.shape().begin() + rank);
  grouped.push_back(1);
  grouped.push_back(kernel.shape()[rank] * kernel.shape()[rank + 1]);
  return conv(x, reshape(kernel, grouped), strides, padding, dilation_rate, where);
}

Tensor conv_transpose(const Tensor& x, const Tensor& kernel, const Shape& strides,
                      const std::string& padding, const Shape& output_padding,
                      const Shape& dilation_rate, const char* where) {
  spatial_of(x, where);
  const ops::ConvGeometry g = ops::conv_transpose_geometry(
      x.shape(), kernel.shape(), strides, padding, output_padding, dilation_rate, where);
  Tensor y = ops::conv_grad_input(x, kernel, g);
  return autograd::record(
      y, "conv_transpose", {x, kernel},
      [g, x = x.detach(), kernel = kernel.detach()](const Tensor& gy,
                                                    const std::vector<bool>& n) {
        std::vector<Tensor> out(2);
        if (n[0]) out[0] = ops::conv(gy, kernel, g);
        if (n[1]) out[1] = ops::conv_grad_kernel(gy, x, g);
        return out;
      });
}

Tensor max_pool(const Tensor& x, const Shape& pool_size, const Shape& strides,
                const std::string& padding, const char* where) {
  return record_pool(ops::PoolOp::Max, x, pool_size, strides, padding, where);
}

Tensor average_pool(const Tensor& x, const Shape& pool_size, const Shape& strides,
                    const std::string& padding, const char* where) {
  return record_pool(ops::PoolOp::Avg, x, pool_size, strides, padding, where);
}

Tensor pad(const Tensor& x, const Shape& before, const Shape& after) {
  const int rank = x.ndim();
  check(static_cast<int>(before.size()) == rank && static_cast<int>(after.size()) == rank,
        "pad: expected ", rank, " padding amounts per side for an input of shape ",
        shape_str(x.shape()), "; received ", shape_str(before), " and ", shape_str(after));
  Shape out_shape = x.shape();
  for (int d = 0; d < rank; ++d) {
    check(before[d] >= 0 && after[d] >= 0, "pad: padding amounts must be >= 0; received ",
          shape_str(before), " and ", shape_str(after));
    out_shape[d] += before[d] + after[d];
  }
  const Shape ones(rank, 1);
  Tensor y = ops::strided_slice_backward(x, out_shape, before, ones);
  return autograd::record(y, "pad", {x},
                          [before, ones, shape = x.shape()](const Tensor& g,
                                                            const std::vector<bool>&) {
                            return std::vector<Tensor>{
                                ops::strided_slice(g, before, shape, ones)};
                          });
}

}  // namespace pydeep
