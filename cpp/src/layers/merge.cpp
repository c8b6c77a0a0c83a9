// The merge base and the elementwise merges (Keras's base_merge.py and its
// subclasses). Concatenate and Dot live in concatenate_dot.cpp.
#include "pydeep/layers/merge.h"

#include <algorithm>
#include <utility>

#include "pydeep/autograd/functions.h"

namespace pydeep::layers {
namespace {

std::string keras_shape_str(const Shape& shape) {
  std::string out = "(";
  for (std::size_t i = 0; i < shape.size(); ++i) {
    if (i) out += ", ";
    out += shape[i] < 0 ? std::string("None") : std::to_string(shape[i]);
  }
  return out + (shape.size() == 1 ? ",)" : ")");
}

// Keras's _compute_elemwise_op_output_shape over the non-batch axes: aligned
// from the right, a 1 stretches. An unknown size (-1) matches anything; the
// result is the known size when it is not 1 (what a successful call yields).
// Returns false when two known sizes clash.
bool broadcast_rest(const Shape& a, const Shape& b, Shape& out) {
  const Shape& longer = a.size() >= b.size() ? a : b;
  const Shape& shorter = a.size() >= b.size() ? b : a;
  const std::size_t lead = longer.size() - shorter.size();
  out.assign(longer.begin(), longer.begin() + static_cast<std::ptrdiff_t>(lead));
  for (std::size_t k = 0; k < shorter.size(); ++k) {
    const std::int64_t i = longer[lead + k], j = shorter[k];
    if (i == 1 || i == j) {
      out.push_back(j);
    } else if (j == 1) {
      out.push_back(i);
    } else if (i < 0 || j < 0) {
      out.push_back(std::max(i, j));
    } else {
      return false;
    }
  }
  return true;
}

}  // namespace

std::string shapes_str(const std::vector<Shape>& shapes) {
  std::string out = "[";
  for (std::size_t i = 0; i < shapes.size(); ++i)
    out += (i ? ", " : "") + keras_shape_str(shapes[i]);
  return out + "]";
}

void Merge::check_inputs(const std::vector<Shape>& inputs) const {
  const int want = num_inputs();
  const int n = static_cast<int>(inputs.size());
  check(want < 0 ? n >= 2 : n == want, where(), ": expected ",
        want < 0 ? std::string("a list of at least 2 inputs") : str("exactly ", want, " inputs"),
        "; received ", n, " input(s) with shapes ", shapes_str(inputs));
  for (const Shape& s : inputs)
    check(!s.empty(), where(), ": expected inputs with a batch axis (rank >= 1); received "
          "input shapes ", shapes_str(inputs));
}

std::vector<Shape> ElementwiseMerge::compute_output_shape(const std::vector<Shape>& inputs) const {
  check_inputs(inputs);
  std::int64_t batch = -1;
  for (const Shape& s : inputs) {
    check(s[0] < 0 || batch < 0 || s[0] == batch, where(), ": cannot merge tensors with "
          "different batch sizes; received input shapes ", shapes_str(inputs));
    if (s[0] >= 0) batch = s[0];
  }
  Shape rest(inputs[0].begin() + 1, inputs[0].end());
  for (std::size_t i = 1; i < inputs.size(); ++i) {
    const Shape other(inputs[i].begin() + 1, inputs[i].end());
    Shape merged;
    check(broadcast_rest(rest, other, merged), where(), ": inputs have incompatible shapes: "
          "expected sizes that are equal or 1 on each axis after the batch axis (aligned from "
          "the right); received input shapes ", shapes_str(inputs), ", where ",
          keras_shape_str(rest), " and ", keras_shape_str(other), " clash");
    rest = std::move(merged);
  }
  Shape out{batch};
  out.insert(out.end(), rest.begin(), rest.end());
  return {out};
}

Tensor ElementwiseMerge::merge(const std::vector<Tensor>& inputs) {
  int rank = 0;
  for (const Tensor& t : inputs) rank = std::max(rank, t.ndim());
  // As Keras: a lower-rank input gets size-1 axes after its batch axis, so
  // that numpy broadcasting aligns the feature axes, never the batch axis.
  auto aligned = [rank](Tensor t) {
    while (t.ndim() < rank) t = expand_dims(t, 1);
    return t;
  };
  Tensor out = aligned(inputs[0]);
  for (std::size_t i = 1; i < inputs.size(); ++i) out = combine(out, aligned(inputs[i]));
  return finish(out, inputs.size());
}

Tensor Add::combine(const Tensor& a, const Tensor& b) const { return add(a, b); }
Tensor Subtract::combine(const Tensor& a, const Tensor& b) const { return subtract(a, b); }
Tensor Multiply::combine(const Tensor& a, const Tensor& b) const { return multiply(a, b); }
Tensor Average::combine(const Tensor& a, const Tensor& b) const { return add(a, b); }
Tensor Maximum::combine(const Tensor& a, const Tensor& b) const { return maximum(a, b); }
Tensor Minimum::combine(const Tensor& a, const Tensor& b) const { return minimum(a, b); }

Tensor Average::finish(const Tensor& folded, std::size_t count) const {
  return divide(folded, Tensor::scalar(static_cast<double>(count)));
}

}  // namespace pydeep::layers
