#pragma once
// The layer base: Keras 3's contract. The constructor reads a validated
// config; build() creates weights once the input shapes are known; call() is
// pure math over autograd functions (so gradients come for free);
// get_config() round-trips through make_layer. Shapes follow Keras: the
// batch axis is included and -1 stands for an unknown size (None).
#include <memory>
#include <string>
#include <vector>

#include "pydeep/autograd/variable.h"
#include "pydeep/core/json.h"
#include "pydeep/core/tensor.h"

namespace pydeep::layers {

class Layer {
 public:
  // Reads the common keys: name (default_name when absent), trainable (true),
  // dtype (null or "float32"; anything else raises NotImplementedError).
  Layer(const Json& config, const std::string& default_name);
  virtual ~Layer() = default;
  Layer(const Layer&) = delete;
  Layer& operator=(const Layer&) = delete;

  virtual const char* class_name() const = 0;
  // How many inputs call() takes: a fixed count, -1 for "two or more"
  // (merge layers), or 0 for "one or more" (Python layers).
  virtual int num_inputs() const { return 1; }
  // Output shapes for these input shapes (batch axis included). Throws
  // ValueError naming the layer and the shapes when the inputs do not fit.
  virtual std::vector<Shape> compute_output_shape(const std::vector<Shape>& inputs) const = 0;
  // Validates the input count and shapes, creates the weights, and marks the
  // layer built. Building again with compatible shapes is a no-op; with
  // incompatible ones (e.g. another feature size for a Dense) a ValueError.
  void ensure_built(const std::vector<Shape>& input_shapes);
  // inputs -> outputs. Checks the inputs against the built shapes (feature
  // axes) and builds on first use.
  std::vector<Tensor> operator()(const std::vector<Tensor>& inputs, bool training);
  // call() without the checks, for a model that validated shapes up front
  // (keeps the training loop free of per-batch shape work).
  std::vector<Tensor> call_unchecked(const std::vector<Tensor>& inputs, bool training) {
    return call(inputs, training);
  }
  virtual Json get_config() const;

  const std::string& name() const { return name_; }
  bool trainable() const { return trainable_; }
  // Freezes/unfreezes every weight. Virtual (like the weight lists) so that
  // a layer holding other layers (a nested model) can forward to them.
  virtual void set_trainable(bool trainable);
  bool built() const { return built_; }
  const std::vector<Shape>& built_input_shapes() const { return built_shapes_; }

  // Keras order: trainable weights (creation order) then non-trainable ones.
  virtual std::vector<Variable> weights() const;
  virtual std::vector<Variable> trainable_weights() const;      // empty when frozen
  virtual std::vector<Variable> non_trainable_weights() const;  // all when frozen
  std::int64_t count_params() const;

 protected:
  // Creates the layer's weights (called once by ensure_built).
  virtual void build(const std::vector<Shape>& input_shapes) {}
  // The math; inputs already validated. training switches dropout and the like.
  virtual std::vector<Tensor> call(const std::vector<Tensor>& inputs, bool training) = 0;
  // Creates a weight from an initializer spec (Keras identifier or config).
  Variable add_weight(const std::string& name, const Shape& shape, const Json& initializer,
                      bool trainable = true);
  // "<class> layer '<name>'", for error messages.
  std::string where() const;

 private:
  std::string name_;
  bool trainable_ = true;
  bool built_ = false;
  std::vector<Shape> built_shapes_;
  std::vector<Variable> weights_;  // creation order
  std::vector<bool> weight_trainable_;
};

// Single-input, single-output layers: implement the one-tensor forms.
class UnaryLayer : public Layer {
 public:
  using Layer::Layer;
  std::vector<Shape> compute_output_shape(const std::vector<Shape>& inputs) const final;

 protected:
  virtual Shape output_shape(const Shape& input) const = 0;
  virtual Tensor forward(const Tensor& x, bool training) = 0;
  std::vector<Tensor> call(const std::vector<Tensor>& inputs, bool training) final {
    return {forward(inputs[0], training)};
  }
};

// A layer from its Keras class name and config (the layer registry).
// Throws ValueError naming the class when it is unknown.
std::shared_ptr<Layer> make_layer(const std::string& class_name, const Json& config);

}  // namespace pydeep::layers
