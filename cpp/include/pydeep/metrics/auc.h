#pragma once
// Keras AUC: the area under the ROC or precision-recall curve, from
// confusion counts at num_thresholds thresholds (Keras's Riemann sums, the
// careful interpolation of Davis & Goadrich for PR, and PR-gain).
//
// config (Keras's constructor arguments): name ("auc"), num_thresholds
// (200; > 1), curve ("ROC", "PR" or "PRGAIN"), summation_method
// ("interpolation", "minoring" or "majoring"), thresholds (null, or a list
// in [0, 1] that replaces the evenly spaced ones), multi_label (false: all
// labels flattened into one curve; true: one curve per column of a
// (batch, labels) y_pred, averaged), num_labels (null; only with
// multi_label), label_weights (null; per-label weights: of the flattened
// elements, or of the averaged curves with multi_label), from_logits
// (false; true applies a sigmoid to y_pred first).
#include "pydeep/metrics/confusion_metrics.h"

namespace pydeep::metrics {

enum class AucCurve { ROC, PR, PRGAIN };
enum class AucSummation { Interpolation, Minoring, Majoring };

class AUC : public ConfusionMetric {
 public:
  explicit AUC(const Json& config);
  const char* class_name() const override { return "AUC"; }
  const char* direction() const override { return "up"; }
  double result() const override;
  Json get_config() const override;

 private:
  // The area of label l's curve.
  double label_area(std::int64_t l) const;
  double interpolated_pr_area(std::int64_t l) const;

  AucCurve curve_;
  AucSummation summation_;
  std::vector<double> init_thresholds_;  // sorted; empty unless given
  bool init_from_thresholds_;
  Json num_labels_arg_;  // as given (Keras keeps None after the first update)
  std::vector<double> multi_label_weights_;  // multi_label only
};

}  // namespace pydeep::metrics
