#include "pydeep/layers/depthwise_conv.h"

#include "layers/spatial_config.h"
#include "pydeep/autograd/functions.h"
#include "pydeep/ops/conv.h"

namespace pydeep::layers {
namespace {

const std::vector<const char*> kDepthwiseUnsupported = {
    "depthwise_regularizer", "bias_regularizer", "activity_regularizer", "depthwise_constraint",
    "bias_constraint"};
const std::vector<const char*> kSeparableUnsupported = {
    "depthwise_regularizer", "pointwise_regularizer", "bias_regularizer", "activity_regularizer",
    "depthwise_constraint", "pointwise_constraint", "bias_constraint"};
const char* const kNames[2][2] = {{"DepthwiseConv1D", "DepthwiseConv2D"},
                                  {"SeparableConv1D", "SeparableConv2D"}};
const char* const kDefaultNames[2][2] = {{"depthwise_conv1d", "depthwise_conv2d"},
                                         {"separable_conv1d", "separable_conv2d"}};

}  // namespace

DepthwiseConv::DepthwiseConv(const Json& config, int rank, bool separable)
    : UnaryLayer(config, kDefaultNames[separable][rank - 1]),
      rank_(rank),
      separable_(separable),
      depth_multiplier_(config.get("depth_multiplier", Json(1)).as_int("depth_multiplier")),
      activation_spec_(config.get("activation", Json())),
      activation_(get_activation(activation_spec_)),
      use_bias_(config.get("use_bias", Json(true)).as_bool("use_bias")),
      depthwise_initializer_(config.get("depthwise_initializer", Json("glorot_uniform"))),
      pointwise_initializer_(config.get("pointwise_initializer", Json("glorot_uniform"))),
      bias_initializer_(config.get("bias_initializer", Json("zeros"))) {
  const std::string w = kNames[separable][rank - 1];
  if (separable) {
    filters_ = config.at("filters").as_int("filters");
    check(filters_ > 0, w, ": invalid value for argument `filters`. Expected a strictly "
          "positive value. Received filters=", filters_);
  }
  check(depth_multiplier_ > 0, w, ": invalid value for argument `depth_multiplier`. Expected a "
        "strictly positive value. Received depth_multiplier=", depth_multiplier_);
  kernel_size_ = spatial::read_tuple(config, "kernel_size", rank, Json(), 1, w);
  strides_ = spatial::read_tuple(config, "strides", rank, Json(1), 1, w);
  dilation_ = spatial::read_tuple(config, "dilation_rate", rank, Json(1), 1, w);
  padding_ = spatial::read_padding(config, false, w);
  spatial::require_channels_last(config, w);
  spatial::reject_unsupported(config, separable ? kSeparableUnsupported : kDepthwiseUnsupported,
                              w);
  bool strided = false, dilated = false;
  for (int d = 0; d < rank; ++d) {
    strided |= strides_[d] > 1;
    dilated |= dilation_[d] > 1;
  }
  check(!(strided && dilated), w, ": `strides > 1` not supported in conjunction with "
        "`dilation_rate > 1`. Received: strides=", shape_str(strides_), " and dilation_rate=",
        shape_str(dilation_));
}

const char* DepthwiseConv::class_name() const { return kNames[separable_][rank_ - 1]; }

Shape DepthwiseConv::output_shape(const Shape& input) const {
  const std::string w = where();
  spatial::check_input(input, rank_, w);
  spatial::check_channels(input, built_input_shapes(), built(), w);
  std::vector<int> unknown;
  const Shape x = spatial::known_spatial(input, std::int64_t{1} << 20, unknown);
  const std::int64_t c = input.back();
  Shape kernel = kernel_size_;
  kernel.push_back(1);
  kernel.push_back(c * depth_multiplier_);
  const auto [before, after] = ops::conv_padding(
      padding_, Shape(x.begin() + 1, x.end() - 1), kernel_size_, strides_, dilation_, w.c_str());
  Shape out = ops::conv_output_shape(
      ops::conv_geometry(x, kernel, strides_, dilation_, before, after, c, w.c_str()));
  out[0] = input[0];
  for (int d : unknown) out[d] = -1;
  if (separable_) out.back() = filters_;
  return out;
}

void DepthwiseConv::build(const std::vector<Shape>& input_shapes) {
  const std::int64_t c = input_shapes[0].back();
  Shape dk = kernel_size_;
  dk.push_back(c);
  dk.push_back(depth_multiplier_);
  depthwise_kernel_ = add_weight(separable_ ? "depthwise_kernel" : "kernel", dk,
                                 depthwise_initializer_);
  if (separable_) {
    Shape pk(rank_, 1);
    pk.push_back(c * depth_multiplier_);
    pk.push_back(filters_);
    pointwise_kernel_ = add_weight("pointwise_kernel", pk, pointwise_initializer_);
  }
  if (use_bias_)
    bias_ = add_weight("bias", {separable_ ? filters_ : c * depth_multiplier_},
                       bias_initializer_);
}

Tensor DepthwiseConv::forward(const Tensor& x, bool) {
  const std::string w = where();
  Tensor y = depthwise_conv(x, depthwise_kernel_, strides_, padding_, dilation_, w.c_str());
  if (separable_) y = conv(y, pointwise_kernel_, Shape(rank_, 1), "valid", Shape(rank_, 1),
                           w.c_str());
  if (use_bias_) y = add(y, bias_);
  return activation_(y);
}

Json DepthwiseConv::get_config() const {
  Json c = Layer::get_config();
  if (separable_) c.set("filters", filters_);
  c.set("kernel_size", Json(kernel_size_));
  c.set("strides", Json(strides_));
  c.set("padding", padding_);
  c.set("depth_multiplier", depth_multiplier_);
  c.set("data_format", "channels_last");
  c.set("dilation_rate", Json(dilation_));
  c.set("activation", activation_name(activation_spec_));
  c.set("use_bias", use_bias_);
  c.set("depthwise_initializer", depthwise_initializer_);
  if (separable_) c.set("pointwise_initializer", pointwise_initializer_);
  c.set("bias_initializer", bias_initializer_);
  spatial::set_null(c, separable_ ? kSeparableUnsupported : kDepthwiseUnsupported);
  return c;
}

}  // namespace pydeep::layers
