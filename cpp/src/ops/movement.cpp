#include "pydeep/ops/movement.h"

#include <algorithm>
#include <numeric>

#include "pydeep/ops/elementwise.h"
#include "pydeep/ops/kernels.h"

namespace pydeep::ops {

Tensor reshape(const Tensor& x, Shape shape) {
  int infer = -1;
  std::int64_t known = 1;
  for (int i = 0; i < static_cast<int>(shape.size()); ++i) {
    if (shape[i] == -1) {
      check(infer < 0, "reshape: only one dimension can be -1; received ", shape_str(shape));
      infer = i;
    } else {
      check(shape[i] >= 0, "reshape: invalid target shape ", shape_str(shape));
      known *= shape[i];
    }
  }
  if (infer >= 0) {
    check(known > 0 && x.numel() % known == 0, "reshape: cannot reshape a tensor of shape ",
          shape_str(x.shape()), " into ", shape_str(shape));
    shape[infer] = x.numel() / known;
  }
  check(numel(shape) == x.numel(), "reshape: cannot reshape a tensor of shape ",
        shape_str(x.shape()), " (", x.numel(), " elements) into ", shape_str(shape), " (",
        numel(shape), " elements)");
  return x.view(shape);
}

Tensor transpose(const Tensor& x, std::vector<int> perm) {
  const int nd = x.ndim();
  if (perm.empty()) {
    perm.resize(nd);
    std::iota(perm.rbegin(), perm.rend(), 0);
  }
  check(static_cast<int>(perm.size()) == nd, "transpose: expected ", nd,
        " axes for a tensor of shape ", shape_str(x.shape()), "; received ", perm.size());
  std::vector<bool> seen(nd, false);
  Shape out_shape(nd);
  for (int i = 0; i < nd; ++i) {
    perm[i] = normalize_axis(perm[i], nd, "transpose");
    check(!seen[perm[i]], "transpose: axis ", perm[i], " repeated in axes");
    seen[perm[i]] = true;
    out_shape[i] = x.shape()[perm[i]];
  }
  // Moving only size-1 axes changes no element order.
  std::vector<int> moving;
  for (int i = 0; i < nd; ++i)
    if (x.shape()[perm[i]] != 1) moving.push_back(perm[i]);
  if (std::is_sorted(moving.begin(), moving.end())) return x.view(out_shape);
  Tensor out = Tensor::empty(out_shape, x.dtype(), x.device());
  kernels().permute.get(x.device().type)(x, perm, out);
  return out;
}

Tensor concatenate(const std::vector<Tensor>& xs, int axis_in) {
  check(!xs.empty(), "concatenate: expected at least one tensor");
  const Tensor& first = xs[0];
  check(first.ndim() > 0, "concatenate: zero-dimensional tensors cannot be concatenated");
  const int axis = normalize_axis(axis_in, first.ndim(), "concatenate");
  DType dtype = first.dtype();
  Shape out_shape = first.shape();
  out_shape[axis] = 0;
  for (std::size_t i = 0; i < xs.size(); ++i) {
    const Tensor& t = xs[i];
    bool ok = t.ndim() == first.ndim();
    for (int d = 0; ok && d < t.ndim(); ++d) ok = d == axis || t.shape()[d] == first.shape()[d];
    check(ok, "concatenate: all inputs must have the same shape except along axis ", axis,
          "; input 0 has shape ", shape_str(first.shape()), ", input ", i, " has shape ",
          shape_str(t.shape()));
    check(t.device() == first.device(), "concatenate: inputs are on different devices");
    out_shape[axis] += t.shape()[axis];
    dtype = i ? promote_types(dtype, t.dtype()) : dtype;
    if (t.dtype() == DType::Bool && dtype == DType::Bool) dtype = DType::Bool;
  }
  Tensor out = Tensor::empty(out_shape, dtype, first.device());
  const Shape step(first.ndim(), 1);
  Shape start(first.ndim(), 0);
  for (const Tensor& t : xs) {
    kernels().strided_store.get(out.device().type)(cast(t, dtype), start, step, out);
    start[axis] += t.shape()[axis];
  }
  return out;
}

std::vector<Tensor> split(const Tensor& x, const std::vector<std::int64_t>& sizes, int axis_in) {
  const int axis = normalize_axis(axis_in, x.ndim(), "split");
  std::int64_t total = 0;
  for (auto s : sizes) {
    check(s >= 0, "split: section sizes must be non-negative");
    total += s;
  }
  check(total == x.shape()[axis], "split: section sizes add up to ", total, " but axis ", axis,
        " of shape ", shape_str(x.shape()), " has ", x.shape()[axis], " elements");
  std::vector<Tensor> out;
  Shape begin(x.ndim(), 0), size = x.shape();
  const Shape step(x.ndim(), 1);
  for (auto s : sizes) {
    size[axis] = s;
    out.push_back(strided_slice(x, begin, size, step));
    begin[axis] += s;
  }
  return out;
}

Tensor strided_slice(const Tensor& x, const Shape& begin, const Shape& size, const Shape& step) {
  const int nd = x.ndim();
  check(static_cast<int>(begin.size()) == nd && static_cast<int>(size.size()) == nd &&
            static_cast<int>(step.size()) == nd,
        "slice: expected ", nd, " begin/size/step values for shape ", shape_str(x.shape()));
  bool whole_rows = true;  // a slice of leading rows is a view, not a copy
  for (int d = 0; d < nd; ++d) {
    check(step[d] >= 1, "slice: steps must be positive; received ", step[d], " on axis ", d);
    check(begin[d] >= 0 && size[d] >= 0 &&
              (size[d] == 0 || begin[d] + (size[d] - 1) * step[d] < x.shape()[d]),
          "slice: start ", begin[d], ", size ", size[d], ", step ", step[d],
          " is out of range for axis ", d, " of shape ", shape_str(x.shape()));
    if (d > 0 && (begin[d] != 0 || size[d] != x.shape()[d])) whole_rows = false;
  }
  if (nd > 0 && whole_rows && (step[0] == 1 || size[0] <= 1)) {
    const std::size_t row_bytes = x.numel() / std::max<std::int64_t>(x.shape()[0], 1) *
                                  dtype_size(x.dtype());
    return Tensor::from_storage(x.storage(), size, x.dtype(),
                                x.storage_offset() + begin[0] * row_bytes);
  }
  Tensor out = Tensor::empty(size, x.dtype(), x.device());
  if (out.numel() > 0) kernels().strided_copy.get(x.device().type)(x, begin, step, out);
  return out;
}

Tensor strided_slice_backward(const Tensor& g, const Shape& shape, const Shape& begin,
                              const Shape& step) {
  Tensor out = full(shape, 0.0, g.dtype(), g.device());
  if (g.numel() > 0) kernels().strided_store.get(g.device().type)(g, begin, step, out);
  return out;
}

namespace {

// int64 copy of indices with negatives wrapped once, all checked against n.
Tensor checked_indices(const Tensor& indices, std::int64_t n, const char* where) {
  check<TypeError>(indices.dtype() == DType::Int32 || indices.dtype() == DType::Int64, where,
                   ": indices must be integers; received dtype ", dtype_name(indices.dtype()));
  Tensor idx = cast(indices, DType::Int64);
  if (idx.is_same(indices)) idx = idx.clone();
  check<NotImplementedError>(idx.device().type == DeviceType::CPU, where,
                             ": index checks need CPU indices");
  std::int64_t* p = idx.data<std::int64_t>();
  for (std::int64_t i = 0; i < idx.numel(); ++i) {
    const std::int64_t v = p[i] < 0 ? p[i] + n : p[i];
    if (v < 0 || v >= n)
      throw IndexError(str(where, ": index ", p[i], " is out of bounds for an axis of size ", n));
    p[i] = v;
  }
  return idx;
}

Shape take_shape(const Shape& x, const Shape& idx, int axis) {
  Shape out(x.begin(), x.begin() + axis);
  out.insert(out.end(), idx.begin(), idx.end());
  out.insert(out.end(), x.begin() + axis + 1, x.end());
  return out;
}

}  // namespace

Tensor take(const Tensor& x, const Tensor& indices, int axis_in) {
  const int axis = normalize_axis(axis_in, x.ndim(), "take");
  const Tensor idx = checked_indices(indices, x.shape()[axis], "take");
  Tensor out = Tensor::empty(take_shape(x.shape(), idx.shape(), axis), x.dtype(), x.device());
  if (out.numel() > 0) kernels().take.get(x.device().type)(x, idx, axis, out);
  return out;
}

Tensor take_backward(const Tensor& g, const Tensor& indices, int axis, const Shape& shape) {
  const Tensor idx = checked_indices(indices, shape[axis], "take");
  Tensor out = full(shape, 0.0, DType::Float32, g.device());
  if (g.numel() > 0)
    kernels().take_grad.get(g.device().type)(cast(g, DType::Float32), idx, axis, out);
  return out;
}

Tensor one_hot(const Tensor& indices, std::int64_t num_classes) {
  check<TypeError>(indices.dtype() == DType::Int32 || indices.dtype() == DType::Int64,
                   "one_hot: indices must be integers; received dtype ",
                   dtype_name(indices.dtype()));
  check(num_classes > 0, "one_hot: num_classes must be positive; received ", num_classes);
  Shape shape = indices.shape();
  shape.push_back(num_classes);
  Tensor out = Tensor::empty(shape, DType::Float32, indices.device());
  kernels().one_hot.get(indices.device().type)(cast(indices, DType::Int64), num_classes, out);
  return out;
}

}  // namespace pydeep::ops
