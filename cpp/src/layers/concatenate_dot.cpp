// Concatenate and Dot (Keras's concatenate.py and dot.py with its batch_dot).
#include <functional>
#include <numeric>
#include <utility>

#include "pydeep/autograd/functions.h"
#include "pydeep/layers/merge.h"

namespace pydeep::layers {
namespace {

// Every axis of `s` but the batch axis and `skip`, in order.
Shape rest_without(const Shape& s, int skip) {
  Shape out;
  for (int d = 1; d < static_cast<int>(s.size()); ++d)
    if (d != skip) out.push_back(s[d]);
  return out;
}

std::int64_t product(const Shape& s) {
  return std::accumulate(s.begin(), s.end(), std::int64_t{1}, std::multiplies<>());
}

// batch_dot's output: (batch, x's free axes..., y's free axes...), at least rank 2.
Shape dot_shape(const Shape& x, const Shape& y, int ax, int ay) {
  Shape out{x[0] >= 0 ? x[0] : y[0]};
  for (auto d : rest_without(x, ax)) out.push_back(d);
  for (auto d : rest_without(y, ay)) out.push_back(d);
  if (out.size() == 1) out.push_back(1);
  return out;
}

// Moves axis `from` of x to position `to`, keeping the other axes in order.
Tensor move_axis(const Tensor& x, int from, int to) {
  if (from == to) return x;
  std::vector<int> perm;
  for (int d = 0; d < x.ndim(); ++d)
    if (d != from) perm.push_back(d);
  perm.insert(perm.begin() + to, from);
  return transpose(x, perm);
}

// keras.ops.normalize(x, axis, order=2): x * min(rsqrt(sum(x^2)), 1 / epsilon).
Tensor l2_normalize(const Tensor& x, int axis) {
  const Tensor inv_norm = rsqrt(sum(square(x), {axis}, true));
  return multiply(x, minimum(inv_norm, Tensor::scalar(1e7)));
}

}  // namespace

Concatenate::Concatenate(const Json& config)
    : Merge(config, "concatenate"), axis_(config.get("axis", Json(-1)).as_int("axis")) {}

std::vector<Shape> Concatenate::compute_output_shape(const std::vector<Shape>& inputs) const {
  check_inputs(inputs);
  const auto rank = static_cast<std::int64_t>(inputs[0].size());
  for (const Shape& s : inputs)
    check(static_cast<std::int64_t>(s.size()) == rank, where(), ": expected inputs of one rank "
          "with matching shapes except for the concatenation axis; received input shapes ",
          shapes_str(inputs));
  check(axis_ >= -rank && axis_ < rank, where(), ": axis=", axis_,
        " is out of range for inputs of rank ", rank, "; received input shapes ",
        shapes_str(inputs));
  const std::int64_t axis = axis_ < 0 ? axis_ + rank : axis_;
  Shape out(static_cast<std::size_t>(rank), -1);
  for (std::int64_t d = 0; d < rank; ++d) {
    if (d == axis) {
      std::int64_t total = 0;
      for (const Shape& s : inputs) total = (total < 0 || s[d] < 0) ? -1 : total + s[d];
      out[d] = total;
      continue;
    }
    for (const Shape& s : inputs) {
      check(s[d] < 0 || out[d] < 0 || s[d] == out[d], where(), ": expected inputs with "
            "matching shapes except for the concatenation axis (axis=", axis_,
            "); received input shapes ", shapes_str(inputs), ", which differ on axis ", d);
      if (s[d] >= 0) out[d] = s[d];
    }
  }
  return {out};
}

Tensor Concatenate::merge(const std::vector<Tensor>& inputs) {
  const int rank = inputs[0].ndim();
  return concatenate(inputs, static_cast<int>(axis_ < 0 ? axis_ + rank : axis_));
}

Json Concatenate::get_config() const {
  Json config = Layer::get_config();
  config.set("axis", axis_);
  return config;
}

Dot::Dot(const Json& config)
    : Merge(config, "dot"),
      axes_spec_(config.at("axes")),
      normalize_(config.get("normalize", Json(false)).as_bool("normalize")) {
  if (axes_spec_.is_int()) {
    axes_[0] = axes_[1] = axes_spec_.as_int();
    return;
  }
  check<TypeError>(axes_spec_.is_array(), "Dot: invalid type for argument `axes`: expected an "
                   "int or a list of two ints; received axes=", axes_spec_.dump());
  check(axes_spec_.size() == 2, "Dot: invalid format for argument `axes`: expected two "
        "elements; received axes=", axes_spec_.dump());
  for (std::size_t i = 0; i < 2; ++i) {
    check(axes_spec_[i].is_int(), "Dot: invalid format for argument `axes`: expected integer "
          "elements; received axes=", axes_spec_.dump());
    axes_[i] = axes_spec_[i].as_int();
  }
}

std::pair<int, int> Dot::resolve_axes(const Shape& x, const Shape& y) const {
  const std::vector<Shape> shapes{x, y};
  check(x.size() >= 2 && y.size() >= 2, where(), ": cannot do batch_dot on inputs with rank "
        "< 2; received input shapes ", shapes_str(shapes));
  int resolved[2];
  for (int k = 0; k < 2; ++k) {
    const auto rank = static_cast<std::int64_t>(shapes[k].size());
    const std::int64_t a = axes_[k] < 0 ? axes_[k] + rank : axes_[k];
    check(a != 0, where(), ": cannot take the dot product over the batch axis 0; received axes=",
          axes_spec_.dump(), " for input shapes ", shapes_str(shapes));
    check(a > 0 && a < rank, where(), ": axes=", axes_spec_.dump(), " is out of range for "
          "input ", k, "; received input shapes ", shapes_str(shapes));
    resolved[k] = static_cast<int>(a);
  }
  return {resolved[0], resolved[1]};
}

std::vector<Shape> Dot::compute_output_shape(const std::vector<Shape>& inputs) const {
  check_inputs(inputs);
  const Shape& x = inputs[0];
  const Shape& y = inputs[1];
  const auto [ax, ay] = resolve_axes(x, y);
  check(x[0] < 0 || y[0] < 0 || x[0] == y[0], where(), ": cannot do batch_dot on inputs with "
        "different batch sizes; received input shapes ", shapes_str(inputs));
  check(x[ax] < 0 || y[ay] < 0 || x[ax] == y[ay], where(), ": incompatible input shapes: "
        "expected equal sizes on the dot axes; received axis values ", x[ax], " (at axis ", ax,
        ") != ", y[ay], " (at axis ", ay, "). Full input shapes: ", shapes_str(inputs));
  return {dot_shape(x, y, ax, ay)};
}

Tensor Dot::merge(const std::vector<Tensor>& inputs) {
  Tensor x = inputs[0], y = inputs[1];
  const auto [ax, ay] = resolve_axes(x.shape(), y.shape());
  if (normalize_) {
    x = l2_normalize(x, ax);
    y = l2_normalize(y, ay);
  }
  // batch_dot as one batched matmul: x -> (batch, X, n), y -> (batch, n, Y),
  // where X and Y are the products of the free axes.
  const std::int64_t batch = x.shape()[0], n = x.shape()[ax];
  const Shape out = dot_shape(x.shape(), y.shape(), ax, ay);
  const Tensor xs = reshape(move_axis(x, ax, x.ndim() - 1),
                            {batch, product(rest_without(x.shape(), ax)), n});
  const Tensor ys = reshape(move_axis(y, ay, 1), {batch, n, product(rest_without(y.shape(), ay))});
  return reshape(matmul(xs, ys), out);
}

Json Dot::get_config() const {
  Json config = Layer::get_config();
  config.set("axes", axes_spec_);
  config.set("normalize", normalize_);
  return config;
}

}  // namespace pydeep::layers
