#include "pydeep/autograd/functions/movement.h"

#include <algorithm>

#include "pydeep/autograd/node.h"
#include "pydeep/ops/elementwise.h"
#include "pydeep/ops/movement.h"

namespace pydeep {
namespace {
using Grads = std::vector<Tensor>;

std::vector<int> inverse_permutation(const std::vector<int>& perm) {
  std::vector<int> inv(perm.size());
  for (std::size_t i = 0; i < perm.size(); ++i) inv[perm[i]] = static_cast<int>(i);
  return inv;
}
}  // namespace

Tensor reshape(const Tensor& x, const Shape& shape) {
  Tensor y = ops::reshape(x, shape);
  return autograd::record(y, "reshape", {x},
                          [s = x.shape()](const Tensor& g, const std::vector<bool>&) {
                            return Grads{g.view(s)};
                          });
}

Tensor transpose(const Tensor& x, const std::vector<int>& axes) {
  std::vector<int> perm = axes;
  if (perm.empty())
    for (int i = x.ndim() - 1; i >= 0; --i) perm.push_back(i);
  Tensor y = ops::transpose(x, perm);
  for (int& p : perm) p = normalize_axis(p, x.ndim(), "transpose");
  return autograd::record(y, "transpose", {x},
                          [inv = inverse_permutation(perm)](const Tensor& g, const std::vector<bool>&) {
                            return Grads{ops::transpose(g, inv)};
                          });
}

Tensor expand_dims(const Tensor& x, int axis) {
  const int a = normalize_axis(axis, x.ndim() + 1, "expand_dims");
  Shape s = x.shape();
  s.insert(s.begin() + a, 1);
  return reshape(x, s);
}

Tensor squeeze(const Tensor& x, const std::vector<int>& axes) {
  Shape s;
  std::vector<bool> drop(x.ndim(), false);
  for (int a : axes) {
    const int n = normalize_axis(a, x.ndim(), "squeeze");
    check(x.shape()[n] == 1, "squeeze: cannot squeeze axis ", a, " of shape ",
          shape_str(x.shape()), ": its size is not 1");
    drop[n] = true;
  }
  for (int i = 0; i < x.ndim(); ++i)
    if (!(axes.empty() ? x.shape()[i] == 1 : drop[i])) s.push_back(x.shape()[i]);
  return reshape(x, s);
}

Tensor broadcast_to(const Tensor& x, const Shape& shape) {
  Tensor y = ops::broadcast_to(x, shape);
  return autograd::record(y, "broadcast_to", {x},
                          [s = x.shape()](const Tensor& g, const std::vector<bool>&) {
                            return Grads{ops::sum_to(g, s)};
                          });
}

Tensor concatenate(const std::vector<Tensor>& xs, int axis) {
  Tensor y = ops::concatenate(xs, axis);
  const int a = normalize_axis(axis, xs[0].ndim(), "concatenate");
  std::vector<std::int64_t> sizes;
  for (const Tensor& t : xs) sizes.push_back(t.shape()[a]);
  return autograd::record(y, "concatenate", xs,
                          [sizes, a](const Tensor& g, const std::vector<bool>&) {
                            return ops::split(g, sizes, a);
                          });
}

Tensor stack(const std::vector<Tensor>& xs, int axis) {
  check(!xs.empty(), "stack: expected at least one tensor");
  std::vector<Tensor> expanded;
  for (const Tensor& t : xs) {
    check(t.shape() == xs[0].shape(), "stack: all inputs must have the same shape; received ",
          shape_str(xs[0].shape()), " and ", shape_str(t.shape()));
    expanded.push_back(expand_dims(t, axis));
  }
  return concatenate(expanded, axis);
}

std::vector<Tensor> split(const Tensor& x, const std::vector<std::int64_t>& sizes, int axis) {
  const int a = normalize_axis(axis, x.ndim(), "split");
  std::vector<Tensor> pieces = ops::split(x, sizes, a);
  std::int64_t start = 0;
  for (std::size_t i = 0; i < pieces.size(); ++i) {
    Shape begin(x.ndim(), 0), size = x.shape();
    begin[a] = start;
    size[a] = sizes[i];
    start += sizes[i];
    pieces[i] = autograd::record(
        pieces[i], "split", {x},
        [begin, shape = x.shape()](const Tensor& g, const std::vector<bool>&) {
          return Grads{ops::strided_slice_backward(g, shape, begin, Shape(shape.size(), 1))};
        });
  }
  return pieces;
}

Tensor strided_slice(const Tensor& x, const Shape& begin, const Shape& size, const Shape& step) {
  Tensor y = ops::strided_slice(x, begin, size, step);
  return autograd::record(
      y, "slice", {x},
      [begin, step, shape = x.shape()](const Tensor& g, const std::vector<bool>&) {
        return Grads{ops::strided_slice_backward(g, shape, begin, step)};
      });
}

Tensor take(const Tensor& x, const Tensor& indices, int axis) {
  const int a = normalize_axis(axis, x.ndim(), "take");
  Tensor y = ops::take(x, indices, a);
  return autograd::record(
      y, "take", {x},
      [a, idx = indices.detach(), shape = x.shape()](const Tensor& g, const std::vector<bool>&) {
        return Grads{ops::take_backward(g, idx, a, shape)};
      });
}

Tensor one_hot(const Tensor& indices, std::int64_t num_classes) {
  return ops::one_hot(indices, num_classes);
}

}  // namespace pydeep
