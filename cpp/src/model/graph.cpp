#include "pydeep/model/graph.h"

#include <unordered_set>

namespace pydeep::model {
namespace {

template <typename T, typename Get>
std::vector<T> unique_by_impl(const std::vector<std::shared_ptr<layers::Layer>>& ls, Get get) {
  std::vector<T> out;
  std::unordered_set<const void*> seen;
  for (const auto& layer : ls)
    for (const T& v : get(*layer))
      if (seen.insert(v.impl_ptr()).second) out.push_back(v);
  return out;
}

}  // namespace

Graph::Graph(std::vector<Shape> input_shapes, std::vector<GraphNode> nodes,
             std::vector<NodeOutput> outputs)
    : input_shapes_(std::move(input_shapes)), nodes_(std::move(nodes)), outputs_(std::move(outputs)) {
  check(!outputs_.empty(), "Model: a model needs at least one output");
  auto shape_of = [&](const NodeOutput& ref, int at) -> const Shape& {
    if (ref.node < 0) {
      const int i = -ref.node - 1;
      check(i < static_cast<int>(input_shapes_.size()), "Model: node ", at,
            " refers to model input ", i, " but the model has ", input_shapes_.size());
      return input_shapes_[i];
    }
    check(ref.node < at, "Model: node ", at, " uses the output of node ", ref.node,
          ", which does not come before it");
    check(ref.index < static_cast<int>(node_shapes_[ref.node].size()), "Model: layer '",
          nodes_[ref.node].layer->name(), "' has no output ", ref.index);
    return node_shapes_[ref.node][ref.index];
  };
  for (int i = 0; i < static_cast<int>(nodes_.size()); ++i) {
    GraphNode& node = nodes_[i];
    check(node.layer != nullptr, "Model: node ", i, " has no layer");
    std::vector<Shape> in;
    for (const NodeOutput& ref : node.inputs) in.push_back(shape_of(ref, i));
    node.layer->ensure_built(in);
    node_shapes_.push_back(node.layer->compute_output_shape(in));
  }
  for (const NodeOutput& ref : outputs_)
    output_shapes_.push_back(shape_of(ref, static_cast<int>(nodes_.size())));
  for (const auto& layer : layers()) {
    if (layer->has_regularizers()) regularized_layers_.push_back(layer);
    if (layer->creates_mask()) masking_ = true;
  }
}

void Graph::check_inputs(const std::vector<Shape>& shapes) const {
  check(shapes.size() == input_shapes_.size(), "Model: expected ", input_shapes_.size(),
        " input(s); received ", shapes.size());
  for (std::size_t i = 0; i < shapes.size(); ++i) {
    const Shape& want = input_shapes_[i];
    const Shape& got = shapes[i];
    bool ok = want.size() == got.size();
    for (std::size_t d = 1; ok && d < want.size(); ++d) ok = want[d] < 0 || want[d] == got[d];
    check(ok, "Model: input ", i, " is incompatible with the model: expected shape ",
          shape_str(want), " (-1 = any size), received ", shape_str(got),
          want.size() != got.size() && got.size() + 1 == want.size()
              ? ". Did you forget the batch axis?" : "");
  }
}

std::vector<Tensor> Graph::forward(const std::vector<Tensor>& inputs, bool training) const {
  return forward(inputs, training, nullptr);
}

std::vector<Tensor> Graph::forward(const std::vector<Tensor>& inputs, bool training,
                                   std::vector<Tensor>* output_masks) const {
  std::vector<Shape> shapes;
  for (const Tensor& t : inputs) shapes.push_back(t.shape());
  check_inputs(shapes);
  if (output_masks) output_masks->assign(outputs_.size(), Tensor());
  if (masking_) return forward_masked(inputs, training, output_masks);
  std::vector<std::vector<Tensor>> values(nodes_.size());
  auto value_of = [&](const NodeOutput& ref) -> const Tensor& {
    return ref.node < 0 ? inputs[-ref.node - 1] : values[ref.node][ref.index];
  };
  for (const auto& layer : regularized_layers_) layer->clear_activity_losses();
  std::vector<Tensor> args;
  for (std::size_t i = 0; i < nodes_.size(); ++i) {
    args.clear();
    for (const NodeOutput& ref : nodes_[i].inputs) args.push_back(value_of(ref));
    values[i] = nodes_[i].layer->call_unchecked(args, training);
  }
  std::vector<Tensor> out;
  for (const NodeOutput& ref : outputs_) out.push_back(value_of(ref));
  return out;
}

// forward with Keras's mask propagation: each node receives its inputs'
// masks and gives its outputs the masks its layer computes.
std::vector<Tensor> Graph::forward_masked(const std::vector<Tensor>& inputs, bool training,
                                          std::vector<Tensor>* output_masks) const {
  std::vector<std::vector<Tensor>> values(nodes_.size()), masks(nodes_.size());
  auto value_of = [&](const NodeOutput& ref) -> const Tensor& {
    return ref.node < 0 ? inputs[-ref.node - 1] : values[ref.node][ref.index];
  };
  auto mask_of = [&](const NodeOutput& ref) -> Tensor {
    if (ref.node < 0) return Tensor();
    const auto& m = masks[ref.node];
    return ref.index < static_cast<int>(m.size()) ? m[ref.index] : Tensor();
  };
  for (const auto& layer : regularized_layers_) layer->clear_activity_losses();
  std::vector<Tensor> args, arg_masks;
  for (std::size_t i = 0; i < nodes_.size(); ++i) {
    args.clear();
    arg_masks.clear();
    bool any = false;
    for (const NodeOutput& ref : nodes_[i].inputs) {
      args.push_back(value_of(ref));
      arg_masks.push_back(mask_of(ref));
      any = any || arg_masks.back().defined();
    }
    const auto& layer = nodes_[i].layer;
    values[i] = layer->call_unchecked(args, training, any ? arg_masks : std::vector<Tensor>());
    if (any || layer->creates_mask())
      masks[i] = layer->compute_mask(args, any ? arg_masks : std::vector<Tensor>(args.size()));
  }
  std::vector<Tensor> out;
  for (std::size_t k = 0; k < outputs_.size(); ++k) {
    out.push_back(value_of(outputs_[k]));
    if (output_masks) (*output_masks)[k] = mask_of(outputs_[k]);
  }
  return out;
}

std::vector<std::shared_ptr<layers::Layer>> Graph::layers() const {
  std::vector<std::shared_ptr<layers::Layer>> out;
  std::unordered_set<const layers::Layer*> seen;
  for (const GraphNode& n : nodes_)
    if (seen.insert(n.layer.get()).second) out.push_back(n.layer);
  return out;
}

std::vector<Variable> Graph::weights() const {
  return unique_by_impl<Variable>(layers(), [](const layers::Layer& l) { return l.weights(); });
}

std::vector<Variable> Graph::trainable_weights() const {
  return unique_by_impl<Variable>(layers(), [](const layers::Layer& l) { return l.trainable_weights(); });
}

std::vector<Variable> Graph::non_trainable_weights() const {
  return unique_by_impl<Variable>(layers(),
                                  [](const layers::Layer& l) { return l.non_trainable_weights(); });
}

std::vector<Tensor> Graph::activity_losses() const {
  std::vector<Tensor> out;
  for (const auto& layer : regularized_layers_)
    for (Tensor& t : layer->activity_losses()) out.push_back(std::move(t));
  return out;
}

std::vector<Tensor> Graph::weight_regularization_losses() const {
  std::vector<Tensor> out;
  for (const auto& layer : regularized_layers_)
    for (Tensor& t : layer->weight_regularization_losses()) out.push_back(std::move(t));
  return out;
}

std::vector<Tensor> Graph::losses() const {
  std::vector<Tensor> out = activity_losses();
  for (Tensor& t : weight_regularization_losses()) out.push_back(std::move(t));
  return out;
}

}  // namespace pydeep::model
