#pragma once
// Conv1DTranspose / Conv2DTranspose / Conv3DTranspose (Keras 3, channels_last):
// the adjoint of a convolution, y = activation(conv_transpose(x, kernel) + bias).
// x: (batch, spatial..., cin) -> (batch, out..., filters), out per axis
// in * stride ("same") or (in - 1) * stride + max(span, stride) ("valid") when
// output_padding is None; kernel (kernel_size..., filters, cin), bias (filters,).
#include "pydeep/layers/activations.h"
#include "pydeep/layers/layer.h"

namespace pydeep::layers {

class ConvTranspose : public UnaryLayer {
 public:
  // filters, kernel_size, strides, padding, output_padding, data_format
  // (channels_last), dilation_rate, activation, use_bias, initializers;
  // regularizers and constraints raise NotImplementedError until supported.
  ConvTranspose(const Json& config, int rank);
  const char* class_name() const override;
  Json get_config() const override;

 protected:
  Shape output_shape(const Shape& input) const override;
  void build(const std::vector<Shape>& input_shapes) override;
  Tensor forward(const Tensor& x, bool training) override;

 private:
  int rank_;
  std::int64_t filters_;
  Shape kernel_size_, strides_, dilation_, output_padding_;  // output_padding empty: None
  std::string padding_;
  Json activation_spec_;
  ActivationFn activation_;
  bool use_bias_;
  Json kernel_initializer_, bias_initializer_;
  Variable kernel_, bias_;
};

class Conv1DTranspose : public ConvTranspose {
 public:
  explicit Conv1DTranspose(const Json& config) : ConvTranspose(config, 1) {}
};
class Conv2DTranspose : public ConvTranspose {
 public:
  explicit Conv2DTranspose(const Json& config) : ConvTranspose(config, 2) {}
};
class Conv3DTranspose : public ConvTranspose {
 public:
  explicit Conv3DTranspose(const Json& config) : ConvTranspose(config, 3) {}
};

}  // namespace pydeep::layers
