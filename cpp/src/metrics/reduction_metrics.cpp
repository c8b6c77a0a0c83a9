#include "pydeep/metrics/reduction_metrics.h"

#include <cstring>

#include "metrics/metric_input.h"

namespace pydeep::metrics {
namespace {

using detail::Broadcast;
using detail::HostView;

// Keras's reduce_to_samplewise_values followed by Mean/Sum's update. `get(i)`
// reads flat value i of `shape`; `mean` picks the reduction of the axes that
// the weights lack (Mean: mean, Sum: sum). Adds to total and, when given,
// to count.
template <typename Get>
void accumulate_values(Get get, Shape shape, const Tensor& sample_weight, bool mean,
                       const char* where, double& total, double* count) {
  const std::int64_t n = numel(shape);
  if (!sample_weight.defined()) {
    double sum = 0.0;
    for (std::int64_t i = 0; i < n; ++i) sum += get(i);
    const std::int64_t batch = shape.empty() ? 1 : shape[0];
    const std::int64_t per_sample = batch == 0 ? 0 : n / batch;
    if (per_sample > 0) total += mean ? sum / static_cast<double>(per_sample) : sum;
    if (count) *count += static_cast<double>(batch);
    return;
  }
  HostView w(sample_weight, where, "sample_weight");
  Shape wshape = w.shape;
  detail::squeeze_or_expand(shape, wshape);
  // Values of higher rank than the weights are reduced over the extra axes.
  const std::size_t wr = wshape.size();
  Shape outer = shape;
  std::int64_t inner = 1;
  if (shape.size() > wr) {
    outer.assign(shape.begin(), shape.begin() + static_cast<std::ptrdiff_t>(wr));
    for (std::size_t j = wr; j < shape.size(); ++j) inner *= shape[j];
  }
  check(wr <= outer.size(), where, ": sample_weight of shape ", shape_str(w.shape),
        " has more axes than the per-sample values of shape ", shape_str(shape), ".");
  const Broadcast bw(wshape, outer, where, "sample_weight");
  const std::int64_t m = numel(outer);
  // Per-sample reduction of the weighted values and of the weights over the
  // axes after the batch axis.
  const std::int64_t batch = outer.empty() ? 1 : outer[0];
  const std::int64_t rest = batch == 0 ? 0 : m / batch;
  double vsum = 0.0, wsum = 0.0;
  for (std::int64_t p = 0; p < m; ++p) {
    double v = 0.0;
    for (std::int64_t q = 0; q < inner; ++q) v += get(p * inner + q);
    if (mean && inner > 0) v /= static_cast<double>(inner);
    const double wp = w[bw(p)];
    vsum += v * wp;
    wsum += wp;
  }
  if (rest == 0) return;
  total += (mean ? vsum / static_cast<double>(rest) : vsum);
  if (count) *count += wsum / static_cast<double>(rest);
}

}  // namespace

void ValuesMetric::update_state(const Tensor&, const Tensor&, const Tensor&) {
  throw TypeError(str(class_name(), ": takes update_state(values, sample_weight), not (y_true, "
                      "y_pred); to average a function of (y_true, y_pred) use a "
                      "MeanMetricWrapper"));
}

Sum::Sum(const Json& config) : ValuesMetric(config, "sum") {
  detail::check_config_keys(config, {}, "Sum");
}

void Sum::update_values(const Tensor& values, const Tensor& sample_weight) {
  const HostView v(values, "Sum", "values");
  check(v.defined(), "Sum: values must be given");
  accumulate_values([&](std::int64_t i) { return v[i]; }, v.shape, sample_weight, false, "Sum",
                    total_, nullptr);
}

Mean::Mean(const Json& config, const std::string& default_name)
    : ValuesMetric(config, default_name) {}

void Mean::update_values(const Tensor& values, const Tensor& sample_weight) {
  const char* where = class_name();
  const HostView v(values, where, "values");
  check(v.defined(), where, ": values must be given");
  accumulate_values([&](std::int64_t i) { return v[i]; }, v.shape, sample_weight, true, where,
                    total_, &count_);
}

void Mean::accumulate(const std::vector<double>& values, const Shape& shape,
                      const Tensor& sample_weight) {
  const double* data = values.data();
  accumulate_values([data](std::int64_t i) { return data[i]; }, shape, sample_weight, true,
                    class_name(), total_, &count_);
}

void MeanMetricWrapper::update_state(const Tensor& y_true, const Tensor& y_pred,
                                     const Tensor& sample_weight) {
  check(y_true.defined() && y_pred.defined(), where(), ": y_true and y_pred must be given");
  compute(y_true, y_pred, values_, shape_);
  accumulate(values_, shape_, sample_weight);
}

Tensor MeanMetricWrapper::samplewise_values(const Tensor& y_true, const Tensor& y_pred) {
  check(y_true.defined() && y_pred.defined(), where(), ": y_true and y_pred must be given");
  std::vector<double> values;
  Shape shape;
  compute(y_true, y_pred, values, shape);
  Tensor out = Tensor::empty(shape);
  float* dst = out.data<float>();
  for (std::size_t i = 0; i < values.size(); ++i) dst[i] = static_cast<float>(values[i]);
  return out;
}

}  // namespace pydeep::metrics
