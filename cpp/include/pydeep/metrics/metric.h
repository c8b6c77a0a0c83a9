#pragma once
// Stateful metrics with Keras 3 semantics: update_state accumulates over
// batches, result() reads the value, reset_state() starts over. Metrics read
// host (CPU) memory directly with plain loops and accumulate in double: no
// autograd and no tensor allocation per update (the loss-based metrics of
// loss_metric.h are the one exception: they run the loss itself), so that the
// training loop can update them every batch.
//
// Inputs: y_true/y_pred/sample_weight of any dtype (float32, int32, int64,
// bool) are read as numbers; tensors on another device throw
// NotImplementedError. Shapes follow Keras (y_true and y_pred of equal rank,
// or differing by one trailing axis of size 1); a mismatch throws ValueError
// naming the metric and the shapes.
//
// Thread-safety: one metric object must not be updated from two threads at
// once; distinct metric objects are independent.
#include <memory>
#include <string>
#include <vector>

#include "pydeep/core/json.h"
#include "pydeep/core/tensor.h"

namespace pydeep::metrics {

class Metric {
 public:
  // Reads the common config keys: name (default_name when absent or null)
  // and dtype (null or "float32"; any other dtype throws
  // NotImplementedError: pydeep metrics accumulate in double and report
  // float32 like Keras's default).
  Metric(const Json& config, const std::string& default_name);
  virtual ~Metric() = default;

  // The Keras class name ("Precision", "MeanSquaredError", ...).
  virtual const char* class_name() const = 0;
  // sample_weight undefined = all ones. Throws ValueError naming the metric
  // and the shapes on mismatch.
  virtual void update_state(const Tensor& y_true, const Tensor& y_pred,
                            const Tensor& sample_weight = Tensor()) = 0;
  // The current value. Metrics with several values (Precision, Recall and the
  // confusion counts given several thresholds) throw ValueError here: read
  // them with result_values().
  virtual double result() const = 0;
  // All values of the result: {result()} for scalar metrics, one value per
  // threshold for confusion metrics given several thresholds.
  virtual std::vector<double> result_values() const { return {result()}; }
  virtual void reset_state() = 0;
  // {"name": ..., "dtype": "float32"} plus each subclass's own arguments, as
  // Keras's get_config; make_metric(class_name(), get_config()) rebuilds an
  // equivalent (empty) metric.
  virtual Json get_config() const;
  // "up" when larger is better (accuracies, AUC, precision...), "down" for
  // errors and losses, "" when it depends (Mean, Sum, confusion counts):
  // what EarlyStopping/ModelCheckpoint's mode="auto" needs.
  virtual const char* direction() const { return ""; }

  const std::string& name() const { return name_; }
  // Keras's compile renames a metric after its identifier ("acc", "mse").
  void set_name(std::string name) { name_ = std::move(name); }

 private:
  std::string name_;
};

// A metric from a Keras identifier: a class name ("AUC", "Precision",
// "MeanSquaredError", ...) with `config` (its constructor arguments, as
// get_config returns them), a snake-case name or alias ("mse", "mae",
// "binary_accuracy", "categorical_accuracy", "sparse_categorical_accuracy",
// "top_k_categorical_accuracy", "auc", "precision", ...; default name: the
// class's, as Keras's metrics.get), or any loss name that losses::make_loss
// knows ("huber", "kl_divergence", ...): the mean of the per-sample loss,
// named after the identifier. "accuracy"/"acc" must be resolved first
// (resolve_accuracy; Keras's compile resolves any capitalisation of them):
// they throw ValueError here; "Accuracy" is Keras's exact-equality class.
// Throws ValueError for unknown names or config keys, NotImplementedError
// for unsupported arguments.
std::shared_ptr<Metric> make_metric(const std::string& identifier, const Json& config = Json());

// Keras 3's resolution of "accuracy" for a model output
// (keras/src/trainers/compile_utils.py get_metric): "binary_accuracy" when
// y_pred has one unit (last axis 1), "sparse_categorical_accuracy" when
// y_true has a lower rank than y_pred or ends in 1 while y_pred ends in more,
// "categorical_accuracy" otherwise. Keras 3 decides from the shapes alone.
// An empty y_true_shape means "not known yet" (compile time, before any
// data): the loss class stands in for it, as the shape of y_true that the
// loss requires: labels of "SparseCategoricalCrossentropy" are sparse, every
// other loss takes y_true of y_pred's shape. A dimension of -1 means unknown.
// Throws ValueError for a rank-0 y_pred.
std::string resolve_accuracy(const std::string& loss_class, const Shape& y_true_shape,
                             const Shape& y_pred_shape);

}  // namespace pydeep::metrics
