#pragma once
// Differentiable reductions. `axes` empty = reduce over every axis; negative
// axes count from the end. max/min send the gradient to every tied maximum
// in equal shares (as TensorFlow does).
#include <vector>

#include "pydeep/core/tensor.h"

namespace pydeep {

Tensor sum(const Tensor& x, const std::vector<int>& axes = {}, bool keepdims = false);
Tensor mean(const Tensor& x, const std::vector<int>& axes = {}, bool keepdims = false);
Tensor max(const Tensor& x, const std::vector<int>& axes = {}, bool keepdims = false);
Tensor min(const Tensor& x, const std::vector<int>& axes = {}, bool keepdims = false);
// int64 indices, not differentiable; axis < 0 counts from the end.
Tensor argmax(const Tensor& x, int axis, bool keepdims = false);
Tensor argmin(const Tensor& x, int axis, bool keepdims = false);

}  // namespace pydeep
