#pragma once
// Ops that move data without arithmetic (any dtype), without autograd.
#include <vector>

#include "pydeep/core/tensor.h"

namespace pydeep::ops {

// New shape with one -1 allowed; shares x's data.
Tensor reshape(const Tensor& x, Shape shape);
// Keras/numpy transpose: perm empty = reverse the axes.
Tensor transpose(const Tensor& x, std::vector<int> perm);
// Same-rank tensors joined along axis; all other axes must agree.
Tensor concatenate(const std::vector<Tensor>& xs, int axis);
// Pieces of `sizes` along axis (sizes sum to x.dim(axis)).
std::vector<Tensor> split(const Tensor& x, const std::vector<std::int64_t>& sizes, int axis);
// Basic slicing: per axis begin (clamped like Python), count, step >= 1.
Tensor strided_slice(const Tensor& x, const Shape& begin, const Shape& size, const Shape& step);
// A zero tensor of `shape` with g stored at the positions strided_slice read.
Tensor strided_slice_backward(const Tensor& g, const Shape& shape, const Shape& begin,
                              const Shape& step);
// numpy.take along axis: indices (int32/int64, any shape; negatives wrap
// once) -> x.shape[:axis] + indices.shape + x.shape[axis+1:]. IndexError
// names the first out-of-range index.
Tensor take(const Tensor& x, const Tensor& indices, int axis);
// Adjoint of take: zeros of `shape` with g scatter-added.
Tensor take_backward(const Tensor& g, const Tensor& indices, int axis, const Shape& shape);
// indices (integer, any shape) -> float32 indices.shape + (num_classes,).
Tensor one_hot(const Tensor& indices, std::int64_t num_classes);

}  // namespace pydeep::ops
