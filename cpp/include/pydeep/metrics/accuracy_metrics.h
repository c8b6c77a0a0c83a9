#pragma once
// Keras's accuracy metrics: means over samples of 0/1 matches, with the
// shapes of Keras's functions (keras/src/metrics/accuracy_metrics.py).
// Labels may be float or integer; ties in argmax pick the first index; a
// label outside [0, classes) never matches.
#include "pydeep/metrics/reduction_metrics.h"

namespace pydeep::metrics {

// y_true == y_pred elementwise (same shape up to a trailing 1).
// config: name ("accuracy").
class Accuracy : public MeanMetricWrapper {
 public:
  explicit Accuracy(const Json& config);
  const char* class_name() const override { return "Accuracy"; }
  const char* direction() const override { return "up"; }

 protected:
  void compute(const Tensor& y_true, const Tensor& y_pred, std::vector<double>& values,
               Shape& shape) override;
};

// y_true == (y_pred > threshold) elementwise. config: name
// ("binary_accuracy"), threshold (0.5).
class BinaryAccuracy : public MeanMetricWrapper {
 public:
  explicit BinaryAccuracy(const Json& config);
  const char* class_name() const override { return "BinaryAccuracy"; }
  const char* direction() const override { return "up"; }
  Json get_config() const override;

 protected:
  void compute(const Tensor& y_true, const Tensor& y_pred, std::vector<double>& values,
               Shape& shape) override;

 private:
  Json threshold_arg_;    // as given (get_config)
  float threshold_;       // as compared (Keras compares in float32)
};

// argmax(y_true) == argmax(y_pred) over the last axis; y_true one-hot with
// y_pred's shape: (..., classes) -> (...). config: name ("categorical_accuracy").
class CategoricalAccuracy : public MeanMetricWrapper {
 public:
  explicit CategoricalAccuracy(const Json& config);
  const char* class_name() const override { return "CategoricalAccuracy"; }
  const char* direction() const override { return "up"; }

 protected:
  void compute(const Tensor& y_true, const Tensor& y_pred, std::vector<double>& values,
               Shape& shape) override;
};

// y_true == argmax(y_pred); y_true: (...) or (..., 1) integer labels,
// y_pred: (..., classes) -> (...). config: name ("sparse_categorical_accuracy").
class SparseCategoricalAccuracy : public MeanMetricWrapper {
 public:
  explicit SparseCategoricalAccuracy(const Json& config);
  const char* class_name() const override { return "SparseCategoricalAccuracy"; }
  const char* direction() const override { return "up"; }

 protected:
  void compute(const Tensor& y_true, const Tensor& y_pred, std::vector<double>& values,
               Shape& shape) override;
};

// Whether the target class is among the k largest predictions (ties at the
// k-th value count as in, like keras.ops.in_top_k; k >= classes always
// matches). TopKCategoricalAccuracy: one-hot y_true of y_pred's shape;
// config: name ("top_k_categorical_accuracy"), k (5).
// SparseTopKCategoricalAccuracy: integer y_true with one label per row of
// y_pred; with from_sorted_ids, y_pred holds class ids sorted by score and
// a match is the label among its first k. config: name
// ("sparse_top_k_categorical_accuracy"), k (5), from_sorted_ids (false).
class TopKCategoricalAccuracy : public MeanMetricWrapper {
 public:
  explicit TopKCategoricalAccuracy(const Json& config, bool sparse = false);
  const char* class_name() const override {
    return sparse_ ? "SparseTopKCategoricalAccuracy" : "TopKCategoricalAccuracy";
  }
  const char* direction() const override { return "up"; }
  Json get_config() const override;

 protected:
  void compute(const Tensor& y_true, const Tensor& y_pred, std::vector<double>& values,
               Shape& shape) override;

 private:
  bool sparse_;
  std::int64_t k_;
  bool from_sorted_ids_ = false;
};

class SparseTopKCategoricalAccuracy : public TopKCategoricalAccuracy {
 public:
  explicit SparseTopKCategoricalAccuracy(const Json& config)
      : TopKCategoricalAccuracy(config, true) {}
};

}  // namespace pydeep::metrics
