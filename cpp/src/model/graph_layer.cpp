#include "pydeep/model/graph_layer.h"

namespace pydeep::model {

GraphLayer::GraphLayer(std::shared_ptr<Graph> graph, const std::string& name,
                       std::string class_name)
    : Layer(Json::object({{"name", name}}), name), graph_(std::move(graph)),
      class_name_(std::move(class_name)) {
  check(graph_ != nullptr, "GraphLayer '", name, "': no graph");
}

std::vector<Shape> GraphLayer::compute_output_shape(const std::vector<Shape>& inputs) const {
  try {
    graph_->check_inputs(inputs);
  } catch (const ValueError& e) {  // say which nested model refused its inputs
    throw ValueError(str(where(), ": ", e.what()));
  }
  const std::int64_t batch = inputs.empty() || inputs[0].empty() ? -1 : inputs[0][0];
  std::vector<Shape> out = graph_->output_shapes();
  for (Shape& s : out)
    if (!s.empty()) s[0] = batch;
  return out;
}

void GraphLayer::set_trainable(bool trainable) {
  Layer::set_trainable(trainable);
  for (const auto& layer : graph_->layers()) layer->set_trainable(trainable);
}

// The inner layers decide (a frozen inner layer stays frozen in an outer
// model), unless this whole model was frozen.
std::vector<Variable> GraphLayer::trainable_weights() const {
  return trainable() ? graph_->trainable_weights() : std::vector<Variable>();
}

std::vector<Variable> GraphLayer::non_trainable_weights() const {
  return trainable() ? graph_->non_trainable_weights() : graph_->weights();
}

}  // namespace pydeep::model
