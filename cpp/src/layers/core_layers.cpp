#include "pydeep/layers/core_layers.h"

#include <cmath>

#include "pydeep/autograd/functions.h"
#include "pydeep/core/random.h"
#include "pydeep/ops/random.h"

namespace pydeep::layers {

Activation::Activation(const Json& config)
    : UnaryLayer(config, "activation"),
      spec_(config.at("activation")),
      fn_(get_activation(spec_)) {}

Json Activation::get_config() const {
  Json c = Layer::get_config();
  c.set("activation", activation_name(spec_));
  return c;
}

Rescaling::Rescaling(const Json& config)
    : UnaryLayer(config, "rescaling"),
      scale_(config.at("scale").as_double("scale")),
      offset_(config.get("offset", Json(0.0)).as_double("offset")) {}

Tensor Rescaling::forward(const Tensor& x, bool) {
  Tensor y = multiply(x, Tensor::scalar(scale_));
  return offset_ == 0.0 ? y : add(y, Tensor::scalar(offset_));
}

Json Rescaling::get_config() const {
  Json c = Layer::get_config();
  c.set("scale", scale_);
  c.set("offset", offset_);
  return c;
}

Dropout::Dropout(const Json& config)
    : UnaryLayer(config, "dropout"),
      rate_(config.at("rate").as_double("rate")),
      noise_shape_(config.get("noise_shape", Json())),
      seed_(config.get("seed", Json())) {
  check(rate_ >= 0.0 && rate_ <= 1.0 && std::isfinite(rate_),
        "Dropout: invalid value received for argument `rate`. Expected a float value between 0 "
        "and 1. Received: rate=", rate_);
  next_seed_ = seed_.is_null() ? draw_seed() : static_cast<std::uint64_t>(seed_.as_int("seed"));
}

Tensor Dropout::forward(const Tensor& x, bool training) {
  if (!training || rate_ == 0.0) return x;
  Shape mask_shape = x.shape();
  if (!noise_shape_.is_null()) {
    const Shape ns = noise_shape_.as_int_vector("noise_shape");
    check(ns.size() == mask_shape.size(), where(), ": noise_shape ", shape_str(ns),
          " must have the input's rank; input shape ", shape_str(mask_shape));
    for (std::size_t i = 0; i < ns.size(); ++i)
      if (ns[i] > 0) mask_shape[i] = ns[i];
  }
  // A fresh, reproducible mask each call: the seed advances deterministically.
  const std::uint64_t seed = next_seed_;
  next_seed_ = next_seed_ * 6364136223846793005ULL + 1442695040888963407ULL;
  if (rate_ >= 1.0) return multiply(x, Tensor::scalar(0.0));
  return multiply(x, ops::dropout_mask(mask_shape, static_cast<float>(rate_), seed));
}

Json Dropout::get_config() const {
  Json c = Layer::get_config();
  c.set("rate", rate_);
  c.set("noise_shape", noise_shape_);
  c.set("seed", seed_);
  return c;
}

}  // namespace pydeep::layers
