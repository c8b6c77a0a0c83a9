#include "pydeep/layers/conv.h"

#include "layers/spatial_config.h"
#include "pydeep/autograd/functions.h"
#include "pydeep/ops/conv.h"

namespace pydeep::layers {
namespace {

const std::vector<const char*> kUnsupported = {"lora_rank"};
const char* const kNames[] = {"Conv1D", "Conv2D", "Conv3D"};
const char* const kDefaultNames[] = {"conv1d", "conv2d", "conv3d"};

}  // namespace

Conv::Conv(const Json& config, int rank)
    : UnaryLayer(config, kDefaultNames[rank - 1]),
      rank_(rank),
      filters_(config.at("filters").as_int("filters")),
      groups_(config.get("groups", Json(1)).as_int("groups")),
      activation_spec_(config.get("activation", Json())),
      activation_(get_activation(activation_spec_)),
      use_bias_(config.get("use_bias", Json(true)).as_bool("use_bias")),
      kernel_initializer_(config.get("kernel_initializer", Json("glorot_uniform"))),
      bias_initializer_(config.get("bias_initializer", Json("zeros"))) {
  const std::string w = kNames[rank - 1];
  check(filters_ > 0, w, ": invalid value for argument `filters`. Expected a strictly positive "
        "value. Received filters=", filters_);
  check(groups_ > 0, w, ": the number of groups must be a positive integer. Received: groups=",
        groups_);
  check(filters_ % groups_ == 0, w, ": the number of filters must be evenly divisible by the "
        "number of groups. Received: groups=", groups_, ", filters=", filters_);
  kernel_size_ = spatial::read_tuple(config, "kernel_size", rank, Json(), 1, w);
  strides_ = spatial::read_tuple(config, "strides", rank, Json(1), 1, w);
  dilation_ = spatial::read_tuple(config, "dilation_rate", rank, Json(1), 1, w);
  padding_ = spatial::read_padding(config, rank == 1, w);
  spatial::require_channels_last(config, w);
  spatial::reject_unsupported(config, kUnsupported, w);
  const auto key = [&](const char* k) { return str(where(), ": ", k); };
  kernel_regularizer_ = regularizers::make_regularizer(config.get("kernel_regularizer", Json()),
                                                       key("kernel_regularizer"));
  bias_regularizer_ = regularizers::make_regularizer(config.get("bias_regularizer", Json()),
                                                     key("bias_regularizer"));
  kernel_constraint_ = constraints::make_constraint(config.get("kernel_constraint", Json()),
                                                    key("kernel_constraint"));
  bias_constraint_ = constraints::make_constraint(config.get("bias_constraint", Json()),
                                                  key("bias_constraint"));
  bool strided = false, dilated = false;
  for (int d = 0; d < rank; ++d) {
    strided |= strides_[d] > 1;
    dilated |= dilation_[d] > 1;
  }
  check(!(strided && dilated), w, ": `strides > 1` not supported in conjunction with "
        "`dilation_rate > 1`. Received: strides=", shape_str(strides_), " and dilation_rate=",
        shape_str(dilation_));
}

const char* Conv::class_name() const { return kNames[rank_ - 1]; }

Shape Conv::output_shape(const Shape& input) const {
  const std::string w = where();
  spatial::check_input(input, rank_, w);
  spatial::check_channels(input, built_input_shapes(), built(), w);
  check(input.back() % groups_ == 0, w, ": the number of input channels must be evenly "
        "divisible by the number of groups. Received groups=", groups_, ", but the input has ",
        input.back(), " channels (full input shape is ", shape_str(input), ")");
  std::vector<int> unknown;
  const Shape x = spatial::known_spatial(input, std::int64_t{1} << 20, unknown);
  Shape kernel = kernel_size_;
  kernel.push_back(input.back() / groups_);
  kernel.push_back(filters_);
  const auto [before, after] = ops::conv_padding(
      padding_, Shape(x.begin() + 1, x.end() - 1), kernel_size_, strides_, dilation_, w.c_str());
  Shape out = ops::conv_output_shape(ops::conv_geometry(x, kernel, strides_, dilation_, before,
                                                        after, groups_, w.c_str()));
  out[0] = input[0];
  for (int d : unknown) out[d] = -1;
  return out;
}

void Conv::build(const std::vector<Shape>& input_shapes) {
  Shape kernel = kernel_size_;
  kernel.push_back(input_shapes[0].back() / groups_);
  kernel.push_back(filters_);
  kernel_ = add_weight("kernel", kernel, kernel_initializer_, true, kernel_regularizer_,
                       kernel_constraint_);
  if (use_bias_)
    bias_ = add_weight("bias", {filters_}, bias_initializer_, true, bias_regularizer_,
                       bias_constraint_);
}

Tensor Conv::forward(const Tensor& x, bool) {
  Tensor y = conv(x, kernel_, strides_, padding_, dilation_, where().c_str());
  if (use_bias_) y = add(y, bias_);
  return activation_(y);
}

Json Conv::get_config() const {
  Json c = Layer::get_config();
  c.set("filters", filters_);
  c.set("kernel_size", Json(kernel_size_));
  c.set("strides", Json(strides_));
  c.set("padding", padding_);
  c.set("data_format", "channels_last");
  c.set("dilation_rate", Json(dilation_));
  c.set("groups", groups_);
  c.set("activation", activation_name(activation_spec_));
  c.set("use_bias", use_bias_);
  c.set("kernel_initializer", kernel_initializer_);
  c.set("bias_initializer", bias_initializer_);
  c.set("kernel_regularizer", regularizers::serialize(kernel_regularizer_.get()));
  c.set("bias_regularizer", regularizers::serialize(bias_regularizer_.get()));
  c.set("activity_regularizer", regularizers::serialize(activity_regularizer()));
  c.set("kernel_constraint", constraints::serialize(kernel_constraint_.get()));
  c.set("bias_constraint", constraints::serialize(bias_constraint_.get()));
  return c;
}

}  // namespace pydeep::layers
