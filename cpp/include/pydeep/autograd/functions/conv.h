#pragma once
// Differentiable convolution, pooling and spatial padding (Keras 3's
// keras.ops conv family; channels_last). x: (batch, spatial..., channels)
// with 1 to 3 spatial axes; strides / dilation_rate / pool sizes give one
// value per spatial axis; padding is "valid", "same" (Keras / TensorFlow
// arithmetic: the odd pixel goes after) or, for 1-D conv, "causal".
// Errors: ValueError naming `where` (a layer passes its own name) and shapes.
#include <string>

#include "pydeep/core/tensor.h"

namespace pydeep {

// kernel: (kernel_size..., cin / groups, filters); groups = cin / kernel's
// input channels (must divide) -> (batch, out..., filters).
Tensor conv(const Tensor& x, const Tensor& kernel, const Shape& strides,
            const std::string& padding, const Shape& dilation_rate, const char* where = "conv");
// kernel: (kernel_size..., cin, depth_multiplier) -> (batch, out..., cin *
// depth_multiplier); channel c * depth_multiplier + m uses kernel[..., c, m].
Tensor depthwise_conv(const Tensor& x, const Tensor& kernel, const Shape& strides,
                      const std::string& padding, const Shape& dilation_rate,
                      const char* where = "depthwise_conv");
// Keras's transposed convolution. kernel: (kernel_size..., filters, cin).
// output_padding empty = None: out = in * stride ("same") or (in - 1) *
// stride + max(span, stride) ("valid"), span = dilation * (k - 1) + 1.
Tensor conv_transpose(const Tensor& x, const Tensor& kernel, const Shape& strides,
                      const std::string& padding, const Shape& output_padding,
                      const Shape& dilation_rate, const char* where = "conv_transpose");
// Pooling: max ignores padded positions; average divides by the number of
// in-input positions of each window (TensorFlow's rule for "same").
Tensor max_pool(const Tensor& x, const Shape& pool_size, const Shape& strides,
                const std::string& padding, const char* where = "max_pool");
Tensor average_pool(const Tensor& x, const Shape& pool_size, const Shape& strides,
                    const std::string& padding, const char* where = "average_pool");
// Zero padding: before[i] / after[i] zeros around axis i (any rank, any float
// tensor; lengths equal to x's rank).
Tensor pad(const Tensor& x, const Shape& before, const Shape& after);

}  // namespace pydeep
