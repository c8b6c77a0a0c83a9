#pragma once
// Layer wrappers (Keras 3): Bidirectional and TimeDistributed. They hold
// other layers (shared: their weights are the wrapped layers' weights, in
// Keras's order) and are created with make_wrapper, which takes the wrapped
// layers themselves rather than configs.
#include <memory>
#include <string>
#include <vector>

#include "pydeep/layers/layer.h"
#include "pydeep/layers/recurrent.h"

namespace pydeep::layers {

// Weight lists, trainability and penalties forwarded to the wrapped layers.
class Wrapper : public Layer {
 public:
  std::vector<Variable> weights() const override;
  std::vector<Variable> trainable_weights() const override;
  std::vector<Variable> non_trainable_weights() const override;
  void set_trainable(bool trainable) override;
  std::vector<Tensor> weight_regularization_losses() const override;
  std::vector<Tensor> activity_losses() const override;
  bool has_regularizers() const override;
  std::vector<Tensor> states() const override;
  void reset_states() override;
  const std::vector<std::shared_ptr<Layer>>& wrapped() const { return inner_; }

 protected:
  Wrapper(const Json& config, const std::string& default_name,
          std::vector<std::shared_ptr<Layer>> inner);
  std::vector<std::shared_ptr<Layer>> inner_;
};

// Runs a forward and a backward RNN over the sequences and merges their
// outputs: merge_mode "concat" (last axis), "sum", "mul", "ave", or null
// (two outputs). With return_sequences the backward output is flipped back
// to input order. With return_state the outputs are followed by the forward
// then the backward states. Initial states (inputs after the sequences) are
// split in half: forward's first. As Keras, both RNNs get
// zero_output_for_mask = return_sequences (set by the caller's configs).
class Bidirectional : public Wrapper {
 public:
  // config: merge_mode; inner: the forward and backward RNN layers (the
  // backward one must have the opposite go_backwards and the same
  // return_sequences / return_state; ValueError otherwise).
  Bidirectional(const Json& config, std::vector<std::shared_ptr<Layer>> inner);
  const char* class_name() const override { return "Bidirectional"; }
  int num_inputs() const override { return 0; }
  std::vector<Shape> compute_output_shape(const std::vector<Shape>& inputs) const override;
  bool supports_masking() const override { return true; }
  std::vector<Tensor> compute_mask(const std::vector<Tensor>& inputs,
                                   const std::vector<Tensor>& masks) const override;
  Json get_config() const override;

 protected:
  void build(const std::vector<Shape>& input_shapes) override;
  std::vector<Tensor> call(const std::vector<Tensor>& inputs, bool training) override {
    return call_masked(inputs, {}, training);
  }
  std::vector<Tensor> call_masked(const std::vector<Tensor>& inputs,
                                  const std::vector<Tensor>& masks, bool training) override;

 private:
  RNNBase& fwd() const { return static_cast<RNNBase&>(*inner_[0]); }
  RNNBase& bwd() const { return static_cast<RNNBase&>(*inner_[1]); }
  std::string merge_mode_;  // "" for None
  bool return_sequences_, return_state_;
};

// Applies a layer to every time slice: (batch, time, ...) -> the wrapped
// layer on (batch * time, ...) -> (batch, time, ...). Masks pass through.
class TimeDistributed : public Wrapper {
 public:
  TimeDistributed(const Json& config, std::vector<std::shared_ptr<Layer>> inner);
  const char* class_name() const override { return "TimeDistributed"; }
  std::vector<Shape> compute_output_shape(const std::vector<Shape>& inputs) const override;
  bool supports_masking() const override { return true; }

 protected:
  void build(const std::vector<Shape>& input_shapes) override;
  std::vector<Tensor> call(const std::vector<Tensor>& inputs, bool training) override;
};

// A wrapper from its Keras class name, config and wrapped layers.
std::shared_ptr<Layer> make_wrapper(const std::string& class_name, const Json& config,
                                    std::vector<std::shared_ptr<Layer>> inner);
// A wrapper from its Keras config alone ("layer", and for Bidirectional an
// optional "backward_layer", as {"class_name", "config"} entries): what
// make_layer uses when a saved model is loaded without Python.
std::shared_ptr<Layer> wrapper_from_config(const std::string& class_name, const Json& config);

}  // namespace pydeep::layers
