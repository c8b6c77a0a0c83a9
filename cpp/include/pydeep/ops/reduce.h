#pragma once
// Reductions and softmax, without autograd.
#include <vector>

#include "pydeep/core/tensor.h"
#include "pydeep/ops/kernels.h"

namespace pydeep::ops {

// Reduces float32 (integer input is converted) over `axes` (empty = all
// axes; negative axes allowed; duplicates are an error). Max/Min of an empty
// reduction raise ValueError.
Tensor reduce(ReduceOp op, const Tensor& x, std::vector<int> axes, bool keepdims);
// int64 index of the first max/min along `axis`.
Tensor arg_reduce(bool is_max, const Tensor& x, int axis, bool keepdims);
// Numerically stable (log_)softmax over `axis`.
Tensor softmax(const Tensor& x, int axis, bool log);
Tensor softmax_grad(const Tensor& y, const Tensor& gy, int axis, bool log);

// Sorted, normalised, duplicate-free axes (all axes when `axes` is empty).
std::vector<int> normalize_axes(const std::vector<int>& axes, int ndim, const char* where);
// The shape x reduced over axes: size 1 kept (keepdims) or dropped.
Shape reduced_shape(const Shape& shape, const std::vector<int>& axes, bool keepdims);

}  // namespace pydeep::ops
