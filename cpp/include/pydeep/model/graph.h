#pragma once
// A model's layer graph (Keras's functional API; Sequential is a chain).
// Nodes are layer calls in topological order; each consumes outputs of
// earlier nodes or the model's inputs. A layer may appear in several nodes
// (shared layers): its weights are used by all of them.
#include <memory>
#include <vector>

#include "pydeep/layers/layer.h"

namespace pydeep::model {

// One output of a node; node < 0 names model input number -node - 1.
struct NodeOutput {
  int node = 0;
  int index = 0;
  static NodeOutput model_input(int i) { return {-i - 1, 0}; }
};

struct GraphNode {
  std::shared_ptr<layers::Layer> layer;
  std::vector<NodeOutput> inputs;
};

class Graph {
 public:
  // input_shapes include the batch axis (-1 = any). Builds every layer with
  // the shapes flowing through the graph; throws ValueError naming the layer
  // and shapes when a layer rejects its inputs, or when a node refers to a
  // later node.
  Graph(std::vector<Shape> input_shapes, std::vector<GraphNode> nodes,
        std::vector<NodeOutput> outputs);

  // Runs the graph. Inputs must match input_shapes() except the batch axis
  // (checked, ValueError naming the input and both shapes).
  std::vector<Tensor> forward(const std::vector<Tensor>& inputs, bool training) const;
  // forward that also reports each output's Keras mask (undefined where none;
  // all undefined when the graph does not track masks).
  std::vector<Tensor> forward(const std::vector<Tensor>& inputs, bool training,
                              std::vector<Tensor>* output_masks) const;
  void check_inputs(const std::vector<Shape>& shapes) const;

  const std::vector<Shape>& input_shapes() const { return input_shapes_; }
  const std::vector<Shape>& output_shapes() const { return output_shapes_; }
  const std::vector<GraphNode>& nodes() const { return nodes_; }
  const std::vector<NodeOutput>& outputs() const { return outputs_; }
  // Each node's output shapes (for summary()).
  const std::vector<std::vector<Shape>>& node_output_shapes() const { return node_shapes_; }
  // Distinct layers in first-use order.
  std::vector<std::shared_ptr<layers::Layer>> layers() const;
  // Keras order: layer by layer, each layer's weights (trainable first);
  // each variable once even if its layer is shared.
  std::vector<Variable> weights() const;
  std::vector<Variable> trainable_weights() const;
  std::vector<Variable> non_trainable_weights() const;
  // Keras's model.losses: every layer's activity losses from the latest
  // forward, then the weight penalties (layer order, each layer once).
  std::vector<Tensor> losses() const;
  std::vector<Tensor> activity_losses() const;
  std::vector<Tensor> weight_regularization_losses() const;
  // Whether any layer has a regularizer (fixed once the graph is built), so
  // that a model without any pays nothing per batch.
  bool has_regularizers() const { return !regularized_layers_.empty(); }
  // Whether some layer can create a mask (Layer::creates_mask): only then
  // does forward track masks, passing each node its inputs' masks
  // (Keras's mask propagation). Model inputs carry no mask.
  bool tracks_masks() const { return masking_; }

 private:
  std::vector<std::shared_ptr<layers::Layer>> regularized_layers_;  // distinct, graph order
  std::vector<Shape> input_shapes_;
  std::vector<GraphNode> nodes_;
  std::vector<NodeOutput> outputs_;
  std::vector<std::vector<Shape>> node_shapes_;
  std::vector<Shape> output_shapes_;
  bool masking_ = false;
  std::vector<Tensor> forward_masked(const std::vector<Tensor>& inputs, bool training,
                                     std::vector<Tensor>* output_masks) const;
};

}  // namespace pydeep::model
