#pragma once
// The layer base: Keras 3's contract. The constructor reads a validated
// config; build() creates weights once the input shapes are known; call() is
// pure math over autograd functions (so gradients come for free);
// get_config() round-trips through make_layer. Shapes follow Keras: the
// batch axis is included and -1 stands for an unknown size (None).
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "pydeep/autograd/variable.h"
#include "pydeep/constraints/constraint.h"
#include "pydeep/core/json.h"
#include "pydeep/core/tensor.h"
#include "pydeep/regularizers/regularizer.h"

namespace pydeep::layers {

class Layer {
 public:
  // Reads the common keys: name (default_name when absent), trainable (true),
  // dtype (null or "float32"; anything else raises NotImplementedError),
  // activity_regularizer (null or a regularizer spec, regularizer.h).
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
  // Appends to (does not clear) the activity losses, as a call nested in a
  // model's forward pass does in Keras; Graph::forward clears them first.
  std::vector<Tensor> call_unchecked(const std::vector<Tensor>& inputs, bool training) {
    std::vector<Tensor> outputs = call(inputs, training);
    if (activity_regularizer_) add_activity_losses(outputs);
    return outputs;
  }
  virtual Json get_config() const;

  // --- masking (Keras's supports_masking, compute_mask and call(mask=)) ---
  // A mask is a bool tensor (batch, time), or an undefined tensor for none.
  // Whether the layer passes masks on. A layer that does not drops the
  // masks it receives (Keras warns and drops them too).
  virtual bool supports_masking() const { return false; }
  // Whether the layer can create a mask from unmasked inputs (Embedding with
  // mask_zero, Masking): a graph tracks masks only when some layer can.
  virtual bool creates_mask() const { return false; }
  // The output masks (one per output; fewer = none for the rest) for these
  // inputs and their masks (one per input, undefined = none). Default, as
  // Keras's: the first input's mask when supports_masking(), else none.
  virtual std::vector<Tensor> compute_mask(const std::vector<Tensor>& inputs,
                                           const std::vector<Tensor>& masks) const;
  // call_unchecked with the inputs' masks (empty or one per input).
  std::vector<Tensor> call_unchecked(const std::vector<Tensor>& inputs, bool training,
                                     const std::vector<Tensor>& masks) {
    std::vector<Tensor> outputs = masks.empty() ? call(inputs, training)
                                                : call_masked(inputs, masks, training);
    if (activity_regularizer_) add_activity_losses(outputs);
    return outputs;
  }
  // operator() with masks, for eager calls with an explicit mask.
  std::vector<Tensor> operator()(const std::vector<Tensor>& inputs, bool training,
                                 const std::vector<Tensor>& masks);

  // Keyword call arguments that are not tensors (Keras's use_causal_mask,
  // return_attention_scores, ...), for layers that take them; they hold for
  // every later call. Default: only an empty object is accepted.
  virtual void set_call_options(const Json& options) {
    check<NotImplementedError>(options.is_null() || options.size() == 0, where(),
                               ": unexpected call arguments ", options.dump());
  }

  // Stateful layers (RNNs with stateful=True): their current states, and
  // zeroing them (Keras's reset_states). Empty / a no-op for the others.
  virtual std::vector<Tensor> states() const { return {}; }
  virtual void reset_states() {}

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

  // Keras's layer.losses: the activity penalties recorded by the latest call
  // (activity_regularizer(output) / batch size, per output), then the
  // penalties of the trainable weights that have a regularizer, from their
  // current values (creation order). Recorded by autograd when grad mode is
  // on. Empty, at no cost, for a layer without regularizers.
  // Virtual (with the two parts) so that a nested model reports its layers'.
  std::vector<Tensor> losses() const;
  virtual std::vector<Tensor> activity_losses() const { return activity_losses_; }
  virtual std::vector<Tensor> weight_regularization_losses() const;
  // True when the layer has an activity regularizer or a regularized weight.
  virtual bool has_regularizers() const {
    return activity_regularizer_ || !weight_penalties_.empty();
  }
  const regularizers::Regularizer* activity_regularizer() const {
    return activity_regularizer_.get();
  }
  void clear_activity_losses() { activity_losses_.clear(); }

 protected:
  // Creates the layer's weights (called once by ensure_built).
  virtual void build(const std::vector<Shape>& input_shapes) {}
  // The math; inputs already validated. training switches dropout and the like.
  virtual std::vector<Tensor> call(const std::vector<Tensor>& inputs, bool training) = 0;
  // The math for inputs that carry masks (one per input, some may be
  // undefined). Layers that use masks (RNNs, pooling, attention) override
  // it; the default ignores them.
  virtual std::vector<Tensor> call_masked(const std::vector<Tensor>& inputs,
                                          const std::vector<Tensor>& masks, bool training) {
    (void)masks;
    return call(inputs, training);
  }
  // Creates a weight from an initializer spec (Keras identifier or config).
  // A regularizer's penalty joins losses() while the weight is trainable; a
  // constraint becomes the variable's hook, applied after each optimizer
  // update (Variable::apply_constraint).
  Variable add_weight(const std::string& name, const Shape& shape, const Json& initializer,
                      bool trainable = true,
                      std::shared_ptr<const regularizers::Regularizer> regularizer = nullptr,
                      std::shared_ptr<const constraints::Constraint> constraint = nullptr);
  // "<class> layer '<name>'", for error messages.
  std::string where() const;
  // Records a loss computed during call() (Keras's add_loss); it joins
  // activity_losses() until the next outermost call.
  void add_loss(Tensor loss) { activity_losses_.push_back(std::move(loss)); }

 private:
  std::string name_;
  bool trainable_ = true;
  bool built_ = false;
  std::vector<Shape> built_shapes_;
  std::vector<Variable> weights_;  // creation order
  std::vector<bool> weight_trainable_;
  void add_activity_losses(const std::vector<Tensor>& outputs);
  std::shared_ptr<const regularizers::Regularizer> activity_regularizer_;
  std::vector<Tensor> activity_losses_;
  std::vector<std::pair<Variable, std::shared_ptr<const regularizers::Regularizer>>>
      weight_penalties_;
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
