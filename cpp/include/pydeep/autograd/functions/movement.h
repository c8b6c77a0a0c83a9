#pragma once
// Differentiable reshaping, joining, slicing and gathering (any dtype; the
// gradient flows for float32 tensors).
#include <cstdint>
#include <vector>

#include "pydeep/core/tensor.h"

namespace pydeep {

Tensor reshape(const Tensor& x, const Shape& shape);  // one -1 allowed
Tensor transpose(const Tensor& x, const std::vector<int>& axes = {});  // empty = reverse
Tensor expand_dims(const Tensor& x, int axis);
Tensor squeeze(const Tensor& x, const std::vector<int>& axes = {});  // empty = all size-1 axes
Tensor broadcast_to(const Tensor& x, const Shape& shape);
Tensor concatenate(const std::vector<Tensor>& xs, int axis = 0);
Tensor stack(const std::vector<Tensor>& xs, int axis = 0);
// Pieces of the given sizes along axis (sizes must add up to the axis length).
std::vector<Tensor> split(const Tensor& x, const std::vector<std::int64_t>& sizes, int axis = 0);
// Per-axis begin/size/step (step >= 1), all within bounds.
Tensor strided_slice(const Tensor& x, const Shape& begin, const Shape& size, const Shape& step);
// numpy.take along axis with integer indices (negative ones wrap).
Tensor take(const Tensor& x, const Tensor& indices, int axis);
// float32 one-hot encoding along a new last axis; not differentiable.
Tensor one_hot(const Tensor& indices, std::int64_t num_classes);

}  // namespace pydeep
