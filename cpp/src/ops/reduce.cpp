#include "pydeep/ops/reduce.h"

#include <algorithm>

#include "pydeep/ops/elementwise.h"
#include "pydeep/ops/movement.h"

namespace pydeep::ops {
namespace {

// x viewed as (outer, n, inner) around axes [first, last].
struct Span3 {
  std::int64_t outer = 1, n = 1, inner = 1;
};

Span3 span_around(const Shape& shape, int first, int last) {
  Span3 s;
  for (int i = 0; i < static_cast<int>(shape.size()); ++i) {
    if (i < first) s.outer *= shape[i];
    else if (i <= last) s.n *= shape[i];
    else s.inner *= shape[i];
  }
  return s;
}

}  // namespace

std::vector<int> normalize_axes(const std::vector<int>& axes, int ndim, const char* where) {
  std::vector<int> out;
  if (axes.empty()) {
    for (int i = 0; i < ndim; ++i) out.push_back(i);
    return out;
  }
  for (int a : axes) out.push_back(normalize_axis(a, ndim, where));
  std::sort(out.begin(), out.end());
  check(std::adjacent_find(out.begin(), out.end()) == out.end(), where,
        ": an axis is repeated in the axes argument");
  return out;
}

Shape reduced_shape(const Shape& shape, const std::vector<int>& axes, bool keepdims) {
  Shape out;
  for (int i = 0; i < static_cast<int>(shape.size()); ++i) {
    const bool reduced = std::binary_search(axes.begin(), axes.end(), i);
    if (!reduced) out.push_back(shape[i]);
    else if (keepdims) out.push_back(1);
  }
  return out;
}

Tensor reduce(ReduceOp op, const Tensor& x_in, std::vector<int> axes_in, bool keepdims) {
  const char* where = "reduce";
  Tensor x = cast(x_in, DType::Float32);
  const std::vector<int> axes = x.ndim() == 0 ? std::vector<int>{}
                                              : normalize_axes(axes_in, x.ndim(), where);
  const Shape out_shape = reduced_shape(x.shape(), axes, keepdims);
  if (op == ReduceOp::Max || op == ReduceOp::Min) {
    for (int a : axes)
      check(x.shape()[a] > 0, op == ReduceOp::Max ? "max" : "min",
            ": zero-size reduction over axis ", a, " of shape ", shape_str(x.shape()),
            " has no identity");
  }
  Tensor out = Tensor::empty(out_shape, DType::Float32, x.device());
  if (axes.empty()) {  // rank 0
    out.copy_from(x);
    return out;
  }
  // Contiguous run of axes: reduce in place; otherwise move them to the end.
  const bool contiguous = axes.back() - axes.front() + 1 == static_cast<int>(axes.size());
  Span3 s;
  if (contiguous) {
    s = span_around(x.shape(), axes.front(), axes.back());
  } else {
    std::vector<int> perm;
    for (int i = 0; i < x.ndim(); ++i)
      if (!std::binary_search(axes.begin(), axes.end(), i)) perm.push_back(i);
    perm.insert(perm.end(), axes.begin(), axes.end());
    x = transpose(x, perm);
    const int first = x.ndim() - static_cast<int>(axes.size());
    s = span_around(x.shape(), first, x.ndim() - 1);
  }
  kernels().reduce.get(x.device().type)(op, x, out, s.outer, s.n, s.inner);
  return out;
}

Tensor arg_reduce(bool is_max, const Tensor& x_in, int axis_in, bool keepdims) {
  const char* where = is_max ? "argmax" : "argmin";
  Tensor x = cast(x_in, DType::Float32);
  const int axis = normalize_axis(axis_in, x.ndim(), where);
  check(x.shape()[axis] > 0, where, ": attempt to get the index over an empty axis ", axis,
        " of shape ", shape_str(x.shape()));
  Tensor out = Tensor::empty(reduced_shape(x.shape(), {axis}, keepdims), DType::Int64, x.device());
  const Span3 s = span_around(x.shape(), axis, axis);
  kernels().arg_reduce.get(x.device().type)(is_max, x, out, s.outer, s.n, s.inner);
  return out;
}

Tensor softmax(const Tensor& x_in, int axis_in, bool log) {
  Tensor x = cast(x_in, DType::Float32);
  Tensor out = Tensor::empty(x.shape(), DType::Float32, x.device());
  if (x.ndim() == 0) {  // a lone element: softmax 1, log_softmax 0
    kernels().fill.get(x.device().type)(out, log ? 0.0 : 1.0);
    return out;
  }
  const int axis = normalize_axis(axis_in, x.ndim(), log ? "log_softmax" : "softmax");
  const Span3 s = span_around(x.shape(), axis, axis);
  kernels().softmax.get(x.device().type)(log, x, out, s.outer, s.n, s.inner);
  return out;
}

Tensor softmax_grad(const Tensor& y, const Tensor& gy, int axis_in, bool log) {
  Tensor gx = Tensor::empty(y.shape(), DType::Float32, y.device());
  if (y.ndim() == 0) {
    kernels().fill.get(y.device().type)(gx, 0.0);
    return gx;
  }
  const int axis = normalize_axis(axis_in, y.ndim(), log ? "log_softmax" : "softmax");
  const Span3 s = span_around(y.shape(), axis, axis);
  kernels().softmax_grad.get(y.device().type)(log, y, cast(gy, DType::Float32), gx, s.outer, s.n,
                                              s.inner);
  return gx;
}

}  // namespace pydeep::ops
