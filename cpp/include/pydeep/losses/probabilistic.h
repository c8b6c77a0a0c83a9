#pragma once
// Probabilistic losses (Keras 3 formulas): crossentropies, KL divergence,
// Poisson. With from_logits=false, probabilities are clipped to
// [epsilon, 1 - epsilon] (epsilon = 1e-7) before the log, as Keras does;
// with from_logits=true the log-probabilities come from a numerically stable
// log_softmax / softplus formulation, so extreme logits stay finite.
#include <cstdint>
#include <optional>

#include "pydeep/losses/loss.h"

namespace pydeep::losses {

// Common config of the crossentropies: from_logits (false), label_smoothing
// (0.0, in [0, 1]) and axis (-1).
struct CrossentropyOptions {
  bool from_logits = false;
  double label_smoothing = 0.0;
  std::int64_t axis = -1;
};

// y_true, y_pred: same shape (after squeeze_or_expand_to_same_rank); labels
// smoothed towards 0.5; mean over `axis` of the elementwise crossentropy.
class BinaryCrossentropy : public Loss {
 public:
  explicit BinaryCrossentropy(const Json& config = Json());
  const char* class_name() const override { return "BinaryCrossentropy"; }
  Tensor call(const Tensor& y_true, const Tensor& y_pred) const override;
  Json get_config() const override;
  const CrossentropyOptions& options() const { return options_; }

 private:
  CrossentropyOptions options_;
};

// y_true: one-hot (or soft) labels, same shape as y_pred (..., classes along
// `axis`); labels smoothed as y * (1 - s) + s / y_true.shape[-1]. Without
// logits y_pred is first normalised to sum to one along `axis`.
class CategoricalCrossentropy : public Loss {
 public:
  explicit CategoricalCrossentropy(const Json& config = Json());
  const char* class_name() const override { return "CategoricalCrossentropy"; }
  Tensor call(const Tensor& y_true, const Tensor& y_pred) const override;
  Json get_config() const override;
  const CrossentropyOptions& options() const { return options_; }

 private:
  CrossentropyOptions options_;
};

// y_true: integer class ids (any integer dtype, or floats with integral
// values) of y_pred's shape without `axis`, or with a size-1 axis there;
// y_pred (..., classes, ...) -> per-sample (y_pred's shape without `axis`).
// Config: from_logits (false), ignore_class (null or an int: entries with
// that label count as zero and are left out of the averaging reductions),
// axis (-1). Throws IndexError naming the first out-of-range label.
class SparseCategoricalCrossentropy : public Loss {
 public:
  explicit SparseCategoricalCrossentropy(const Json& config = Json());
  const char* class_name() const override { return "SparseCategoricalCrossentropy"; }
  Tensor call(const Tensor& y_true, const Tensor& y_pred) const override;
  Tensor call_with_mask(const Tensor& y_true, const Tensor& y_pred, Tensor& mask) const override;
  Json get_config() const override;
  bool from_logits() const { return from_logits_; }
  std::optional<std::int64_t> ignore_class() const { return ignore_class_; }
  std::int64_t axis() const { return axis_; }

 private:
  // y_true as int64 labels of y_pred's shape without `axis` (validated).
  Tensor labels(const Tensor& y_true, const Tensor& y_pred, int axis) const;

  bool from_logits_ = false;
  std::optional<std::int64_t> ignore_class_;
  std::int64_t axis_ = -1;
};

// sum(t * log(t / p), axis=-1) with t = clip(y_true, eps, 1), p = clip(y_pred, eps, 1).
class KLDivergence : public Loss {
 public:
  explicit KLDivergence(const Json& config = Json());
  const char* class_name() const override { return "KLDivergence"; }
  Tensor call(const Tensor& y_true, const Tensor& y_pred) const override;
};

// mean(y_pred - y_true * log(y_pred + eps), axis=-1)
class Poisson : public Loss {
 public:
  explicit Poisson(const Json& config = Json());
  const char* class_name() const override { return "Poisson"; }
  Tensor call(const Tensor& y_true, const Tensor& y_pred) const override;
};

}  // namespace pydeep::losses
