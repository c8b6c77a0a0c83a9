#include "pydeep/model/sequential.h"

namespace pydeep::model {

std::shared_ptr<Model> make_sequential(const Shape& input_shape,
                                       const std::vector<std::shared_ptr<layers::Layer>>& layers,
                                       const std::string& name) {
  check(!layers.empty(), "make_sequential: model '", name, "' needs at least one layer");
  Shape batch_shape{-1};
  batch_shape.insert(batch_shape.end(), input_shape.begin(), input_shape.end());
  std::vector<GraphNode> nodes;
  for (std::size_t i = 0; i < layers.size(); ++i) {
    check(layers[i] != nullptr, "make_sequential: layer ", i, " is null");
    nodes.push_back({layers[i], {i == 0 ? NodeOutput::model_input(0) : NodeOutput{int(i) - 1, 0}}});
  }
  const int last = static_cast<int>(layers.size()) - 1;
  auto graph = std::make_shared<Graph>(std::vector<Shape>{batch_shape}, std::move(nodes),
                                       std::vector<NodeOutput>{{last, 0}});
  auto model = std::make_shared<Model>(std::move(graph), name);
  model->set_input_names({name + "_input"});
  model->set_output_names({layers.back()->name()});
  model->set_class_name("Sequential");
  return model;
}

}  // namespace pydeep::model
