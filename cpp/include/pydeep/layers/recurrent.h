#pragma once
// SimpleRNN, LSTM and GRU (Keras 3 layers, weights and config keys).
// inputs: sequences (batch, time, features), then optionally the initial
// states (batch, units) (LSTM: h then c). Outputs: (batch, time, units) with
// return_sequences else (batch, units); then, with return_state, the final
// states (batch, units) (LSTM: h, c). Weights: kernel (features, G*units),
// recurrent_kernel (units, G*units), bias (G*units) — GRU with reset_after:
// (2, 3*units), input bias then recurrent bias. Gate order: LSTM i, f, c, o;
// GRU z, r, h.
//
// A layer call is one input-projection GEMM for all steps plus ONE recurrence
// op (ops/recurrent.h): no per-step graph nodes; BPTT runs in C++.
// Masks (batch, time) arrive through the graph (Embedding mask_zero,
// Masking) or an explicit mask: masked steps keep the states and repeat the
// previous output, as Keras. dropout / recurrent_dropout draw one mask per
// call, fixed across the time steps (Keras's semantics). Keras draws one mask
// per gate when recurrent_dropout > 0 (its implementation 1); pydeep draws one
// mask shared by the gates (same expectation; documented difference).
// stateful keeps the final states (non-trainable, not weights, as Keras)
// for the next call; the batch size is then fixed at build.
#include <memory>

#include "pydeep/layers/layer.h"
#include "pydeep/ops/kernels.h"

namespace pydeep::layers {

class RNNBase : public Layer {
 public:
  int num_inputs() const override { return 0; }  // sequences [, initial states]
  std::vector<Shape> compute_output_shape(const std::vector<Shape>& inputs) const override;
  bool supports_masking() const override { return true; }
  std::vector<Tensor> compute_mask(const std::vector<Tensor>& inputs,
                                   const std::vector<Tensor>& masks) const override;
  Json get_config() const override;
  // Zeroes the states of a stateful layer (Keras's reset_state(s)); a no-op
  // otherwise.
  void reset_states() override;
  // The current states of a stateful layer (empty otherwise).
  std::vector<Tensor> states() const override { return states_; }
  std::int64_t units() const { return units_; }
  bool return_sequences() const { return return_sequences_; }
  bool return_state() const { return return_state_; }
  bool go_backwards() const { return go_backwards_; }
  int num_states() const { return cell_ == ops::RnnCell::Lstm ? 2 : 1; }

 protected:
  RNNBase(const Json& config, const std::string& default_name, ops::RnnCell cell);
  void build(const std::vector<Shape>& input_shapes) override;
  std::vector<Tensor> call(const std::vector<Tensor>& inputs, bool training) override {
    return run(inputs, Tensor(), training);
  }
  std::vector<Tensor> call_masked(const std::vector<Tensor>& inputs,
                                  const std::vector<Tensor>& masks, bool training) override {
    return run(inputs, masks.empty() ? Tensor() : masks[0], training);
  }
  // The bias's initial value (LSTM's unit_forget_bias) and shape.
  virtual Shape bias_shape() const { return {gates() * units_}; }
  virtual void init_bias(Variable&) {}
  std::int64_t gates() const;
  ops::RnnCell cell_;
  std::int64_t units_;
  Json bias_initializer_;

 private:
  std::vector<Tensor> run(const std::vector<Tensor>& inputs, const Tensor& mask, bool training);
  std::uint64_t next_seed();
  Json activation_spec_, recurrent_activation_spec_;
  ops::FusedActivation activation_, recurrent_activation_;
  bool use_bias_;
  Json kernel_initializer_, recurrent_initializer_;
  std::shared_ptr<const regularizers::Regularizer> kernel_regularizer_, recurrent_regularizer_,
      bias_regularizer_;
  std::shared_ptr<const constraints::Constraint> kernel_constraint_, recurrent_constraint_,
      bias_constraint_;
  double dropout_, recurrent_dropout_;
  Json seed_;
  std::uint64_t seed_state_;
  bool return_sequences_, return_state_, go_backwards_, stateful_, unroll_, zero_output_for_mask_;
  Variable kernel_, recurrent_kernel_, bias_;
  std::vector<Tensor> states_;
};

class SimpleRNN : public RNNBase {
 public:
  explicit SimpleRNN(const Json& config) : RNNBase(config, "simple_rnn", ops::RnnCell::Simple) {}
  const char* class_name() const override { return "SimpleRNN"; }
};

class LSTM : public RNNBase {
 public:
  explicit LSTM(const Json& config);
  const char* class_name() const override { return "LSTM"; }
  Json get_config() const override;

 protected:
  void init_bias(Variable& bias) override;

 private:
  bool unit_forget_bias_;
};

class GRU : public RNNBase {
 public:
  explicit GRU(const Json& config);
  const char* class_name() const override { return "GRU"; }
  Json get_config() const override;

 protected:
  Shape bias_shape() const override;

 private:
  bool reset_after_;
};

}  // namespace pydeep::layers
