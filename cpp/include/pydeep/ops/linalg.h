#pragma once
// Matrix products, without autograd.
#include "pydeep/core/tensor.h"

namespace pydeep::ops {

// Numpy matmul semantics on float32 (integer input is converted): 1-D
// operands are promoted to a matrix and the added axis removed afterwards;
// leading (batch) axes broadcast. trans_a / trans_b transpose the last two
// axes of an operand of rank >= 2 without copying it.
// a: (..., m, k), b: (..., k, n) -> (..., m, n)
Tensor matmul(const Tensor& a, const Tensor& b, bool trans_a = false, bool trans_b = false);

}  // namespace pydeep::ops
