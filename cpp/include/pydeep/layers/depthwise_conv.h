#pragma once
// DepthwiseConv1D/2D and SeparableConv1D/2D (Keras 3, channels_last).
// Depthwise: x (batch, spatial..., c) -> (batch, out..., c * depth_multiplier),
// kernel (kernel_size..., c, depth_multiplier), bias (c * depth_multiplier,).
// Separable: the depthwise convolution (no bias) then a 1x1 convolution:
// depthwise_kernel (kernel_size..., c, depth_multiplier), pointwise_kernel
// (1..., c * depth_multiplier, filters), bias (filters,).
#include "pydeep/layers/activations.h"
#include "pydeep/layers/layer.h"

namespace pydeep::layers {

class DepthwiseConv : public UnaryLayer {
 public:
  // kernel_size, strides, padding, depth_multiplier, data_format, dilation_rate,
  // activation, use_bias, depthwise_initializer, bias_initializer;
  // separable adds filters and pointwise_initializer. Regularizers and
  // constraints raise NotImplementedError until supported.
  DepthwiseConv(const Json& config, int rank, bool separable);
  const char* class_name() const override;
  Json get_config() const override;

 protected:
  Shape output_shape(const Shape& input) const override;
  void build(const std::vector<Shape>& input_shapes) override;
  Tensor forward(const Tensor& x, bool training) override;

 private:
  int rank_;
  bool separable_;
  std::int64_t filters_ = 0, depth_multiplier_;
  Shape kernel_size_, strides_, dilation_;
  std::string padding_;
  Json activation_spec_;
  ActivationFn activation_;
  bool use_bias_;
  Json depthwise_initializer_, pointwise_initializer_, bias_initializer_;
  Variable depthwise_kernel_, pointwise_kernel_, bias_;
};

class DepthwiseConv1D : public DepthwiseConv {
 public:
  explicit DepthwiseConv1D(const Json& config) : DepthwiseConv(config, 1, false) {}
};
class DepthwiseConv2D : public DepthwiseConv {
 public:
  explicit DepthwiseConv2D(const Json& config) : DepthwiseConv(config, 2, false) {}
};
class SeparableConv1D : public DepthwiseConv {
 public:
  explicit SeparableConv1D(const Json& config) : DepthwiseConv(config, 1, true) {}
};
class SeparableConv2D : public DepthwiseConv {
 public:
  explicit SeparableConv2D(const Json& config) : DepthwiseConv(config, 2, true) {}
};

}  // namespace pydeep::layers
