#pragma once
// Pooling layers (Keras 3, channels_last).
// MaxPooling1D/2D/3D, AveragePooling1D/2D/3D: x (batch, spatial..., c) ->
// (batch, out..., c); pool_size, strides (default pool_size), padding
// "valid" / "same" (average excludes padded positions, as TensorFlow).
// GlobalMax/AveragePooling1D/2D/3D: reduce the spatial axes ->
// (batch, c), or (batch, 1..., c) with keepdims.
#include "pydeep/layers/layer.h"

namespace pydeep::layers {

class Pooling : public UnaryLayer {
 public:
  Pooling(const Json& config, int rank, bool max);
  const char* class_name() const override;
  Json get_config() const override;

 protected:
  Shape output_shape(const Shape& input) const override;
  Tensor forward(const Tensor& x, bool training) override;

 private:
  int rank_;
  bool max_;
  Shape pool_size_, strides_;
  std::string padding_;
};

class GlobalPooling : public UnaryLayer {
 public:
  GlobalPooling(const Json& config, int rank, bool max);
  const char* class_name() const override;
  Json get_config() const override;

 protected:
  Shape output_shape(const Shape& input) const override;
  Tensor forward(const Tensor& x, bool training) override;
  // GlobalAveragePooling1D averages over the unmasked steps only (Keras); the
  // other global poolings ignore masks, as Keras's do.
  std::vector<Tensor> call_masked(const std::vector<Tensor>& inputs,
                                  const std::vector<Tensor>& masks, bool training) override;

 private:
  int rank_;
  bool max_, keepdims_;
};

#define PYDEEP_POOLING_LAYER(Name, Base, rank, max)            \
  class Name : public Base {                                   \
   public:                                                     \
    explicit Name(const Json& config) : Base(config, rank, max) {} \
  };
PYDEEP_POOLING_LAYER(MaxPooling1D, Pooling, 1, true)
PYDEEP_POOLING_LAYER(MaxPooling2D, Pooling, 2, true)
PYDEEP_POOLING_LAYER(MaxPooling3D, Pooling, 3, true)
PYDEEP_POOLING_LAYER(AveragePooling1D, Pooling, 1, false)
PYDEEP_POOLING_LAYER(AveragePooling2D, Pooling, 2, false)
PYDEEP_POOLING_LAYER(AveragePooling3D, Pooling, 3, false)
PYDEEP_POOLING_LAYER(GlobalMaxPooling1D, GlobalPooling, 1, true)
PYDEEP_POOLING_LAYER(GlobalMaxPooling2D, GlobalPooling, 2, true)
PYDEEP_POOLING_LAYER(GlobalMaxPooling3D, GlobalPooling, 3, true)
PYDEEP_POOLING_LAYER(GlobalAveragePooling1D, GlobalPooling, 1, false)
PYDEEP_POOLING_LAYER(GlobalAveragePooling2D, GlobalPooling, 2, false)
PYDEEP_POOLING_LAYER(GlobalAveragePooling3D, GlobalPooling, 3, false)
#undef PYDEEP_POOLING_LAYER

}  // namespace pydeep::layers
