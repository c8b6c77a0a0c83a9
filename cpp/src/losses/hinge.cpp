// Hinge losses as keras/src/losses/losses.py computes them.
#include "pydeep/losses/hinge.h"

#include "pydeep/autograd/functions.h"

namespace pydeep::losses {
namespace {

Tensor scalar(double v) { return Tensor::scalar(v); }

// Keras's convert_binary_labels_to_hinge: 2 y - 1 when every label is 0 or
// 1, the labels unchanged otherwise (decided on the whole batch, as Keras
// does). The decision stays a tensor, so no value is read back to the host.
Tensor hinge_labels(const Tensor& y_true) {
  const Tensor binary = logical_or(equal(y_true, scalar(0.0)), equal(y_true, scalar(1.0)));
  const Tensor all_binary = equal(sum(cast(logical_not(binary), DType::Float32)), scalar(0.0));
  return where(all_binary, subtract(multiply(scalar(2.0), y_true), scalar(1.0)), y_true);
}

// maximum(1 - y_true * y_pred, 0) with hinge labels.
Tensor margins(const Tensor& y_true, const Tensor& y_pred) {
  return maximum(subtract(scalar(1.0), multiply(hinge_labels(y_true), y_pred)), scalar(0.0));
}

}  // namespace

Hinge::Hinge(const Json& config) : Loss(config, "hinge") { check_config_keys(config, {}); }

Tensor Hinge::call(const Tensor& y_true, const Tensor& y_pred) const {
  const auto [yt, yp] = prepare(y_true, y_pred);
  check_shapes(yt, yp);
  return mean(margins(yt, yp), {-1});
}

SquaredHinge::SquaredHinge(const Json& config) : Loss(config, "squared_hinge") {
  check_config_keys(config, {});
}

Tensor SquaredHinge::call(const Tensor& y_true, const Tensor& y_pred) const {
  const auto [yt, yp] = prepare(y_true, y_pred);
  check_shapes(yt, yp);
  return mean(square(margins(yt, yp)), {-1});
}

CategoricalHinge::CategoricalHinge(const Json& config) : Loss(config, "categorical_hinge") {
  check_config_keys(config, {});
}

Tensor CategoricalHinge::call(const Tensor& y_true, const Tensor& y_pred) const {
  const auto [yt, yp] = prepare(y_true, y_pred);
  check_shapes(yt, yp);
  const Tensor pos = sum(multiply(yt, yp), {-1});
  const Tensor neg = max(multiply(subtract(scalar(1.0), yt), yp), {-1});
  return maximum(add(subtract(neg, pos), scalar(1.0)), scalar(0.0));
}

}  // namespace pydeep::losses
