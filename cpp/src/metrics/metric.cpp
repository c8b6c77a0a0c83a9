#include "pydeep/metrics/metric.h"

#include <algorithm>

#include "pydeep/metrics/accuracy_metrics.h"
#include "pydeep/metrics/auc.h"
#include "pydeep/metrics/confusion_metrics.h"
#include "pydeep/metrics/loss_metric.h"
#include "pydeep/metrics/reduction_metrics.h"
#include "pydeep/metrics/regression_metrics.h"

namespace pydeep::metrics {

Metric::Metric(const Json& config, const std::string& default_name) : name_(default_name) {
  if (config.is_null()) return;
  check(config.is_object(), "Metric: expected a config object; received ", config.dump());
  const Json& name = config.get("name", Json());
  if (!name.is_null()) name_ = name.as_string("name");
  const Json& dtype = config.get("dtype", Json());
  if (!dtype.is_null() && dtype.as_string("dtype") != "float32")
    throw NotImplementedError(str("Metric '", name_, "': dtype='", dtype.as_string(),
                                  "' is not supported; pydeep metrics report float32 "
                                  "(accumulating in double)"));
}

Json Metric::get_config() const {
  return Json::object({{"name", Json(name_)}, {"dtype", Json("float32")}});
}

namespace {

using Factory = std::shared_ptr<Metric> (*)(const Json&);

template <typename M>
std::shared_ptr<Metric> make(const Json& config) {
  return std::make_shared<M>(config);
}
template <ConfusionCount C>
std::shared_ptr<Metric> make_count(const Json& config) {
  return std::make_shared<ConfusionCountMetric>(config, C);
}
template <AtConstraint C>
std::shared_ptr<Metric> make_at(const Json& config) {
  return std::make_shared<AtConstraintMetric>(config, C);
}
template <const char* Name>
std::shared_ptr<Metric> make_loss_shaped(const Json& config) {
  return make_loss_shaped_metric(Name, config);
}

constexpr char kBce[] = "BinaryCrossentropy", kCce[] = "CategoricalCrossentropy",
               kScce[] = "SparseCategoricalCrossentropy", kKld[] = "KLDivergence",
               kPoisson[] = "Poisson", kHinge[] = "Hinge", kSquaredHinge[] = "SquaredHinge",
               kCategoricalHinge[] = "CategoricalHinge";

// Keras's metric classes: class name, its snake-case name (keras.metrics.get
// accepts both), factory; `function`: whether Keras has a per-sample function
// of that snake name (usable as MeanMetricWrapper's fn).
struct Entry {
  const char* class_name;
  const char* snake_name;
  Factory factory;
  bool function;
};
constexpr Entry kRegistry[] = {
    {"Mean", "mean", make<Mean>, false},
    {"Sum", "sum", make<Sum>, false},
    {"Accuracy", "accuracy", make<Accuracy>, true},
    {"BinaryAccuracy", "binary_accuracy", make<BinaryAccuracy>, true},
    {"CategoricalAccuracy", "categorical_accuracy", make<CategoricalAccuracy>, true},
    {"SparseCategoricalAccuracy", "sparse_categorical_accuracy", make<SparseCategoricalAccuracy>,
     true},
    {"TopKCategoricalAccuracy", "top_k_categorical_accuracy", make<TopKCategoricalAccuracy>, true},
    {"SparseTopKCategoricalAccuracy", "sparse_top_k_categorical_accuracy",
     make<SparseTopKCategoricalAccuracy>, true},
    {"MeanSquaredError", "mean_squared_error", make<MeanSquaredError>, true},
    {"MeanAbsoluteError", "mean_absolute_error", make<MeanAbsoluteError>, true},
    {"MeanAbsolutePercentageError", "mean_absolute_percentage_error",
     make<MeanAbsolutePercentageError>, true},
    {"MeanSquaredLogarithmicError", "mean_squared_logarithmic_error",
     make<MeanSquaredLogarithmicError>, true},
    {"RootMeanSquaredError", "root_mean_squared_error", make<RootMeanSquaredError>, false},
    {"LogCoshError", "log_cosh_error", make<LogCoshError>, false},
    {"CosineSimilarity", "cosine_similarity", make<CosineSimilarity>, true},
    {kBce, "binary_crossentropy", make_loss_shaped<kBce>, false},
    {kCce, "categorical_crossentropy", make_loss_shaped<kCce>, false},
    {kScce, "sparse_categorical_crossentropy", make_loss_shaped<kScce>, false},
    {kKld, "kl_divergence", make_loss_shaped<kKld>, false},
    {kPoisson, "poisson", make_loss_shaped<kPoisson>, false},
    {kHinge, "hinge", make_loss_shaped<kHinge>, false},
    {kSquaredHinge, "squared_hinge", make_loss_shaped<kSquaredHinge>, false},
    {kCategoricalHinge, "categorical_hinge", make_loss_shaped<kCategoricalHinge>, false},
    {"Precision", "precision", make<Precision>, false},
    {"Recall", "recall", make<Recall>, false},
    {"TruePositives", "true_positives", make_count<ConfusionCount::TruePositives>, false},
    {"FalsePositives", "false_positives", make_count<ConfusionCount::FalsePositives>, false},
    {"TrueNegatives", "true_negatives", make_count<ConfusionCount::TrueNegatives>, false},
    {"FalseNegatives", "false_negatives", make_count<ConfusionCount::FalseNegatives>, false},
    {"AUC", "auc", make<AUC>, false},
    {"SensitivityAtSpecificity", "sensitivity_at_specificity",
     make_at<AtConstraint::SensitivityAtSpecificity>, false},
    {"SpecificityAtSensitivity", "specificity_at_sensitivity",
     make_at<AtConstraint::SpecificityAtSensitivity>, false},
    {"PrecisionAtRecall", "precision_at_recall", make_at<AtConstraint::PrecisionAtRecall>, false},
    {"RecallAtPrecision", "recall_at_precision", make_at<AtConstraint::RecallAtPrecision>, false},
};

// keras.metrics.get's upper/lower-case aliases.
constexpr std::pair<const char*, const char*> kAliases[] = {
    {"mse", "MeanSquaredError"}, {"MSE", "MeanSquaredError"},
    {"mae", "MeanAbsoluteError"}, {"MAE", "MeanAbsoluteError"},
    {"mape", "MeanAbsolutePercentageError"}, {"MAPE", "MeanAbsolutePercentageError"},
    {"msle", "MeanSquaredLogarithmicError"}, {"MSLE", "MeanSquaredLogarithmicError"},
    {"bce", "BinaryCrossentropy"}, {"BCE", "BinaryCrossentropy"},
};

// Keras 3 metrics that pydeep does not implement (NotImplementedError, not "unknown").
constexpr const char* kUnsupported[] = {
    "F1Score", "f1_score", "FBetaScore", "f_beta_score", "IoU", "io_u", "BinaryIoU",
    "binary_io_u", "MeanIoU", "mean_io_u", "OneHotIoU", "one_hot_io_u", "OneHotMeanIoU",
    "one_hot_mean_io_u", "R2Score", "r2_score", "PearsonCorrelation", "pearson_correlation",
    "ConcordanceCorrelation", "concordance_correlation"};

const Entry* find(const std::string& identifier) {
  for (const auto& [alias, target] : kAliases)
    if (identifier == alias) return find(target);
  for (const Entry& e : kRegistry)
    if (identifier == e.class_name || identifier == e.snake_name) return &e;
  return nullptr;
}

bool is_loss_name(const std::string& identifier) {
  const auto names = losses::loss_names();
  return std::find(names.begin(), names.end(), identifier) != names.end();
}

// Keras MeanMetricWrapper(fn, name, dtype, **kwargs) with fn given by name.
std::shared_ptr<Metric> make_wrapper(const Json& config) {
  const Json& fn = config.get("fn", Json());
  check(fn.is_string(), "MeanMetricWrapper: expected config[\"fn\"], the name of a metric "
        "function or loss; received ", fn.dump());
  const Entry* entry = find(fn.as_string());
  if (entry && entry->function) {
    Json rest = Json::object();
    for (const auto& [key, value] : config.as_object())
      if (key != "fn") rest.set(key, value);
    if (!rest.contains("name")) rest.set("name", Json("mean_metric_wrapper"));
    return entry->factory(rest);
  }
  return std::make_shared<LossMetric>(config);
}

}  // namespace

std::shared_ptr<Metric> make_metric(const std::string& identifier, const Json& config) {
  if (identifier == "accuracy" || identifier == "acc")
    throw ValueError(str("make_metric: \"", identifier, "\" depends on the model's output and "
                         "loss; resolve it first with resolve_accuracy (it gives "
                         "binary_accuracy, categorical_accuracy or "
                         "sparse_categorical_accuracy). The exact-match metric is \"Accuracy\"."));
  if (identifier == "MeanMetricWrapper" || identifier == "mean_metric_wrapper")
    return make_wrapper(config);
  if (const Entry* entry = find(identifier)) return entry->factory(config);
  for (const char* name : kUnsupported)
    if (identifier == name)
      throw NotImplementedError(str("make_metric: the Keras metric \"", identifier,
                                    "\" is not implemented in pydeep."));
  if (is_loss_name(identifier)) {
    Json wrapper = Json::object({{"fn", Json(identifier)}});
    if (!config.is_null()) {
      check(config.is_object(), identifier, ": expected a config object; received ",
            config.dump());
      for (const auto& [key, value] : config.as_object()) wrapper.set(key, value);
    }
    if (!wrapper.contains("name")) wrapper.set("name", Json(identifier));
    return std::make_shared<LossMetric>(wrapper);
  }
  std::string known;
  for (const Entry& e : kRegistry)
    known += str(known.empty() ? "" : ", ", e.class_name, ", ", e.snake_name);
  for (const auto& alias : kAliases) known += str(", ", alias.first);
  throw ValueError(str("Could not interpret metric identifier: \"", identifier,
                       "\"; expected \"accuracy\", one of ", known, ", or a loss name."));
}

std::string resolve_accuracy(const std::string& loss_class, const Shape& y_true_shape,
                             const Shape& y_pred_shape) {
  check(!y_pred_shape.empty(), "resolve_accuracy: y_pred must have at least one axis; received "
        "shape ", shape_str(y_pred_shape));
  const std::int64_t p_last = y_pred_shape.back();
  if (p_last == 1) return "binary_accuracy";
  bool is_sparse;
  if (y_true_shape.empty()) {
    is_sparse = loss_class == "SparseCategoricalCrossentropy";
  } else {
    is_sparse = y_true_shape.size() < y_pred_shape.size() ||
                (y_true_shape.back() == 1 && p_last > 1);
  }
  return is_sparse ? "sparse_categorical_accuracy" : "categorical_accuracy";
}

}  // namespace pydeep::metrics
