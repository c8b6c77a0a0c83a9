#pragma once
// Masking (Keras 3): marks the time steps whose features all equal
// mask_value as padding. inputs (batch, time, ...) -> inputs with masked steps
// zeroed; the output mask (batch, time) is any(inputs != mask_value) over the
// last axis. Layers after it that use masks (RNNs, Bidirectional) skip the
// masked steps; layers that support masking pass the mask on.
#include "pydeep/layers/layer.h"

namespace pydeep::layers {

class Masking : public UnaryLayer {
 public:
  explicit Masking(const Json& config);
  const char* class_name() const override { return "Masking"; }
  Json get_config() const override;
  bool supports_masking() const override { return true; }
  bool creates_mask() const override { return true; }
  std::vector<Tensor> compute_mask(const std::vector<Tensor>& inputs,
                                   const std::vector<Tensor>& masks) const override;

 protected:
  Shape output_shape(const Shape& input) const override;
  Tensor forward(const Tensor& x, bool training) override;

 private:
  Tensor keep(const Tensor& x) const;  // (batch, time, 1) float32: 1 for kept steps
  double mask_value_;
};

}  // namespace pydeep::layers
