#pragma once
// Normalization layers (Keras 3 semantics and weight order). All keep the
// input's shape; statistics are biased (divide by the count) as in Keras.
#include <vector>

#include "pydeep/layers/layer.h"

namespace pydeep::layers {

// y = (x - mean) / sqrt(var + epsilon) * gamma + beta over every axis but
// `axis`. Training (training=true and the layer trainable) uses the batch's
// statistics and updates moving_mean / moving_variance in place:
// moving = moving * momentum + batch * (1 - momentum). Inference, and a frozen
// layer (trainable=false, as in Keras 3), use the moving statistics.
// Weights (Keras order): gamma (if scale), beta (if center), moving_mean,
// moving_variance (non-trainable), each of shape (input[axis],).
class BatchNormalization : public UnaryLayer {
 public:
  explicit BatchNormalization(const Json& config);
  const char* class_name() const override { return "BatchNormalization"; }
  Json get_config() const override;

 protected:
  Shape output_shape(const Shape& input) const override;
  void build(const std::vector<Shape>& input_shapes) override;
  Tensor forward(const Tensor& x, bool training) override;

 private:
  std::int64_t axis_;
  double momentum_, epsilon_;
  bool center_, scale_;
  Json beta_init_, gamma_init_, mean_init_, variance_init_;
  int axis_index_ = -1;  // axis_ resolved against the built rank
  Shape param_shape_;    // broadcasts against the input
  Variable gamma_, beta_, moving_mean_, moving_variance_;
};

// Normalizes over `axis` (an int or a list) of each sample: mean and variance
// over those axes, then gamma / beta of shape input[axis...].
class LayerNormalization : public UnaryLayer {
 public:
  explicit LayerNormalization(const Json& config);
  const char* class_name() const override { return "LayerNormalization"; }
  Json get_config() const override;

 protected:
  Shape output_shape(const Shape& input) const override;
  void build(const std::vector<Shape>& input_shapes) override;
  Tensor forward(const Tensor& x, bool training) override;

 private:
  Json axis_spec_;
  double epsilon_;
  bool center_, scale_;
  Json beta_init_, gamma_init_;
  std::vector<int> axes_;
  Shape param_shape_;
  Variable gamma_, beta_;
};

// Channels (last axis) split into `groups`; each sample's group is
// normalized over its channels and all spatial axes; gamma / beta (channels,).
class GroupNormalization : public UnaryLayer {
 public:
  explicit GroupNormalization(const Json& config);
  const char* class_name() const override { return "GroupNormalization"; }
  Json get_config() const override;

 protected:
  Shape output_shape(const Shape& input) const override;
  void build(const std::vector<Shape>& input_shapes) override;
  Tensor forward(const Tensor& x, bool training) override;

 private:
  std::int64_t groups_;
  double epsilon_;
  bool center_, scale_;
  Json beta_init_, gamma_init_;
  Variable gamma_, beta_;
};

// x / max(||x||_2 over `axis`, 1e-12), as Keras's x * min(rsqrt(sum x^2), 1e12).
class UnitNormalization : public UnaryLayer {
 public:
  explicit UnitNormalization(const Json& config);
  const char* class_name() const override { return "UnitNormalization"; }
  Json get_config() const override;

 protected:
  Shape output_shape(const Shape& input) const override;
  Tensor forward(const Tensor& x, bool training) override;

 private:
  Json axis_spec_;
};

}  // namespace pydeep::layers
