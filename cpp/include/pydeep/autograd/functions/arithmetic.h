#pragma once
// Differentiable elementwise arithmetic (numpy broadcasting; gradients are
// summed back to each input's shape). Comparison and logical functions
// return bool tensors and are not differentiable.
#include "pydeep/core/tensor.h"

namespace pydeep {

Tensor add(const Tensor& a, const Tensor& b);
Tensor subtract(const Tensor& a, const Tensor& b);
Tensor multiply(const Tensor& a, const Tensor& b);
Tensor divide(const Tensor& a, const Tensor& b);  // true division, float32
Tensor power(const Tensor& a, const Tensor& b);
Tensor maximum(const Tensor& a, const Tensor& b);  // ties: the gradient goes to a
Tensor minimum(const Tensor& a, const Tensor& b);  // ties: the gradient goes to a

Tensor negative(const Tensor& x);
Tensor abs(const Tensor& x);
Tensor sign(const Tensor& x);
Tensor square(const Tensor& x);
Tensor sqrt(const Tensor& x);
Tensor rsqrt(const Tensor& x);
Tensor reciprocal(const Tensor& x);
Tensor exp(const Tensor& x);
Tensor expm1(const Tensor& x);
Tensor log(const Tensor& x);
Tensor log1p(const Tensor& x);
Tensor sin(const Tensor& x);
Tensor cos(const Tensor& x);
Tensor clip(const Tensor& x, float min_value, float max_value);
Tensor power_scalar(const Tensor& x, float exponent);

Tensor equal(const Tensor& a, const Tensor& b);
Tensor not_equal(const Tensor& a, const Tensor& b);
Tensor less(const Tensor& a, const Tensor& b);
Tensor less_equal(const Tensor& a, const Tensor& b);
Tensor greater(const Tensor& a, const Tensor& b);
Tensor greater_equal(const Tensor& a, const Tensor& b);
Tensor logical_and(const Tensor& a, const Tensor& b);
Tensor logical_or(const Tensor& a, const Tensor& b);
Tensor logical_not(const Tensor& x);

// cond ? x : y with broadcasting; differentiable in x and y.
Tensor where(const Tensor& cond, const Tensor& x, const Tensor& y);
// Differentiable between float types only (float -> float is the identity);
// integer results carry no gradient.
Tensor cast(const Tensor& x, DType dtype);

}  // namespace pydeep
