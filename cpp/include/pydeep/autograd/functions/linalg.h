#pragma once
// Differentiable matrix products.
#include "pydeep/core/tensor.h"

namespace pydeep {

// numpy.matmul semantics (1-D promotion, broadcast batch axes); float32.
// a: (..., m, k), b: (..., k, n) -> (..., m, n)
Tensor matmul(const Tensor& a, const Tensor& b);

}  // namespace pydeep
