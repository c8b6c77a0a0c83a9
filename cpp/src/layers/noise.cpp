#include "pydeep/layers/noise.h"

#include <cmath>

#include "layers/spatial_config.h"
#include "pydeep/autograd/functions.h"
#include "pydeep/core/random.h"
#include "pydeep/ops/random.h"

namespace pydeep::layers {
namespace {

const char* name_of(NoiseLayer::Kind kind, int rank) {
  switch (kind) {
    case NoiseLayer::Kind::GaussianNoise: return "GaussianNoise";
    case NoiseLayer::Kind::GaussianDropout: return "GaussianDropout";
    default: break;
  }
  return rank == 1 ? "SpatialDropout1D" : rank == 2 ? "SpatialDropout2D" : "SpatialDropout3D";
}

const char* default_name(NoiseLayer::Kind kind, int rank) {
  switch (kind) {
    case NoiseLayer::Kind::GaussianNoise: return "gaussian_noise";
    case NoiseLayer::Kind::GaussianDropout: return "gaussian_dropout";
    default: break;
  }
  return rank == 1 ? "spatial_dropout1d" : rank == 2 ? "spatial_dropout2d" : "spatial_dropout3d";
}

}  // namespace

NoiseLayer::NoiseLayer(const Json& config, Kind kind, int rank)
    : UnaryLayer(config, default_name(kind, rank)),
      kind_(kind),
      rank_(rank),
      value_(config.at(kind == Kind::GaussianNoise ? "stddev" : "rate")
                 .as_double(kind == Kind::GaussianNoise ? "stddev" : "rate")),
      seed_(config.get("seed", Json())) {
  const std::string w = name_of(kind, rank);
  if (kind == Kind::GaussianNoise) {
    check(std::isfinite(value_) && value_ >= 0, w, ": invalid value received for argument "
          "`stddev`. Expected a float value >= 0. Received: stddev=", value_);
  } else {
    check(std::isfinite(value_) && value_ >= 0 && value_ <= 1 &&
              (kind != Kind::GaussianDropout || value_ < 1),
          w, ": invalid value received for argument `rate`. Expected a float value between 0 "
          "and 1", kind == Kind::GaussianDropout ? " (exclusive)" : "", ". Received: rate=",
          value_);
  }
  if (kind == Kind::SpatialDropout) spatial::require_channels_last(config, w);
  next_seed_ = seed_.is_null() ? draw_seed() : static_cast<std::uint64_t>(seed_.as_int("seed"));
}

const char* NoiseLayer::class_name() const { return name_of(kind_, rank_); }

Shape NoiseLayer::output_shape(const Shape& input) const {
  if (kind_ == Kind::SpatialDropout) spatial::check_input(input, rank_, where());
  return input;
}

Tensor NoiseLayer::forward(const Tensor& x, bool training) {
  if (!training || value_ == 0.0) return x;
  // A fresh, reproducible draw each call: the seed advances deterministically.
  const std::uint64_t seed = next_seed_;
  next_seed_ = next_seed_ * 6364136223846793005ULL + 1442695040888963407ULL;
  const float v = static_cast<float>(value_);
  switch (kind_) {
    case Kind::GaussianNoise:
      return add(x, ops::random_normal(x.shape(), 0.f, v, seed, x.device()));
    case Kind::GaussianDropout:
      return multiply(x, ops::random_normal(x.shape(), 1.f,
                                            static_cast<float>(std::sqrt(value_ / (1 - value_))),
                                            seed, x.device()));
    case Kind::SpatialDropout: {
      if (value_ >= 1.0) return multiply(x, Tensor::scalar(0.0));
      Shape mask(x.ndim(), 1);
      mask[0] = x.shape()[0];
      mask.back() = x.shape().back();
      return multiply(x, ops::dropout_mask(mask, v, seed, true, x.device()));
    }
  }
  return x;
}

Json NoiseLayer::get_config() const {
  Json c = Layer::get_config();
  c.set(kind_ == Kind::GaussianNoise ? "stddev" : "rate", value_);
  c.set("seed", seed_);
  if (kind_ == Kind::SpatialDropout) c.set("data_format", "channels_last");
  return c;
}

}  // namespace pydeep::layers
