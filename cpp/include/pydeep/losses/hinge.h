#pragma once
// Hinge losses (Keras 3 formulas) for labels in {-1, 1}. Hinge and
// SquaredHinge convert labels to {-1, 1} (2 y - 1) when every label is 0 or
// 1, as Keras does; CategoricalHinge takes one-hot labels.
#include "pydeep/losses/loss.h"

namespace pydeep::losses {

// mean(maximum(1 - y_true * y_pred, 0), axis=-1)
class Hinge : public Loss {
 public:
  explicit Hinge(const Json& config = Json());
  const char* class_name() const override { return "Hinge"; }
  Tensor call(const Tensor& y_true, const Tensor& y_pred) const override;
};

// mean(square(maximum(1 - y_true * y_pred, 0)), axis=-1)
class SquaredHinge : public Loss {
 public:
  explicit SquaredHinge(const Json& config = Json());
  const char* class_name() const override { return "SquaredHinge"; }
  Tensor call(const Tensor& y_true, const Tensor& y_pred) const override;
};

// maximum(max((1 - y_true) * y_pred, axis=-1) - sum(y_true * y_pred, axis=-1) + 1, 0)
class CategoricalHinge : public Loss {
 public:
  explicit CategoricalHinge(const Json& config = Json());
  const char* class_name() const override { return "CategoricalHinge"; }
  Tensor call(const Tensor& y_true, const Tensor& y_pred) const override;
};

}  // namespace pydeep::losses
