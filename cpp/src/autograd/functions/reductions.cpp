#include "pydeep/autograd/functions/reductions.h"

#include "pydeep/autograd/node.h"
#include "pydeep/ops/elementwise.h"
#include "pydeep/ops/reduce.h"

namespace pydeep {
namespace {

using ops::BinaryOp;
using ops::ReduceOp;
using Grads = std::vector<Tensor>;

// The gradient of a reduction, reshaped to keepdims form, spread back over x.
Tensor spread(const Tensor& g, const Shape& x_shape, const std::vector<int>& axes) {
  return ops::broadcast_to(g.view(ops::reduced_shape(x_shape, axes, true)), x_shape);
}

std::vector<int> axes_of(const Tensor& x, const std::vector<int>& axes, const char* where) {
  return x.ndim() == 0 ? std::vector<int>{} : ops::normalize_axes(axes, x.ndim(), where);
}

Tensor extreme(const char* name, ReduceOp op, const Tensor& x, const std::vector<int>& axes_in,
               bool keepdims) {
  const std::vector<int> axes = axes_of(x, axes_in, name);
  Tensor y = ops::reduce(op, x, axes, keepdims);
  return autograd::record(
      y, name, {x},
      [axes, x = x.detach(), y = y.detach()](const Tensor& g, const std::vector<bool>&) {
        // Ties share the gradient equally (TensorFlow's rule).
        const Tensor hit = ops::cast(
            ops::binary(BinaryOp::Equal, x, spread(y, x.shape(), axes)), DType::Float32);
        const Tensor count = ops::reduce(ReduceOp::Sum, hit, axes, true);
        const Tensor share = ops::binary(BinaryOp::Div, hit, count);
        return Grads{ops::binary(BinaryOp::Mul, share, spread(g, x.shape(), axes))};
      });
}

}  // namespace

Tensor sum(const Tensor& x, const std::vector<int>& axes_in, bool keepdims) {
  const std::vector<int> axes = axes_of(x, axes_in, "sum");
  Tensor y = ops::reduce(ReduceOp::Sum, x, axes, keepdims);
  return autograd::record(y, "sum", {x},
                          [axes, shape = x.shape()](const Tensor& g, const std::vector<bool>&) {
                            return Grads{spread(g, shape, axes)};
                          });
}

Tensor mean(const Tensor& x, const std::vector<int>& axes_in, bool keepdims) {
  const std::vector<int> axes = axes_of(x, axes_in, "mean");
  Tensor y = ops::reduce(ReduceOp::Mean, x, axes, keepdims);
  std::int64_t count = 1;
  for (int a : axes) count *= x.shape()[a];
  return autograd::record(
      y, "mean", {x},
      [axes, count, shape = x.shape()](const Tensor& g, const std::vector<bool>&) {
        const Tensor scaled = ops::binary(BinaryOp::Mul, g, Tensor::scalar(1.0 / count));
        return Grads{spread(scaled, shape, axes)};
      });
}

Tensor max(const Tensor& x, const std::vector<int>& axes, bool keepdims) {
  return extreme("max", ReduceOp::Max, x, axes, keepdims);
}
Tensor min(const Tensor& x, const std::vector<int>& axes, bool keepdims) {
  return extreme("min", ReduceOp::Min, x, axes, keepdims);
}
Tensor argmax(const Tensor& x, int axis, bool keepdims) {
  return ops::arg_reduce(true, x, axis, keepdims);
}
Tensor argmin(const Tensor& x, int axis, bool keepdims) {
  return ops::arg_reduce(false, x, axis, keepdims);
}

}  // namespace pydeep
