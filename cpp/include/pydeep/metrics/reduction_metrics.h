#pragma once
// Keras's reduction metrics: Sum and Mean of given values, and
// MeanMetricWrapper, the mean over samples of a per-sample function of
// (y_true, y_pred) — the base of the accuracies and error metrics.
//
// Sample weights follow Keras's reduce_to_samplewise_values: values and
// weights are brought to the same rank (a trailing 1 squeezed or added),
// values of higher rank are first reduced (mean for Mean, sum for Sum) over
// the axes the weights lack, weights are broadcast to the values (numpy
// rules), and each sample contributes mean(values * weights) over its
// remaining axes to the total and mean(weights) to the count.
#include <string>
#include <vector>

#include "pydeep/metrics/metric.h"

namespace pydeep::metrics {

// Metrics updated with values rather than (y_true, y_pred): Mean and Sum.
class ValuesMetric : public Metric {
 public:
  using Metric::Metric;
  // values: any shape (batch first); sample_weight undefined = all ones.
  virtual void update_values(const Tensor& values, const Tensor& sample_weight = Tensor()) = 0;
  // Throws TypeError: these metrics take update_values(values, sample_weight)
  // and cannot follow a model output (as in Keras, where Mean is no compiled
  // metric).
  void update_state(const Tensor& y_true, const Tensor& y_pred,
                    const Tensor& sample_weight = Tensor()) override;
};

// Keras Sum: the (weighted) sum of all values seen. config: name ("sum").
class Sum : public ValuesMetric {
 public:
  explicit Sum(const Json& config);
  const char* class_name() const override { return "Sum"; }
  void update_values(const Tensor& values, const Tensor& sample_weight = Tensor()) override;
  double result() const override { return total_; }
  void reset_state() override { total_ = 0.0; }

 private:
  double total_ = 0.0;
};

// Keras Mean: total / count (0 while count is 0, like divide_no_nan).
// config: name ("mean").
class Mean : public ValuesMetric {
 public:
  explicit Mean(const Json& config, const std::string& default_name = "mean");
  const char* class_name() const override { return "Mean"; }
  void update_values(const Tensor& values, const Tensor& sample_weight = Tensor()) override;
  double result() const override { return count_ == 0.0 ? 0.0 : total_ / count_; }
  void reset_state() override { total_ = count_ = 0.0; }

 protected:
  // Accumulates per-sample values (flat, row-major, of `shape`) with the
  // sample-weight rules above.
  void accumulate(const std::vector<double>& values, const Shape& shape,
                  const Tensor& sample_weight);

 private:
  double total_ = 0.0, count_ = 0.0;
};

// Keras MeanMetricWrapper: the weighted mean over samples of a per-sample
// function, which each subclass implements in compute() with the exact
// shapes of Keras's function (e.g. mean_squared_error reduces the last axis).
class MeanMetricWrapper : public Mean {
 public:
  using Mean::Mean;
  void update_state(const Tensor& y_true, const Tensor& y_pred,
                    const Tensor& sample_weight = Tensor()) override;
  // The per-sample values of one batch as a new float32 tensor: Keras's
  // function forms (keras.metrics.binary_accuracy, ...).
  Tensor samplewise_values(const Tensor& y_true, const Tensor& y_pred);

 protected:
  // Writes fn(y_true, y_pred) into `values` (resized as needed; its capacity
  // is reused from batch to batch) and its shape into `shape`. Throws
  // ValueError naming the metric and both shapes when they do not fit.
  virtual void compute(const Tensor& y_true, const Tensor& y_pred, std::vector<double>& values,
                       Shape& shape) = 0;
  // "<ClassName>" for error messages.
  const char* where() const { return class_name(); }

 private:
  std::vector<double> values_;
  Shape shape_;
};

}  // namespace pydeep::metrics
