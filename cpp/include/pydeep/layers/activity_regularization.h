#pragma once
// ActivityRegularization(l1=0, l2=0): the identity, whose output carries an
// L1L2 activity penalty (Keras 3's layer; the penalty is divided by the
// batch size like every activity penalty, see Layer::losses).
#include "pydeep/layers/layer.h"

namespace pydeep::layers {

class ActivityRegularization : public UnaryLayer {
 public:
  // l1, l2: non-negative finite numbers (ValueError naming them otherwise).
  explicit ActivityRegularization(const Json& config);
  const char* class_name() const override { return "ActivityRegularization"; }
  bool supports_masking() const override { return true; }  // passes masks on (Keras)
  Json get_config() const override;  // name, trainable, dtype, l1, l2

 protected:
  Shape output_shape(const Shape& input) const override { return input; }
  Tensor forward(const Tensor& x, bool) override { return x; }

 private:
  Json l1_, l2_;
};

}  // namespace pydeep::layers
