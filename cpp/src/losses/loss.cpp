// The Loss base class and Keras's reduction machinery
// (keras/src/losses/loss.py): squeeze_or_expand_to_same_rank,
// reduce_weighted_values with masks, divide_no_nan.
#include "pydeep/losses/loss.h"

#include <algorithm>

#include "pydeep/autograd/functions.h"
#include "pydeep/losses/hinge.h"
#include "pydeep/losses/probabilistic.h"
#include "pydeep/losses/regression.h"
#include "pydeep/losses/similarity.h"

namespace pydeep::losses {
namespace {

constexpr const char* kCommonKeys[] = {"name", "reduction", "dtype"};

// a / b, with 0 where b == 0 (Keras's ops.divide_no_nan); b is a scalar.
Tensor divide_no_nan(const Tensor& a, const Tensor& b) {
  const Tensor zero = Tensor::scalar(0.0);
  const Tensor is_zero = equal(b, zero);
  return where(is_zero, zero, divide(a, where(is_zero, Tensor::scalar(1.0), b)));
}

Tensor as_float(const Tensor& t) {
  return t.dtype() == DType::Float32 ? t : cast(t, DType::Float32);
}

}  // namespace

Reduction reduction_from_name(const std::string& name) {
  if (name == "sum_over_batch_size") return Reduction::SumOverBatchSize;
  if (name == "sum") return Reduction::Sum;
  if (name == "mean") return Reduction::Mean;
  if (name == "mean_with_sample_weight") return Reduction::MeanWithSampleWeight;
  if (name == "none") return Reduction::None;
  throw ValueError(str("Invalid value for argument `reduction`: expected one of "
                       "\"sum_over_batch_size\", \"sum\", \"mean\", \"mean_with_sample_weight\", "
                       "\"none\" or None; received reduction=\"", name, "\"."));
}

const char* reduction_name(Reduction reduction) {
  switch (reduction) {
    case Reduction::SumOverBatchSize: return "sum_over_batch_size";
    case Reduction::Sum: return "sum";
    case Reduction::Mean: return "mean";
    case Reduction::MeanWithSampleWeight: return "mean_with_sample_weight";
    case Reduction::None: return "none";
  }
  return "?";
}

Loss::Loss(const Json& config, const std::string& default_name)
    : name_(default_name), reduction_(Reduction::SumOverBatchSize) {
  check(config.is_null() || config.is_object(), default_name,
        ": expected the config to be an object; received ", config.dump(), ".");
  if (config.contains("name") && !config.at("name").is_null())
    name_ = config.at("name").as_string("Loss: `name`");
  if (config.contains("reduction")) {
    const Json& r = config.at("reduction");
    reduction_ = r.is_null() ? Reduction::None
                             : reduction_from_name(r.as_string("Loss: `reduction`"));
  }
  // A copy: get() returns the (temporary) fallback when the key is absent.
  const Json dtype = config.get("dtype", Json());
  if (!dtype.is_null() && !(dtype.is_string() && dtype.as_string() == "float32"))
    throw NotImplementedError(str(name_, ": dtype=", dtype.dump(),
                                  " is not supported; pydeep losses compute in float32 (pass "
                                  "dtype=None or \"float32\")."));
}

void Loss::check_config_keys(const Json& config, const std::vector<const char*>& own_keys) const {
  if (!config.is_object()) return;
  for (const auto& [key, value] : config.as_object()) {
    const auto is_key = [&key](const char* k) { return key == k; };
    if (std::any_of(std::begin(kCommonKeys), std::end(kCommonKeys), is_key) ||
        std::any_of(own_keys.begin(), own_keys.end(), is_key))
      continue;
    std::string valid = "name, reduction, dtype";
    for (const char* k : own_keys) valid += str(", ", k);
    throw ValueError(str(class_name(), ": unexpected config key \"", key, "\"; expected one of ",
                         valid, "."));
  }
}

Tensor Loss::call_with_mask(const Tensor& y_true, const Tensor& y_pred, Tensor& mask) const {
  mask = Tensor();
  return call(y_true, y_pred);
}

Tensor Loss::operator()(const Tensor& y_true, const Tensor& y_pred,
                        const Tensor& sample_weight) const {
  Tensor mask;
  const Tensor values = call_with_mask(y_true, y_pred, mask);
  return reduce_weighted_values(values, sample_weight, mask, reduction_, name_);
}

Tensor Loss::operator()(const Tensor& y_true, const Tensor& y_pred, const Tensor& sample_weight,
                        const Tensor& y_pred_mask) const {
  if (!y_pred_mask.defined()) return (*this)(y_true, y_pred, sample_weight);
  Tensor mask;
  const Tensor values = call_with_mask(y_true, y_pred, mask);
  check(y_pred_mask.ndim() <= values.ndim(), name_, ": the prediction's mask of shape ",
        shape_str(y_pred_mask.shape()), " does not fit the per-sample losses of shape ",
        shape_str(values.shape()));
  // The loss's own mask (if any) and the prediction's both have to allow an entry.
  Tensor combined = y_pred_mask;
  if (mask.defined()) combined = logical_and(mask, y_pred_mask);
  return reduce_weighted_values(values, sample_weight, combined, reduction_, name_);
}

Json Loss::get_config() const {
  return Json::object({{"name", name_}, {"reduction", reduction_name(reduction_)}});
}

std::pair<Tensor, Tensor> Loss::prepare(const Tensor& y_true, const Tensor& y_pred,
                                        bool float_labels) const {
  check(y_true.defined() && y_pred.defined(), class_name(),
        ": expected y_true and y_pred tensors; received an undefined tensor.");
  const Tensor yt = float_labels ? as_float(y_true) : y_true;
  return squeeze_or_expand_to_same_rank(yt, as_float(y_pred));
}

void Loss::shape_error(const Tensor& y_true, const Tensor& y_pred, const std::string& why) const {
  throw ValueError(str(class_name(), " (", name_, "): y_true and y_pred shapes do not fit (", why,
                       "); received y_true.shape=", shape_str(y_true.shape()),
                       ", y_pred.shape=", shape_str(y_pred.shape()), "."));
}

void Loss::check_shapes(const Tensor& y_true, const Tensor& y_pred, bool same_shape) const {
  if (y_pred.ndim() == 0) shape_error(y_true, y_pred, "y_pred must have rank >= 1");
  if (same_shape) {
    if (y_true.shape() != y_pred.shape()) shape_error(y_true, y_pred, "expected equal shapes");
    return;
  }
  try {
    broadcast_shapes(y_true.shape(), y_pred.shape(), "loss");
  } catch (const ValueError&) {
    shape_error(y_true, y_pred, "they do not broadcast");
  }
}

int Loss::class_axis(std::int64_t axis, const Tensor& y_pred) const {
  const int n = y_pred.ndim();
  check(n >= 1, class_name(), " (", name_, "): expected inputs of rank >= 1 to reduce along axis ",
        axis, "; received a tensor of shape ", shape_str(y_pred.shape()), ".");
  check(axis >= -n && axis < n, class_name(), " (", name_, "): axis=", axis,
        " is out of range for inputs of shape ", shape_str(y_pred.shape()), ".");
  return static_cast<int>(axis < 0 ? axis + n : axis);
}

std::pair<Tensor, Tensor> squeeze_or_expand_to_same_rank(const Tensor& x1, const Tensor& x2,
                                                         bool expand_rank_1) {
  Tensor a = x1, b = x2;
  const int r1 = a.ndim(), r2 = b.ndim();
  if (r1 == r2) return {a, b};
  if (r1 == r2 + 1 && a.shape().back() == 1) {
    if (r2 == 1 && expand_rank_1)
      b = expand_dims(b, -1);
    else
      a = squeeze(a, {-1});
  }
  if (r2 == r1 + 1 && b.shape().back() == 1) {
    if (r1 == 1 && expand_rank_1)
      a = expand_dims(a, -1);
    else
      b = squeeze(b, {-1});
  }
  return {a, b};
}

Tensor reduce_weighted_values(const Tensor& values_in, const Tensor& sample_weight_in,
                              const Tensor& mask, Reduction reduction, const std::string& who) {
  Tensor values = as_float(values_in);
  Tensor sw = sample_weight_in.defined() ? as_float(sample_weight_in) : Tensor();
  if (mask.defined()) {
    Tensor float_mask = cast(mask, DType::Float32);
    if (reduction == Reduction::SumOverBatchSize || reduction == Reduction::Mean) {
      // Counted entries weigh total/valid, so that dividing by the number of
      // entries averages over the counted ones only.
      const Tensor total = Tensor::scalar(static_cast<double>(mask.numel()));
      const Tensor valid = sum(float_mask);
      float_mask = multiply(float_mask, divide_no_nan(total, valid));
    }
    if (sw.defined()) {
      auto [m, w] = squeeze_or_expand_to_same_rank(float_mask, sw);
      sw = multiply(w, m);
    } else {
      sw = float_mask;
    }
  }
  if (sw.defined()) {
    auto [v, w] = squeeze_or_expand_to_same_rank(values, sw);
    try {
      broadcast_shapes(v.shape(), w.shape(), "loss");
    } catch (const ValueError&) {
      throw ValueError(str(who, ": sample_weight of shape ", shape_str(sample_weight_in.shape()),
                           " does not broadcast against the per-sample losses of shape ",
                           shape_str(values_in.shape()), "."));
    }
    values = multiply(v, w);
    sw = w;
  }
  if (reduction == Reduction::None || values.ndim() == 0 ||
      (values.ndim() == 1 && values.dim(0) == 0))
    return values;
  Tensor loss = sum(values);
  if (reduction == Reduction::Sum) return loss;
  if (reduction == Reduction::MeanWithSampleWeight && sw.defined())
    return divide_no_nan(loss, sum(sw));
  // The divisor is the number of entries, known here: divide_no_nan's 0/0 = 0
  // without its extra ops.
  const std::int64_t n = values.numel();
  return n == 0 ? multiply(loss, Tensor::scalar(0.0))
                : divide(loss, Tensor::scalar(static_cast<double>(n)));
}

namespace {

using Factory = std::shared_ptr<Loss> (*)(const Json&);

template <typename T>
std::shared_ptr<Loss> make(const Json& config) {
  return std::make_shared<T>(config);
}

// Keras's names: class names, function names and the aliases of
// keras.losses.get plus Keras 2's legacy ones (keras._legacy.losses).
struct Entry {
  const char* name;
  Factory factory;
};
constexpr Entry kRegistry[] = {
    {"MeanSquaredError", make<MeanSquaredError>},
    {"mean_squared_error", make<MeanSquaredError>},
    {"mse", make<MeanSquaredError>},
    {"MSE", make<MeanSquaredError>},
    {"MeanAbsoluteError", make<MeanAbsoluteError>},
    {"mean_absolute_error", make<MeanAbsoluteError>},
    {"mae", make<MeanAbsoluteError>},
    {"MAE", make<MeanAbsoluteError>},
    {"MeanAbsolutePercentageError", make<MeanAbsolutePercentageError>},
    {"mean_absolute_percentage_error", make<MeanAbsolutePercentageError>},
    {"mape", make<MeanAbsolutePercentageError>},
    {"MAPE", make<MeanAbsolutePercentageError>},
    {"MeanSquaredLogarithmicError", make<MeanSquaredLogarithmicError>},
    {"mean_squared_logarithmic_error", make<MeanSquaredLogarithmicError>},
    {"msle", make<MeanSquaredLogarithmicError>},
    {"MSLE", make<MeanSquaredLogarithmicError>},
    {"Huber", make<Huber>},
    {"huber", make<Huber>},
    {"LogCosh", make<LogCosh>},
    {"log_cosh", make<LogCosh>},
    {"logcosh", make<LogCosh>},
    {"BinaryCrossentropy", make<BinaryCrossentropy>},
    {"binary_crossentropy", make<BinaryCrossentropy>},
    {"bce", make<BinaryCrossentropy>},
    {"BCE", make<BinaryCrossentropy>},
    {"CategoricalCrossentropy", make<CategoricalCrossentropy>},
    {"categorical_crossentropy", make<CategoricalCrossentropy>},
    {"SparseCategoricalCrossentropy", make<SparseCategoricalCrossentropy>},
    {"sparse_categorical_crossentropy", make<SparseCategoricalCrossentropy>},
    {"KLDivergence", make<KLDivergence>},
    {"kl_divergence", make<KLDivergence>},
    {"kld", make<KLDivergence>},
    {"KLD", make<KLDivergence>},
    {"kullback_leibler_divergence", make<KLDivergence>},
    {"Poisson", make<Poisson>},
    {"poisson", make<Poisson>},
    {"Hinge", make<Hinge>},
    {"hinge", make<Hinge>},
    {"SquaredHinge", make<SquaredHinge>},
    {"squared_hinge", make<SquaredHinge>},
    {"CategoricalHinge", make<CategoricalHinge>},
    {"categorical_hinge", make<CategoricalHinge>},
    {"CosineSimilarity", make<CosineSimilarity>},
    {"cosine_similarity", make<CosineSimilarity>},
};

// Keras 3 losses that pydeep does not implement (NotImplementedError, not "unknown").
constexpr const char* kUnsupported[] = {
    "BinaryFocalCrossentropy", "binary_focal_crossentropy", "CategoricalFocalCrossentropy",
    "categorical_focal_crossentropy", "CTC", "ctc", "Dice", "dice", "Tversky", "tversky",
    "Circle", "circle", "CategoricalGeneralizedCrossEntropy",
    "categorical_generalized_cross_entropy"};

}  // namespace

std::vector<std::string> loss_names() {
  std::vector<std::string> names;
  for (const Entry& e : kRegistry) names.emplace_back(e.name);
  return names;
}

std::shared_ptr<Loss> make_loss(const std::string& identifier, const Json& config) {
  for (const Entry& e : kRegistry)
    if (identifier == e.name) return e.factory(config);
  for (const char* name : kUnsupported)
    if (identifier == name)
      throw NotImplementedError(str("make_loss: the Keras loss \"", identifier,
                                    "\" is not implemented in pydeep."));
  std::string known;
  for (const Entry& e : kRegistry) known += str(known.empty() ? "" : ", ", e.name);
  throw ValueError(str("Could not interpret loss identifier: \"", identifier,
                       "\"; expected one of ", known, "."));
}

}  // namespace pydeep::losses
