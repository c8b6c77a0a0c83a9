#pragma once
// Elementwise ops without autograd (the differentiable versions are in
// autograd/functions/). Inputs may be any dtype unless stated; float-only
// functions convert integer input to float32, as Keras does.
#include "pydeep/core/tensor.h"
#include "pydeep/ops/kernels.h"

namespace pydeep::ops {

// x: any shape -> same shape, float32. Parameters a, b by op:
// LeakyRelu a=negative_slope; Elu a=alpha; Clip a=min b=max; PowScalar a=exponent;
// HardSigmoid: none (Keras: relu6(x + 3) / 6).
Tensor unary(UnaryOp op, const Tensor& x, float a = 0.f, float b = 0.f);
// gy * d unary(x)/dx, using the forward result y (needed by e.g. Exp, Sigmoid).
Tensor unary_grad(UnaryOp op, const Tensor& x, const Tensor& y, const Tensor& gy, float a = 0.f,
                  float b = 0.f);
// Numpy broadcasting; operands are promoted to a common dtype first
// (promote_types); Div and Pow always compute in float32; comparison and
// logical ops return bool.
Tensor binary(BinaryOp op, const Tensor& a, const Tensor& b);
Tensor cast(const Tensor& x, DType dtype);  // returns x itself when dtype already matches
// A new tensor of `shape` with every element `value` (on any device).
Tensor full(const Shape& shape, double value, DType dtype, Device device);
Tensor full_like(const Tensor& x, double value, DType dtype);
// cond, x, y broadcast together; x and y are promoted to a common dtype.
Tensor where(const Tensor& cond, const Tensor& x, const Tensor& y);
// x repeated to `shape` (numpy broadcast_to rules).
Tensor broadcast_to(const Tensor& x, const Shape& shape);
// Sums x over the axes that broadcasting added or expanded, giving `shape`:
// the adjoint of broadcast_to.
Tensor sum_to(const Tensor& x, const Shape& shape);

}  // namespace pydeep::ops
