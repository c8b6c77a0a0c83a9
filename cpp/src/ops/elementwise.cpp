#include "pydeep/ops/elementwise.h"

#include "pydeep/ops/reduce.h"

namespace pydeep::ops {
namespace {

bool is_comparison(BinaryOp op) { return op >= BinaryOp::Equal; }

Tensor to_float(const Tensor& x) { return cast(x, DType::Float32); }

void check_same_device(const Tensor& a, const Tensor& b, const char* where) {
  check(a.device() == b.device(), where, ": operands are on different devices (",
        device_str(a.device()), " and ", device_str(b.device()), ")");
}

}  // namespace

Tensor unary(UnaryOp op, const Tensor& x, float a, float b) {
  Tensor xf = to_float(x);
  Tensor out = Tensor::empty(xf.shape(), DType::Float32, xf.device());
  kernels().unary.get(xf.device().type)(op, xf, out, a, b);
  return out;
}

Tensor unary_grad(UnaryOp op, const Tensor& x, const Tensor& y, const Tensor& gy, float a,
                  float b) {
  Tensor gx = Tensor::empty(gy.shape(), DType::Float32, gy.device());
  kernels().unary_grad.get(gy.device().type)(op, to_float(x), y, to_float(gy), gx, a, b);
  return gx;
}

Tensor binary(BinaryOp op, const Tensor& a, const Tensor& b) {
  check_same_device(a, b, "binary op");
  const Shape shape = broadcast_shapes(a.shape(), b.shape(), "binary op");
  DType common = promote_types(a.dtype(), b.dtype());
  if (op == BinaryOp::Div || op == BinaryOp::Pow) common = DType::Float32;
  if ((op == BinaryOp::LogicalAnd || op == BinaryOp::LogicalOr)) common = DType::Bool;
  if (is_comparison(op) && a.dtype() == DType::Bool && b.dtype() == DType::Bool)
    common = DType::Bool;
  const Tensor ca = cast(a, common), cb = cast(b, common);
  Tensor out = Tensor::empty(shape, is_comparison(op) ? DType::Bool : common, a.device());
  kernels().binary.get(a.device().type)(op, ca, cb, out);
  return out;
}

Tensor cast(const Tensor& x, DType dtype) {
  if (x.dtype() == dtype) return x;
  Tensor out = Tensor::empty(x.shape(), dtype, x.device());
  kernels().cast.get(x.device().type)(x, out);
  return out;
}

Tensor full(const Shape& shape, double value, DType dtype, Device device) {
  Tensor out = Tensor::empty(shape, dtype, device);
  kernels().fill.get(device.type)(out, value);
  return out;
}

Tensor full_like(const Tensor& x, double value, DType dtype) {
  return full(x.shape(), value, dtype, x.device());
}

Tensor where(const Tensor& cond, const Tensor& x, const Tensor& y) {
  check_same_device(cond, x, "where");
  check_same_device(x, y, "where");
  const Shape shape =
      broadcast_shapes(broadcast_shapes(cond.shape(), x.shape(), "where"), y.shape(), "where");
  const DType dtype = promote_types(x.dtype(), y.dtype());
  const DType common = (x.dtype() == DType::Bool && y.dtype() == DType::Bool) ? DType::Bool : dtype;
  const Tensor c = broadcast_to(cast(cond, DType::Bool), shape);
  const Tensor xs = broadcast_to(cast(x, common), shape);
  const Tensor ys = broadcast_to(cast(y, common), shape);
  Tensor out = Tensor::empty(shape, common, x.device());
  kernels().where.get(x.device().type)(c, xs, ys, out);
  return out;
}

Tensor broadcast_to(const Tensor& x, const Shape& shape) {
  const Shape result = broadcast_shapes(x.shape(), shape, "broadcast_to");
  check(result == shape && x.ndim() <= static_cast<int>(shape.size()), "broadcast_to: cannot "
        "broadcast a tensor of shape ", shape_str(x.shape()), " to ", shape_str(shape));
  if (x.shape() == shape) return x;
  if (x.numel() == numel(shape)) return x.view(shape);  // only size-1 axes added
  Tensor out = Tensor::empty(shape, x.dtype(), x.device());
  kernels().broadcast_to.get(x.device().type)(x, out);
  return out;
}

Tensor sum_to(const Tensor& x, const Shape& shape) {
  if (x.shape() == shape) return x;
  const int lead = x.ndim() - static_cast<int>(shape.size());
  check(lead >= 0, "sum_to: cannot reduce shape ", shape_str(x.shape()), " to ", shape_str(shape));
  std::vector<int> axes;
  for (int i = 0; i < x.ndim(); ++i) {
    if (i < lead) {
      axes.push_back(i);
    } else if (shape[i - lead] == 1 && x.shape()[i] != 1) {
      axes.push_back(i);
    } else {
      check(shape[i - lead] == x.shape()[i], "sum_to: cannot reduce shape ",
            shape_str(x.shape()), " to ", shape_str(shape));
    }
  }
  if (axes.empty()) return x.view(shape);
  return reduce(ReduceOp::Sum, x, axes, /*keepdims=*/false).view(shape);
}

}  // namespace pydeep::ops
