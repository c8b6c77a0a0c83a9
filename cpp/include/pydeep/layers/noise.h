#pragma once
// Regularization noise layers (Keras 3): active only when called with
// training=true, the identity otherwise. Draws come from the seeded Philox
// generator; `seed` (or the global seed) makes them reproducible, and the
// seed advances on every training call.
//   GaussianNoise(stddev):   x + N(0, stddev)
//   GaussianDropout(rate):   x * N(1, sqrt(rate / (1 - rate)))
//   SpatialDropout1D/2D/3D(rate): inverted dropout of whole channels,
//     one mask value per (sample, channel) of a (batch, spatial..., c) input.
#include <cstdint>

#include "pydeep/layers/layer.h"

namespace pydeep::layers {

class NoiseLayer : public UnaryLayer {
 public:
  enum class Kind { GaussianNoise, GaussianDropout, SpatialDropout };
  NoiseLayer(const Json& config, Kind kind, int rank = 0);
  const char* class_name() const override;
  Json get_config() const override;

 protected:
  Shape output_shape(const Shape& input) const override;
  Tensor forward(const Tensor& x, bool training) override;

 private:
  Kind kind_;
  int rank_;  // spatial axes (SpatialDropout only)
  double value_;  // stddev or rate
  Json seed_;
  std::uint64_t next_seed_;
};

class GaussianNoise : public NoiseLayer {
 public:
  explicit GaussianNoise(const Json& c) : NoiseLayer(c, Kind::GaussianNoise) {}
};
class GaussianDropout : public NoiseLayer {
 public:
  explicit GaussianDropout(const Json& c) : NoiseLayer(c, Kind::GaussianDropout) {}
};
class SpatialDropout1D : public NoiseLayer {
 public:
  explicit SpatialDropout1D(const Json& c) : NoiseLayer(c, Kind::SpatialDropout, 1) {}
};
class SpatialDropout2D : public NoiseLayer {
 public:
  explicit SpatialDropout2D(const Json& c) : NoiseLayer(c, Kind::SpatialDropout, 2) {}
};
class SpatialDropout3D : public NoiseLayer {
 public:
  explicit SpatialDropout3D(const Json& c) : NoiseLayer(c, Kind::SpatialDropout, 3) {}
};

}  // namespace pydeep::layers
