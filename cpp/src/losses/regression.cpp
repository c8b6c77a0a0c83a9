// Regression losses, term for term as keras/src/losses/losses.py computes
// them (same order of float32 operations), from differentiable functions.
#include "pydeep/losses/regression.h"

#include <cmath>

#include "pydeep/autograd/functions.h"

namespace pydeep::losses {
namespace {

Tensor scalar(double v) { return Tensor::scalar(v); }

Tensor mean_last(const Tensor& x) { return mean(x, {-1}); }

}  // namespace

MeanSquaredError::MeanSquaredError(const Json& config) : Loss(config, "mean_squared_error") {
  check_config_keys(config, {});
}

Tensor MeanSquaredError::call(const Tensor& y_true, const Tensor& y_pred) const {
  const auto [yt, yp] = prepare(y_true, y_pred);
  check_shapes(yt, yp);
  return mean_last(square(subtract(yt, yp)));
}

MeanAbsoluteError::MeanAbsoluteError(const Json& config) : Loss(config, "mean_absolute_error") {
  check_config_keys(config, {});
}

Tensor MeanAbsoluteError::call(const Tensor& y_true, const Tensor& y_pred) const {
  const auto [yt, yp] = prepare(y_true, y_pred);
  check_shapes(yt, yp);
  return mean_last(abs(subtract(yt, yp)));
}

MeanAbsolutePercentageError::MeanAbsolutePercentageError(const Json& config)
    : Loss(config, "mean_absolute_percentage_error") {
  check_config_keys(config, {});
}

Tensor MeanAbsolutePercentageError::call(const Tensor& y_true, const Tensor& y_pred) const {
  const auto [yt, yp] = prepare(y_true, y_pred);
  check_shapes(yt, yp);
  const Tensor diff = abs(divide(subtract(yt, yp), maximum(abs(yt), scalar(kEpsilon))));
  return multiply(scalar(100.0), mean_last(diff));
}

MeanSquaredLogarithmicError::MeanSquaredLogarithmicError(const Json& config)
    : Loss(config, "mean_squared_logarithmic_error") {
  check_config_keys(config, {});
}

Tensor MeanSquaredLogarithmicError::call(const Tensor& y_true, const Tensor& y_pred) const {
  const auto [yt, yp] = prepare(y_true, y_pred);
  check_shapes(yt, yp);
  const Tensor eps = scalar(kEpsilon), one = scalar(1.0);
  const Tensor first_log = log(add(maximum(yp, eps), one));
  const Tensor second_log = log(add(maximum(yt, eps), one));
  return mean_last(square(subtract(first_log, second_log)));
}

Huber::Huber(const Json& config) : Loss(config, "huber_loss") {
  check_config_keys(config, {"delta"});
  delta_ = config.get("delta", Json(1.0)).as_double("Huber: `delta`");
  check(std::isfinite(delta_) && delta_ >= 0, "Huber: expected `delta` to be a finite number >= 0"
        "; received delta=", delta_, ".");
}

Tensor Huber::call(const Tensor& y_true, const Tensor& y_pred) const {
  const auto [yt, yp] = prepare(y_true, y_pred);
  check_shapes(yt, yp);
  const Tensor delta = scalar(delta_), half = scalar(0.5);
  const Tensor error = subtract(yp, yt);
  const Tensor abs_error = abs(error);
  return mean_last(where(less_equal(abs_error, delta), multiply(half, square(error)),
                         subtract(multiply(delta, abs_error), multiply(half, square(delta)))));
}

Json Huber::get_config() const {
  Json config = Loss::get_config();
  config.set("delta", delta_);
  return config;
}

LogCosh::LogCosh(const Json& config) : Loss(config, "log_cosh") { check_config_keys(config, {}); }

Tensor LogCosh::call(const Tensor& y_true, const Tensor& y_pred) const {
  const auto [yt, yp] = prepare(y_true, y_pred);
  check_shapes(yt, yp);
  const Tensor x = subtract(yp, yt);
  const Tensor log2 = scalar(static_cast<float>(std::log(2.0)));
  return mean_last(subtract(add(x, softplus(multiply(x, scalar(-2.0)))), log2));
}

}  // namespace pydeep::losses
