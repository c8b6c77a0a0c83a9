#pragma once
// Reverse-mode differentiation over the recorded graph.
#include <vector>

#include "pydeep/core/tensor.h"

namespace pydeep::autograd {

// Gradients of sum_i sum(outputs[i] * grad_outputs[i]) with respect to each
// source. grad_outputs may be empty (ones for every output) or hold one
// tensor per output (undefined = ones). A source that the outputs do not
// depend on gets an undefined tensor. Sources may be leaves or intermediate
// results. Gradients of reused tensors accumulate. Unless retain_graph, the
// traversed nodes release their saved tensors afterwards. Runs without
// recording (the returned gradients have no graph).
std::vector<Tensor> gradient(const std::vector<Tensor>& outputs,
                             const std::vector<Tensor>& grad_outputs,
                             const std::vector<Tensor>& sources, bool retain_graph = false);

}  // namespace pydeep::autograd
