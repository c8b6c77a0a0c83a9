#pragma once
// Convolution and pooling, without autograd: geometry (Keras padding
// arithmetic), shape validation and dispatch to the conv/pool kernel slots.
// Tensors are channels_last: x (batch, spatial..., channels) with 1 to 3
// spatial axes; kernels (k..., cin / groups, cout) as Keras stores them.
// Errors: ValueError naming `where`, the shapes and the argument at fault.
#include <string>
#include <utility>

#include "pydeep/core/tensor.h"
#include "pydeep/ops/kernels.h"

namespace pydeep::ops {

// Padding before and after each spatial axis for Keras's `padding`:
// "valid" (none), "same" (output = ceil(in / stride); the odd pixel goes
// after, as in Keras / TensorFlow), "causal" (all of it before; 1-D only).
std::pair<Shape, Shape> conv_padding(const std::string& padding, const Shape& in,
                                     const Shape& kernel, const Shape& strides,
                                     const Shape& dilation, const char* where);

// The geometry of x (batch, in..., cin) convolved with kernel
// (k..., cin / groups, cout): output size floor((in + before + after -
// dilation * (k - 1) - 1) / stride) + 1 per axis, which must be >= 1.
ConvGeometry conv_geometry(const Shape& x, const Shape& kernel, const Shape& strides,
                           const Shape& dilation, const Shape& pad_before, const Shape& pad_after,
                           std::int64_t groups, const char* where);
// The geometry of the convolution whose input gradient is Keras's transposed
// convolution of x (batch, in..., cin) with kernel (k..., cout, cin):
// the geometry's input is the (batch, out..., cout) result, its output x.
// output_padding empty means Keras's None.
ConvGeometry conv_transpose_geometry(const Shape& x, const Shape& kernel, const Shape& strides,
                                     const std::string& padding, const Shape& output_padding,
                                     const Shape& dilation, const char* where);
// Pooling windows of `pool` over x (batch, in..., channels).
ConvGeometry pool_geometry(const Shape& x, const Shape& pool, const Shape& strides,
                           const Shape& pad_before, const Shape& pad_after, const char* where);

// The shapes a geometry describes (batch axis first, channels last).
Shape conv_input_shape(const ConvGeometry& g);
Shape conv_output_shape(const ConvGeometry& g);
Shape conv_kernel_shape(const ConvGeometry& g);

// Float32 results of the shapes above; x, kernel, gy must have those shapes.
Tensor conv(const Tensor& x, const Tensor& kernel, const ConvGeometry& g);
Tensor conv_grad_input(const Tensor& gy, const Tensor& kernel, const ConvGeometry& g);
Tensor conv_grad_kernel(const Tensor& x, const Tensor& gy, const ConvGeometry& g);
Tensor pool(PoolOp op, const Tensor& x, const ConvGeometry& g);
Tensor pool_grad(PoolOp op, const Tensor& x, const Tensor& gy, const ConvGeometry& g);

}  // namespace pydeep::ops
