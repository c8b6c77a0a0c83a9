#include "pydeep/metrics/regression_metrics.h"

#include <algorithm>
#include <cmath>

#include "metrics/metric_input.h"

namespace pydeep::metrics {
namespace {

using detail::HostView;

constexpr double kEpsilon = 1e-7;  // keras.backend.epsilon()

double softplus(double z) { return std::max(z, 0.0) + std::log1p(std::exp(-std::abs(z))); }

double error(ErrorKind kind, double t, double p) {
  switch (kind) {
    case ErrorKind::SquaredError: return (t - p) * (t - p);
    case ErrorKind::AbsoluteError: return std::abs(t - p);
    case ErrorKind::AbsolutePercentageError:
      return 100.0 * std::abs(t - p) / std::max(std::abs(t), kEpsilon);
    case ErrorKind::SquaredLogarithmicError: {
      const double d = std::log1p(std::max(p, kEpsilon)) - std::log1p(std::max(t, kEpsilon));
      return d * d;
    }
    case ErrorKind::LogCosh: {
      const double x = p - t;
      return x + softplus(-2.0 * x) - std::log(2.0);
    }
  }
  return 0.0;
}

// y_true and y_pred of one shape up to a trailing 1; returns that shape.
Shape paired_shape(const HostView& yt, const HostView& yp, const char* where) {
  Shape st = yt.shape, sp = yp.shape;
  detail::squeeze_or_expand(st, sp);
  check(st == sp, where, ": y_true and y_pred must have the same shape; received y_true ",
        shape_str(yt.shape), " and y_pred ", shape_str(yp.shape), ".");
  return sp;
}

}  // namespace

ErrorMetric::ErrorMetric(const Json& config, const char* class_name, const char* default_name,
                         ErrorKind kind, bool reduce_last_axis)
    : MeanMetricWrapper(config, default_name),
      class_name_(class_name),
      kind_(kind),
      reduce_last_axis_(reduce_last_axis) {
  detail::check_config_keys(config, {}, class_name);
}

void ErrorMetric::compute(const Tensor& y_true, const Tensor& y_pred,
                          std::vector<double>& values, Shape& shape) {
  const HostView yt(y_true, where(), "y_true"), yp(y_pred, where(), "y_pred");
  shape = paired_shape(yt, yp, where());
  // Keras computes in float32: inputs are read as float32 values.
  if (!reduce_last_axis_ || shape.empty()) {
    values.resize(static_cast<std::size_t>(yp.numel()));
    for (std::int64_t i = 0; i < yp.numel(); ++i)
      values[i] = error(kind_, yt.as_float(i), yp.as_float(i));
    return;
  }
  const std::int64_t d = shape.back();
  shape.pop_back();
  const std::int64_t rows = numel(shape);
  values.resize(static_cast<std::size_t>(rows));
  for (std::int64_t r = 0; r < rows; ++r) {
    double sum = 0.0;
    for (std::int64_t j = r * d; j < (r + 1) * d; ++j)
      sum += error(kind_, yt.as_float(j), yp.as_float(j));
    values[r] = d > 0 ? sum / static_cast<double>(d) : std::nan("");
  }
}

RootMeanSquaredError::RootMeanSquaredError(const Json& config)
    : ErrorMetric(config, "RootMeanSquaredError", "root_mean_squared_error",
                  ErrorKind::SquaredError, false) {}

double RootMeanSquaredError::result() const { return std::sqrt(ErrorMetric::result()); }

CosineSimilarity::CosineSimilarity(const Json& config)
    : MeanMetricWrapper(config, "cosine_similarity") {
  detail::check_config_keys(config, {"axis"}, "CosineSimilarity");
  const std::int64_t axis = config.get("axis", Json(-1)).as_int("axis");
  if (axis != -1)
    throw NotImplementedError(str("CosineSimilarity: only axis=-1 is supported; received axis=",
                                  axis));
}

Json CosineSimilarity::get_config() const {
  Json config = Metric::get_config();
  config.set("axis", Json(-1));
  return config;
}

void CosineSimilarity::compute(const Tensor& y_true, const Tensor& y_pred,
                               std::vector<double>& values, Shape& shape) {
  const HostView yt(y_true, where(), "y_true"), yp(y_pred, where(), "y_pred");
  shape = paired_shape(yt, yp, where());
  // keras.ops.normalize treats a scalar as a vector of one element.
  const std::int64_t d = shape.empty() ? 1 : shape.back();
  if (!shape.empty()) shape.pop_back();
  const std::int64_t rows = numel(shape);
  values.resize(static_cast<std::size_t>(rows));
  for (std::int64_t r = 0; r < rows; ++r) {
    double tt = 0.0, pp = 0.0, tp = 0.0;
    for (std::int64_t j = r * d; j < (r + 1) * d; ++j) {
      const double t = yt.as_float(j), p = yp.as_float(j);
      tt += t * t, pp += p * p, tp += t * p;
    }
    const double inv_t = std::min(1.0 / std::sqrt(tt), 1.0 / kEpsilon);
    const double inv_p = std::min(1.0 / std::sqrt(pp), 1.0 / kEpsilon);
    values[r] = tp * inv_t * inv_p;
  }
}

}  // namespace pydeep::metrics
