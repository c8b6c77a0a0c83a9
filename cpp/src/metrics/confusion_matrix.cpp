// The shared accumulation of the confusion metrics: Keras's
// update_confusion_matrix_variables as one pass over the elements. Each
// element lands in the bucket of the highest threshold it exceeds; a reverse
// cumulative sum then gives the counts at every threshold (what Keras's
// bucketing shortcut does, and equivalent to comparing at each threshold).
#include <algorithm>
#include <cmath>
#include <numeric>

#include "metrics/metric_input.h"
#include "pydeep/metrics/confusion_metrics.h"

namespace pydeep::metrics {
namespace {

using detail::Broadcast;
using detail::HostView;

constexpr float kNegInf = -1e10f;  // metrics_utils.NEG_INF

}  // namespace

std::vector<double> parse_thresholds(const Json& thresholds, double default_threshold,
                                     const char* where) {
  if (thresholds.is_null()) return {default_threshold};
  std::vector<double> values;
  if (thresholds.is_array()) {
    for (const Json& t : thresholds.as_array()) values.push_back(t.as_double("thresholds"));
  } else {
    values.push_back(thresholds.as_double("thresholds"));
  }
  check(!values.empty(), where, ": thresholds must not be empty");
  for (double t : values)
    check(t >= 0.0 && t <= 1.0, where, ": threshold values must be in [0, 1]; received ",
          thresholds.dump());
  return values;
}

bool evenly_distributed(const std::vector<double>& thresholds) {
  const std::size_t n = thresholds.size();
  if (n < 3) return false;
  for (std::size_t i = 0; i < n; ++i) {
    // np.allclose(thresholds, even, atol=1e-7) with its default rtol=1e-5
    const double even = static_cast<float>(i) / static_cast<float>(n - 1);
    if (std::abs(thresholds[i] - even) > 1e-7 + 1e-5 * std::abs(even)) return false;
  }
  return true;
}

ConfusionMetric::ConfusionMetric(const Json& config, const std::string& default_name,
                                 Options options)
    : Metric(config, default_name), options_(std::move(options)) {
  const std::int64_t t = num_thresholds();
  order_.resize(static_cast<std::size_t>(t));
  std::iota(order_.begin(), order_.end(), std::int64_t{0});
  std::stable_sort(order_.begin(), order_.end(), [&](std::int64_t a, std::int64_t b) {
    return options_.thresholds[a] < options_.thresholds[b];
  });
  for (auto i : order_) sorted_.push_back(options_.thresholds[i]);
  build(num_labels());
}

void ConfusionMetric::build(std::int64_t labels) {
  const auto size = static_cast<std::size_t>(num_thresholds() * std::max<std::int64_t>(labels, 0));
  for (auto* v : {&tp_, &fp_, &tn_, &fn_}) v->assign(size, 0.0);
}

void ConfusionMetric::reset_state() {
  for (auto* v : {&tp_, &fp_, &tn_, &fn_}) std::fill(v->begin(), v->end(), 0.0);
}

void ConfusionMetric::update_state(const Tensor& y_true, const Tensor& y_pred,
                                   const Tensor& sample_weight) {
  const char* where = class_name();
  check(y_true.defined() && y_pred.defined(), where, ": y_true and y_pred must be given");
  const HostView yt(y_true, where, "y_true"), yp(y_pred, where, "y_pred");
  const HostView w(sample_weight, where, "sample_weight");
  if (options_.multi_label) {
    check(yp.ndim() == 2, where, ": y_pred must have rank 2 when multi_label=True; received "
          "shape ", shape_str(yp.shape));
    if (options_.num_labels == 0) {
      options_.num_labels = yp.shape[1];
      build(options_.num_labels);
    }
    check(yp.shape[1] == options_.num_labels, where, ": expected y_pred with ",
          options_.num_labels, " labels (its last axis); received shape ", shape_str(yp.shape));
  }
  Shape sp = yp.shape, st = yt.shape;
  detail::squeeze_or_expand(sp, st);
  check(sp == st, where, ": y_true and y_pred must have the same shape; received y_true ",
        shape_str(yt.shape), " and y_pred ", shape_str(yp.shape), ".");
  Shape ws;
  if (w.defined()) {
    ws = w.shape;
    ws.push_back(1);
    detail::squeeze_or_expand(st, ws, false);
  }
  const std::int64_t cols = sp.empty() ? 1 : sp.back();
  const std::int64_t rows = cols == 0 ? 0 : yp.numel() / cols;
  // Top k of each row of the last axis.
  const std::int64_t k = options_.top_k;
  if (k > 0) {
    check(!sp.empty(), where, ": top_k needs y_pred with a last axis; received shape ",
          shape_str(yp.shape));
    in_top_k_.assign(static_cast<std::size_t>(yp.numel()), k >= cols);
    if (k < cols) {
      row_index_.resize(static_cast<std::size_t>(cols));
      for (std::int64_t r = 0; r < rows; ++r) {
        std::iota(row_index_.begin(), row_index_.end(), std::int64_t{0});
        std::nth_element(row_index_.begin(), row_index_.begin() + (k - 1), row_index_.end(),
                         [&](std::int64_t a, std::int64_t b) {
                           const float va = yp.as_float(r * cols + a);
                           const float vb = yp.as_float(r * cols + b);
                           return va > vb || (va == vb && a < b);
                         });
        for (std::int64_t j = 0; j < k; ++j) in_top_k_[r * cols + row_index_[j]] = 1;
      }
    }
  }
  // class_id: one column of the last axis; the elements then have shape
  // (..., 1) for broadcasting.
  Shape es = sp;
  std::int64_t stride = 1, offset = 0;
  if (options_.class_id >= 0) {
    check(sp.size() >= 2, where, ": when class_id is given, y_pred must have shape "
          "(num_samples, num_classes); received shape ", shape_str(yp.shape));
    check<IndexError>(options_.class_id < cols, where, ": class_id=", options_.class_id,
                      " is out of range for y_pred of shape ", shape_str(yp.shape));
    es.back() = 1;
    stride = cols;
    offset = options_.class_id;
  }
  const std::int64_t n = numel(es);
  const Broadcast bw = w.defined() ? Broadcast(ws, es, where, "sample_weight")
                                   : Broadcast({}, es, where, "sample_weight");
  const bool has_lw = !options_.label_weights.empty();
  const std::int64_t lw_size = static_cast<std::int64_t>(options_.label_weights.size());
  const Broadcast blw(has_lw ? Shape{1, lw_size} : Shape{}, es, where, "label_weights");

  const std::int64_t labels = num_labels(), nt = num_thresholds();
  bucket_tp_.assign(static_cast<std::size_t>(nt * labels), 0.0);
  bucket_fp_.assign(static_cast<std::size_t>(nt * labels), 0.0);
  total_true_.assign(static_cast<std::size_t>(labels), 0.0);
  total_false_.assign(static_cast<std::size_t>(labels), 0.0);
  const float scale = static_cast<float>(nt - 1);
  for (std::int64_t e = 0; e < n; ++e) {
    const std::int64_t src = e * stride + offset;
    float p = yp.as_float(src);
    if (options_.from_logits) p = static_cast<float>(1.0 / (1.0 + std::exp(-double(p))));
    if (k > 0 && !in_top_k_[src]) p = kNegInf;
    double weight = w.defined() ? w[bw(e)] : 1.0;
    if (has_lw) weight *= options_.label_weights[blw(e)];
    std::int64_t bucket;  // index (in sorted order) of the highest threshold below p, or -1
    if (p != p) {
      bucket = -1;
    } else if (options_.evenly) {
      const float clipped = std::min(std::max(p, 0.0f), 1.0f);
      bucket = static_cast<std::int64_t>(std::ceil(clipped * scale)) - 1;
      if (options_.with_epsilon) bucket = std::max<std::int64_t>(bucket, 0);
    } else {
      bucket = (std::lower_bound(sorted_.begin(), sorted_.end(), p) - sorted_.begin()) - 1;
    }
    const std::int64_t l = labels > 1 ? e % labels : 0;
    const bool positive = yt[src] != 0.0;
    (positive ? total_true_ : total_false_)[l] += weight;
    if (bucket >= 0) (positive ? bucket_tp_ : bucket_fp_)[bucket * labels + l] += weight;
  }
  for (std::int64_t l = 0; l < labels; ++l) {
    double tp = 0.0, fp = 0.0;
    for (std::int64_t s = nt - 1; s >= 0; --s) {
      tp += bucket_tp_[s * labels + l];
      fp += bucket_fp_[s * labels + l];
      const std::int64_t i = order_[s] * labels + l;
      tp_[i] += tp;
      fp_[i] += fp;
      fn_[i] += total_true_[l] - tp;
      tn_[i] += total_false_[l] - fp;
    }
  }
}

}  // namespace pydeep::metrics
