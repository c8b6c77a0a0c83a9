#pragma once
// Spatial reshaping layers (Keras 3, channels_last), rank 1 to 3 spatial axes:
// ZeroPaddingND adds zeros before/after each spatial axis, CroppingND removes
// rows before/after, UpSamplingND repeats each position `size` times
// ("nearest") or interpolates linearly with half-pixel centers ("bilinear",
// 2-D only, as keras.ops.image.resize).
// x: (batch, spatial..., channels) -> (batch, spatial'..., channels).
#include <string>

#include "pydeep/layers/layer.h"

namespace pydeep::layers {

// ZeroPadding (pad = true) and Cropping: config key "padding" / "cropping",
// an int, or one (before, after) pair per spatial axis.
class SpatialPadCrop : public UnaryLayer {
 public:
  SpatialPadCrop(const Json& config, int rank, bool pad);
  const char* class_name() const override;
  Json get_config() const override;

 protected:
  Shape output_shape(const Shape& input) const override;
  Tensor forward(const Tensor& x, bool training) override;

 private:
  int rank_;
  bool pad_;
  Shape before_, after_;
};

class UpSampling : public UnaryLayer {
 public:
  UpSampling(const Json& config, int rank);
  const char* class_name() const override;
  Json get_config() const override;

 protected:
  Shape output_shape(const Shape& input) const override;
  Tensor forward(const Tensor& x, bool training) override;

 private:
  int rank_;
  Shape size_;
  std::string interpolation_;
};

#define PYDEEP_SPATIAL_LAYER(Name, Base, ...)                          \
  class Name : public Base {                                           \
   public:                                                             \
    explicit Name(const Json& config) : Base(config, __VA_ARGS__) {}   \
  };
PYDEEP_SPATIAL_LAYER(ZeroPadding1D, SpatialPadCrop, 1, true)
PYDEEP_SPATIAL_LAYER(ZeroPadding2D, SpatialPadCrop, 2, true)
PYDEEP_SPATIAL_LAYER(ZeroPadding3D, SpatialPadCrop, 3, true)
PYDEEP_SPATIAL_LAYER(Cropping1D, SpatialPadCrop, 1, false)
PYDEEP_SPATIAL_LAYER(Cropping2D, SpatialPadCrop, 2, false)
PYDEEP_SPATIAL_LAYER(Cropping3D, SpatialPadCrop, 3, false)
PYDEEP_SPATIAL_LAYER(UpSampling1D, UpSampling, 1)
PYDEEP_SPATIAL_LAYER(UpSampling2D, UpSampling, 2)
PYDEEP_SPATIAL_LAYER(UpSampling3D, UpSampling, 3)
#undef PYDEEP_SPATIAL_LAYER

}  // namespace pydeep::layers
