#pragma once
// Keras's confusion-matrix metrics (keras/src/metrics/confusion_metrics.py
// and metrics_utils.update_confusion_matrix_variables): weighted counts of
// true/false positives/negatives at one or more thresholds, accumulated over
// batches.
//
// A prediction is positive at threshold t when y_pred > t (float32
// comparison); a label is positive when y_true != 0. y_true and y_pred have
// one shape up to a trailing 1; sample_weight broadcasts against y_pred
// (Keras's rules: a trailing axis is added first). top_k keeps the k largest
// predictions of each row of the last axis (ties: lower index first) and
// makes the rest negative; class_id restricts everything to one column of
// the last axis. Thresholds of the form i/(n-1) use Keras's bucketing
// shortcut (ceil(y_pred * (n-1)) - 1, on y_pred clipped to [0, 1]), so the
// counts equal Keras's exactly, including for predictions outside [0, 1].
#include <cstdint>
#include <vector>

#include "pydeep/metrics/metric.h"

namespace pydeep::metrics {

class ConfusionMetric : public Metric {
 public:
  // What the subclasses configure.
  struct Options {
    std::vector<float> thresholds;   // as compared (float32), any order
    bool evenly = false;             // i/(n-1) thresholds: Keras's bucketing shortcut
    bool with_epsilon = false;       // shortcut with the AUC's [-eps, ..., 1+eps] ends
    std::int64_t top_k = 0;          // 0: none
    std::int64_t class_id = -1;      // -1: none
    bool multi_label = false;        // AUC: one set of counts per column of (batch, labels)
    std::int64_t num_labels = 0;     // multi_label: 0 until the first update fixes it
    std::vector<double> label_weights;  // not multi_label: weights of the last axis
    bool from_logits = false;        // sigmoid(y_pred) first
  };

  void update_state(const Tensor& y_true, const Tensor& y_pred,
                    const Tensor& sample_weight = Tensor()) override;
  void reset_state() override;

 protected:
  ConfusionMetric(const Json& config, const std::string& default_name, Options options);

  std::int64_t num_thresholds() const {
    return static_cast<std::int64_t>(options_.thresholds.size());
  }
  std::int64_t num_labels() const { return options_.multi_label ? options_.num_labels : 1; }
  // Counts at threshold t for label l: index t * num_labels() + l.
  std::vector<double> tp_, fp_, tn_, fn_;
  Options options_;

 private:
  void build(std::int64_t labels);
  std::vector<std::int64_t> order_;  // thresholds sorted ascending: their original indices
  std::vector<float> sorted_;
  // Per-update scratch, kept to reuse its memory.
  std::vector<double> bucket_tp_, bucket_fp_, total_true_, total_false_;
  std::vector<std::int64_t> row_index_;
  std::vector<char> in_top_k_;
};

// Parses Keras's `thresholds` argument: null -> {default_threshold}, a
// number or a list of numbers, each in [0, 1] (ValueError otherwise).
std::vector<double> parse_thresholds(const Json& thresholds, double default_threshold,
                                     const char* where);
// Keras's is_evenly_distributed_thresholds: at least 3 values, allclose to
// i / (n - 1).
bool evenly_distributed(const std::vector<double>& thresholds);

enum class ConfusionCount { TruePositives, FalsePositives, TrueNegatives, FalseNegatives };

// Keras TruePositives / FalsePositives / TrueNegatives / FalseNegatives.
// config: name (snake-case class name), thresholds (null = 0.5). With
// several thresholds the result has one value per threshold.
class ConfusionCountMetric : public ConfusionMetric {
 public:
  ConfusionCountMetric(const Json& config, ConfusionCount which);
  const char* class_name() const override;
  double result() const override;
  std::vector<double> result_values() const override;
  Json get_config() const override;

 private:
  ConfusionCount which_;
  Json init_thresholds_;
};

// Keras Precision (tp / (tp + fp)) and Recall (tp / (tp + fn)); 0 when the
// denominator is 0. config: name ("precision"/"recall"), thresholds (null:
// 0.5, or -1e10 with top_k), top_k (null), class_id (null).
class PrecisionRecall : public ConfusionMetric {
 public:
  PrecisionRecall(const Json& config, bool recall);
  const char* class_name() const override { return recall_ ? "Recall" : "Precision"; }
  const char* direction() const override { return "up"; }
  double result() const override;
  std::vector<double> result_values() const override;
  Json get_config() const override;

 private:
  bool recall_;
  Json init_thresholds_;
};

struct Precision : PrecisionRecall {
  explicit Precision(const Json& config) : PrecisionRecall(config, false) {}
};
struct Recall : PrecisionRecall {
  explicit Recall(const Json& config) : PrecisionRecall(config, true) {}
};

enum class AtConstraint {
  SensitivityAtSpecificity,  // max recall where specificity >= value
  SpecificityAtSensitivity,  // max specificity where recall >= value
  PrecisionAtRecall,         // max precision where recall >= value
  RecallAtPrecision,         // max recall where precision >= value
};

// Keras's SensitivitySpecificityBase family over num_thresholds evenly
// spaced thresholds in [0, 1] (one threshold, 0.5, when num_thresholds is 1).
// config: name, the constraint's value under its Keras name ("specificity",
// "sensitivity", "recall" or "precision", required, in [0, 1]),
// num_thresholds (200), class_id (null).
class AtConstraintMetric : public ConfusionMetric {
 public:
  AtConstraintMetric(const Json& config, AtConstraint which);
  const char* class_name() const override;
  const char* direction() const override { return "up"; }
  double result() const override;
  Json get_config() const override;

 private:
  AtConstraint which_;
  double value_;
  Json value_arg_;  // as given (get_config)
  std::int64_t num_thresholds_arg_;
};

}  // namespace pydeep::metrics
