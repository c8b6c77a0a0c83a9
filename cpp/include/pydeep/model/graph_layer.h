#pragma once
// A model used as a layer of another model (Keras's nested models): calling
// it runs its graph; its weights are the inner layers' weights (shared with
// the inner model, so training the outer model trains them), and freezing it
// freezes every inner layer.
#include <memory>
#include <string>

#include "pydeep/model/graph.h"

namespace pydeep::model {

class GraphLayer final : public layers::Layer {
 public:
  // class_name: "Functional" or "Sequential" (how Keras names the kind).
  GraphLayer(std::shared_ptr<Graph> graph, const std::string& name, std::string class_name);

  const char* class_name() const override { return class_name_.c_str(); }
  int num_inputs() const override { return static_cast<int>(graph_->input_shapes().size()); }
  // The inner model's output shapes, with the caller's batch size. Throws
  // ValueError (naming the input and both shapes) for incompatible inputs.
  std::vector<Shape> compute_output_shape(const std::vector<Shape>& inputs) const override;
  void set_trainable(bool trainable) override;
  std::vector<Variable> weights() const override { return graph_->weights(); }
  std::vector<Variable> trainable_weights() const override;
  std::vector<Variable> non_trainable_weights() const override;
  const std::shared_ptr<Graph>& graph() const { return graph_; }
  // The inner layers' regularization penalties (Keras: a model's losses
  // include its sublayers').
  std::vector<Tensor> activity_losses() const override { return graph_->activity_losses(); }
  std::vector<Tensor> weight_regularization_losses() const override {
    return graph_->weight_regularization_losses();
  }
  bool has_regularizers() const override { return graph_->has_regularizers(); }

 protected:
  std::vector<Tensor> call(const std::vector<Tensor>& inputs, bool training) override {
    return graph_->forward(inputs, training);
  }

 private:
  std::shared_ptr<Graph> graph_;
  std::string class_name_;
};

}  // namespace pydeep::model
