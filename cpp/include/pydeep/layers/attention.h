#pragma once
// Attention layers (Keras 3). Inputs are positional: MultiHeadAttention takes
// [query, value, key(, attention_mask)] (the Python facade passes value as
// key when key is None), Attention / AdditiveAttention [query, value(, key)].
// The non-tensor call arguments (use_causal_mask, return_attention_scores)
// come through set_call_options. Query / value / key masks arrive through
// the mask channel (masks[0], [1], [2]) and are combined as Keras does.
#include "pydeep/layers/layer.h"

namespace pydeep::layers {

// MultiHeadAttention: query (B, T, dq), value (B, S, dv), key (B, S, dk) ->
// (B, T, output_dim), with the fused attention op (one graph node) between
// the projections. Weights in Keras's order and shapes: query/key/value
// kernels (d, heads, key_dim | value_dim) and biases (heads, key_dim |
// value_dim), output kernel (heads, value_dim, output_dim), bias (output_dim).
// attention_axes other than the default, use_gate and sliding_window raise
// NotImplementedError.
class MultiHeadAttention : public Layer {
 public:
  explicit MultiHeadAttention(const Json& config);
  const char* class_name() const override { return "MultiHeadAttention"; }
  int num_inputs() const override { return 0; }
  std::vector<Shape> compute_output_shape(const std::vector<Shape>& inputs) const override;
  bool supports_masking() const override { return true; }
  void set_call_options(const Json& options) override;
  Json get_config() const override;

 protected:
  void build(const std::vector<Shape>& input_shapes) override;
  std::vector<Tensor> call(const std::vector<Tensor>& inputs, bool training) override {
    return call_masked(inputs, {}, training);
  }
  std::vector<Tensor> call_masked(const std::vector<Tensor>& inputs,
                                  const std::vector<Tensor>& masks, bool training) override;

 private:
  std::int64_t output_dim(const Shape& query) const;
  std::int64_t heads_, key_dim_, value_dim_;
  double dropout_;
  bool use_bias_;
  Json output_shape_, kernel_initializer_, bias_initializer_, seed_;
  std::shared_ptr<const regularizers::Regularizer> kernel_regularizer_, bias_regularizer_;
  std::shared_ptr<const constraints::Constraint> kernel_constraint_, bias_constraint_;
  std::uint64_t seed_state_;
  bool has_attention_mask_ = false, causal_ = false, return_scores_ = false;
  Variable wq_, bq_, wk_, bk_, wv_, bv_, wo_, bo_;
};

// Attention (Luong, score_mode "dot" or "concat") and AdditiveAttention
// (Bahdanau): scores (B, Tq, Tv) from query and key, masked by the value
// mask and use_causal_mask (-1e9), softmax, dropout, times value; the
// output at masked query steps is zero.
class BaseDenseAttention : public Layer {
 public:
  int num_inputs() const override { return 0; }
  std::vector<Shape> compute_output_shape(const std::vector<Shape>& inputs) const override;
  bool supports_masking() const override { return true; }
  void set_call_options(const Json& options) override;
  Json get_config() const override;

 protected:
  BaseDenseAttention(const Json& config, const std::string& default_name, bool use_scale_default);
  std::vector<Tensor> call(const std::vector<Tensor>& inputs, bool training) override {
    return call_masked(inputs, {}, training);
  }
  std::vector<Tensor> call_masked(const std::vector<Tensor>& inputs,
                                  const std::vector<Tensor>& masks, bool training) override;
  virtual Tensor scores(const Tensor& q, const Tensor& k) const = 0;
  bool use_scale_;
  double dropout_;
  Json seed_;
  std::uint64_t seed_state_;
  bool causal_ = false, return_scores_ = false;
};

class Attention : public BaseDenseAttention {
 public:
  explicit Attention(const Json& config);
  const char* class_name() const override { return "Attention"; }
  Json get_config() const override;

 protected:
  void build(const std::vector<Shape>& input_shapes) override;
  Tensor scores(const Tensor& q, const Tensor& k) const override;

 private:
  std::string score_mode_;
  Variable scale_, concat_weight_;
};

class AdditiveAttention : public BaseDenseAttention {
 public:
  explicit AdditiveAttention(const Json& config);
  const char* class_name() const override { return "AdditiveAttention"; }

 protected:
  void build(const std::vector<Shape>& input_shapes) override;
  Tensor scores(const Tensor& q, const Tensor& k) const override;

 private:
  Variable scale_;
};

}  // namespace pydeep::layers
