#pragma once
// Loss functions with Keras 3 semantics. A Loss maps (y_true, y_pred) to
// per-sample values (call), then applies sample weights and the reduction
// (operator()). Everything is built from the differentiable functions of
// autograd, so the trainer differentiates the loss like any other op (with
// respect to y_pred, and to y_true or sample_weight when they require grad).
//
// The families live in regression.h, probabilistic.h, hinge.h and
// similarity.h; make_loss builds any of them from a Keras identifier.
//
// Thread-safety: a Loss is immutable after construction; distinct threads
// may call one Loss concurrently.
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "pydeep/core/json.h"
#include "pydeep/core/tensor.h"

namespace pydeep::losses {

// Keras 3 reductions: "sum_over_batch_size" (default: sum / number of
// elements), "sum", "mean" (same as sum_over_batch_size, kept apart so that
// get_config returns the spelling it was given), "mean_with_sample_weight"
// (sum / sum of weights; number of elements when there are no weights) and
// "none" (per-sample values, no reduction).
enum class Reduction { SumOverBatchSize, Sum, Mean, MeanWithSampleWeight, None };
Reduction reduction_from_name(const std::string& name);  // ValueError names the valid ones
const char* reduction_name(Reduction reduction);

// Keras's epsilon (keras.backend.epsilon()): the clip bound of probabilities.
constexpr float kEpsilon = 1e-7f;

class Loss {
 public:
  // Reads the common config keys: name (default_name when absent or null),
  // reduction (null = "none") and dtype (null or "float32"; anything else
  // raises NotImplementedError). Each subclass reads its own keys and calls
  // check_config_keys, so an unknown key raises ValueError naming it.
  explicit Loss(const Json& config, const std::string& default_name);
  virtual ~Loss() = default;

  virtual const char* class_name() const = 0;
  // Per-sample losses: y_pred (batch, ..., d) -> (batch, ...) (Keras's loss
  // functions reduce the last axis, or `axis`). y_true is converted to
  // float32 unless the loss takes integer labels; a trailing size-1 axis is
  // squeezed or added as Keras's squeeze_or_expand_to_same_rank does. Throws
  // ValueError naming the loss and both shapes when they do not fit.
  virtual Tensor call(const Tensor& y_true, const Tensor& y_pred) const = 0;
  // call() plus a bool mask (call()'s shape) of the entries that count, or
  // an undefined mask when all do (the default). The reduction divides by
  // the number of counted entries, as Keras does with a loss's Keras mask.
  virtual Tensor call_with_mask(const Tensor& y_true, const Tensor& y_pred, Tensor& mask) const;
  // call_with_mask, then sample_weight (broadcast against the per-sample
  // losses; undefined = all ones), then the reduction. Returns a scalar
  // unless the reduction is "none" (or the per-sample losses are a scalar).
  Tensor operator()(const Tensor& y_true, const Tensor& y_pred,
                    const Tensor& sample_weight = Tensor()) const;
  // The same for a prediction that carries a Keras mask (bool, undefined for
  // none; e.g. (batch, time) for a masked sequence): masked entries do not
  // count, and the mean is over the counted ones, as Keras does.
  Tensor operator()(const Tensor& y_true, const Tensor& y_pred, const Tensor& sample_weight,
                    const Tensor& y_pred_mask) const;
  // {"name": ..., "reduction": ...} plus each subclass's own arguments.
  virtual Json get_config() const;

  const std::string& name() const { return name_; }
  Reduction reduction() const { return reduction_; }

 protected:
  // ValueError naming the loss and the first key of `config` that is neither
  // a common key nor in `own_keys`.
  void check_config_keys(const Json& config, const std::vector<const char*>& own_keys) const;
  // Keras's LossFunctionWrapper prologue: y_pred (and, when `float_labels`,
  // y_true) as float32, then squeeze_or_expand_to_same_rank.
  std::pair<Tensor, Tensor> prepare(const Tensor& y_true, const Tensor& y_pred,
                                    bool float_labels = true) const;
  // ValueError "<class>: y_true and y_pred shapes do not fit (<why>): y_true.shape=...,
  // y_pred.shape=..." unless the shapes broadcast (same_shape: are equal).
  void check_shapes(const Tensor& y_true, const Tensor& y_pred, bool same_shape = false) const;
  [[noreturn]] void shape_error(const Tensor& y_true, const Tensor& y_pred,
                                const std::string& why) const;
  // Normalizes `axis` for y_pred, raising ValueError naming the loss when
  // y_pred is a scalar or the axis is out of range.
  int class_axis(std::int64_t axis, const Tensor& y_pred) const;

 private:
  std::string name_;
  Reduction reduction_;
};

// Keras's squeeze_or_expand_to_same_rank: when the ranks differ by exactly
// one and the longer tensor's last axis has size 1, squeezes it (or, when the
// shorter one has rank 1 and expand_rank_1, expands the shorter one instead).
std::pair<Tensor, Tensor> squeeze_or_expand_to_same_rank(const Tensor& x1, const Tensor& x2,
                                                         bool expand_rank_1 = true);

// Keras's reduce_weighted_values: merges `mask` (bool, may be undefined) into
// `sample_weight` (may be undefined), weights `values` and reduces them.
// `who` names the caller in errors (sample weights that do not broadcast).
Tensor reduce_weighted_values(const Tensor& values, const Tensor& sample_weight,
                              const Tensor& mask, Reduction reduction,
                              const std::string& who = "loss");

// A loss from a Keras identifier: a function name or alias ("mse",
// "mean_squared_error", "categorical_crossentropy", "kld", "logcosh", ...)
// or a class name ("MeanSquaredError"), configured by `config` (the class's
// constructor arguments; null = defaults). A function name gets the default
// name of its class. Throws ValueError listing the known names for an
// unknown identifier, NotImplementedError for a Keras loss pydeep lacks.
std::shared_ptr<Loss> make_loss(const std::string& identifier, const Json& config = Json());
// The identifiers make_loss accepts, in registry order.
std::vector<std::string> loss_names();

}  // namespace pydeep::losses
