#pragma once
// Regression losses (Keras 3 formulas). Each maps y_true, y_pred of shape
// (batch, ..., d) — after squeeze_or_expand_to_same_rank, broadcasting as
// numpy does — to per-sample values (batch, ...), averaging the last axis.
// Config keys: name, reduction, dtype, plus `delta` for Huber.
#include "pydeep/losses/loss.h"

namespace pydeep::losses {

// mean(square(y_true - y_pred), axis=-1)
class MeanSquaredError : public Loss {
 public:
  explicit MeanSquaredError(const Json& config = Json());
  const char* class_name() const override { return "MeanSquaredError"; }
  Tensor call(const Tensor& y_true, const Tensor& y_pred) const override;
};

// mean(abs(y_true - y_pred), axis=-1)
class MeanAbsoluteError : public Loss {
 public:
  explicit MeanAbsoluteError(const Json& config = Json());
  const char* class_name() const override { return "MeanAbsoluteError"; }
  Tensor call(const Tensor& y_true, const Tensor& y_pred) const override;
};

// 100 * mean(abs((y_true - y_pred) / maximum(abs(y_true), epsilon)), axis=-1)
class MeanAbsolutePercentageError : public Loss {
 public:
  explicit MeanAbsolutePercentageError(const Json& config = Json());
  const char* class_name() const override { return "MeanAbsolutePercentageError"; }
  Tensor call(const Tensor& y_true, const Tensor& y_pred) const override;
};

// mean(square(log(maximum(y_pred, eps) + 1) - log(maximum(y_true, eps) + 1)), axis=-1)
class MeanSquaredLogarithmicError : public Loss {
 public:
  explicit MeanSquaredLogarithmicError(const Json& config = Json());
  const char* class_name() const override { return "MeanSquaredLogarithmicError"; }
  Tensor call(const Tensor& y_true, const Tensor& y_pred) const override;
};

// e = y_pred - y_true; mean(|e| <= delta ? e^2 / 2 : delta * |e| - delta^2 / 2, axis=-1).
// Config: delta (default 1.0, finite and >= 0).
class Huber : public Loss {
 public:
  explicit Huber(const Json& config = Json());
  const char* class_name() const override { return "Huber"; }
  Tensor call(const Tensor& y_true, const Tensor& y_pred) const override;
  Json get_config() const override;
  double delta() const { return delta_; }

 private:
  double delta_;
};

// e = y_pred - y_true; mean(e + softplus(-2 e) - log(2), axis=-1) (= log(cosh(e)), stable).
class LogCosh : public Loss {
 public:
  explicit LogCosh(const Json& config = Json());
  const char* class_name() const override { return "LogCosh"; }
  Tensor call(const Tensor& y_true, const Tensor& y_pred) const override;
};

}  // namespace pydeep::losses
