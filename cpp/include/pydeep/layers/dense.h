#pragma once
// Dense: y = activation(x @ kernel + bias), Keras 3's layer and weight layout.
// x: (batch, ..., input_dim) -> (batch, ..., units); kernel (input_dim, units).
#include "pydeep/layers/activations.h"
#include "pydeep/layers/layer.h"

namespace pydeep::layers {

class Dense : public UnaryLayer {
 public:
  // units (> 0), activation, use_bias, kernel_initializer, bias_initializer,
  // kernel_/bias_regularizer, kernel_/bias_constraint (specs as in
  // regularizer.h / constraint.h; activity_regularizer is the base's);
  // lora_rank raises NotImplementedError.
  explicit Dense(const Json& config);
  const char* class_name() const override { return "Dense"; }
  bool supports_masking() const override { return true; }  // passes masks on (Keras)
  Json get_config() const override;

 protected:
  Shape output_shape(const Shape& input) const override;
  void build(const std::vector<Shape>& input_shapes) override;
  Tensor forward(const Tensor& x, bool training) override;

 private:
  std::int64_t units_;
  Json activation_spec_;
  ActivationFn activation_;
  bool use_bias_;
  Json kernel_initializer_, bias_initializer_;
  std::shared_ptr<const regularizers::Regularizer> kernel_regularizer_, bias_regularizer_;
  std::shared_ptr<const constraints::Constraint> kernel_constraint_, bias_constraint_;
  Variable kernel_, bias_;
};

}  // namespace pydeep::layers
