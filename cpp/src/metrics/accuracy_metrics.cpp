#include "pydeep/metrics/accuracy_metrics.h"

#include "metrics/metric_input.h"

namespace pydeep::metrics {
namespace {

using detail::HostView;

// Index of the first largest value of row r (length c).
std::int64_t argmax_row(const HostView& x, std::int64_t r, std::int64_t c) {
  std::int64_t best = 0;
  double best_value = x[r * c];
  for (std::int64_t j = 1; j < c; ++j) {
    const double v = x[r * c + j];
    if (v > best_value) best_value = v, best = j;
  }
  return best;
}

// keras.ops.in_top_k for one row: the target's score is at least the k-th
// largest, i.e. fewer than k scores beat it strictly.
bool in_top_k(const HostView& pred, std::int64_t r, std::int64_t c, std::int64_t target,
              std::int64_t k) {
  if (target < 0 || target >= c) return false;
  if (k >= c) return true;
  const float v = pred.as_float(r * c + target);
  if (v != v) return false;  // NaN
  std::int64_t greater = 0;
  for (std::int64_t j = 0; j < c && greater < k; ++j) greater += pred.as_float(r * c + j) > v;
  return greater < k;
}

// The class count of y_pred (its last axis), checked to be at least 1.
std::int64_t num_classes(const HostView& pred, const char* where) {
  check(pred.ndim() >= 1 && pred.shape.back() >= 1, where,
        ": y_pred must have a last axis of class scores; received shape ",
        shape_str(pred.shape));
  return pred.shape.back();
}

// Both views (after squeeze_or_expand) must have one shape.
void check_same_shape(const Shape& t, const Shape& p, const HostView& yt, const HostView& yp,
                      const char* where, const char* hint = "") {
  check(t == p, where, ": y_true and y_pred must have the same shape; received y_true ",
        shape_str(yt.shape), " and y_pred ", shape_str(yp.shape), ".", hint);
}

}  // namespace

Accuracy::Accuracy(const Json& config) : MeanMetricWrapper(config, "accuracy") {
  detail::check_config_keys(config, {}, "Accuracy");
}

void Accuracy::compute(const Tensor& y_true, const Tensor& y_pred, std::vector<double>& values,
                       Shape& shape) {
  const HostView yt(y_true, where(), "y_true"), yp(y_pred, where(), "y_pred");
  Shape st = yt.shape, sp = yp.shape;
  detail::squeeze_or_expand(st, sp);
  check_same_shape(st, sp, yt, yp, where());
  shape = sp;
  values.resize(static_cast<std::size_t>(yp.numel()));
  for (std::int64_t i = 0; i < yp.numel(); ++i) values[i] = yt.as_float(i) == yp.as_float(i);
}

BinaryAccuracy::BinaryAccuracy(const Json& config)
    : MeanMetricWrapper(config, "binary_accuracy") {
  detail::check_config_keys(config, {"threshold"}, "BinaryAccuracy");
  threshold_arg_ = config.get("threshold", Json(0.5));
  threshold_ = static_cast<float>(threshold_arg_.as_double("threshold"));
}

Json BinaryAccuracy::get_config() const {
  Json config = Metric::get_config();
  config.set("threshold", threshold_arg_);
  return config;
}

void BinaryAccuracy::compute(const Tensor& y_true, const Tensor& y_pred,
                             std::vector<double>& values, Shape& shape) {
  const HostView yt(y_true, where(), "y_true"), yp(y_pred, where(), "y_pred");
  Shape st = yt.shape, sp = yp.shape;
  detail::squeeze_or_expand(st, sp);
  check_same_shape(st, sp, yt, yp, where());
  shape = sp;
  values.resize(static_cast<std::size_t>(yp.numel()));
  for (std::int64_t i = 0; i < yp.numel(); ++i)
    values[i] = yt[i] == (yp.as_float(i) > threshold_ ? 1.0 : 0.0);
}

CategoricalAccuracy::CategoricalAccuracy(const Json& config)
    : MeanMetricWrapper(config, "categorical_accuracy") {
  detail::check_config_keys(config, {}, "CategoricalAccuracy");
}

void CategoricalAccuracy::compute(const Tensor& y_true, const Tensor& y_pred,
                                  std::vector<double>& values, Shape& shape) {
  const HostView yt(y_true, where(), "y_true"), yp(y_pred, where(), "y_pred");
  const std::int64_t c = num_classes(yp, where());
  check_same_shape(yt.shape, yp.shape, yt, yp, where(),
                   " CategoricalAccuracy takes one-hot labels; for integer labels use "
                   "SparseCategoricalAccuracy.");
  shape.assign(yp.shape.begin(), yp.shape.end() - 1);
  const std::int64_t rows = yp.numel() / c;
  values.resize(static_cast<std::size_t>(rows));
  for (std::int64_t r = 0; r < rows; ++r)
    values[r] = argmax_row(yt, r, c) == argmax_row(yp, r, c);
}

SparseCategoricalAccuracy::SparseCategoricalAccuracy(const Json& config)
    : MeanMetricWrapper(config, "sparse_categorical_accuracy") {
  detail::check_config_keys(config, {}, "SparseCategoricalAccuracy");
}

void SparseCategoricalAccuracy::compute(const Tensor& y_true, const Tensor& y_pred,
                                        std::vector<double>& values, Shape& shape) {
  const HostView yt(y_true, where(), "y_true"), yp(y_pred, where(), "y_pred");
  const std::int64_t c = num_classes(yp, where());
  Shape st = yt.shape;
  if (st.size() == yp.shape.size() && st.back() == 1) st.pop_back();
  shape.assign(yp.shape.begin(), yp.shape.end() - 1);
  check(st == shape, where(), ": y_true must hold one integer label per row of y_pred; received "
        "y_true ", shape_str(yt.shape), " and y_pred ", shape_str(yp.shape),
        ". For one-hot labels use CategoricalAccuracy.");
  if (shape.size() > 1 && shape.back() == 1) shape.pop_back();
  const std::int64_t rows = yp.numel() / c;
  values.resize(static_cast<std::size_t>(rows));
  for (std::int64_t r = 0; r < rows; ++r)
    values[r] = yt.as_float(r) == static_cast<float>(argmax_row(yp, r, c));
}

TopKCategoricalAccuracy::TopKCategoricalAccuracy(const Json& config, bool sparse)
    : MeanMetricWrapper(config, sparse ? "sparse_top_k_categorical_accuracy"
                                       : "top_k_categorical_accuracy"),
      sparse_(sparse) {
  if (sparse)
    detail::check_config_keys(config, {"k", "from_sorted_ids"}, "SparseTopKCategoricalAccuracy");
  else
    detail::check_config_keys(config, {"k"}, "TopKCategoricalAccuracy");
  k_ = config.get("k", Json(5)).as_int("k");
  check(k_ >= 1, class_name(), ": k must be a positive integer; received k=", k_);
  if (sparse)
    from_sorted_ids_ = config.get("from_sorted_ids", Json(false)).as_bool("from_sorted_ids");
}

Json TopKCategoricalAccuracy::get_config() const {
  Json config = Metric::get_config();
  config.set("k", Json(k_));
  if (from_sorted_ids_) config.set("from_sorted_ids", Json(true));
  return config;
}

void TopKCategoricalAccuracy::compute(const Tensor& y_true, const Tensor& y_pred,
                                      std::vector<double>& values, Shape& shape) {
  const HostView yt(y_true, where(), "y_true"), yp(y_pred, where(), "y_pred");
  const std::int64_t c = num_classes(yp, where());
  const std::int64_t rows = yp.numel() / c;
  if (sparse_) {
    check(yt.numel() == rows, where(), ": y_true must hold one integer label per row of y_pred; "
          "received y_true ", shape_str(yt.shape), " and y_pred ", shape_str(yp.shape), ".");
    shape = yt.shape;
  } else {
    check_same_shape(yt.shape, yp.shape, yt, yp, where(),
                     " TopKCategoricalAccuracy takes one-hot labels; for integer labels use "
                     "SparseTopKCategoricalAccuracy.");
    shape.assign(yp.shape.begin(), yp.shape.end() - 1);
  }
  values.resize(static_cast<std::size_t>(rows));
  for (std::int64_t r = 0; r < rows; ++r) {
    if (from_sorted_ids_) {
      const float label = yt.as_float(r);
      bool hit = false;
      for (std::int64_t j = 0; j < c && j < k_ && !hit; ++j) hit = yp.as_float(r * c + j) == label;
      values[r] = hit;
    } else {
      // Labels convert to integers by truncation (Keras casts them to int32);
      // anything outside [0, c), NaN included, never matches.
      const double label = sparse_ ? yt[r] : static_cast<double>(argmax_row(yt, r, c));
      const std::int64_t target =
          label >= 0.0 && label < static_cast<double>(c) ? static_cast<std::int64_t>(label) : -1;
      values[r] = in_top_k(yp, r, c, target, k_);
    }
  }
}

}  // namespace pydeep::metrics
