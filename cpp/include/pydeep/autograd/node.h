#pragma once
// The autograd graph. Each recorded op result owns a Node (its grad_fn) that
// knows the op's inputs and how to map the result's gradient to theirs.
// Inputs that need no gradient have empty edges, and a node's backward is
// told which inputs need one, so no work is spent on, say, the gradient of a
// network's input data.
#include <functional>
#include <memory>
#include <vector>

#include "pydeep/core/tensor.h"

namespace pydeep::autograd {

class Node;

// Where an input's gradient goes: the node that produced it, the leaf tensor
// that collects it, or nowhere (both empty).
struct Edge {
  std::shared_ptr<Node> node;
  std::shared_ptr<TensorImpl> leaf;
  bool connected() const { return node || leaf; }
};

// Given the gradient of the node's output and which inputs need a gradient,
// returns one tensor per input (undefined where not needed). Each returned
// gradient has the shape of its input.
using BackwardFn =
    std::function<std::vector<Tensor>(const Tensor& grad, const std::vector<bool>& needs)>;

class Node {
 public:
  Node(const char* name, std::vector<Edge> inputs, BackwardFn backward, Shape output_shape);
  ~Node();  // tears long chains down iteratively (no recursion depth limit)
  Node(const Node&) = delete;
  Node& operator=(const Node&) = delete;

  const char* name() const { return name_; }
  const std::vector<Edge>& inputs() const { return inputs_; }
  const Shape& output_shape() const { return output_shape_; }
  // Throws ValueError if the graph was already released by an earlier backward.
  std::vector<Tensor> apply(const Tensor& grad, const std::vector<bool>& needs) const;
  // Drops the saved tensors; the node can no longer be differentiated.
  void release();
  bool released() const { return !backward_; }

 private:
  const char* name_;
  std::vector<Edge> inputs_;
  BackwardFn backward_;
  Shape output_shape_;
};

// True when `t` takes part in differentiation: a leaf marked requires_grad or
// the result of a recorded op.
inline bool needs_grad(const Tensor& t) { return t.defined() && t.requires_grad(); }

// Makes `output` the result of a differentiable op `name` applied to
// `inputs`: when grad mode is on and any input needs a gradient, attaches a
// Node with `backward` as output's grad_fn. Returns output. `backward` must
// capture detached tensors only (Tensor::detach) so no reference cycles form.
Tensor record(Tensor output, const char* name, const std::vector<Tensor>& inputs,
              BackwardFn backward);

}  // namespace pydeep::autograd
