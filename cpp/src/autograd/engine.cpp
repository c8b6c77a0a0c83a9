#include "pydeep/autograd/engine.h"

#include <unordered_map>
#include <unordered_set>

#include "pydeep/autograd/grad_mode.h"
#include "pydeep/autograd/node.h"
#include "pydeep/ops/elementwise.h"

namespace pydeep::autograd {
namespace {

void accumulate(Tensor& slot, const Tensor& g) {
  slot = slot.defined() ? ops::binary(ops::BinaryOp::Add, slot, g) : g;
}

struct Graph {
  std::vector<Node*> post_order;                 // inputs before consumers
  std::unordered_map<Node*, int> consumers;      // in-graph edges into each node
  std::unordered_map<Node*, bool> useful;        // leads to a source
};

// Post-order walk (iterative: graphs can be tens of thousands of nodes deep)
// marking which nodes lead to a wanted source.
Graph walk(const std::vector<Node*>& roots, const std::unordered_set<Node*>& source_nodes,
           const std::unordered_set<TensorImpl*>& source_leaves) {
  Graph g;
  std::unordered_set<Node*> visited;
  std::vector<std::pair<Node*, std::size_t>> stack;
  for (Node* root : roots) {
    if (!visited.insert(root).second) continue;
    stack.push_back({root, 0});
    while (!stack.empty()) {
      auto& [node, next] = stack.back();
      const auto& inputs = node->inputs();
      if (next < inputs.size()) {
        Node* child = inputs[next++].node.get();
        if (child) {
          ++g.consumers[child];
          if (visited.insert(child).second) stack.push_back({child, 0});
        }
        continue;
      }
      bool useful = source_nodes.count(node) > 0;
      for (const Edge& e : inputs) {
        if (e.node && g.useful[e.node.get()]) useful = true;
        if (e.leaf && source_leaves.count(e.leaf.get())) useful = true;
      }
      g.useful[node] = useful;
      g.post_order.push_back(node);
      stack.pop_back();
    }
  }
  return g;
}

}  // namespace

std::vector<Tensor> gradient(const std::vector<Tensor>& outputs,
                             const std::vector<Tensor>& grad_outputs,
                             const std::vector<Tensor>& sources, bool retain_graph) {
  check(grad_outputs.empty() || grad_outputs.size() == outputs.size(), "gradient: expected ",
        outputs.size(), " output gradients; received ", grad_outputs.size());
  NoGradGuard no_grad;

  std::unordered_set<Node*> source_nodes;
  std::unordered_set<TensorImpl*> source_leaves;
  for (const Tensor& s : sources) {
    check(s.defined(), "gradient: a source tensor is undefined");
    if (s.grad_fn()) source_nodes.insert(s.grad_fn().get());
    else source_leaves.insert(s.impl_ptr());
  }

  std::unordered_map<Node*, Tensor> node_grads;
  std::unordered_map<TensorImpl*, Tensor> leaf_grads;
  std::vector<Node*> roots;
  for (std::size_t i = 0; i < outputs.size(); ++i) {
    const Tensor& out = outputs[i];
    check(out.defined(), "gradient: an output tensor is undefined");
    Tensor g = grad_outputs.empty() || !grad_outputs[i].defined()
                   ? ops::full_like(out, 1.0, DType::Float32)
                   : ops::cast(grad_outputs[i], DType::Float32);
    check(g.shape() == out.shape(), "gradient: output ", i, " has shape ",
          shape_str(out.shape()), " but its output gradient has shape ", shape_str(g.shape()));
    if (out.grad_fn()) {
      accumulate(node_grads[out.grad_fn().get()], g);
      roots.push_back(out.grad_fn().get());
    } else if (source_leaves.count(out.impl_ptr())) {
      accumulate(leaf_grads[out.impl_ptr()], g);
    }
  }

  Graph graph = walk(roots, source_nodes, source_leaves);
  // Reverse post-order is a topological order from outputs to inputs: a
  // node runs only after every consumer has added its share of the gradient.
  for (auto it = graph.post_order.rbegin(); it != graph.post_order.rend(); ++it) {
    Node* node = *it;
    if (!graph.useful[node]) continue;
    auto found = node_grads.find(node);
    if (found == node_grads.end()) continue;  // no gradient reached it
    const Tensor grad = found->second;
    const auto& inputs = node->inputs();
    std::vector<bool> needs(inputs.size(), false);
    for (std::size_t i = 0; i < inputs.size(); ++i) {
      const Edge& e = inputs[i];
      needs[i] = (e.node && graph.useful[e.node.get()]) ||
                 (e.leaf && source_leaves.count(e.leaf.get()));
    }
    std::vector<Tensor> input_grads = node->apply(grad, needs);
    check(input_grads.size() == inputs.size(), "gradient: backward of '", node->name(),
          "' returned ", input_grads.size(), " gradients for ", inputs.size(), " inputs");
    for (std::size_t i = 0; i < inputs.size(); ++i) {
      if (!needs[i] || !input_grads[i].defined()) continue;
      const Edge& e = inputs[i];
      if (e.node) {
        check(input_grads[i].shape() == e.node->output_shape(), "gradient: backward of '",
              node->name(), "' gave input ", i, " a gradient of shape ",
              shape_str(input_grads[i].shape()), "; the input has shape ",
              shape_str(e.node->output_shape()));
        accumulate(node_grads[e.node.get()], input_grads[i]);
      } else {
        check(input_grads[i].shape() == e.leaf->shape, "gradient: backward of '", node->name(),
              "' gave input ", i, " a gradient of shape ", shape_str(input_grads[i].shape()),
              "; the input has shape ", shape_str(e.leaf->shape));
        accumulate(leaf_grads[e.leaf.get()], input_grads[i]);
      }
    }
    // Intermediate gradients are dropped as soon as they are consumed,
    // unless the node is a source whose gradient was asked for.
    if (!source_nodes.count(node)) node_grads.erase(node);
  }

  std::vector<Tensor> result;
  result.reserve(sources.size());
  for (const Tensor& s : sources) {
    if (s.grad_fn()) {
      auto it = node_grads.find(s.grad_fn().get());
      result.push_back(it == node_grads.end() ? Tensor() : it->second);
    } else {
      auto it = leaf_grads.find(s.impl_ptr());
      result.push_back(it == leaf_grads.end() ? Tensor() : it->second);
    }
  }
  if (!retain_graph)
    for (Node* node : graph.post_order) const_cast<Node*>(node)->release();
  return result;
}

}  // namespace pydeep::autograd
