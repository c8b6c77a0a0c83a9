#include "pydeep/metrics/confusion_metrics.h"

#include <algorithm>

#include "metrics/metric_input.h"

namespace pydeep::metrics {
namespace {

constexpr double kNegInf = -1e10;  // metrics_utils.NEG_INF

double divide_no_nan(double a, double b) { return b == 0.0 ? 0.0 : a / b; }

std::vector<float> to_float(const std::vector<double>& values) {
  return std::vector<float>(values.begin(), values.end());
}

// An optional non-negative integer argument: -1 when null.
std::int64_t optional_int(const Json& config, const char* key, const char* where,
                          std::int64_t minimum) {
  const Json& value = config.get(key, Json());
  if (value.is_null()) return -1;
  const std::int64_t v = value.as_int(key);
  check(v >= minimum, where, ": ", key, " must be an integer >= ", minimum, "; received ", v);
  return v;
}

const char* count_name(ConfusionCount which, bool snake) {
  switch (which) {
    case ConfusionCount::TruePositives: return snake ? "true_positives" : "TruePositives";
    case ConfusionCount::FalsePositives: return snake ? "false_positives" : "FalsePositives";
    case ConfusionCount::TrueNegatives: return snake ? "true_negatives" : "TrueNegatives";
    case ConfusionCount::FalseNegatives: return snake ? "false_negatives" : "FalseNegatives";
  }
  return "";
}

ConfusionMetric::Options count_options(const Json& config, ConfusionCount which) {
  const char* where = count_name(which, false);
  detail::check_config_keys(config, {"thresholds"}, where);
  const auto thresholds = parse_thresholds(config.get("thresholds", Json()), 0.5, where);
  ConfusionMetric::Options o;
  o.thresholds = to_float(thresholds);
  o.evenly = evenly_distributed(thresholds);
  return o;
}

ConfusionMetric::Options precision_recall_options(const Json& config, bool recall) {
  const char* where = recall ? "Recall" : "Precision";
  detail::check_config_keys(config, {"thresholds", "top_k", "class_id"}, where);
  ConfusionMetric::Options o;
  const std::int64_t top_k = optional_int(config, "top_k", where, 1);
  const auto thresholds =
      parse_thresholds(config.get("thresholds", Json()), top_k > 0 ? kNegInf : 0.5, where);
  o.thresholds = to_float(thresholds);
  o.evenly = evenly_distributed(thresholds);
  o.top_k = std::max<std::int64_t>(top_k, 0);
  o.class_id = optional_int(config, "class_id", where, 0);
  return o;
}

// The Keras name of the constraint's value argument.
const char* constraint_key(AtConstraint which) {
  switch (which) {
    case AtConstraint::SensitivityAtSpecificity: return "specificity";
    case AtConstraint::SpecificityAtSensitivity: return "sensitivity";
    case AtConstraint::PrecisionAtRecall: return "recall";
    case AtConstraint::RecallAtPrecision: return "precision";
  }
  return "";
}

const char* constraint_class(AtConstraint which, bool snake) {
  switch (which) {
    case AtConstraint::SensitivityAtSpecificity:
      return snake ? "sensitivity_at_specificity" : "SensitivityAtSpecificity";
    case AtConstraint::SpecificityAtSensitivity:
      return snake ? "specificity_at_sensitivity" : "SpecificityAtSensitivity";
    case AtConstraint::PrecisionAtRecall:
      return snake ? "precision_at_recall" : "PrecisionAtRecall";
    case AtConstraint::RecallAtPrecision:
      return snake ? "recall_at_precision" : "RecallAtPrecision";
  }
  return "";
}

ConfusionMetric::Options constraint_options(const Json& config, AtConstraint which) {
  const char* where = constraint_class(which, false);
  const char* key = constraint_key(which);
  detail::check_config_keys(config, {key, "num_thresholds", "class_id"}, where);
  check(config.contains(key) && !config.at(key).is_null(), where, ": missing the required "
        "argument '", key, "'");
  const double value = config.at(key).as_double(key);
  check(value >= 0.0 && value <= 1.0, where, ": argument `", key,
        "` must be in the range [0, 1]; received ", key, "=", value);
  const std::int64_t n = config.get("num_thresholds", Json(200)).as_int("num_thresholds");
  check(n > 0, where, ": argument `num_thresholds` must be an integer > 0; received "
        "num_thresholds=", n);
  ConfusionMetric::Options o;
  if (n == 1) {
    o.thresholds = {0.5f};
  } else {
    o.thresholds.push_back(0.0f);
    for (std::int64_t i = 0; i < n - 2; ++i)
      o.thresholds.push_back(static_cast<float>((i + 1) * 1.0 / static_cast<double>(n - 1)));
    o.thresholds.push_back(1.0f);
    o.evenly = true;
  }
  o.class_id = optional_int(config, "class_id", where, 0);
  return o;
}

// Keras's result(): a scalar with one threshold; several values otherwise.
double single(const std::vector<double>& values, const char* where) {
  check(values.size() == 1, where, ": the result has ", values.size(),
        " values (one per threshold); read them with result_values()");
  return values[0];
}

}  // namespace

ConfusionCountMetric::ConfusionCountMetric(const Json& config, ConfusionCount which)
    : ConfusionMetric(config, count_name(which, true), count_options(config, which)),
      which_(which),
      init_thresholds_(config.get("thresholds", Json())) {}

const char* ConfusionCountMetric::class_name() const { return count_name(which_, false); }

std::vector<double> ConfusionCountMetric::result_values() const {
  switch (which_) {
    case ConfusionCount::TruePositives: return tp_;
    case ConfusionCount::FalsePositives: return fp_;
    case ConfusionCount::TrueNegatives: return tn_;
    case ConfusionCount::FalseNegatives: return fn_;
  }
  return {};
}

double ConfusionCountMetric::result() const { return single(result_values(), class_name()); }

Json ConfusionCountMetric::get_config() const {
  Json config = Metric::get_config();
  config.set("thresholds", init_thresholds_);
  return config;
}

PrecisionRecall::PrecisionRecall(const Json& config, bool recall)
    : ConfusionMetric(config, recall ? "recall" : "precision",
                      precision_recall_options(config, recall)),
      recall_(recall),
      init_thresholds_(config.get("thresholds", Json())) {}

std::vector<double> PrecisionRecall::result_values() const {
  std::vector<double> out(tp_.size());
  for (std::size_t i = 0; i < tp_.size(); ++i)
    out[i] = divide_no_nan(tp_[i], tp_[i] + (recall_ ? fn_[i] : fp_[i]));
  return out;
}

double PrecisionRecall::result() const { return single(result_values(), class_name()); }

Json PrecisionRecall::get_config() const {
  Json config = Metric::get_config();
  config.set("thresholds", init_thresholds_);
  config.set("top_k", options_.top_k > 0 ? Json(options_.top_k) : Json());
  config.set("class_id", options_.class_id >= 0 ? Json(options_.class_id) : Json());
  return config;
}

AtConstraintMetric::AtConstraintMetric(const Json& config, AtConstraint which)
    : ConfusionMetric(config, constraint_class(which, true), constraint_options(config, which)),
      which_(which),
      value_(config.at(constraint_key(which)).as_double()),
      value_arg_(config.at(constraint_key(which))),
      num_thresholds_arg_(config.get("num_thresholds", Json(200)).as_int()) {}

const char* AtConstraintMetric::class_name() const { return constraint_class(which_, false); }

double AtConstraintMetric::result() const {
  // max(where(constrained >= value, dependent, 0), initial=0), in float32 as
  // Keras computes it, so that ties with the constraint value agree.
  const auto ratio = [](double a, double b) {
    const float fa = static_cast<float>(a), fb = static_cast<float>(a + b);
    return fb == 0.0f ? 0.0f : fa / fb;
  };
  const float value = static_cast<float>(value_);
  float best = 0.0f;
  for (std::size_t i = 0; i < tp_.size(); ++i) {
    const float recall = ratio(tp_[i], fn_[i]);
    const float specificity = ratio(tn_[i], fp_[i]);
    const float precision = ratio(tp_[i], fp_[i]);
    float constrained = 0.0f, dependent = 0.0f;
    switch (which_) {
      case AtConstraint::SensitivityAtSpecificity:
        constrained = specificity, dependent = recall;
        break;
      case AtConstraint::SpecificityAtSensitivity:
        constrained = recall, dependent = specificity;
        break;
      case AtConstraint::PrecisionAtRecall:
        constrained = recall, dependent = precision;
        break;
      case AtConstraint::RecallAtPrecision:
        constrained = precision, dependent = recall;
        break;
    }
    if (constrained >= value) best = std::max(best, dependent);
  }
  return best;
}

Json AtConstraintMetric::get_config() const {
  Json config = Metric::get_config();
  config.set("class_id", options_.class_id >= 0 ? Json(options_.class_id) : Json());
  config.set("num_thresholds", Json(num_thresholds_arg_));
  config.set(constraint_key(which_), value_arg_);
  return config;
}

}  // namespace pydeep::metrics
