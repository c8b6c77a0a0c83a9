#include "pydeep/layers/layer.h"

#include "pydeep/autograd/functions.h"
#include "pydeep/init/initializers.h"

namespace pydeep::layers {

Layer::Layer(const Json& config, const std::string& default_name) {
  const Json& name = config.get("name", Json());
  name_ = name.is_null() ? default_name : name.as_string("name");
  check(!name_.empty() && name_.find('/') == std::string::npos, "layer '", default_name,
        "': name must be a non-empty string without '/'; received '", name_, "'");
  trainable_ = config.get("trainable", Json(true)).as_bool("trainable");
  const Json& dtype = config.get("dtype", Json());
  if (!dtype.is_null()) {
    const std::string d = dtype.is_string() ? dtype.as_string()
                                            : dtype.get("config", Json::object())
                                                  .get("name", Json("?")).as_string("dtype");
    check<NotImplementedError>(d == "float32", "layer '", name_, "': dtype '", d,
                               "' is not supported; pydeep layers compute in float32");
  }
  activity_regularizer_ = regularizers::make_regularizer(
      config.get("activity_regularizer", Json()), str("layer '", name_, "': activity_regularizer"));
}

std::string Layer::where() const { return str(class_name(), " layer '", name_, "'"); }

void Layer::ensure_built(const std::vector<Shape>& input_shapes) {
  const int n = static_cast<int>(input_shapes.size());
  const int want = num_inputs();
  check(want < 0 ? n >= 2 : want == 0 ? n >= 1 : n == want, where(), ": expected ",
        want < 0 ? std::string("at least 2 inputs") : want == 0 ? std::string("at least 1 input")
                 : str(want, " input(s)"),
        "; received ", n);
  // Validates the shapes (throws with the layer's own message).
  compute_output_shape(input_shapes);
  if (built_) return;
  build(input_shapes);
  built_shapes_ = input_shapes;
  built_ = true;
}

std::vector<Tensor> Layer::operator()(const std::vector<Tensor>& inputs, bool training) {
  std::vector<Shape> shapes;
  shapes.reserve(inputs.size());
  for (const Tensor& t : inputs) shapes.push_back(t.shape());
  ensure_built(shapes);
  activity_losses_.clear();  // an outermost call starts afresh, as in Keras
  return call_unchecked(inputs, training);
}

std::vector<Tensor> Layer::operator()(const std::vector<Tensor>& inputs, bool training,
                                      const std::vector<Tensor>& masks) {
  std::vector<Shape> shapes;
  shapes.reserve(inputs.size());
  for (const Tensor& t : inputs) shapes.push_back(t.shape());
  ensure_built(shapes);
  check(masks.empty() || masks.size() == inputs.size(), where(), ": expected one mask per input (",
        inputs.size(), "); received ", masks.size());
  activity_losses_.clear();
  return call_unchecked(inputs, training, masks);
}

std::vector<Tensor> Layer::compute_mask(const std::vector<Tensor>&,
                                        const std::vector<Tensor>& masks) const {
  if (!supports_masking() || masks.empty()) return {};
  return {masks[0]};
}

Json Layer::get_config() const {
  Json config = Json::object({{"name", name_}, {"trainable", trainable_}, {"dtype", "float32"}});
  if (activity_regularizer_)
    config.set("activity_regularizer", regularizers::serialize(activity_regularizer_.get()));
  return config;
}

void Layer::add_activity_losses(const std::vector<Tensor>& outputs) {
  for (const Tensor& y : outputs) {
    Tensor loss = (*activity_regularizer_)(y);
    // Keras 3 divides by the batch size (divide_no_nan: an empty batch gives 0).
    if (y.ndim() > 0)
      loss = y.shape()[0] > 0 ? divide(loss, Tensor::scalar(static_cast<double>(y.shape()[0])))
                              : Tensor::scalar(0.0);
    activity_losses_.push_back(std::move(loss));
  }
}

std::vector<Tensor> Layer::weight_regularization_losses() const {
  std::vector<Tensor> out;
  for (const auto& [var, regularizer] : weight_penalties_)
    if (var.trainable()) out.push_back((*regularizer)(var));
  return out;
}

std::vector<Tensor> Layer::losses() const {
  std::vector<Tensor> out = activity_losses();
  for (Tensor& t : weight_regularization_losses()) out.push_back(std::move(t));
  return out;
}

void Layer::set_trainable(bool trainable) {
  trainable_ = trainable;
  for (std::size_t i = 0; i < weights_.size(); ++i)
    weights_[i].set_trainable(trainable && weight_trainable_[i]);
}

std::vector<Variable> Layer::weights() const {
  std::vector<Variable> out;
  for (std::size_t i = 0; i < weights_.size(); ++i)
    if (weight_trainable_[i]) out.push_back(weights_[i]);
  for (std::size_t i = 0; i < weights_.size(); ++i)
    if (!weight_trainable_[i]) out.push_back(weights_[i]);
  return out;
}

std::vector<Variable> Layer::trainable_weights() const {
  std::vector<Variable> out;
  if (!trainable_) return out;
  for (std::size_t i = 0; i < weights_.size(); ++i)
    if (weight_trainable_[i]) out.push_back(weights_[i]);
  return out;
}

std::vector<Variable> Layer::non_trainable_weights() const {
  if (!trainable_) return weights();
  std::vector<Variable> out;
  for (std::size_t i = 0; i < weights_.size(); ++i)
    if (!weight_trainable_[i]) out.push_back(weights_[i]);
  return out;
}

std::int64_t Layer::count_params() const {
  std::int64_t n = 0;
  for (const Variable& v : weights()) n += v.numel();
  return n;
}

Variable Layer::add_weight(const std::string& name, const Shape& shape, const Json& initializer,
                           bool trainable,
                           std::shared_ptr<const regularizers::Regularizer> regularizer,
                           std::shared_ptr<const constraints::Constraint> constraint) {
  Variable v(init::initialize(initializer, shape, DType::Float32), trainable && trainable_,
             name_ + "/" + name);
  weights_.push_back(v);
  weight_trainable_.push_back(trainable);
  if (regularizer) weight_penalties_.emplace_back(v, std::move(regularizer));
  if (constraint)
    v.set_constraint([constraint](const Tensor& value) { return (*constraint)(value); });
  return v;
}

std::vector<Shape> UnaryLayer::compute_output_shape(const std::vector<Shape>& inputs) const {
  check(inputs.size() == 1, where(), ": expected 1 input; received ", inputs.size());
  return {output_shape(inputs[0])};
}

}  // namespace pydeep::layers
