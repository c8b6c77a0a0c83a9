#pragma once
// Keras's regression metrics (keras/src/metrics/regression_metrics.py):
// means over samples of per-sample errors. y_true and y_pred have one shape
// up to a trailing 1 (Keras's squeeze_or_expand_to_same_rank); the
// per-sample error of MeanSquaredError, MeanAbsoluteError,
// MeanAbsolutePercentageError, MeanSquaredLogarithmicError, LogCoshError and
// CosineSimilarity reduces the last axis, (..., d) -> (...), exactly like
// Keras's functions (so 1-D inputs give one value per batch, as in Keras).
// RootMeanSquaredError averages squared errors elementwise, then takes the
// square root. Every config takes only name (default below).
#include "pydeep/metrics/reduction_metrics.h"

namespace pydeep::metrics {

enum class ErrorKind {
  SquaredError,            // (t - p)^2
  AbsoluteError,           // |t - p|
  AbsolutePercentageError, // 100 |t - p| / max(|t|, 1e-7)
  SquaredLogarithmicError, // (log(max(p, 1e-7) + 1) - log(max(t, 1e-7) + 1))^2
  LogCosh,                 // x + softplus(-2x) - log 2, x = p - t
};

// Mean over the last axis (or, for RootMeanSquaredError, elementwise values)
// of an error function of (y_true, y_pred).
class ErrorMetric : public MeanMetricWrapper {
 public:
  ErrorMetric(const Json& config, const char* class_name, const char* default_name,
              ErrorKind kind, bool reduce_last_axis = true);
  const char* class_name() const override { return class_name_; }
  const char* direction() const override { return "down"; }

 protected:
  void compute(const Tensor& y_true, const Tensor& y_pred, std::vector<double>& values,
               Shape& shape) override;

 private:
  const char* class_name_;
  ErrorKind kind_;
  bool reduce_last_axis_;
};

struct MeanSquaredError : ErrorMetric {
  explicit MeanSquaredError(const Json& config)
      : ErrorMetric(config, "MeanSquaredError", "mean_squared_error", ErrorKind::SquaredError) {}
};
struct MeanAbsoluteError : ErrorMetric {
  explicit MeanAbsoluteError(const Json& config)
      : ErrorMetric(config, "MeanAbsoluteError", "mean_absolute_error",
                    ErrorKind::AbsoluteError) {}
};
struct MeanAbsolutePercentageError : ErrorMetric {
  explicit MeanAbsolutePercentageError(const Json& config)
      : ErrorMetric(config, "MeanAbsolutePercentageError", "mean_absolute_percentage_error",
                    ErrorKind::AbsolutePercentageError) {}
};
struct MeanSquaredLogarithmicError : ErrorMetric {
  explicit MeanSquaredLogarithmicError(const Json& config)
      : ErrorMetric(config, "MeanSquaredLogarithmicError", "mean_squared_logarithmic_error",
                    ErrorKind::SquaredLogarithmicError) {}
};
struct LogCoshError : ErrorMetric {
  explicit LogCoshError(const Json& config)
      : ErrorMetric(config, "LogCoshError", "logcosh", ErrorKind::LogCosh) {}
};

// sqrt of the weighted mean of the elementwise squared errors.
class RootMeanSquaredError : public ErrorMetric {
 public:
  explicit RootMeanSquaredError(const Json& config);
  double result() const override;
};

// Cosine similarity along the last axis: sum(l2_normalize(t) * l2_normalize(p)),
// where l2_normalize(x) = x * min(1 / |x|, 1e7) as keras.ops.normalize.
// config: name ("cosine_similarity"), axis (-1; other axes are not
// supported: NotImplementedError).
class CosineSimilarity : public MeanMetricWrapper {
 public:
  explicit CosineSimilarity(const Json& config);
  const char* class_name() const override { return "CosineSimilarity"; }
  const char* direction() const override { return "up"; }
  Json get_config() const override;

 protected:
  void compute(const Tensor& y_true, const Tensor& y_pred, std::vector<double>& values,
               Shape& shape) override;
};

}  // namespace pydeep::metrics
