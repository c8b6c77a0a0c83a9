#include "pydeep/metrics/loss_metric.h"

#include "metrics/metric_input.h"
#include "pydeep/autograd/grad_mode.h"
#include "pydeep/ops/elementwise.h"

namespace pydeep::metrics {
namespace {

// Keras's loss-shaped metric classes: their default names and their
// constructor arguments beyond name and dtype, with defaults.
struct LossShaped {
  const char* class_name;
  const char* default_name;
  const char* arguments;  // JSON object
};
constexpr LossShaped kLossShaped[] = {
    {"BinaryCrossentropy", "binary_crossentropy",
     R"({"from_logits": false, "label_smoothing": 0})"},
    {"CategoricalCrossentropy", "categorical_crossentropy",
     R"({"from_logits": false, "label_smoothing": 0, "axis": -1})"},
    {"SparseCategoricalCrossentropy", "sparse_categorical_crossentropy",
     R"({"from_logits": false, "ignore_class": null, "axis": -1})"},
    {"KLDivergence", "kl_divergence", "{}"},
    {"Poisson", "poisson", "{}"},
    {"Hinge", "hinge", "{}"},
    {"SquaredHinge", "squared_hinge", "{}"},
    {"CategoricalHinge", "categorical_hinge", "{}"},
};

// The metric config minus name and dtype.
Json loss_arguments(const Json& config, const char* skip = nullptr) {
  Json out = Json::object();
  if (config.is_null()) return out;
  check(config.is_object(), "MeanMetricWrapper: expected a config object; received ",
        config.dump());
  for (const auto& [key, value] : config.as_object())
    if (key != "name" && key != "dtype" && !(skip && key == skip)) out.set(key, value);
  return out;
}

const std::string& wrapped_fn(const Json& config) {
  check(config.is_object() && config.contains("fn") && config.at("fn").is_string(),
        "MeanMetricWrapper: expected config[\"fn\"], the name of a metric function or loss; "
        "received ", config.dump());
  return config.at("fn").as_string();
}

}  // namespace

LossMetric::LossMetric(const Json& config, const char* class_name,
                       const std::string& default_name, const Json& arguments)
    : MeanMetricWrapper(config, default_name), class_name_(class_name), arguments_(arguments) {
  const Json given = loss_arguments(config);
  for (const auto& [key, value] : given.as_object()) {
    if (!arguments_.contains(key)) {
      std::string expected = "name, dtype";
      for (const auto& member : arguments.as_object()) expected += ", " + member.first;
      throw ValueError(str(class_name, ": unknown argument '", key, "'; expected one of: ",
                           expected));
    }
    arguments_.set(key, value);
  }
  Json loss_config = Json::object();
  for (const auto& [key, value] : arguments_.as_object())
    if (value != arguments.at(key)) loss_config.set(key, value);
  loss_ = losses::make_loss(class_name, loss_config);
}

LossMetric::LossMetric(const Json& config)
    : MeanMetricWrapper(config, "mean_metric_wrapper"), class_name_("MeanMetricWrapper") {
  arguments_ = Json::object({{"fn", Json(wrapped_fn(config))}});
  const Json kwargs = loss_arguments(config, "fn");
  for (const auto& [key, value] : kwargs.as_object()) arguments_.set(key, value);
  loss_ = losses::make_loss(wrapped_fn(config), kwargs);
}

Json LossMetric::get_config() const {
  Json config = Metric::get_config();
  for (const auto& [key, value] : arguments_.as_object()) config.set(key, value);
  return config;
}

void LossMetric::compute(const Tensor& y_true, const Tensor& y_pred, std::vector<double>& values,
                         Shape& shape) {
  Tensor out;
  {
    autograd::NoGradGuard no_grad;
    out = loss_->call_with_mask(y_true, y_pred, mask_);
  }
  const detail::HostView v(out, where(), "the loss's values");
  shape = v.shape;
  values.resize(static_cast<std::size_t>(v.numel()));
  for (std::int64_t i = 0; i < v.numel(); ++i) values[i] = v[i];
}

void LossMetric::update_state(const Tensor& y_true, const Tensor& y_pred,
                              const Tensor& sample_weight) {
  check(y_true.defined() && y_pred.defined(), where(), ": y_true and y_pred must be given");
  std::vector<double> values;
  Shape shape;
  compute(y_true, y_pred, values, shape);
  Tensor weight = sample_weight;
  if (sample_weight.defined() && mask_.defined()) {
    // Keras's apply_mask(sample_weight, mask, reduction="sum").
    autograd::NoGradGuard no_grad;
    weight = ops::binary(ops::BinaryOp::Mul, ops::cast(sample_weight, DType::Float32),
                         ops::cast(mask_, DType::Float32));
  }
  accumulate(values, shape, weight);
}

std::shared_ptr<Metric> make_loss_shaped_metric(const std::string& class_name,
                                                const Json& config) {
  for (const LossShaped& entry : kLossShaped)
    if (class_name == entry.class_name)
      return std::make_shared<LossMetric>(config, entry.class_name, entry.default_name,
                                          Json::parse(entry.arguments));
  return nullptr;
}

}  // namespace pydeep::metrics
