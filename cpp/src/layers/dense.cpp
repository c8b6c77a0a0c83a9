#include "pydeep/layers/dense.h"

#include "pydeep/autograd/functions.h"

namespace pydeep::layers {
namespace {

void reject_unsupported(const Json& config, const char* key) {
  const Json& value = config.get(key, Json());
  if (!value.is_null())
    throw NotImplementedError(str("Dense: argument `", key, "` is not supported yet; received ",
                                  value.dump()));
}

}  // namespace

Dense::Dense(const Json& config)
    : UnaryLayer(config, "dense"),
      units_(config.at("units").as_int("units")),
      activation_spec_(config.get("activation", Json())),
      activation_(get_activation(activation_spec_)),
      use_bias_(config.get("use_bias", Json(true)).as_bool("use_bias")),
      kernel_initializer_(config.get("kernel_initializer", Json("glorot_uniform"))),
      bias_initializer_(config.get("bias_initializer", Json("zeros"))) {
  check(units_ > 0, "Dense: received an invalid value for `units`, expected a positive integer. "
        "Received: units=", units_);
  reject_unsupported(config, "lora_rank");
  const auto where = [&](const char* key) { return str(this->where(), ": ", key); };
  kernel_regularizer_ = regularizers::make_regularizer(
      config.get("kernel_regularizer", Json()), where("kernel_regularizer"));
  bias_regularizer_ = regularizers::make_regularizer(config.get("bias_regularizer", Json()),
                                                     where("bias_regularizer"));
  kernel_constraint_ = constraints::make_constraint(config.get("kernel_constraint", Json()),
                                                    where("kernel_constraint"));
  bias_constraint_ = constraints::make_constraint(config.get("bias_constraint", Json()),
                                                  where("bias_constraint"));
}

Shape Dense::output_shape(const Shape& input) const {
  check(input.size() >= 2, where(), ": expected an input of rank >= 2 (batch, ..., features); "
        "received shape ", shape_str(input));
  if (built()) {
    const Shape& built_shape = built_input_shapes()[0];
    check(input.back() == built_shape.back(), where(), ": expected inputs with ",
          built_shape.back(), " features (last axis); received shape ", shape_str(input));
  }
  check(input.back() > 0, where(), ": the last axis of the input must be known; received ",
        shape_str(input));
  Shape out = input;
  out.back() = units_;
  return out;
}

void Dense::build(const std::vector<Shape>& input_shapes) {
  const std::int64_t input_dim = input_shapes[0].back();
  kernel_ = add_weight("kernel", {input_dim, units_}, kernel_initializer_, true,
                       kernel_regularizer_, kernel_constraint_);
  if (use_bias_)
    bias_ = add_weight("bias", {units_}, bias_initializer_, true, bias_regularizer_,
                       bias_constraint_);
}

Tensor Dense::forward(const Tensor& x, bool) {
  Tensor y = matmul(x, kernel_);
  if (use_bias_) y = add(y, bias_);
  return activation_(y);
}

Json Dense::get_config() const {
  Json config = Layer::get_config();
  config.set("units", units_);
  config.set("activation", activation_name(activation_spec_));
  config.set("use_bias", use_bias_);
  config.set("kernel_initializer", kernel_initializer_);
  config.set("bias_initializer", bias_initializer_);
  config.set("kernel_regularizer", regularizers::serialize(kernel_regularizer_.get()));
  config.set("bias_regularizer", regularizers::serialize(bias_regularizer_.get()));
  config.set("activity_regularizer", regularizers::serialize(activity_regularizer()));
  config.set("kernel_constraint", constraints::serialize(kernel_constraint_.get()));
  config.set("bias_constraint", constraints::serialize(bias_constraint_.get()));
  return config;
}

}  // namespace pydeep::layers
