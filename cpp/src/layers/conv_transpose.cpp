#include "pydeep/layers/conv_transpose.h"

#include "layers/spatial_config.h"
#include "pydeep/autograd/functions.h"
#include "pydeep/ops/conv.h"

namespace pydeep::layers {
namespace {

const std::vector<const char*> kUnsupported = {"kernel_regularizer", "bias_regularizer",
                                               "activity_regularizer", "kernel_constraint",
                                               "bias_constraint"};
const char* const kNames[] = {"Conv1DTranspose", "Conv2DTranspose", "Conv3DTranspose"};
const char* const kDefaultNames[] = {"conv1d_transpose", "conv2d_transpose", "conv3d_transpose"};

}  // namespace

ConvTranspose::ConvTranspose(const Json& config, int rank)
    : UnaryLayer(config, kDefaultNames[rank - 1]),
      rank_(rank),
      filters_(config.at("filters").as_int("filters")),
      activation_spec_(config.get("activation", Json())),
      activation_(get_activation(activation_spec_)),
      use_bias_(config.get("use_bias", Json(true)).as_bool("use_bias")),
      kernel_initializer_(config.get("kernel_initializer", Json("glorot_uniform"))),
      bias_initializer_(config.get("bias_initializer", Json("zeros"))) {
  const std::string w = kNames[rank - 1];
  check(filters_ > 0, w, ": invalid value for argument `filters`. Expected a strictly positive "
        "value. Received filters=", filters_);
  kernel_size_ = spatial::read_tuple(config, "kernel_size", rank, Json(), 1, w);
  strides_ = spatial::read_tuple(config, "strides", rank, Json(1), 1, w);
  dilation_ = spatial::read_tuple(config, "dilation_rate", rank, Json(1), 1, w);
  if (!config.get("output_padding", Json()).is_null())
    output_padding_ = spatial::read_tuple(config, "output_padding", rank, Json(), 0, w);
  padding_ = spatial::read_padding(config, false, w);
  spatial::require_channels_last(config, w);
  spatial::reject_unsupported(config, kUnsupported, w);
}

const char* ConvTranspose::class_name() const { return kNames[rank_ - 1]; }

Shape ConvTranspose::output_shape(const Shape& input) const {
  const std::string w = where();
  spatial::check_input(input, rank_, w);
  spatial::check_channels(input, built_input_shapes(), built(), w);
  std::vector<int> unknown;
  const Shape x = spatial::known_spatial(input, 1, unknown);
  Shape kernel = kernel_size_;
  kernel.push_back(filters_);
  kernel.push_back(input.back());
  Shape out = ops::conv_input_shape(ops::conv_transpose_geometry(
      x, kernel, strides_, padding_, output_padding_, dilation_, w.c_str()));
  out[0] = input[0];
  for (int d : unknown) out[d] = -1;
  return out;
}

void ConvTranspose::build(const std::vector<Shape>& input_shapes) {
  Shape kernel = kernel_size_;
  kernel.push_back(filters_);
  kernel.push_back(input_shapes[0].back());
  kernel_ = add_weight("kernel", kernel, kernel_initializer_);
  if (use_bias_) bias_ = add_weight("bias", {filters_}, bias_initializer_);
}

Tensor ConvTranspose::forward(const Tensor& x, bool) {
  Tensor y = conv_transpose(x, kernel_, strides_, padding_, output_padding_, dilation_,
                            where().c_str());
  if (use_bias_) y = add(y, bias_);
  return activation_(y);
}

Json ConvTranspose::get_config() const {
  Json c = Layer::get_config();
  c.set("filters", filters_);
  c.set("kernel_size", Json(kernel_size_));
  c.set("strides", Json(strides_));
  c.set("padding", padding_);
  c.set("output_padding", output_padding_.empty() ? Json() : Json(output_padding_));
  c.set("data_format", "channels_last");
  c.set("dilation_rate", Json(dilation_));
  c.set("activation", activation_name(activation_spec_));
  c.set("use_bias", use_bias_);
  c.set("kernel_initializer", kernel_initializer_);
  c.set("bias_initializer", bias_initializer_);
  spatial::set_null(c, kUnsupported);
  return c;
}

}  // namespace pydeep::layers
