#pragma once
// Conv1D / Conv2D / Conv3D: y = activation(conv(x, kernel) + bias), Keras 3's
// layers and weight layout (channels_last).
// x: (batch, spatial..., cin) -> (batch, out..., filters);
// kernel (kernel_size..., cin / groups, filters), bias (filters,).
#include "pydeep/layers/activations.h"
#include "pydeep/layers/layer.h"

namespace pydeep::layers {

class Conv : public UnaryLayer {
 public:
  // filters, kernel_size, strides, padding ("valid", "same", and "causal" for
  // rank 1), data_format (channels_last only), dilation_rate, groups,
  // activation, use_bias, kernel_initializer, bias_initializer,
  // kernel_/bias_regularizer and kernel_/bias_constraint (as Dense's;
  // activity_regularizer is the base's); lora_rank raises NotImplementedError.
  Conv(const Json& config, int rank);
  const char* class_name() const override;
  Json get_config() const override;

 protected:
  Shape output_shape(const Shape& input) const override;
  void build(const std::vector<Shape>& input_shapes) override;
  Tensor forward(const Tensor& x, bool training) override;

 private:
  int rank_;
  std::int64_t filters_, groups_;
  Shape kernel_size_, strides_, dilation_;
  std::string padding_;
  Json activation_spec_;
  ActivationFn activation_;
  bool use_bias_;
  Json kernel_initializer_, bias_initializer_;
  std::shared_ptr<const regularizers::Regularizer> kernel_regularizer_, bias_regularizer_;
  std::shared_ptr<const constraints::Constraint> kernel_constraint_, bias_constraint_;
  Variable kernel_, bias_;
};

class Conv1D : public Conv {
 public:
  explicit Conv1D(const Json& config) : Conv(config, 1) {}
};
class Conv2D : public Conv {
 public:
  explicit Conv2D(const Json& config) : Conv(config, 2) {}
};
class Conv3D : public Conv {
 public:
  explicit Conv3D(const Json& config) : Conv(config, 3) {}
};

}  // namespace pydeep::layers
