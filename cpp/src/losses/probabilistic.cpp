// Crossentropies, KL divergence and Poisson, as Keras 3 computes them
// (keras/src/losses/losses.py and the torch backend's nn.py), from
// differentiable functions.
#include "pydeep/losses/probabilistic.h"

#include <cmath>
#include <limits>

#include "pydeep/autograd/functions.h"

namespace pydeep::losses {
namespace {

const float kOneMinusEpsilon = static_cast<float>(1.0 - kEpsilon);

Tensor scalar(double v) { return Tensor::scalar(v); }

CrossentropyOptions read_options(const Json& config, const char* cls, bool smoothing) {
  CrossentropyOptions o;
  o.from_logits = config.get("from_logits", Json(false)).as_bool("`from_logits`");
  o.axis = config.get("axis", Json(-1)).as_int("`axis`");
  if (smoothing) {
    o.label_smoothing = config.get("label_smoothing", Json(0.0)).as_double("`label_smoothing`");
    check(std::isfinite(o.label_smoothing) && o.label_smoothing >= 0 && o.label_smoothing <= 1,
          cls, ": expected `label_smoothing` in [0, 1]; received label_smoothing=",
          o.label_smoothing, ".");
  }
  return o;
}

Json options_config(Json config, const CrossentropyOptions& o) {
  config.set("from_logits", o.from_logits);
  config.set("label_smoothing", o.label_smoothing);
  config.set("axis", o.axis);
  return config;
}

// log of y_pred normalised along `axis` and clipped to [eps, 1 - eps]
// (the torch backend's categorical/sparse crossentropy without logits).
Tensor clipped_log_probabilities(const Tensor& y_pred, int axis) {
  const Tensor p = divide(y_pred, sum(y_pred, {axis}, true));
  return log(clip(p, kEpsilon, kOneMinusEpsilon));
}

}  // namespace

BinaryCrossentropy::BinaryCrossentropy(const Json& config) : Loss(config, "binary_crossentropy") {
  check_config_keys(config, {"from_logits", "label_smoothing", "axis"});
  options_ = read_options(config, class_name(), true);
}

Tensor BinaryCrossentropy::call(const Tensor& y_true, const Tensor& y_pred) const {
  auto [yt, yp] = prepare(y_true, y_pred);
  check_shapes(yt, yp, /*same_shape=*/true);
  const int axis = class_axis(options_.axis, yp);
  const double s = options_.label_smoothing;
  if (s != 0) yt = add(multiply(yt, scalar(1.0 - s)), scalar(0.5 * s));
  Tensor bce;
  if (options_.from_logits) {
    // softplus(x) - x*z = max(x, 0) - x*z + log1p(exp(-|x|)): finite for any
    // logit, and its gradient sigmoid(x) - z is exact at x = 0 too.
    bce = subtract(softplus(yp), multiply(yp, yt));
  } else {
    const Tensor p = clip(yp, kEpsilon, kOneMinusEpsilon);
    bce = subtract(multiply(subtract(yt, scalar(1.0)), log1p(negative(p))), multiply(yt, log(p)));
  }
  return mean(bce, {axis});
}

Json BinaryCrossentropy::get_config() const { return options_config(Loss::get_config(), options_); }

CategoricalCrossentropy::CategoricalCrossentropy(const Json& config)
    : Loss(config, "categorical_crossentropy") {
  check_config_keys(config, {"from_logits", "label_smoothing", "axis"});
  options_ = read_options(config, class_name(), true);
}

Tensor CategoricalCrossentropy::call(const Tensor& y_true, const Tensor& y_pred) const {
  auto [yt, yp] = prepare(y_true, y_pred);
  check_shapes(yt, yp, /*same_shape=*/true);
  const int axis = class_axis(options_.axis, yp);
  const double s = options_.label_smoothing;
  if (s != 0) {
    // Keras divides by the size of the last axis, whatever `axis` is.
    const double num_classes = static_cast<double>(yt.shape().back());
    yt = add(multiply(yt, scalar(1.0 - s)), scalar(s / num_classes));
  }
  const Tensor log_prob =
      options_.from_logits ? log_softmax(yp, axis) : clipped_log_probabilities(yp, axis);
  return negative(sum(multiply(yt, log_prob), {axis}));
}

Json CategoricalCrossentropy::get_config() const {
  return options_config(Loss::get_config(), options_);
}

SparseCategoricalCrossentropy::SparseCategoricalCrossentropy(const Json& config)
    : Loss(config, "sparse_categorical_crossentropy") {
  check_config_keys(config, {"from_logits", "ignore_class", "axis"});
  const CrossentropyOptions o = read_options(config, class_name(), false);
  from_logits_ = o.from_logits;
  axis_ = o.axis;
  const Json ignore = config.get("ignore_class", Json());  // a copy, as in Loss::Loss
  if (!ignore.is_null()) ignore_class_ = ignore.as_int("`ignore_class`");
}

Tensor SparseCategoricalCrossentropy::labels(const Tensor& y_true, const Tensor& y_pred,
                                             int axis) const {
  Tensor yt = y_true;
  if (yt.ndim() == y_pred.ndim() && yt.dim(axis) == 1) yt = squeeze(yt, {axis});
  Shape expected = y_pred.shape();
  expected.erase(expected.begin() + axis);
  if (yt.shape() != expected)
    shape_error(y_true, y_pred, str("expected y_true.shape == ", shape_str(expected),
                                    ", y_pred's shape without the class axis ", axis));
  const Tensor labels = cast(yt, DType::Int64);
  if (is_floating(yt.dtype()) && yt.numel() > 0) {
    // Class ids given as floats (Keras converts y_true to float32) must be whole numbers.
    const Tensor fractional = not_equal(cast(labels, DType::Float32), yt);
    if (sum(cast(fractional, DType::Float32)).item() > 0) {
      const double bad =
          max(where(fractional, yt, scalar(-std::numeric_limits<double>::infinity()))).item();
      throw ValueError(str(class_name(), " (", name(), "): expected integer class ids in y_true"
                           "; received the label ", bad, "."));
    }
  }
  return labels;
}

Tensor SparseCategoricalCrossentropy::call(const Tensor& y_true, const Tensor& y_pred) const {
  Tensor mask;
  return call_with_mask(y_true, y_pred, mask);
}

Tensor SparseCategoricalCrossentropy::call_with_mask(const Tensor& y_true, const Tensor& y_pred,
                                                     Tensor& mask) const {
  auto [yt, yp] = prepare(y_true, y_pred, /*float_labels=*/false);
  const int axis = class_axis(axis_, yp);
  const std::int64_t num_classes = yp.dim(axis);
  Tensor labels = this->labels(yt, yp, axis);
  Tensor valid;
  if (ignore_class_) {
    valid = not_equal(labels, Tensor::scalar(static_cast<double>(*ignore_class_), DType::Int64));
    labels = where(valid, labels, Tensor::scalar(0.0, DType::Int64));
    yp = where(expand_dims(valid, axis), yp, scalar(0.0));
  }
  if (labels.numel() > 0) {
    const double lo = min(labels).item(), hi = max(labels).item();
    const double bad = lo < 0 ? lo : hi;
    if (lo < 0 || hi >= static_cast<double>(num_classes))
      throw IndexError(str(class_name(), " (", name(), "): received the label ",
                           static_cast<std::int64_t>(bad), ", which is outside the valid range",
                           " [0, ", num_classes, ") of y_pred.shape=",
                           shape_str(y_pred.shape()), " along axis ", axis, "."));
  }
  Tensor log_prob = from_logits_ ? log_softmax(yp, axis) : clipped_log_probabilities(yp, axis);
  if (axis != yp.ndim() - 1) {
    std::vector<int> perm;
    for (int i = 0; i < yp.ndim(); ++i)
      if (i != axis) perm.push_back(i);
    perm.push_back(axis);
    log_prob = transpose(log_prob, perm);
  }
  Tensor result = negative(sum(multiply(one_hot(labels, num_classes), log_prob), {-1}));
  mask = Tensor();
  if (ignore_class_) {
    result = where(valid, result, scalar(0.0));
    mask = valid;
  }
  return result;
}

Json SparseCategoricalCrossentropy::get_config() const {
  Json config = Loss::get_config();
  config.set("from_logits", from_logits_);
  config.set("ignore_class", ignore_class_ ? Json(*ignore_class_) : Json());
  config.set("axis", axis_);
  return config;
}

KLDivergence::KLDivergence(const Json& config) : Loss(config, "kl_divergence") {
  check_config_keys(config, {});
}

Tensor KLDivergence::call(const Tensor& y_true, const Tensor& y_pred) const {
  const auto [yt, yp] = prepare(y_true, y_pred);
  check_shapes(yt, yp);
  const Tensor t = clip(yt, kEpsilon, 1.0f), p = clip(yp, kEpsilon, 1.0f);
  return sum(multiply(t, log(divide(t, p))), {-1});
}

Poisson::Poisson(const Json& config) : Loss(config, "poisson") { check_config_keys(config, {}); }

Tensor Poisson::call(const Tensor& y_true, const Tensor& y_pred) const {
  const auto [yt, yp] = prepare(y_true, y_pred);
  check_shapes(yt, yp);
  return mean(subtract(yp, multiply(yt, log(add(yp, scalar(kEpsilon))))), {-1});
}

}  // namespace pydeep::losses
