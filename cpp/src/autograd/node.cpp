#include "pydeep/autograd/node.h"

#include "pydeep/autograd/grad_mode.h"

namespace pydeep::autograd {

Node::Node(const char* name, std::vector<Edge> inputs, BackwardFn backward, Shape output_shape)
    : name_(name),
      inputs_(std::move(inputs)),
      backward_(std::move(backward)),
      output_shape_(std::move(output_shape)) {}

Node::~Node() {
  // Releasing the last reference to a long chain (an RNN over many steps)
  // would otherwise recurse once per node and can overflow the stack.
  std::vector<std::shared_ptr<Node>> pending;
  for (Edge& e : inputs_)
    if (e.node && e.node.use_count() == 1) pending.push_back(std::move(e.node));
  while (!pending.empty()) {
    std::shared_ptr<Node> n = std::move(pending.back());
    pending.pop_back();
    for (Edge& e : n->inputs_)
      if (e.node && e.node.use_count() == 1) pending.push_back(std::move(e.node));
  }
}

std::vector<Tensor> Node::apply(const Tensor& grad, const std::vector<bool>& needs) const {
  check(static_cast<bool>(backward_), "gradient: the graph through '", name_,
        "' was already used by an earlier gradient computation and released; record it again, "
        "or use a persistent GradientTape to differentiate it more than once");
  return backward_(grad, needs);
}

void Node::release() { backward_ = nullptr; }

Tensor record(Tensor output, const char* name, const std::vector<Tensor>& inputs,
              BackwardFn backward) {
  if (!GradMode::is_enabled()) return output;
  bool any = false;
  std::vector<Edge> edges(inputs.size());
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    const Tensor& t = inputs[i];
    if (!needs_grad(t)) continue;
    any = true;
    if (t.grad_fn()) edges[i].node = t.grad_fn();
    else edges[i].leaf = t.shared_impl();
  }
  if (!any) return output;
  // The result is a fresh tensor: make sure it does not alias an input's
  // autograd state (ops may return an input unchanged, e.g. a no-op cast).
  Tensor result = output.detach();
  result.shared_impl()->grad_fn =
      std::make_shared<Node>(name, std::move(edges), std::move(backward), output.shape());
  return result;
}

}  // namespace pydeep::autograd
